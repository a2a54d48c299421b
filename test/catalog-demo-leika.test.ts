import assert from 'node:assert/strict';
import { test } from 'node:test';
import { demoCatalogBundle } from '../src/demo/catalog/seed.js';

test('every demo service has its own 14-digit LeiKa key', () => {
  for (const tenant of ['musterkreis', 'beispielstadt']) {
    const services = demoCatalogBundle(tenant, new Map())?.services ?? [];
    assert.ok(services.length > 40, tenant);
    for (const s of services) assert.match(s.leikaKey ?? '', /^99\d{12}$/, `${tenant}: ${s.title}`);
    assert.equal(new Set(services.map((s) => s.leikaKey)).size, services.length, `${tenant}: keys are unique`);
  }
  const ausweis = demoCatalogBundle('beispielstadt', new Map())?.services.find((s) => s.slug === 'personalausweis-beantragen');
  assert.equal(ausweis?.leikaKey, '99088001001000');
});
