import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { seedCatalogDemo } from '../src/demo/catalog/seed.js';
import { searchServices, suggestServices } from '../src/modules/catalog/index.js';
import { foldText } from '../src/modules/catalog/search-query.js';
import { insertDepartment } from '../src/platform/tenancy/repo.js';
import { createTenants, createTestApp, type TestApp } from './helpers/app.js';
import { engineUnderTest } from './helpers/database.js';

describe(`catalog search (${engineUnderTest})`, () => {
  let t: TestApp;
  let mk: string;
  let bs: string;
  const slugs = async (tenantId: string, q: string, n = 3) =>
    (await searchServices(t.platform.db, tenantId, q)).items.slice(0, n).map((i) => i.slug);

  before(async () => {
    t = await createTestApp();
    const { a, b } = await createTenants(t.platform);
    mk = a.id;
    bs = b.id;
    const deps = new Map([
      ['Einwohnermeldeamt', (await insertDepartment(t.platform.db, b.id, { name: 'Einwohnermeldeamt' })).id],
    ]);
    await seedCatalogDemo(t.platform, a, new Map());
    await seedCatalogDemo(t.platform, b, deps);
  });
  after(() => t.close());

  test('German stemming: "Anmeldungen" finds services about "anmelden"', async () => {
    assert.ok((await slugs(bs, 'Anmeldungen Wohnung')).includes('wohnsitz-anmelden'));
    const result = await searchServices(t.platform.db, bs, 'Anmeldungen');
    assert.ok(result.items.some((i) => i.slug === 'wohnsitz-anmelden'));
  });

  test('typos are tolerated: "Fuhrerschien", "Reisepas", "Baugenemigung"', async () => {
    assert.match((await slugs(mk, 'Fuhrerschien')).join(' '), /fuehrerschein/);
    assert.ok((await slugs(bs, 'Reisepas')).includes('reisepass-beantragen'));
    assert.ok((await slugs(mk, 'Baugenemigung')).includes('baugenehmigung-beantragen'));
  });

  test('umlaut and ß spellings: "Fuehrerschein", "Fuhrerschein", "Strasse"', async () => {
    for (const q of ['Fuehrerschein', 'Fuhrerschein', 'Führerschein']) {
      assert.match((await slugs(mk, q)).join(' '), /fuehrerschein/, q);
    }
    assert.ok((await slugs(bs, 'Strasse Container')).includes('sondernutzung-oeffentlicher-strassen'));
    assert.ok((await slugs(bs, 'Straße Container')).includes('sondernutzung-oeffentlicher-strassen'));
  });

  test('synonyms expand the query: Perso, ummelden, Kfz, Knöllchen', async () => {
    assert.equal((await slugs(bs, 'Perso', 1))[0], 'personalausweis-beantragen');
    assert.ok((await slugs(bs, 'ummelden')).includes('wohnsitz-anmelden'));
    assert.match((await slugs(mk, 'Kfz')).join(' '), /fahrzeug/);
    assert.ok((await slugs(bs, 'Knöllchen')).includes('verwarnungsgeld-wegen-falschparken'));
  });

  test('title hits rank before description hits, and snippets mark the match safely', async () => {
    const result = await searchServices(t.platform.db, mk, 'Wohngeld', { snippets: true });
    assert.equal(result.items[0].slug, 'wohngeld-beantragen');
    assert.match(result.items[0].snippetHtml ?? '', /<mark>Wohngeld<\/mark>/);
  });

  test('an empty query lists everything A–Z; an unknown word offers "Meinten Sie"', async () => {
    const all = await searchServices(t.platform.db, bs, '   ');
    assert.ok(all.total >= 40);
    // Umlauts sort with their base letter (Übermittlungssperre under U), the same on both engines.
    const folded = all.items.map((i) => foldText(i.title));
    assert.deepEqual(folded, [...folded].sort());
    const none = await searchServices(t.platform.db, mk, 'Zulassungsstellle Motorrädchen qqq');
    assert.ok(none.total > 0 || none.didYouMean, 'neither results nor a suggestion');
    const nothing = await searchServices(t.platform.db, mk, 'xqzwv');
    assert.equal(nothing.total, 0);
  });

  test('a 10,000-character query, SQL and HTML give answers, not errors', async () => {
    const long = await searchServices(t.platform.db, mk, 'Führerschein '.repeat(800));
    assert.ok(long.query.length <= 200);
    assert.match(long.items.map((i) => i.slug).join(' '), /fuehrerschein/);
    const sqlish = await searchServices(t.platform.db, mk, "'; drop table catalog_services; -- ) & | ! :* \\");
    assert.equal(typeof sqlish.total, 'number');
    assert.ok((await searchServices(t.platform.db, mk, '')).total >= 80, 'the table is still there');
    const html = await searchServices(t.platform.db, mk, '<script>alert(1)</script> Wohngeld', { snippets: true });
    for (const item of html.items) assert.doesNotMatch(item.snippetHtml ?? '', /<script/i);
    const weird = await searchServices(t.platform.db, mk, '\u0000\u0001\u0002 :* & | ! ( )');
    assert.equal(typeof weird.total, 'number');
  });

  test('filters: online only and by Lebenslage (including its sub-entries)', async () => {
    const online = await searchServices(t.platform.db, mk, '', { online: true, pageSize: 100 });
    assert.ok(online.total >= 50, `only ${online.total} online services`);
    assert.ok(online.items.every((i) => i.online));
    const auto = await searchServices(t.platform.db, mk, '', { lebenslage: 'auto-verkehr', pageSize: 100 });
    assert.ok(auto.items.some((i) => i.slug === 'fahrzeug-zulassen-neuzulassung'));
    assert.ok(!auto.items.some((i) => i.slug === 'wohngeld-beantragen'));
  });

  test('suggestions for typeahead', async () => {
    const s = await suggestServices(t.platform.db, bs, 'Perso', 5);
    assert.equal(s[0].title, 'Personalausweis beantragen');
    assert.deepEqual(await suggestServices(t.platform.db, bs, 'P', 5), []);
  });

  test('tenant isolation: a Beispielstadt service is never found in Musterkreis', async () => {
    assert.ok(!(await slugs(mk, 'Hundesteuer anmelden', 20)).includes('hundesteuer-anmelden'));
    assert.ok(
      !(await searchServices(t.platform.db, mk, '', { pageSize: 100 })).items.some((i) => i.slug === 'wohnsitz-anmelden'),
    );
  });
});
