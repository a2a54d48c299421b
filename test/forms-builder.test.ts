import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Tenant } from '../src/platform/tenancy/repo.js';
import { Browser, createStaff, csrfIn, loginStaff, textOf } from './accounts-helpers.js';
import { postMultipart } from './catalog-admin-helpers.js';
import { builderPost, buildTwoPageProcedure, procedureIdFrom } from './forms-builder-helpers.js';
import { createTenants, createTestApp, type TestApp } from './helpers/app.js';
import { engineUnderTest } from './helpers/database.js';

describe(`form builder in the back office (${engineUnderTest})`, () => {
  let t: TestApp;
  let a: Tenant;
  let b: Tenant;
  let editorA: Browser;
  let editorB: Browser;
  let built: { id: string; base: string; href: string };

  const procedureCount = async (tenantId: string) =>
    Number(
      (
        await t.platform.db
          .withTables<{ forms_procedures: { tenant_id: string } }>()
          .selectFrom('forms_procedures')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('tenant_id', '=', tenantId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  before(async () => {
    t = await createTestApp();
    ({ a, b } = await createTenants(t.platform));
    await createStaff(t.platform, a, 'redaktion@musterkreis.example', 'editor');
    await createStaff(t.platform, a, 'sachbearbeitung@musterkreis.example', 'clerk');
    await createStaff(t.platform, b, 'redaktion@beispielstadt.example', 'editor');
    editorA = new Browser(t.app);
    await loginStaff(editorA, 'musterkreis', 'redaktion@musterkreis.example');
    editorB = new Browser(t.app, '203.0.113.20');
    await loginStaff(editorB, 'beispielstadt', 'redaktion@beispielstadt.example');
    built = await buildTwoPageProcedure(editorA, 'musterkreis');
  });
  after(async () => t.close());

  test('an editor builds a two-page procedure with a condition and an upload, publishes it, and a citizen can open it', async () => {
    const page2 = await editorA.get(`${built.href}/seiten/2`);
    assert.equal(page2.statusCode, 200);
    const text = textOf(page2.body);
    // The live preview renders the citizen's own components: the upload input with its allowed types.
    assert.match(text, /Vorschau: So sehen Antragstellende Seite 2/);
    assert.match(text, /Nur sichtbar, wenn „schutzgebiet“ gleich „ja“ ist/);
    assert.ok(page2.body.includes('type="file"'), 'preview shows the upload');
    assert.match(text, /Erlaubt: PDF, höchstens 5 MB/);

    const before = await t.app.inject({ method: 'GET', url: '/musterkreis/antrag/baumfaellung-anzeigen' });
    assert.equal(before.statusCode, 404, 'a draft is not online');

    const published = await builderPost(editorA, built.href, `${built.href}/veroeffentlichen`, {});
    assert.match(published, /hinweis=veroeffentlicht/);
    const overview = await editorA.get(built.href);
    assert.match(textOf(overview.body), /Veröffentlicht: Version 1/);

    const citizen = new Browser(t.app, '198.51.100.7');
    const start = await citizen.get('/musterkreis/antrag/baumfaellung-anzeigen');
    assert.equal(start.statusCode, 200);
    assert.match(textOf(start.body), /Baumfällung anzeigen.*Angaben zum Baum.*Unterlagen/);
    const step1 = await citizen.get('/musterkreis/antrag/baumfaellung-anzeigen/schritt/1');
    assert.match(textOf(step1.body), /Steht der Baum in einem Schutzgebiet\?/);
    const answered = await citizen.post('/musterkreis/antrag/baumfaellung-anzeigen/schritt/1', {
      _csrf: csrfIn(step1.body),
      schutzgebiet: 'ja',
      baumart: 'Linde',
    });
    assert.equal(answered.statusCode, 303, textOf(answered.body));
    const step2 = await citizen.get('/musterkreis/antrag/baumfaellung-anzeigen/schritt/2');
    assert.ok(step2.body.includes('type="file"') && step2.body.includes('accept=".pdf"'), 'the upload asks for a PDF');
    assert.match(textOf(step2.body), /Gutachten eines Baumsachverständigen/);

    // The list shows the status, the version and the submissions count.
    const list = await editorA.get(built.base);
    assert.match(textOf(list.body), /Baumfällung anzeigen Veröffentlicht 1 .* 0 eigenes Verfahren/);
  });

  test('a bad field key, a duplicate key, an invalid pattern and a condition on a missing field are refused with 422, the values kept', async () => {
    const page1 = `${built.href}/seiten/1`;
    const form = await editorA.get(`${page1}/felder/baumart`);
    assert.equal(form.statusCode, 200);
    const post = (fields: Record<string, string>) =>
      editorA.post(`${page1}/felder/baumart`, { _csrf: csrfIn(form.body), 'f-label': 'Welche Baumart?', ...fields });

    const badKey = await post({ 'f-key': 'Baum Art' });
    assert.equal(badKey.statusCode, 422);
    assert.match(textOf(badKey.body), /Bitte prüfen Sie Ihre Angaben .*Der Feldschlüssel „Baum Art“ geht nicht/);
    assert.ok(badKey.body.includes('href="#feld-f-key"'), 'summary links to the key input');
    assert.ok(badKey.body.includes('value="Baum Art"') && badKey.body.includes('value="Welche Baumart?"'), 'typed values kept');

    const duplicate = await post({ 'f-key': 'schutzgebiet' });
    assert.equal(duplicate.statusCode, 422);
    assert.match(textOf(duplicate.body), /Seite 1, Feld „schutzgebiet“: Der Feldschlüssel kommt bereits auf Seite 1 vor/);

    const pattern = await post({ 'f-key': 'baumart', 'f-pattern': '([a-z' });
    assert.equal(pattern.statusCode, 422);
    assert.match(textOf(pattern.body), /Das Muster „\(\[a-z“ ist kein gültiger regulärer Ausdruck/);
    assert.ok(pattern.body.includes('value="([a-z"'), 'the pattern is kept');

    const page2 = `${built.href}/seiten/2`;
    const fileForm = await editorA.get(`${page2}/felder/email`);
    const missing = await editorA.post(`${page2}/felder/email`, {
      _csrf: csrfIn(fileForm.body),
      'f-label': 'E-Mail-Adresse',
      'f-key': 'email',
      'f-showif-field': 'gibtesnicht',
      'f-showif-op': 'equals',
      'f-showif-value': 'ja',
    });
    assert.equal(missing.statusCode, 422);
    assert.match(
      textOf(missing.body),
      /Seite 2, Feld „email“ \(showIf\): Die Bedingung bezieht sich auf das Feld „gibtesnicht“, das es nicht gibt/,
    );

    // Removing a field that a later condition looks at is refused too, naming the condition.
    const pageForm = await editorA.get(page1);
    const remove = await editorA.post(`${page1}/felder/schutzgebiet/entfernen`, { _csrf: csrfIn(pageForm.body) });
    assert.equal(remove.statusCode, 422);
    assert.match(textOf(remove.body), /Seite 2, Feld „gutachten“ \(showIf\)/);

    // Nothing of it was saved: the key is still "baumart" and there is no draft.
    const after = await editorA.get(`${page1}/felder/baumart`);
    assert.ok(after.body.includes('value="baumart"'));
    assert.match(textOf((await editorA.get(built.href)).body), /Entwurf keiner/);
  });

  test('editing a published procedure makes a draft; the published version stays until the draft is published', async () => {
    const page1 = `${built.href}/seiten/1`;
    await builderPost(editorA, `${page1}/felder/baumart`, `${page1}/felder/baumart`, {
      'f-label': 'Welche Baumart ist es?',
      'f-key': 'baumart',
    });
    const overview = textOf((await editorA.get(built.href)).body);
    assert.match(overview, /Veröffentlicht: Version 1/);
    assert.match(overview, /in Arbeit, .* \(wird Version 2\)/);
    const citizenStep = await t.app.inject({ method: 'GET', url: '/musterkreis/antrag/baumfaellung-anzeigen/schritt/1' });
    assert.match(textOf(citizenStep.body), /Baumart/);
    assert.doesNotMatch(textOf(citizenStep.body), /Welche Baumart ist es\?/);

    // Moving fields and pages works with plain buttons.
    const moved = await builderPost(editorA, page1, `${page1}/felder/baumart/hoch`, {});
    assert.match(moved, /#zeile-baumart$/);
    const reordered = textOf((await editorA.get(page1)).body);
    assert.ok(reordered.indexOf('Welche Baumart ist es?') < reordered.indexOf('Steht der Baum in einem Schutzgebiet?'));

    await builderPost(editorA, built.href, `${built.href}/veroeffentlichen`, {});
    const v2 = await t.app.inject({ method: 'GET', url: '/musterkreis/antrag/baumfaellung-anzeigen/schritt/1' });
    assert.match(textOf(v2.body), /Welche Baumart ist es\?/);
    const versions = await t.platform.db
      .withTables<{ forms_procedure_versions: { procedure_id: string; version: number; published_at: Date | null } }>()
      .selectFrom('forms_procedure_versions')
      .select(['version', 'published_at'])
      .where('procedure_id', '=', built.id)
      .orderBy('version')
      .execute();
    assert.deepEqual(
      versions.map((v) => [v.version, v.published_at !== null]),
      [
        [1, true],
        [2, true],
      ],
    );
  });

  test('export and import round trip: the downloaded file imported into another tenant exports equal', async () => {
    const exported = await editorA.get(`${built.href}/export.json`);
    assert.equal(exported.statusCode, 200);
    assert.match(String(exported.headers['content-disposition']), /^attachment; filename="baumfaellung-anzeigen-v\d+\.json"$/);
    const definition = JSON.parse(exported.body);
    assert.equal(definition.id, 'baumfaellung-anzeigen');

    const form = await editorB.get('/beispielstadt/verwaltung/verfahren/import');
    const imported = await postMultipart(
      editorB,
      '/beispielstadt/verwaltung/verfahren/import',
      { _csrf: csrfIn(form.body) },
      { field: 'datei', filename: 'baum.json', contentType: 'application/json', bytes: Buffer.from(exported.body) },
    );
    assert.equal(imported.statusCode, 303, textOf(imported.body));
    const copyId = procedureIdFrom(imported.headers.location);
    const again = await editorB.get(`/beispielstadt/verwaltung/verfahren/${copyId}/export.json?fassung=entwurf`);
    assert.equal(again.statusCode, 200);
    assert.deepEqual(JSON.parse(again.body), definition);
  });

  test('a malformed import names the place and stores nothing', async () => {
    const exported = JSON.parse((await editorA.get(`${built.href}/export.json`)).body);
    exported.id = 'neues-verfahren';
    exported.pages[1].fields[0].key = 'Gut Achten';
    const before = await procedureCount(b.id);
    const form = await editorB.get('/beispielstadt/verwaltung/verfahren/import');
    const bad = await postMultipart(
      editorB,
      '/beispielstadt/verwaltung/verfahren/import',
      { _csrf: csrfIn(form.body) },
      { field: 'datei', filename: 'kaputt.json', contentType: 'application/json', bytes: Buffer.from(JSON.stringify(exported)) },
    );
    assert.equal(bad.statusCode, 422);
    assert.match(textOf(bad.body), /Seite 2, Feld „Gut Achten“, Angabe „key“: Feldschlüssel/);
    assert.match(textOf(bad.body), /es wurde nichts gespeichert/);

    const syntax = await postMultipart(
      editorB,
      '/beispielstadt/verwaltung/verfahren/import',
      { _csrf: csrfIn(form.body) },
      {
        field: 'datei',
        filename: 'kaputt.json',
        contentType: 'application/json',
        bytes: Buffer.from('{\n  "id": "x",\n  "title": }'),
      },
    );
    assert.equal(syntax.statusCode, 422);
    assert.match(textOf(syntax.body), /Zeile 3, Spalte \d+: Die Datei ist kein gültiges JSON/);
    assert.equal(await procedureCount(b.id), before);
  });

  test("tenant isolation: another tenant's editor cannot see or change a procedure; a clerk cannot use the builder", async () => {
    const foreign = await editorB.get(`/beispielstadt/verwaltung/verfahren/${built.id}`);
    assert.equal(foreign.statusCode, 404);
    const list = await editorB.get('/beispielstadt/verwaltung/verfahren');
    assert.doesNotMatch(textOf(list.body), /Baumfällung anzeigen Veröffentlicht/);
    const foreignPost = await editorB.post(`/beispielstadt/verwaltung/verfahren/${built.id}/seiten`, {
      _csrf: csrfIn(list.body),
      's-title': 'Fremd',
    });
    assert.equal(foreignPost.statusCode, 404);
    // B's session does not reach A's back office at all: it is asked to log in there.
    const crossTenant = await editorB.get(`/musterkreis/verwaltung/verfahren/${built.id}`);
    assert.equal(crossTenant.statusCode, 303);
    assert.match(String(crossTenant.headers.location), /^\/musterkreis\/verwaltung\/anmelden/);

    const clerk = new Browser(t.app, '203.0.113.30');
    await loginStaff(clerk, 'musterkreis', 'sachbearbeitung@musterkreis.example');
    assert.equal((await clerk.get('/musterkreis/verwaltung/verfahren')).statusCode, 404);
    assert.equal((await clerk.get(`/musterkreis/verwaltung/verfahren/${built.id}/seiten/1`)).statusCode, 404);
    const home = await clerk.get('/musterkreis/verwaltung');
    assert.doesNotMatch(home.body, /Online-Verfahren/);
    const clerkPost = await clerk.post(`/musterkreis/verwaltung/verfahren/${built.id}/veroeffentlichen`, {
      _csrf: csrfIn(home.body),
    });
    assert.equal(clerkPost.statusCode, 404);

    const anonymous = await t.app.inject({ method: 'GET', url: '/musterkreis/verwaltung/verfahren' });
    assert.equal(anonymous.statusCode, 303);
  });
});
