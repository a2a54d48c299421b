import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { seedCatalogDemo } from '../src/demo/catalog/seed.js';
import { cachedPageCount } from '../src/modules/catalog/page-cache.js';
import { type Database, openPostgres } from '../src/platform/db/database.js';
import { tenantMemoOf } from '../src/platform/http/tenant-scope.js';
import type { Tenant } from '../src/platform/tenancy/repo.js';
import { createOffer } from './appointments-helpers.js';
import { createTenants, createTestApp, type TestApp } from './helpers/app.js';
import { engineUnderTest } from './helpers/database.js';

const PAGE = '/beispielstadt/leistungen/reisepass-beantragen';
const h1 = (body: string) => /<h1[^>]*>([^<]*)<\/h1>/.exec(body)?.[1];

/** Waits (bounded) for something the LISTEN connection does in the background. */
async function until(what: string, condition: () => boolean) {
  for (let i = 0; i < 500 && !condition(); i++) await sleep(20);
  assert.ok(condition(), what);
}

/**
 * The tenant and its version stamps are kept in each app process, not read per request;
 * a change committed anywhere must still show on the next request (migration 0020 notifies
 * every process, tenancy/tenant-memo.ts drops its copy).
 */
describe(`tenant memo and service pages (${engineUnderTest})`, () => {
  let t: TestApp;
  let tenant: Tenant;
  before(async () => {
    t = await createTestApp();
    tenant = (await createTenants(t.platform)).b;
    await seedCatalogDemo(t.platform, tenant, new Map());
  });
  after(() => t.close());

  const page = async (path = PAGE) => {
    const res = await t.app.inject(path);
    assert.equal(res.statusCode, 200, path);
    return res.body;
  };

  test('the tenant is read once and then kept while nothing changes', async () => {
    const memo = tenantMemoOf(t.platform);
    await page();
    await until('the memo listens', () => memo.active);
    const first = await memo.find('beispielstadt');
    assert.equal(await memo.find('beispielstadt'), first, 'the same copy, not a new read');
    await sql`update tenants set phone = '09999 777' where id = ${tenant.id}`.execute(t.platform.db);
    const changed = await memo.find('beispielstadt');
    assert.notEqual(changed, first);
    assert.equal(changed?.tenant.phone, '09999 777');
    assert.equal(await memo.find('gibt-es-nicht'), undefined);
  });

  test('unknown service slugs answer 404 and take no place in the page cache', async () => {
    await page();
    const before = cachedPageCount();
    for (let i = 0; i < 30; i++) {
      const res = await t.app.inject(`/beispielstadt/leistungen/scanner-${i}`);
      assert.equal(res.statusCode, 404);
    }
    assert.equal(cachedPageCount(), before);
    assert.equal((await t.app.inject('/beispielstadt/leistungen/scanner-0')).statusCode, 404);
  });

  test('a service covered by an appointment offer links to its booking, kept current', async () => {
    const ausweis = '/beispielstadt/leistungen/personalausweis-beantragen';
    assert.doesNotMatch(await page(ausweis), /Termin buchen/);
    const offer = await createOffer(t.platform, tenant.id);
    const body = await page(ausweis);
    assert.match(
      body,
      /<a class="kern-btn[^"]*" href="\/beispielstadt\/termine\?leistung=personalausweis-beantragen"><span class="kern-label">Termin buchen</,
    );
    assert.match(body, /99088001001000/, 'the demo LeiKa key');
    assert.doesNotMatch(await page(), /Termin buchen/, 'a service no offer covers has no link');
    await sql`update appointment_offers set active = false where id = ${offer.id}`.execute(t.platform.db);
    assert.doesNotMatch(await page(ausweis), /Termin buchen/, 'the cached page follows the offers');
    await sql`update appointment_offers set active = true where id = ${offer.id}`.execute(t.platform.db);
    assert.match(await page(ausweis), /Termin buchen/);
  });

  test('the booking link preselects the only offer for the service', async () => {
    const res = await t.app.inject('/beispielstadt/termine?leistung=personalausweis-beantragen');
    assert.equal(res.statusCode, 303);
    assert.match(res.headers.location as string, /^\/beispielstadt\/termine\/angebot\/[0-9a-f-]{36}$/);
    const offers = await t.app.inject('/beispielstadt/termine');
    assert.equal(offers.statusCode, 200, 'without a service: the list of offers');
  });

  test('a change committed in a transaction of this process shows on the next request', async () => {
    await page();
    await t.platform.db.transaction().execute(async (tx) => {
      await sql`update catalog_services set title = 'Reisepass (Transaktion)' where tenant_id = ${tenant.id} and slug = 'reisepass-beantragen'`.execute(
        tx,
      );
    });
    assert.equal(h1(await page()), 'Reisepass (Transaktion)');
  });
});

describe(`another app process changes the catalog (${engineUnderTest})`, {
  skip: engineUnderTest !== 'postgres' && 'nur PostgreSQL',
}, () => {
  let t: TestApp;
  let tenant: Tenant;
  let other: Database;
  before(async () => {
    t = await createTestApp();
    tenant = (await createTenants(t.platform)).b;
    await seedCatalogDemo(t.platform, tenant, new Map());
    // Its own pool: nothing of this process sees these writes but the notifications.
    other = openPostgres(t.platform.database.pool?.options.connectionString as string, 2);
  });
  after(async () => {
    await other.close();
    await t.close();
  });

  const page = async () => {
    const res = await t.app.inject(PAGE);
    assert.equal(res.statusCode, 200);
    return res.body;
  };
  const retitle = (title: string) =>
    sql`update catalog_services set title = ${title} where tenant_id = ${tenant.id} and slug = 'reisepass-beantragen'`.execute(
      other.db,
    );

  test('an edit through another connection is visible once its notification is in', async () => {
    const memo = tenantMemoOf(t.platform);
    await page();
    await until('the memo listens', () => memo.active);
    assert.equal(h1(await page()), 'Reisepass beantragen');
    assert.equal(h1(await page()), 'Reisepass beantragen', 'served from memory');
    await retitle('Reisepass (anderer Prozess)');
    // Notifications arrive a moment after the commit; this waits for the ones committed so far.
    await memo.catchUp();
    assert.equal(h1(await page()), 'Reisepass (anderer Prozess)');
    await sql`update tenants set phone = '01234 5678' where id = ${tenant.id}`.execute(other.db);
    await memo.catchUp();
    assert.match(await page(), /01234 5678/);
  });

  test('while the LISTEN connection is lost nothing is served from memory', async () => {
    const memo = tenantMemoOf(t.platform);
    await until('the memo listens', () => memo.active);
    await page();
    await sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'rathaus-tenant-memo' and datname = current_database()`.execute(
      other.db,
    );
    await until('the memo notices the lost connection', () => !memo.active);
    // Changed while no notification can be heard: the next request must still see it.
    await retitle('Reisepass (ohne Benachrichtigung)');
    assert.equal(h1(await page()), 'Reisepass (ohne Benachrichtigung)');
    await until('the memo listens again', () => memo.active);
    await page();
    await retitle('Reisepass (wieder verbunden)');
    await memo.catchUp();
    assert.equal(h1(await page()), 'Reisepass (wieder verbunden)');
  });
});
