import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser, createStaff, csrfIn, loginStaff, textOf } from './accounts-helpers.js';
import { createTenants, createTestApp, type TestApp } from './helpers/app.js';
import { engineUnderTest } from './helpers/database.js';

describe(`back office for news and pages (${engineUnderTest})`, () => {
  let t: TestApp;
  let editor: Browser;
  before(async () => {
    t = await createTestApp();
    const { a } = await createTenants(t.platform);
    await createStaff(t.platform, a, 'redaktion@lra-musterkreis.example', 'editor');
    await createStaff(t.platform, a, 'sachbearbeitung@lra-musterkreis.example', 'clerk');
    editor = new Browser(t.app);
    await loginStaff(editor, 'musterkreis', 'redaktion@lra-musterkreis.example');
  });
  after(() => t.close());

  test('the navigation offers Aktuelles and Seiten to editors, not to clerks', async () => {
    const home = await editor.get('/musterkreis/verwaltung');
    assert.match(home.body, /href="\/musterkreis\/verwaltung\/aktuelles"[^>]*>Aktuelles</);
    assert.match(home.body, /href="\/musterkreis\/verwaltung\/seiten"[^>]*>Seiten</);
    const clerk = new Browser(t.app, '203.0.113.20');
    await loginStaff(clerk, 'musterkreis', 'sachbearbeitung@lra-musterkreis.example');
    assert.doesNotMatch((await clerk.get('/musterkreis/verwaltung')).body, /verwaltung\/aktuelles/);
    assert.equal((await clerk.get('/musterkreis/verwaltung/aktuelles')).statusCode, 404);
    const anonymous = await t.app.inject('/musterkreis/verwaltung/aktuelles/neu');
    assert.equal(anonymous.statusCode, 303);
    assert.match(String(anonymous.headers.location), /\/musterkreis\/verwaltung\/anmelden/);
  });

  test('creating news validates, keeps the values, then saves a draft that only publishing makes public', async () => {
    const bad = await editor.submit('/musterkreis/verwaltung/aktuelles/neu', '/musterkreis/verwaltung/aktuelles/neu', {
      title: 'Neue Sprechzeiten im Jugendamt',
      slug: 'Ungültig mit Leerzeichen',
      teaser: '',
      body: 'Ab **März** gelten neue Zeiten.',
    });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /Bitte prüfen Sie Ihre Angaben/);
    assert.match(bad.body, /Bitte geben Sie einen Vorspann ein/);
    assert.match(bad.body, /Die Adresse darf nur Kleinbuchstaben/);
    assert.match(bad.body, /value="Neue Sprechzeiten im Jugendamt"/);
    assert.match(bad.body, /Ab \*\*März\*\* gelten neue Zeiten\.<\/textarea>/);

    const created = await editor.post('/musterkreis/verwaltung/aktuelles/neu', {
      _csrf: csrfIn(bad.body),
      title: 'Neue Sprechzeiten im Jugendamt',
      slug: '',
      teaser: 'Das Jugendamt ist künftig auch dienstags nachmittags erreichbar.',
      body: 'Ab **März** gelten neue Zeiten.',
    });
    assert.equal(created.statusCode, 303, textOf(created.body));
    const editUrl = String(created.headers.location);
    assert.match(editUrl, /^\/musterkreis\/verwaltung\/aktuelles\/[0-9a-f-]{36}\?hinweis=angelegt$/);

    const publicUrl = '/musterkreis/aktuelles/neue-sprechzeiten-im-jugendamt';
    assert.equal((await t.app.inject(publicUrl)).statusCode, 404);
    assert.doesNotMatch((await t.app.inject('/musterkreis/feeds/news.atom')).body, /Jugendamt/);

    const page = await editor.get(editUrl);
    assert.match(page.body, /als Entwurf gespeichert/);
    const itemUrl = editUrl.split('?')[0];
    const published = await editor.post(`${itemUrl}/veroeffentlichen`, { _csrf: csrfIn(page.body) });
    assert.equal(published.statusCode, 303);
    const article = await t.app.inject(publicUrl);
    assert.equal(article.statusCode, 200);
    assert.match(article.body, /<strong>März<\/strong>/);
    assert.match((await t.app.inject('/musterkreis/aktuelles')).body, /Neue Sprechzeiten im Jugendamt/);
    assert.equal(((await t.app.inject('/musterkreis/feeds/news.atom')).body.match(/<entry>/g) ?? []).length, 1);

    // A second item may not take the same address.
    const duplicate = await editor.submit('/musterkreis/verwaltung/aktuelles/neu', '/musterkreis/verwaltung/aktuelles/neu', {
      title: 'Neue Sprechzeiten im Jugendamt',
      slug: '',
      teaser: 'Doppelt',
      body: 'Doppelt',
    });
    assert.equal(duplicate.statusCode, 422);
    assert.match(duplicate.body, /Diese Adresse hat bereits eine andere Meldung/);

    const unpublished = await editor.post(`${itemUrl}/zurueckziehen`, { _csrf: csrfIn(page.body) });
    assert.equal(unpublished.statusCode, 303);
    assert.equal((await t.app.inject(publicUrl)).statusCode, 404);
  });

  test('editing a page replaces the default text; invalid input keeps the values', async () => {
    const form = await editor.get('/musterkreis/verwaltung/seiten/impressum');
    assert.equal(form.statusCode, 200);
    const bad = await editor.post('/musterkreis/verwaltung/seiten/impressum', {
      _csrf: csrfIn(form.body),
      title: '',
      body: 'Herausgeber: Landratsamt',
    });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /Bitte geben Sie einen Titel ein/);
    assert.match(bad.body, /Herausgeber: Landratsamt<\/textarea>/);
    const ok = await editor.post('/musterkreis/verwaltung/seiten/impressum', {
      _csrf: csrfIn(form.body),
      title: 'Impressum',
      body: '## Herausgeber\n\nLandratsamt Musterkreis, vertreten durch den Landrat.',
    });
    assert.equal(ok.statusCode, 303);
    const publicPage = await t.app.inject('/musterkreis/seite/impressum');
    assert.match(publicPage.body, /<h2>Herausgeber<\/h2>/);
    assert.match(publicPage.body, /vertreten durch den Landrat/);
    assert.equal((await editor.get('/musterkreis/verwaltung/seiten/gibt-es-nicht')).statusCode, 404);
  });
});
