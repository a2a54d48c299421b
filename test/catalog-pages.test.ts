import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { seedCatalogDemo } from '../src/demo/catalog/seed.js';
import { createTenants, createTestApp, type TestApp } from './helpers/app.js';
import { engineUnderTest } from './helpers/database.js';

const h1Count = (html: string) => (html.match(/<h1[\s>]/g) ?? []).length;
/** Inline scripts other than JSON-LD data, and style attributes, break the strict CSP. */
const assertCspFriendly = (html: string) => {
  assert.doesNotMatch(html, /<script(?![^>]*(src=|type="application\/ld\+json"))[^>]*>/);
  assert.doesNotMatch(html, /\sstyle="/);
};

describe(`catalog pages and API (${engineUnderTest})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    const { a, b } = await createTenants(t.platform);
    await seedCatalogDemo(t.platform, a, new Map());
    await seedCatalogDemo(t.platform, b, new Map());
  });
  after(() => t.close());

  test('service page shows summary, documents, fees, contacts with hours and the online button', async () => {
    const res = await t.app.inject('/beispielstadt/leistungen/wohnsitz-anmelden');
    assert.equal(res.statusCode, 200);
    const html = res.body;
    assert.equal(h1Count(html), 1);
    assert.match(html, /<h1[^>]*>Wohnsitz anmelden<\/h1>/);
    assert.match(html, /<h2[^>]*>Unterlagen<\/h2>/);
    assert.match(html, /<li>Wohnungsgeberbestätigung des Vermieters<\/li>/);
    assert.match(html, /Gebühren/);
    assert.match(html, /Bearbeitungsdauer/);
    assert.match(html, /Rechtsgrundlage/);
    assert.match(html, /Ansprechpartner/);
    assert.match(html, /Frau Monika Bauer/);
    assert.match(html, /Sprechzeiten/);
    assert.match(html, /<dt>Dienstag<\/dt><dd>08:00–12:00 Uhr, 14:00–18:00 Uhr<\/dd>/);
    assert.match(html, /href="https:\/\/onlinedienste\.freistaat-muster\.example\/wohnsitz-anmelden"[^>]*>.*Online beantragen/s);
    assertCspFriendly(html);
  });

  test('an external online service links to the portal; an offline one has no button', async () => {
    const ext = await t.app.inject('/musterkreis/leistungen/wunschkennzeichen-reservieren');
    assert.match(ext.body, /<a class="kern-btn kern-btn--primary" href="https:\/\/wkz\.musterkreis\.example" rel="noopener">/);
    const offline = await t.app.inject('/beispielstadt/leistungen/personalausweis-beantragen');
    assert.equal(offline.statusCode, 200);
    assert.doesNotMatch(offline.body, /Online beantragen/);
  });

  test('the service page carries valid GovernmentService JSON-LD', async () => {
    const res = await t.app.inject('/musterkreis/leistungen/wohngeld-beantragen');
    const match = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(res.body);
    assert.ok(match, 'no JSON-LD');
    const data = JSON.parse(match[1]);
    assert.equal(data['@context'], 'https://schema.org');
    assert.equal(data['@type'], 'GovernmentService');
    assert.equal(data.name, 'Wohngeld beantragen');
    assert.equal(data.provider.name, 'Landkreis Musterkreis');
    assert.equal(data.availableChannel.serviceUrl, 'https://onlinedienste.freistaat-muster.example/wohngeld');
    assert.doesNotMatch(match[1], /</);
  });

  test('an unknown service is a 404 page that offers the search', async () => {
    for (const url of [
      '/musterkreis/leistungen/gibt-es-nicht',
      '/musterkreis/leistungen/%3Cscript%3E',
      '/musterkreis/lebenslagen/nirgendwo',
    ]) {
      const res = await t.app.inject(url);
      assert.equal(res.statusCode, 404, url);
      assert.match(res.body, /<form method="get" action="\/musterkreis\/suche"/);
      assert.match(res.body, /<label class="kern-label" for="suche-q">/);
      assert.doesNotMatch(res.body, /<script>/);
    }
  });

  test('the A–Z list groups services by letter with a jump bar', async () => {
    const res = await t.app.inject('/beispielstadt/leistungen');
    assert.equal(res.statusCode, 200);
    assert.equal(h1Count(res.body), 1);
    assert.match(res.body, /<h2 id="buchstabe-w"[^>]*>W<\/h2>/);
    assert.match(res.body, /href="#buchstabe-p"/);
    const p = res.body.indexOf('id="buchstabe-p"');
    const r = res.body.indexOf('id="buchstabe-r"');
    const perso = res.body.indexOf('>Personalausweis beantragen<');
    assert.ok(p < perso && perso < r, 'Personalausweis is not under P');
    // Übermittlungssperre sorts under U, not after Z.
    assert.ok(res.body.indexOf('Übermittlungssperre') > res.body.indexOf('id="buchstabe-u"'));
    assertCspFriendly(res.body);
  });

  test('Lebenslagen tree and a Lebenslage page with its services', async () => {
    const tree = await t.app.inject('/beispielstadt/lebenslagen');
    assert.equal(tree.statusCode, 200);
    assert.match(tree.body, /href="\/beispielstadt\/lebenslagen\/umzug"/);
    assert.match(tree.body, /href="\/beispielstadt\/lebenslagen\/wohnsitz-melden"/);
    const umzug = await t.app.inject('/beispielstadt/lebenslagen/umzug');
    assert.equal(umzug.statusCode, 200);
    assert.equal(h1Count(umzug.body), 1);
    assert.match(umzug.body, /href="\/beispielstadt\/leistungen\/wohnsitz-anmelden"/);
  });

  test('the search page works without JavaScript, highlights safely and offers "Meinten Sie"', async () => {
    const res = await t.app.inject('/beispielstadt/suche?q=perso');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Treffer für „perso“/);
    assert.match(res.body, /href="\/beispielstadt\/leistungen\/personalausweis-beantragen"/);
    assert.match(res.body, /<mark>/);
    assertCspFriendly(res.body);

    const xss = await t.app.inject(`/beispielstadt/suche?q=${encodeURIComponent('<img src=x onerror=alert(1)> Hund')}`);
    assert.equal(xss.statusCode, 200);
    assert.doesNotMatch(xss.body, /<img src=x/);
    assert.match(xss.body, /&lt;img src=x/);

    const huge = await t.app.inject(`/beispielstadt/suche?q=${'Reisepass%20'.repeat(1000)}`);
    assert.equal(huge.statusCode, 200);
    assert.match(huge.body, /reisepass-beantragen/);

    const typo = await t.app.inject('/musterkreis/suche?q=Jagdscheinverlaengerungsantragx');
    assert.equal(typo.statusCode, 200);
    assert.match(typo.body, /Jagdschein|Meinten Sie|Keine Treffer/);

    const empty = await t.app.inject('/beispielstadt/suche?q=&page=abc&online=1&q=');
    assert.equal(empty.statusCode, 200);
    assert.equal(h1Count(empty.body), 1);
  });

  test('typeahead suggestions as JSON', async () => {
    const res = await t.app.inject('/beispielstadt/suche/vorschlaege?q=Reisep');
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().items[0].url, '/beispielstadt/leistungen/reisepass-beantragen');
    const search = await t.app.inject('/beispielstadt/suche');
    assert.match(search.body, /<script src="\/assets\/catalog-suggest.js" defer>/);
    const script = await t.app.inject('/assets/catalog-suggest.js');
    assert.equal(script.statusCode, 200);
    assert.match(script.headers['content-type'] as string, /javascript/);
  });

  test('API: service list shape, filters and paging', async () => {
    const res = await t.app.inject('/api/v1/musterkreis/services?q=Kfz&online=true');
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(typeof body.total, 'number');
    assert.ok(body.items.length > 0);
    for (const item of body.items) {
      assert.deepEqual(Object.keys(item).sort(), ['lebenslagen', 'online', 'onlineUrl', 'slug', 'summary', 'title']);
      assert.equal(item.online, true);
      assert.ok(Array.isArray(item.lebenslagen));
    }
    const all = (await t.app.inject('/api/v1/musterkreis/services')).json();
    assert.ok(all.total >= 80);
    assert.equal(all.items.length, 20);
    const page2 = (await t.app.inject('/api/v1/musterkreis/services?page=2')).json();
    assert.notEqual(page2.items[0].slug, all.items[0].slug);
    const byLage = (await t.app.inject('/api/v1/beispielstadt/services?lebenslage=umzug')).json();
    assert.ok(
      byLage.items.some(
        (i: { slug: string; lebenslagen: string[] }) =>
          i.slug === 'wohnsitz-anmelden' && i.lebenslagen.includes('wohnsitz-melden'),
      ),
    );
  });

  test('API: bad parameters answer 400 in the error shape', async () => {
    for (const qs of ['page=0', 'page=abc', 'online=vielleicht', 'lebenslage=%3Cx%3E']) {
      const res = await t.app.inject(`/api/v1/musterkreis/services?${qs}`);
      assert.equal(res.statusCode, 400, qs);
      assert.equal(res.json().error.code, 'bad_request');
      assert.equal(typeof res.json().error.message, 'string');
    }
    const long = await t.app.inject(`/api/v1/musterkreis/services?q=${'x'.repeat(10000)}`);
    assert.equal(long.statusCode, 200);
  });

  test('API: one service with all fields, unknown slug 404, Lebenslagen tree', async () => {
    const res = await t.app.inject('/api/v1/beispielstadt/services/wohnsitz-anmelden');
    assert.equal(res.statusCode, 200);
    const s = res.json();
    assert.equal(s.title, 'Wohnsitz anmelden');
    assert.ok(s.documents.includes('Wohnungsgeberbestätigung des Vermieters'));
    assert.equal(s.online, true);
    assert.equal(s.onlineUrl, 'https://onlinedienste.freistaat-muster.example/wohnsitz-anmelden');
    assert.equal(s.contacts[0].name, 'Frau Monika Bauer');
    assert.ok(s.contacts[0].consultationHours.length > 0);
    assert.equal(s.locations[0].city, 'Beispielstadt');
    assert.ok(s.lebenslagen.some((l: { slug: string }) => l.slug === 'wohnsitz-melden'));
    const missing = await t.app.inject('/api/v1/beispielstadt/services/gibt-es-nicht');
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.code, 'not_found');
    const lagen = (await t.app.inject('/api/v1/beispielstadt/lebenslagen')).json();
    assert.ok(lagen.items.length >= 12);
    assert.ok(lagen.items.find((l: { slug: string }) => l.slug === 'umzug').children.length > 0);
  });

  test('the API appears in the OpenAPI description', async () => {
    const doc = (await t.app.inject('/api/v1/openapi.json')).json();
    assert.ok(doc.paths['/api/v1/{tenant}/services']);
    assert.ok(doc.paths['/api/v1/{tenant}/services/{slug}']);
    assert.ok(doc.paths['/api/v1/{tenant}/lebenslagen']);
  });

  test('tenant isolation: Beispielstadt services do not exist below Musterkreis', async () => {
    assert.equal((await t.app.inject('/musterkreis/leistungen/wohnsitz-anmelden')).statusCode, 404);
    assert.equal((await t.app.inject('/api/v1/musterkreis/services/wohnsitz-anmelden')).statusCode, 404);
    const search = (await t.app.inject('/api/v1/musterkreis/services?q=Wohnsitz%20anmelden')).json();
    assert.ok(!search.items.some((i: { slug: string }) => i.slug === 'wohnsitz-anmelden'));
    const page = await t.app.inject('/musterkreis/suche?q=Hundesteuer%20anmelden');
    assert.doesNotMatch(page.body, /\/leistungen\/hundesteuer-anmelden/);
  });
});
