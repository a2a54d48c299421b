import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { seedCatalogDemo } from '../src/demo/catalog/seed.js';
import { demoTenants } from '../src/demo/tenants.js';
import { exportCatalog, importCatalog, parseCatalogFile } from '../src/modules/catalog/index.js';
import { insertDepartment, insertTenant } from '../src/platform/tenancy/repo.js';
import { createTenants, createTestApp, type TestApp } from './helpers/app.js';
import { engineUnderTest } from './helpers/database.js';

type Tenant = Awaited<ReturnType<typeof insertTenant>>;
const withoutHeader = ({ exportedAt: _e, source: _s, ...rest }: Awaited<ReturnType<typeof exportCatalog>>) => rest;

describe(`catalog export and import (${engineUnderTest})`, () => {
  let t: TestApp;
  let source: Tenant;
  let target: Tenant;
  before(async () => {
    t = await createTestApp();
    const { a, b } = await createTenants(t.platform);
    source = a;
    target = b;
    const departments = new Map<string, string>();
    for (const name of demoTenants[0].departments)
      departments.set(name, (await insertDepartment(t.platform.db, a.id, { name })).id);
    await seedCatalogDemo(t.platform, a, departments);
  });
  after(() => t.close());

  test('export then import into another tenant gives the same catalog', async () => {
    const exported = await exportCatalog(t.platform.db, source.id, 'musterkreis');
    assert.ok(exported.services.length >= 80);
    const json = JSON.stringify(exported, null, 2);
    assert.doesNotMatch(json, /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/, 'no internal ids in the file');
    const kfz = exported.services.find((s) => s.slug === 'wohngeld-beantragen');
    assert.equal(kfz?.department, 'Soziales und Senioren');

    const result = await importCatalog(t.platform.db, target.id, json);
    assert.ok(result.ok, JSON.stringify(!result.ok && result.problems.slice(0, 3)));
    assert.equal(result.report.services.created, exported.services.length);
    assert.equal(result.report.services.updated, 0);
    assert.deepEqual(result.report.departmentsCreated.sort(), [...demoTenants[0].departments].sort());

    const again = await exportCatalog(t.platform.db, target.id);
    assert.deepEqual(withoutHeader(again), withoutHeader(exported));

    // The imported catalog is live: the public page and the German search find it.
    const page = await t.app.inject('/beispielstadt/leistungen/wohngeld-beantragen');
    assert.equal(page.statusCode, 200);
    const api = await t.app.inject('/api/v1/beispielstadt/services?q=wohngeld');
    assert.equal(api.json().items[0].slug, 'wohngeld-beantragen');

    // A second import merges by slug: nothing new, everything updated, nothing doubled.
    const second = await importCatalog(t.platform.db, target.id, json);
    assert.ok(second.ok);
    assert.equal(second.report.services.created, 0);
    assert.equal(second.report.services.updated, exported.services.length);
    assert.equal(second.report.contacts.created, 0);
    assert.deepEqual(withoutHeader(await exportCatalog(t.platform.db, target.id)), withoutHeader(exported));
  });

  test('a broken file writes nothing and names each problem by its JSON path', async () => {
    const empty = await insertTenant(t.platform.db, { slug: 'leerstadt', name: 'Gemeinde Leerstadt', type: 'gemeinde' });
    const file = await exportCatalog(t.platform.db, source.id);
    const broken = structuredClone(file) as unknown as { services: Record<string, unknown>[] };
    broken.services[1].leikaKey = '12345';
    broken.services[2].onlineUrl = 'javascript:alert(1)';
    broken.services[2].onlineProcedureId = null;
    broken.services[3].lebenslagen = ['gibt-es-nicht'];
    broken.services[4].slug = broken.services[5].slug;
    broken.services[6].title = '';
    const result = await importCatalog(t.platform.db, empty.id, JSON.stringify(broken));
    assert.equal(result.ok, false);
    const problems = result.ok ? [] : result.problems;
    const at = (path: string) => problems.find((p) => p.path === path)?.message;
    assert.match(at('$.services[1].leikaKey') ?? '', /14 Ziffern/);
    assert.match(at('$.services[2].onlineUrl') ?? '', /Keine gültige Web-Adresse/);
    assert.match(at('$.services[6].title') ?? '', /leer/);
    // Reference and uniqueness checks run once the schema holds; fix the schema errors and they appear.
    broken.services[1].leikaKey = null;
    broken.services[2].onlineUrl = null;
    broken.services[6].title = 'Titel';
    const second = await importCatalog(t.platform.db, empty.id, JSON.stringify(broken));
    const problems2 = second.ok ? [] : second.problems;
    assert.match(
      problems2.find((p) => p.path === '$.services[3].lebenslagen[0]')?.message ?? '',
      /Lebenslage „gibt-es-nicht“ gibt es in der Datei nicht/,
    );
    assert.match(
      problems2.find((p) => p.path === '$.services[5].slug')?.message ?? '',
      /kommt doppelt vor \(zuerst bei \$\.services\[4\]\.slug\)/,
    );

    const count = await t.platform.db
      .selectFrom('catalog_services' as never)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenant_id' as never, '=', empty.id as never)
      .executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 0);
    const lagen = await t.platform.db
      .selectFrom('catalog_lebenslagen' as never)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenant_id' as never, '=', empty.id as never)
      .executeTakeFirstOrThrow();
    assert.equal(Number(lagen.n), 0);
  });

  test('syntax errors, foreign formats and wrong versions are reported before anything else', () => {
    const syntax = parseCatalogFile('{\n  "format": "rathaus-leistungskatalog",\n  "version": 1,\n  "services": [}\n');
    assert.equal(syntax.ok, false);
    assert.match(syntax.ok ? '' : syntax.problems[0].message, /kein gültiges JSON in Zeile 4, Spalte 16/);
    const foreign = parseCatalogFile('{"format":"irgendwas","version":1}');
    assert.deepEqual(foreign.ok ? [] : foreign.problems.map((p) => p.path), ['$.format']);
    const version = parseCatalogFile('{"format":"rathaus-leistungskatalog","version":2}');
    assert.equal(version.ok ? '' : version.problems[0].path, '$.version');
    assert.match(version.ok ? '' : version.problems[0].message, /Version 2 wird nicht unterstützt/);
    const unknownField = parseCatalogFile(
      '{"format":"rathaus-leistungskatalog","version":1,"services":[{"slug":"a","title":"A","titel":"x"}]}',
    );
    assert.equal(unknownField.ok ? '' : unknownField.problems[0].path, '$.services[0]');
  });
});
