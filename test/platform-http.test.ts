import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTenants, createTestApp, type TestApp } from './helpers/app.js';
import { engineUnderTest } from './helpers/database.js';

describe(`HTTP platform (${engineUnderTest})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    await createTenants(t.platform);
  });
  after(() => t.close());

  test('GET /health names the engine and a reachable database', async () => {
    const res = await t.app.inject('/health');
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { status: 'ok', db: engineUnderTest });
  });

  test('GET /api/v1/tenants lists slug, name and type', async () => {
    const res = await t.app.inject('/api/v1/tenants');
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), [
      { slug: 'beispielstadt', name: 'Gemeinde Beispielstadt', type: 'gemeinde' },
      { slug: 'musterkreis', name: 'Landkreis Musterkreis', type: 'landkreis' },
    ]);
  });

  test('the tenant list and a tenant start page are German HTML with skip links and footer', async () => {
    const home = await t.app.inject('/');
    assert.equal(home.statusCode, 200);
    assert.match(home.body, /Landkreis Musterkreis/);
    const start = await t.app.inject('/musterkreis');
    assert.equal(start.statusCode, 200);
    assert.match(start.headers['content-type'] as string, /text\/html/);
    assert.match(start.body, /<html lang="de">/);
    assert.match(start.body, /href="#inhalt"[^>]*>Zum Inhalt springen/);
    for (const word of ['Kontakt', 'Öffnungszeiten', 'Impressum', 'Datenschutz', 'Barrierefreiheit']) {
      assert.ok(start.body.includes(word), `footer lacks ${word}`);
    }
  });

  test('an unknown tenant gets a German 404 page, an unknown API tenant a JSON 404', async () => {
    const page = await t.app.inject('/gibtsnicht');
    assert.equal(page.statusCode, 404);
    assert.match(page.body, /Seite nicht gefunden|nicht bekannt/);
    const api = await t.app.inject('/api/v1/gibtsnicht/irgendwas');
    assert.equal(api.statusCode, 404);
    assert.equal(api.json().error.code, 'not_found');
    assert.equal(typeof api.json().error.message, 'string');
  });

  test('unknown routes answer 404 in the shape of their area', async () => {
    const api = await t.app.inject('/api/v1/musterkreis/gibtsnicht');
    assert.equal(api.statusCode, 404);
    assert.deepEqual(Object.keys(api.json().error).sort(), ['code', 'message']);
    const page = await t.app.inject('/musterkreis/gibt/es/nicht');
    assert.equal(page.statusCode, 404);
    assert.match(page.headers['content-type'] as string, /text\/html/);
  });

  test('pages carry a strict Content-Security-Policy', async () => {
    const res = await t.app.inject('/musterkreis');
    const csp = res.headers['content-security-policy'] as string;
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline/);
  });

  test('malformed JSON is a 400 with a German message, never a stack trace', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/musterkreis/konto/anmelden',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": "a@b.de",',
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /kein gültiges JSON/);
    assert.doesNotMatch(res.body, /at .*\.ts:\d+|SyntaxError/);
  });

  test('a body over the limit is a 413', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/musterkreis/konto/anmelden',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `email=${'a'.repeat(t.config.bodyLimitBytes + 10)}`,
    });
    assert.equal(res.statusCode, 413);
    assert.match(res.body, /zu groß/);
  });

  test('the OpenAPI description is served', async () => {
    const res = await t.app.inject('/api/v1/openapi.json');
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().openapi, '3.1.0');
    assert.ok(res.json().paths['/api/v1/tenants']);
  });
});
