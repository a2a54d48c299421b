import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { publishProcedureVersion } from '../src/modules/forms/service.js';
import { Browser, csrfIn, mailsTo, textOf } from './accounts-helpers.js';
import { familyProcedure, openResumeLink } from './forms-helpers.js';
import { createTenants, createTestApp, type TestApp } from './helpers/app.js';
import { engineUnderTest } from './helpers/database.js';

const base = '/musterkreis/antrag/familienhilfe';
const LINK = /http:\/\/localhost:3000(\/musterkreis\/antrag\/familienhilfe\/fortsetzen\?schluessel=[A-Za-z0-9_-]+)/;

/**
 * Whoever holds a draft may mail links to it to any address (up to five a day). Once one
 * link is opened, the draft's other links must stop working: otherwise someone who started
 * a draft, mailed one link to a victim and one to himself could later read everything the
 * victim typed into it.
 */
describe(`review: resume links of one draft (${engineUnderTest})`, () => {
  let t: TestApp;

  before(async () => {
    t = await createTestApp();
    const { a } = await createTenants(t.platform);
    assert.ok((await publishProcedureVersion(t.platform.db, a.id, familyProcedure())).ok);
  });
  after(() => t.close());

  async function mailLink(browser: Browser, email: string) {
    const page = await browser.get(`${base}/entwurf-speichern?seite=1`);
    assert.equal(page.statusCode, 200);
    const sent = await browser.post(`${base}/entwurf-speichern`, { _csrf: csrfIn(page.body), email, seite: '1' });
    assert.equal(sent.statusCode, 303, textOf(sent.body));
    const [mail] = await mailsTo(t.platform, email);
    const match = LINK.exec(mail?.text ?? '');
    assert.ok(match, `no link mailed to ${email}`);
    return match[1];
  }

  it('opening one link ends the other links of the draft; the opened one keeps working', async () => {
    const starter = new Browser(t.app, '203.0.113.81');
    const saved = await starter.submit(`${base}/schritt/1`, `${base}/schritt/1`, { name: 'Vorbelegt', _aktion: 'speichern' });
    assert.equal(saved.statusCode, 303, textOf(saved.body));
    const own = await mailLink(starter, 'starter@example.org');
    const victimsLink = await mailLink(starter, 'opfer@example.org');

    const victim = new Browser(t.app, '198.51.100.81');
    const opened = await openResumeLink(victim, victimsLink);
    assert.equal(opened.statusCode, 303);
    const step = await victim.get(opened.headers.location as string);
    const typed = await victim.post(`${base}/schritt/1`, {
      _csrf: csrfIn(step.body),
      name: 'Erika Geheim',
      email: 'opfer@example.org',
      _aktion: 'speichern',
    });
    assert.equal(typed.statusCode, 303, textOf(typed.body));

    const later = new Browser(t.app, '203.0.113.82');
    const refused = await later.get(own);
    assert.equal(refused.statusCode, 404, 'the other link is dead');
    assert.match(textOf(refused.body), /Dieser Link zu einem Entwurf ist ungültig/);
    assert.doesNotMatch(textOf((await later.get(`${base}/schritt/1`)).body), /Erika Geheim/);

    // The victim's own link still reopens the draft (e.g. on a second device).
    const again = new Browser(t.app, '198.51.100.82');
    const reopened = await openResumeLink(again, victimsLink);
    assert.equal(reopened.statusCode, 303);
    assert.ok((await again.get(reopened.headers.location as string)).body.includes('value="Erika Geheim"'));
  });

  it('a mail scanner opening the link (GET) moves nothing: the citizen keeps working in the first browser', async () => {
    const citizen = new Browser(t.app, '203.0.113.91');
    const saved = await citizen.submit(`${base}/schritt/1`, `${base}/schritt/1`, { name: 'Max Weiter', _aktion: 'speichern' });
    assert.equal(saved.statusCode, 303, textOf(saved.body));
    const link = await mailLink(citizen, 'max@example.org');

    const scanner = new Browser(t.app, '192.0.2.10');
    const scanned = await scanner.get(link);
    assert.equal(scanned.statusCode, 200);
    assert.doesNotMatch(String(scanned.headers['set-cookie'] ?? ''), /rathaus_antrag/, 'no draft cookie for the scanner');
    assert.ok((await citizen.get(`${base}/schritt/1`)).body.includes('value="Max Weiter"'), 'still open for the citizen');
    // The link still works for the citizen afterwards.
    const opened = await openResumeLink(new Browser(t.app, '198.51.100.91'), link);
    assert.equal(opened.statusCode, 303);
  });
});
