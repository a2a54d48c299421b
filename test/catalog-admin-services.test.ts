import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { insertLebenslagen, insertServices } from '../src/modules/catalog/repo.js';
import { searchServices } from '../src/modules/catalog/service.js';
import type { CatalogTables } from '../src/modules/catalog/tables.js';
import type { AuditTables } from '../src/platform/audit.js';
import { type Department, insertDepartment, type Tenant } from '../src/platform/tenancy/repo.js';
import { Browser, createStaff, csrfIn, loginStaff, textOf } from './accounts-helpers.js';
import { serviceIdFrom } from './catalog-admin-helpers.js';
import { createTenants, createTestApp, type TestApp } from './helpers/app.js';
import { engineUnderTest } from './helpers/database.js';

describe(`catalog back office: services, Lebenslagen, synonyms, Digitales Amt (${engineUnderTest})`, () => {
  let t: TestApp;
  let a: Tenant;
  let b: Tenant;
  let buergerservice: Department;
  let umzugId: string;
  let editor: Browser;
  let clerk: Browser;
  let editorB: Browser;
  let ip = 0;
  const browser = () => new Browser(t.app, `198.51.100.${++ip}`);
  const admin = '/musterkreis/verwaltung';
  const catalog = () => t.platform.db.withTables<CatalogTables>();

  const validService = (overrides: Record<string, string> = {}) => ({
    title: 'Hundesteuer für Ämter',
    slug: '',
    summary: 'Wer einen Hund hält, zahlt Hundesteuer.',
    description: 'Melden Sie Ihren **Hund** an.',
    documents: 'Personalausweis\nNachweis der Haftpflichtversicherung',
    fees: 'keine',
    processing_time: 'etwa 2 Wochen',
    legal_basis: 'Hundesteuersatzung',
    leika_key: '99130001000000',
    department: buergerservice.id,
    keywords: 'Hundemarke, Steuermarke',
    lebenslagen: umzugId,
    online_procedure_id: '',
    online_url: 'https://portal.example/hundesteuer',
    easy_language: 'Sie haben einen Hund. Dann zahlen Sie Steuer.',
    ...overrides,
  });

  async function createViaForm(who: Browser, fields: Record<string, string>) {
    const res = await who.submit(`${admin}/leistungen/neu`, `${admin}/leistungen/neu`, fields);
    assert.equal(res.statusCode, 303, textOf(res.body));
    return serviceIdFrom(res.headers.location);
  }

  async function press(who: Browser, pageUrl: string, action: string, extra: Record<string, string> = {}) {
    return who.submit(pageUrl, action, extra);
  }

  before(async () => {
    t = await createTestApp();
    ({ a, b } = await createTenants(t.platform));
    buergerservice = await insertDepartment(t.platform.db, a.id, { name: 'Bürgerservice' });
    [{ id: umzugId }] = await insertLebenslagen(t.platform.db, [{ tenant_id: a.id, slug: 'umzug', title: 'Umzug' }]);
    await createStaff(t.platform, a, 'redaktion@musterkreis.example', 'editor');
    await createStaff(t.platform, a, 'sachbearbeitung@musterkreis.example', 'clerk', buergerservice.id);
    await createStaff(t.platform, b, 'redaktion@beispielstadt.example', 'editor');
    editor = browser();
    await loginStaff(editor, 'musterkreis', 'redaktion@musterkreis.example');
    clerk = browser();
    await loginStaff(clerk, 'musterkreis', 'sachbearbeitung@musterkreis.example');
    editorB = browser();
    await loginStaff(editorB, 'beispielstadt', 'redaktion@beispielstadt.example');
  });
  after(() => t.close());

  test('the back office shows the catalog entries to editors', async () => {
    const home = textOf((await editor.get(admin)).body);
    for (const label of ['Leistungen', 'Lebenslagen', 'Synonyme', 'Digitales Amt']) assert.ok(home.includes(label), label);
    const form = await editor.get(`${admin}/leistungen/neu`);
    assert.equal(form.statusCode, 200);
    for (const label of [
      'Titel',
      'Kürzel in der Adresse',
      'LeiKa-Schlüssel',
      'Zuständiger Fachbereich',
      'Bürgerservice',
      'Umzug',
    ])
      assert.ok(form.body.includes(label), label);
  });

  test('invalid input: 422 with the error summary and every entered value kept; nothing is created', async () => {
    const res = await editor.submit(
      `${admin}/leistungen/neu`,
      `${admin}/leistungen/neu`,
      validService({ title: 'Hundesteuer für Ämter', leika_key: '12345', online_url: 'javascript:alert(1)' }),
    );
    assert.equal(res.statusCode, 422);
    const text = textOf(res.body);
    assert.match(text, /Bitte prüfen Sie Ihre Angaben/);
    assert.match(text, /LeiKa-Schlüssel hat genau 14 Ziffern/);
    assert.match(text, /vollständige Internetadresse/);
    assert.match(res.body, /name="title" value="Hundesteuer für Ämter"/);
    assert.match(res.body, /name="leika_key" value="12345"/);
    assert.match(res.body, /name="online_url" value="javascript:alert\(1\)"/);
    assert.match(res.body, /Personalausweis\nNachweis der Haftpflichtversicherung<\/textarea>/);
    assert.match(res.body, new RegExp(`value="${umzugId}" checked`));
    assert.match(res.body, new RegExp(`<option value="${buergerservice.id}" selected`));
    const list = textOf((await editor.get(`${admin}/leistungen`)).body);
    assert.match(list, /0 Leistungen/);
  });

  test('an editor creates a draft, previews it, publishes it, citizens find it; unpublishing hides it again', async () => {
    const id = await createViaForm(editor, validService());
    const edit = await editor.get(`${admin}/leistungen/${id}?hinweis=angelegt`);
    assert.equal(edit.statusCode, 200);
    assert.match(textOf(edit.body), /Die Leistung wurde als Entwurf angelegt/);
    assert.match(edit.body, /name="slug" value="hundesteuer-fuer-aemter"/);
    assert.match(textOf(edit.body), /Status Entwurf/);

    const publicUrl = '/musterkreis/leistungen/hundesteuer-fuer-aemter';
    assert.equal((await t.app.inject(publicUrl)).statusCode, 404);
    assert.equal((await searchServices(t.platform.db, a.id, 'Hundesteuer')).items.length, 0);

    const preview = await editor.get(`${admin}/leistungen/${id}/vorschau`);
    assert.equal(preview.statusCode, 200);
    const previewText = textOf(preview.body);
    assert.match(previewText, /Vorschau/);
    assert.match(previewText, /Hundesteuer für Ämter/);
    assert.match(previewText, /Nachweis der Haftpflichtversicherung/);
    assert.equal((await t.app.inject(`${admin}/leistungen/${id}/vorschau`)).statusCode, 303, 'anonymous → login');

    const published = await press(editor, `${admin}/leistungen/${id}`, `${admin}/leistungen/${id}/veroeffentlichen`);
    assert.equal(published.statusCode, 303);
    const page = await t.app.inject(publicUrl);
    assert.equal(page.statusCode, 200);
    assert.match(textOf(page.body), /Wer einen Hund hält, zahlt Hundesteuer/);
    assert.match(page.body, /href="https:\/\/portal\.example\/hundesteuer"/);

    const found = await searchServices(t.platform.db, a.id, 'hundesteuer');
    assert.deepEqual(
      found.items.map((i) => i.slug),
      ['hundesteuer-fuer-aemter'],
    );
    const searchPage = await t.app.inject('/musterkreis/suche?q=Hundemarke');
    assert.match(textOf(searchPage.body), /Hundesteuer für Ämter/);

    const list = textOf((await editor.get(`${admin}/leistungen?status=published`)).body);
    assert.match(list, /Hundesteuer für Ämter Veröffentlicht ja nie/);
    assert.match(textOf((await editor.get(`${admin}/leistungen?status=draft`)).body), /0 Leistungen/);

    const withdrawn = await press(editor, `${admin}/leistungen/${id}`, `${admin}/leistungen/${id}/zurueckziehen`);
    assert.equal(withdrawn.statusCode, 303);
    assert.equal((await t.app.inject(publicUrl)).statusCode, 404);
    assert.equal((await searchServices(t.platform.db, a.id, 'hundesteuer')).items.length, 0);

    const audit = await t.platform.db
      .withTables<AuditTables>()
      .selectFrom('audit_log')
      .select(['action', 'subject', 'details'])
      .where('tenant_id', '=', a.id)
      .where('subject', '=', id)
      .orderBy('seq')
      .execute();
    assert.deepEqual(
      audit.map((e) => e.action),
      ['catalog.service_created', 'catalog.service_published', 'catalog.service_unpublished'],
    );
    assert.ok(!JSON.stringify(audit).includes('Hund'), 'the audit log holds ids, not content');
  });

  test('editing keeps the slug unique per tenant and saves the changes', async () => {
    const first = await createViaForm(editor, validService({ title: 'Wohngeld beantragen', online_url: '' }));
    const second = await createViaForm(editor, validService({ title: 'Wohngeld Lastenzuschuss', online_url: '' }));
    const clash = await editor.submit(
      `${admin}/leistungen/${second}`,
      `${admin}/leistungen/${second}`,
      validService({ title: 'Wohngeld Lastenzuschuss', slug: 'wohngeld-beantragen', online_url: '' }),
    );
    assert.equal(clash.statusCode, 422);
    assert.match(textOf(clash.body), /Das Kürzel „wohngeld-beantragen“ hat bereits eine andere Leistung/);
    assert.match(clash.body, /name="slug" value="wohngeld-beantragen"/);

    const both = await editor.submit(
      `${admin}/leistungen/${first}`,
      `${admin}/leistungen/${first}`,
      validService({ title: 'Wohngeld', slug: 'wohngeld', online_url: 'https://a.example', online_procedure_id: 'wohngeld' }),
    );
    assert.equal(both.statusCode, 422);
    assert.match(textOf(both.body), /entweder ein Online-Verfahren oder eine externe Adresse/);

    const saved = await editor.submit(
      `${admin}/leistungen/${first}`,
      `${admin}/leistungen/${first}`,
      validService({ title: 'Wohngeld', slug: 'wohngeld', online_url: '', lebenslagen: '' }),
    );
    assert.equal(saved.statusCode, 303);
    const edit = await editor.get(`${admin}/leistungen/${first}`);
    assert.match(edit.body, /name="title" value="Wohngeld"/);
    assert.match(edit.body, /name="slug" value="wohngeld"/);
    assert.doesNotMatch(edit.body, new RegExp(`value="${umzugId}" checked`));
  });

  test('contacts and locations are added on the edit page and shown on the public page', async () => {
    const id = await createViaForm(editor, validService({ title: 'Führerschein umtauschen', online_url: '' }));
    const missing = await editor.submit(`${admin}/leistungen/${id}`, `${admin}/leistungen/${id}/ansprechpartner`, {
      contact_name: '',
      contact_phone: '08631 699-0',
    });
    assert.equal(missing.statusCode, 422);
    assert.match(missing.body, /name="contact_phone" value="08631 699-0"/);

    const contact = await editor.submit(`${admin}/leistungen/${id}`, `${admin}/leistungen/${id}/ansprechpartner`, {
      contact_name: 'Frau Sabine Huber',
      contact_function: 'Fahrerlaubnisbehörde',
      contact_phone: '08631 699-210',
      contact_email: 'fuehrerschein@lra.example',
      contact_room: 'E.12',
      contact_consultation_note: '',
    });
    assert.equal(contact.statusCode, 303);
    const location = await editor.submit(`${admin}/leistungen/${id}`, `${admin}/leistungen/${id}/standorte`, {
      location_name: 'Landratsamt, Hauptgebäude',
      location_street: 'Marktplatz 1',
      location_postal_code: '84453',
      location_city: 'Musterstadt',
      location_accessibility: 'Rollstuhlgerecht',
      location_opening_hours_note: 'Mo–Fr 8–12 Uhr',
    });
    assert.equal(location.statusCode, 303);
    await press(editor, `${admin}/leistungen/${id}`, `${admin}/leistungen/${id}/veroeffentlichen`);
    const text = textOf((await t.app.inject('/musterkreis/leistungen/fuehrerschein-umtauschen')).body);
    assert.match(text, /Frau Sabine Huber/);
    assert.match(text, /Landratsamt, Hauptgebäude/);
  });

  test('clerks get 404 on every catalog back-office page and action', async () => {
    const id = await createViaForm(editor, validService({ title: 'Jagdschein', online_url: '' }));
    for (const path of [
      '/leistungen',
      '/leistungen/neu',
      `/leistungen/${id}`,
      `/leistungen/${id}/vorschau`,
      '/lebenslagen',
      '/synonyme',
      '/digitales-amt',
    ]) {
      assert.equal((await clerk.get(`${admin}${path}`)).statusCode, 404, path);
    }
    const home = await clerk.get(admin);
    const post = await clerk.post(`${admin}/leistungen/${id}/veroeffentlichen`, { _csrf: csrfIn(home.body) });
    assert.equal(post.statusCode, 404);
    assert.doesNotMatch(textOf(home.body), /Digitales Amt/);
  });

  test("an editor of another tenant cannot see or change this tenant's services", async () => {
    const id = await createViaForm(editor, validService({ title: 'Waffenbesitzkarte', online_url: '' }));
    const other = '/beispielstadt/verwaltung';
    assert.equal((await editorB.get(`${other}/leistungen/${id}`)).statusCode, 404);
    assert.equal((await editorB.get(`${other}/leistungen/${id}/vorschau`)).statusCode, 404);
    const home = await editorB.get(other);
    for (const action of ['veroeffentlichen', 'geprueft']) {
      const res = await editorB.post(`${other}/leistungen/${id}/${action}`, { _csrf: csrfIn(home.body) });
      assert.equal(res.statusCode, 404, action);
    }
    const edit = await editorB.post(`${other}/leistungen/${id}`, {
      _csrf: csrfIn(home.body),
      ...validService({ title: 'Übernommen' }),
    });
    assert.equal(edit.statusCode, 404);
    assert.doesNotMatch(textOf((await editorB.get(`${other}/leistungen`)).body), /Waffenbesitzkarte/);
    // The session of tenant B is no session in tenant A.
    assert.equal((await editorB.get(`${admin}/leistungen/${id}`)).statusCode, 303);
    const row = await catalog()
      .selectFrom('catalog_services')
      .select(['title', 'status'])
      .where('id', '=', id)
      .executeTakeFirst();
    assert.deepEqual(row, { title: 'Waffenbesitzkarte', status: 'draft' });
  });

  test('services not reviewed for 12 months are listed until marked as reviewed', async () => {
    const [old, fresh] = await insertServices(t.platform.db, [
      { tenant_id: a.id, slug: 'alte-leistung', title: 'Alte Leistung', reviewed_at: new Date(Date.now() - 400 * 86_400_000) },
      {
        tenant_id: a.id,
        slug: 'frische-leistung',
        title: 'Frische Leistung',
        reviewed_at: new Date(Date.now() - 30 * 86_400_000),
      },
    ]);
    const due = await editor.get(`${admin}/leistungen?filter=pruefen`);
    assert.equal(due.statusCode, 200);
    const text = textOf(due.body);
    assert.match(text, /Leistungen ohne Prüfung seit 12 Monaten/);
    assert.match(text, /Alte Leistung/);
    assert.doesNotMatch(text, /Frische Leistung/);
    assert.ok(fresh);
    const marked = await editor.post(`${admin}/leistungen/${old.id}/geprueft`, { _csrf: csrfIn(due.body), zurueck: 'pruefen' });
    assert.equal(marked.statusCode, 303);
    assert.equal(marked.headers.location, `${admin}/leistungen?filter=pruefen&hinweis=geprueft`);
    assert.doesNotMatch(textOf((await editor.get(`${admin}/leistungen?filter=pruefen`)).body), /Alte Leistung/);
  });

  test('Lebenslagen: create two levels, reorder; a child cannot get children', async () => {
    const path = `${admin}/lebenslagen`;
    const root = await editor.submit(path, path, { title: 'Geburt & Familie', slug: '', summary: 'Rund ums Kind', parent: '' });
    assert.equal(root.statusCode, 303);
    const lagen = await catalog()
      .selectFrom('catalog_lebenslagen')
      .select(['id', 'slug'])
      .where('tenant_id', '=', a.id)
      .execute();
    const familie = lagen.find((l) => l.slug === 'geburt-familie');
    assert.ok(familie, 'slug from the title');
    const child = await editor.submit(path, path, { title: 'Kindergeld', slug: '', summary: '', parent: familie.id });
    assert.equal(child.statusCode, 303);
    const { id: childId } = await catalog()
      .selectFrom('catalog_lebenslagen')
      .select('id')
      .where('tenant_id', '=', a.id)
      .where('slug', '=', 'kindergeld')
      .executeTakeFirstOrThrow();
    const grandchild = await editor.submit(path, path, { title: 'Zu tief', slug: '', summary: '', parent: childId });
    assert.equal(grandchild.statusCode, 422);
    assert.match(textOf(grandchild.body), /obersten Ebene als Oberbegriff/);
    assert.match(grandchild.body, /name="title" value="Zu tief"/);

    const before = textOf((await editor.get(path)).body);
    assert.ok(before.indexOf('Umzug') < before.indexOf('Geburt & Familie'));
    const moved = await editor.submit(path, `${path}/${familie.id}/hoch`, {});
    assert.equal(moved.statusCode, 303);
    const after = textOf((await editor.get(path)).body);
    assert.ok(after.indexOf('Geburt & Familie') < after.indexOf('Umzug'), after);
    const publicTree = textOf((await t.app.inject('/musterkreis/lebenslagen')).body);
    assert.ok(publicTree.indexOf('Geburt & Familie') < publicTree.indexOf('Umzug'));
  });

  test('synonyms: an editor adds one and the public search uses it', async () => {
    const id = await createViaForm(editor, validService({ title: 'Verwarnungsgeld bezahlen', keywords: '', online_url: '' }));
    await press(editor, `${admin}/leistungen/${id}`, `${admin}/leistungen/${id}/veroeffentlichen`);
    const path = `${admin}/synonyme`;
    const invalid = await editor.submit(path, path, { term: 'Knöllchen', expansions: '' });
    assert.equal(invalid.statusCode, 422);
    assert.match(invalid.body, /name="term" value="Knöllchen"/);
    const saved = await editor.submit(path, path, { term: 'Knöllchen', expansions: 'Verwarnungsgeld, Bußgeld' });
    assert.equal(saved.statusCode, 303);
    assert.match(textOf((await editor.get(path)).body), /knollchen Verwarnungsgeld, Bußgeld/);
    const found = await searchServices(t.platform.db, a.id, 'Knöllchen');
    assert.equal(found.items[0]?.title, 'Verwarnungsgeld bezahlen');
  });

  test('Digitales Amt counts published online services and lists offline ones by visits', async () => {
    await insertServices(t.platform.db, [
      { tenant_id: b.id, slug: 'a', title: 'Online A', status: 'published', online_url: 'https://a.example' },
      { tenant_id: b.id, slug: 'b', title: 'Online B', status: 'published', online_procedure_id: 'b' },
      { tenant_id: b.id, slug: 'c', title: 'Online C', status: 'published', online_url: 'https://c.example' },
      { tenant_id: b.id, slug: 'd', title: 'Entwurf online', status: 'draft', online_url: 'https://d.example' },
      { tenant_id: b.id, slug: 'e', title: 'Selten besucht', status: 'published', visits: 5 },
      { tenant_id: b.id, slug: 'f', title: 'Oft besucht', status: 'published', visits: 50 },
      { tenant_id: b.id, slug: 'g', title: 'Entwurf offline', status: 'draft', visits: 500 },
    ]);
    const page = await editorB.get('/beispielstadt/verwaltung/digitales-amt');
    assert.equal(page.statusCode, 200);
    const text = textOf(page.body);
    assert.match(text, /3 von 50 veröffentlichten Leistungen sind online möglich/);
    assert.match(page.body, /<progress[^>]*max="50"[^>]*value="3"/);
    assert.match(text, /fehlen noch 47/);
    assert.ok(text.indexOf('Oft besucht') < text.indexOf('Selten besucht'));
    assert.doesNotMatch(text, /Entwurf offline|Online A/);
  });
});
