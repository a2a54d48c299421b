import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { modules } from '../src/app.js';
import { seedDemo } from '../src/demo/seed.js';
import { searchServices } from '../src/modules/catalog/index.js';
import { findTenantBySlug } from '../src/platform/tenancy/repo.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { engineUnderTest } from './helpers/database.js';

interface QualityCase {
  tenant: string;
  query: string;
  /** Slug of the service that must be among the first three results. */
  expect: string;
  kind: string;
}

const cases: QualityCase[] = JSON.parse(readFileSync(new URL('./fixtures/search-quality.json', import.meta.url), 'utf8'));
const REQUIRED_HIT_RATE = 0.9;

describe(`search quality on the demo catalog (${engineUnderTest})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    await seedDemo(
      t.platform,
      modules.flatMap((m) => (m.seedDemo ? [m.seedDemo] : [])),
    );
  });
  after(() => t.close());

  test('the quality set is large enough and names existing demo services', async () => {
    assert.ok(cases.length >= 40, `only ${cases.length} queries`);
    for (const c of cases) {
      const tenant = await findTenantBySlug(t.platform.db, c.tenant);
      assert.ok(tenant, `unknown tenant ${c.tenant}`);
      const all = await searchServices(t.platform.db, tenant.id, '', { pageSize: 100 });
      assert.ok(
        all.items.some((i) => i.slug === c.expect),
        `${c.tenant} has no service ${c.expect}`,
      );
    }
  });

  test(`at least ${REQUIRED_HIT_RATE * 100} % of the queries find their service in the top 3`, async () => {
    const misses: string[] = [];
    for (const c of cases) {
      const tenant = (await findTenantBySlug(t.platform.db, c.tenant))!;
      const result = await searchServices(t.platform.db, tenant.id, c.query, { pageSize: 3 });
      const top = result.items.map((i) => i.slug);
      if (!top.includes(c.expect))
        misses.push(`  „${c.query}“ (${c.tenant}, ${c.kind}): erwartet ${c.expect}, gefunden ${top.join(', ') || '–'}`);
    }
    const rate = (cases.length - misses.length) / cases.length;
    console.log(
      `Suchqualität (${engineUnderTest}): ${cases.length - misses.length}/${cases.length} = ${(rate * 100).toFixed(1)} % Top-3-Treffer`,
    );
    if (misses.length > 0) console.log(`Verfehlt:\n${misses.join('\n')}`);
    assert.ok(rate >= REQUIRED_HIT_RATE, `hit rate ${(rate * 100).toFixed(1)} % below ${REQUIRED_HIT_RATE * 100} %`);
  });
});
