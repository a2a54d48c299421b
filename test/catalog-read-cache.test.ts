import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { seedCatalogDemo } from '../src/demo/catalog/seed.js';
import { loadService, searchServices } from '../src/modules/catalog/index.js';
import { flushServiceVisits } from '../src/modules/catalog/service.js';
import { createTenants, createTestApp, type TestApp } from './helpers/app.js';
import { engineUnderTest } from './helpers/database.js';

/**
 * Search results and service pages are memoized per catalog version; a change written by
 * any process (here: plain SQL, as another app process would) must show on the next read.
 */
describe(`catalog reads after changes (${engineUnderTest})`, () => {
  let t: TestApp;
  let tenantId: string;
  before(async () => {
    t = await createTestApp();
    const { b } = await createTenants(t.platform);
    tenantId = b.id;
    await seedCatalogDemo(t.platform, b, new Map());
  });
  after(() => t.close());

  test('a title changed behind the app shows in search and on the page at once', async () => {
    const first = await searchServices(t.platform.db, tenantId, 'Reisepass');
    assert.ok(first.items.some((i) => i.slug === 'reisepass-beantragen'));
    assert.equal((await loadService(t.platform.db, tenantId, 'reisepass-beantragen'))?.title, 'Reisepass beantragen');

    await sql`update catalog_services set title = 'Reisepass neu beantragen' where tenant_id = ${tenantId} and slug = 'reisepass-beantragen'`.execute(
      t.platform.db,
    );
    const again = await searchServices(t.platform.db, tenantId, 'Reisepass');
    assert.equal(again.items.find((i) => i.slug === 'reisepass-beantragen')?.title, 'Reisepass neu beantragen');
    assert.equal((await loadService(t.platform.db, tenantId, 'reisepass-beantragen'))?.title, 'Reisepass neu beantragen');
  });

  test('an unpublished service disappears; a rolled-back change never shows', async () => {
    assert.ok(await loadService(t.platform.db, tenantId, 'wohnsitz-anmelden'));
    await t.platform.db
      .transaction()
      .execute(async (tx) => {
        await sql`update catalog_services set status = 'draft' where tenant_id = ${tenantId} and slug = 'wohnsitz-anmelden'`.execute(
          tx,
        );
        assert.equal(await loadService(tx, tenantId, 'wohnsitz-anmelden'), undefined);
        throw new Error('rollback');
      })
      .catch(() => {});
    assert.ok(await loadService(t.platform.db, tenantId, 'wohnsitz-anmelden'), 'the rolled-back draft must not be served');

    await sql`update catalog_services set status = 'draft' where tenant_id = ${tenantId} and slug = 'wohnsitz-anmelden'`.execute(
      t.platform.db,
    );
    assert.equal(await loadService(t.platform.db, tenantId, 'wohnsitz-anmelden'), undefined);
    const found = await searchServices(t.platform.db, tenantId, 'Wohnsitz anmelden');
    assert.ok(!found.items.some((i) => i.slug === 'wohnsitz-anmelden'));
  });

  test('page views are counted (buffered, written on flush)', async () => {
    const visits = async () =>
      (
        await sql<{
          visits: number;
        }>`select visits from catalog_services where tenant_id = ${tenantId} and slug = 'personalausweis-beantragen'`.execute(
          t.platform.db,
        )
      ).rows[0].visits;
    const before = await visits();
    for (let i = 0; i < 3; i++) {
      assert.equal((await t.app.inject('/beispielstadt/leistungen/personalausweis-beantragen')).statusCode, 200);
    }
    await flushServiceVisits(t.platform.db);
    assert.equal(await visits(), before + 3);
  });
});
