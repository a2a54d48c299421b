import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { seedCatalogDemo } from '../src/demo/catalog/seed.js';
import { publishMessage } from '../src/modules/channel/service.js';
import type { Tenant } from '../src/platform/tenancy/repo.js';
import { Browser, createCitizen, createStaff, loginCitizen } from './accounts-helpers.js';
import { seedTopics, testAlert } from './channel-helpers.js';
import { createTenants, createTestApp, type TestApp } from './helpers/app.js';
import { engineUnderTest } from './helpers/database.js';

const PAGE = '/beispielstadt/leistungen/reisepass-beantragen';

/**
 * Service pages are cached as HTML for visitors without a login. Whatever the page shows
 * must still be current: catalog and tenant data changed by any process (here: plain SQL,
 * as another app process would write it), a warning published here, and who is logged in.
 */
describe(`cached service pages stay current (${engineUnderTest})`, () => {
  let t: TestApp;
  let tenant: Tenant;
  before(async () => {
    t = await createTestApp();
    tenant = (await createTenants(t.platform)).b;
    await seedCatalogDemo(t.platform, tenant, new Map());
    await seedTopics(t.platform, tenant);
  });
  after(() => t.close());

  const page = async () => {
    const res = await t.app.inject(PAGE);
    assert.equal(res.statusCode, 200);
    return res.body;
  };

  test('a catalog change behind the app shows on the next request', async () => {
    assert.match(await page(), /<h1[^>]*>Reisepass beantragen<\/h1>/);
    assert.equal(await page(), await page(), 'the same page twice');
    await sql`update catalog_services set title = 'Reisepass neu beantragen' where tenant_id = ${tenant.id} and slug = 'reisepass-beantragen'`.execute(
      t.platform.db,
    );
    assert.match(await page(), /<h1[^>]*>Reisepass neu beantragen<\/h1>/);
    await sql`update catalog_services set status = 'draft' where tenant_id = ${tenant.id} and slug = 'reisepass-beantragen'`.execute(
      t.platform.db,
    );
    assert.equal((await t.app.inject(PAGE)).statusCode, 404);
    await sql`update catalog_services set status = 'published' where tenant_id = ${tenant.id} and slug = 'reisepass-beantragen'`.execute(
      t.platform.db,
    );
  });

  test('tenant data changed behind the app shows on the next request', async () => {
    await page();
    await sql`update tenants set phone = '09999 12345-0' where id = ${tenant.id}`.execute(t.platform.db);
    assert.match(await page(), /09999 12345-0/);
  });

  test('a warning published in this process stands on the cached page at once', async () => {
    assert.doesNotMatch(await page(), /Aktuelle Warnung/);
    const editor = await createStaff(t.platform, tenant, 'redaktion-cache@beispielstadt.example', 'editor');
    const published = await publishMessage(t.platform, tenant, editor.id, testAlert());
    assert.ok(published.ok);
    assert.match(await page(), /aria-label="Aktuelle Warnung"[\s\S]*Großbrand am Bahndamm/);
  });

  test('a logged-in citizen gets their own page, visitors never get it', async () => {
    await createCitizen(t.platform, tenant, 'erika-cache@example.org');
    const citizen = new Browser(t.app);
    await loginCitizen(citizen, 'beispielstadt', 'erika-cache@example.org');
    const own = await citizen.get(PAGE);
    assert.equal(own.statusCode, 200);
    assert.match(own.body, />\s*Mein Konto\s*</);
    const visitor = await page();
    assert.doesNotMatch(visitor, /Mein Konto/);
    assert.match(visitor, />\s*Anmelden\s*</);
  });
});
