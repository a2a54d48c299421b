import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { modules } from '../src/app.js';
import { seedDemo } from '../src/demo/seed.js';
import { listBookableOffers } from '../src/modules/appointments/index.js';
import { serviceTitles } from '../src/modules/appointments/service.js';
import { findTenantBySlug } from '../src/platform/tenancy/repo.js';
import { createTestApp, type TestApp } from './helpers/app.js';

describe('appointments demo data', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    await seedDemo(
      t.platform,
      modules.flatMap((m) => (m.seedDemo ? [m.seedDemo] : [])),
    );
  });
  after(() => t.close());

  it('Musterkreis: Kfz-Zulassungsstelle with two locations and six counters, a virtual Sozialberatung', async () => {
    const tenant = await findTenantBySlug(t.platform.db, 'musterkreis');
    assert.ok(tenant);
    const offers = await listBookableOffers(t.platform.db, tenant.id);
    const kfz = offers.find((o) => o.title.startsWith('Kfz-Zulassungsstelle'));
    assert.equal(kfz?.locations.length, 2);
    assert.equal(
      kfz?.locations.reduce((n, l) => n + l.counters, 0),
      6,
    );
    assert.ok(offers.some((o) => o.title.startsWith('Führerscheinstelle')));
    assert.ok(offers.some((o) => o.title.startsWith('Ausländerbehörde')));
    assert.ok(offers.some((o) => o.virtual));
    for (const offer of offers) {
      for (const s of await serviceTitles(t.platform.db, tenant.id, offer))
        assert.ok(s.published, `Leistung ${s.slug} fehlt im Katalog`);
    }
    const page = await t.app.inject('/musterkreis/termine');
    assert.equal(page.statusCode, 200);
    assert.ok(!page.body.includes('video.musterkreis.example'));
  });

  it('Beispielstadt: Bürgerbüro with Personalausweis, Reisepass and Meldebescheinigung', async () => {
    const tenant = await findTenantBySlug(t.platform.db, 'beispielstadt');
    assert.ok(tenant);
    const offers = await listBookableOffers(t.platform.db, tenant.id);
    const slugs = new Set(offers.flatMap((o) => o.services.map((s) => s.slug)));
    for (const slug of ['personalausweis-beantragen', 'reisepass-beantragen', 'meldebescheinigung'])
      assert.ok(slugs.has(slug), slug);
    const pools = new Set(offers.flatMap((o) => o.locations.map((l) => l.poolId)));
    assert.equal(pools.size, 1, 'every Bürgerbüro offer draws on the same counters');
    for (const offer of offers) {
      for (const s of await serviceTitles(t.platform.db, tenant.id, offer))
        assert.ok(s.published, `Leistung ${s.slug} fehlt im Katalog`);
    }
  });
});
