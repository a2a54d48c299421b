import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { modules } from '../src/app.js';
import { seedDemo } from '../src/demo/seed.js';
import { listProceduresForEditors } from '../src/modules/forms/admin/service.js';
import { listLibrary } from '../src/modules/forms/library.js';
import { findTenantBySlug, type Tenant } from '../src/platform/tenancy/repo.js';
import { Browser, createStaff, csrfIn, loginStaff, textOf } from './accounts-helpers.js';
import { builderPost, buildTwoPageProcedure, procedureIdFrom } from './forms-builder-helpers.js';
import { createTenants, createTestApp, type TestApp } from './helpers/app.js';
import { engineUnderTest } from './helpers/database.js';

describe(`shared procedure library (${engineUnderTest})`, () => {
  let t: TestApp;
  let a: Tenant;
  let editorA: Browser;
  let editorB: Browser;
  let origin: { id: string; base: string; href: string };
  let copyHref: string;

  before(async () => {
    t = await createTestApp();
    const tenants = await createTenants(t.platform);
    a = tenants.a;
    await createStaff(t.platform, a, 'redaktion@musterkreis.example', 'editor');
    await createStaff(t.platform, tenants.b, 'redaktion@beispielstadt.example', 'editor');
    editorA = new Browser(t.app);
    await loginStaff(editorA, 'musterkreis', 'redaktion@musterkreis.example');
    editorB = new Browser(t.app, '203.0.113.20');
    await loginStaff(editorB, 'beispielstadt', 'redaktion@beispielstadt.example');
    origin = await buildTwoPageProcedure(editorA, 'musterkreis');
  });
  after(async () => t.close());

  const onlineProcedureOf = async (tenantId: string, slug: string) =>
    (
      await t.platform.db
        .withTables<{ catalog_services: { tenant_id: string; slug: string; online_procedure_id: string | null } }>()
        .selectFrom('catalog_services')
        .select('online_procedure_id')
        .where('tenant_id', '=', tenantId)
        .where('slug', '=', slug)
        .executeTakeFirst()
    )?.online_procedure_id;

  test('publishing a procedure that names a catalog service links the service and marks it online', async () => {
    await builderPost(editorA, '/musterkreis/verwaltung/leistungen/neu', '/musterkreis/verwaltung/leistungen/neu', {
      title: 'Baumfällung',
      slug: 'baumfaellung',
    });
    assert.equal(await onlineProcedureOf(a.id, 'baumfaellung'), null);
    await builderPost(editorA, origin.href, `${origin.href}/allgemein`, {
      'g-title': 'Baumfällung anzeigen',
      'g-description': 'Zeigen Sie uns an, wenn Sie einen Baum fällen möchten.',
      'g-service': 'baumfaellung',
      'g-department': '',
      'g-deadline': '30',
      'g-retention': '5',
      'g-licence': 'CC-BY-4.0',
    });
    const published = await builderPost(editorA, origin.href, `${origin.href}/veroeffentlichen`, {});
    assert.match(published, /hinweis=veroeffentlicht-leistung/);
    assert.equal(await onlineProcedureOf(a.id, 'baumfaellung'), 'baumfaellung-anzeigen');
    // Taken offline, the service no longer offers "Online beantragen"; published again, it does.
    await builderPost(editorA, origin.href, `${origin.href}/zurueckziehen`, {});
    assert.equal(await onlineProcedureOf(a.id, 'baumfaellung'), null);
    await builderPost(editorA, origin.href, `${origin.href}/veroeffentlichen`, {});
    assert.equal(await onlineProcedureOf(a.id, 'baumfaellung'), 'baumfaellung-anzeigen');
  });

  test('A shares, B browses, previews and imports a copy; A shares v2, B sees it, pulls a draft with the differences and publishes', async () => {
    assert.match(await builderPost(editorA, origin.href, `${origin.href}/teilen`, {}), /hinweis=geteilt/);
    // Sharing the same version twice is refused.
    const page = await editorA.get(origin.href);
    assert.doesNotMatch(textOf(page.body), /In die Bibliothek stellen/);
    assert.match(textOf(page.body), /In der Bibliothek Version 1/);

    const library = await editorB.get('/beispielstadt/verwaltung/verfahren/bibliothek');
    assert.equal(library.statusCode, 200);
    assert.match(textOf(library.body), /Baumfällung anzeigen Landkreis Musterkreis 1/);
    const link = /href="(\/beispielstadt\/verwaltung\/verfahren\/bibliothek\/[0-9a-f-]{36})"/.exec(library.body);
    assert.ok(link, 'library links to the shared procedure');
    const preview = await editorB.get(link[1]);
    assert.match(textOf(preview.body), /Geteilt von Landkreis Musterkreis .* Steht der Baum in einem Schutzgebiet\?/);
    assert.ok(preview.body.includes('type="file"'), 'the preview shows the upload field');

    const imported = await builderPost(editorB, link[1], `${link[1]}/uebernehmen`, { slug: '' });
    assert.match(imported, /hinweis=uebernommen/);
    copyHref = `/beispielstadt/verwaltung/verfahren/${procedureIdFrom(imported)}`;
    const copy = await editorB.get(copyHref);
    assert.match(
      textOf(copy.body),
      /Herkunft Aus der Bibliothek übernommen: Landkreis Musterkreis, „baumfaellung-anzeigen“ Version 1/,
    );
    // Importing the same slug again is refused with the reason, nothing stored twice.
    const again = await editorB.post(`${link[1]}/uebernehmen`, { _csrf: csrfIn(copy.body), slug: 'baumfaellung-anzeigen' });
    assert.equal(again.statusCode, 422);
    assert.match(textOf(again.body), /Die Kennung „baumfaellung-anzeigen“ ist bei Ihnen bereits vergeben/);

    // B adapts the copy and publishes it; the service link is B's own business (B has no such service).
    await builderPost(editorB, `${copyHref}/seiten/1/felder/baumart`, `${copyHref}/seiten/1/felder/baumart`, {
      'f-label': 'Baumart (Beispielstadt)',
      'f-key': 'baumart',
    });
    assert.match(
      await builderPost(editorB, copyHref, `${copyHref}/veroeffentlichen`, {}),
      /hinweis=veroeffentlicht-ohne-leistung/,
    );
    assert.equal((await t.app.inject({ method: 'GET', url: '/beispielstadt/antrag/baumfaellung-anzeigen' })).statusCode, 200);
    assert.doesNotMatch(textOf((await editorB.get(copyHref)).body), /neuere Version/);

    // A changes a label and adds a field, publishes v2 and shares it.
    const page1 = `${origin.href}/seiten/1`;
    await builderPost(editorA, `${page1}/felder/baumart`, `${page1}/felder/baumart`, {
      'f-label': 'Welche Baumart ist es?',
      'f-key': 'baumart',
    });
    await builderPost(editorA, page1, `${page1}/felder`, {
      'n-type': 'number',
      'n-label': 'Stammumfang in cm',
      'n-key': 'stammumfang',
    });
    await builderPost(editorA, origin.href, `${origin.href}/veroeffentlichen`, {});
    await builderPost(editorA, origin.href, `${origin.href}/teilen`, {});

    const notified = await editorB.get(copyHref);
    const notice = textOf(notified.body);
    assert.match(
      notice,
      /In der Bibliothek gibt es eine neuere Version dieses Verfahrens: Landkreis Musterkreis hat Version 2 geteilt \(Sie nutzen Version 1\)/,
    );
    assert.match(notice, /Ihre eigenen Anpassungen \(Texte, Fachbereich\) müssen Sie danach erneut vornehmen/);

    const pulled = await builderPost(editorB, copyHref, `${copyHref}/bibliothek-aktualisieren`, {});
    assert.match(pulled, /hinweis=neue-version#unterschiede$/);
    const diff = textOf((await editorB.get(copyHref)).body);
    assert.match(diff, /Unterschiede zwischen Bibliotheksversion 1 und 2/);
    assert.match(diff, /Neue Felder „Stammumfang in cm“ \(stammumfang, Seite 1\)/);
    assert.match(diff, /Geänderte Felder „Welche Baumart ist es\?“ \(baumart, Seite 1\): Beschriftung/);
    assert.match(diff, /Texte wurden geändert/);
    assert.doesNotMatch(diff, /In der Bibliothek gibt es eine neuere Version/);
    // Until B publishes, citizens keep B's adapted version.
    const citizen = await t.app.inject({ method: 'GET', url: '/beispielstadt/antrag/baumfaellung-anzeigen/schritt/1' });
    assert.match(textOf(citizen.body), /Baumart \(Beispielstadt\)/);

    await builderPost(editorB, copyHref, `${copyHref}/veroeffentlichen`, {});
    const after = textOf((await editorB.get(copyHref)).body);
    assert.match(after, /Herkunft Aus der Bibliothek übernommen: Landkreis Musterkreis, „baumfaellung-anzeigen“ Version 2/);
    assert.doesNotMatch(after, /neuere Version/);
    const citizenV2 = await t.app.inject({ method: 'GET', url: '/beispielstadt/antrag/baumfaellung-anzeigen/schritt/1' });
    assert.match(textOf(citizenV2.body), /Stammumfang in cm/);
  });

  test('B cannot share, change or publish A\u2019s procedure, and A\u2019s shared rows stay as they were', async () => {
    const list = await editorB.get('/beispielstadt/verwaltung/verfahren');
    for (const action of ['teilen', 'veroeffentlichen', 'zurueckziehen', 'bibliothek-aktualisieren']) {
      const res = await editorB.post(`/beispielstadt/verwaltung/verfahren/${origin.id}/${action}`, { _csrf: csrfIn(list.body) });
      assert.equal(res.statusCode, 404, action);
    }
    const shared = await t.platform.db
      .withTables<{ forms_library: { tenant_id: string; version: number } }>()
      .selectFrom('forms_library')
      .select(['tenant_id', 'version'])
      .orderBy('version')
      .execute();
    assert.deepEqual(
      shared.map((r) => [r.tenant_id, r.version]),
      [
        [a.id, 1],
        [a.id, 2],
      ],
    );
    await assert.rejects(
      t.platform.db
        .withTables<{ forms_library: { title: string } }>()
        .updateTable('forms_library')
        .set({ title: 'geändert' })
        .execute(),
      /unveränderlich/,
    );
  });
});

describe(`demo library (${engineUnderTest})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    await seedDemo(
      t.platform,
      modules.flatMap((m) => (m.seedDemo ? [m.seedDemo] : [])),
    );
  });
  after(async () => t.close());

  test('Musterkreis shares procedures in the library; Beispielstadt has imported the Feuerwehr service card and published it', async () => {
    const shared = await listLibrary(t.platform.db);
    assert.deepEqual(shared.map((e) => `${e.originTenantSlug}/${e.slug}`).sort(), [
      'musterkreis/bildung-und-teilhabe',
      'musterkreis/dienstausweis-feuerwehr',
      'musterkreis/schulbus-meldung',
    ]);
    const beispielstadt = await findTenantBySlug(t.platform.db, 'beispielstadt');
    assert.ok(beispielstadt);
    const copy = (await listProceduresForEditors(t.platform.db, beispielstadt.id)).find(
      (p) => p.slug === 'dienstausweis-feuerwehr',
    );
    assert.equal(copy?.originTenant, 'Landkreis Musterkreis');
    assert.equal(copy?.status, 'published');
    const page = await t.app.inject({ method: 'GET', url: '/beispielstadt/antrag/dienstausweis-feuerwehr' });
    assert.equal(page.statusCode, 200);
    assert.match(textOf(page.body), /in Beispielstadt erhalten einen Dienstausweis/);
  });
});
