import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { publishProcedureVersion } from '../src/modules/forms/service.js';
import type { Tenant } from '../src/platform/tenancy/repo.js';
import { Browser, createCitizen, csrfIn, loginCitizen, mailsTo, textOf } from './accounts-helpers.js';
import { familyProcedure, openResumeLink } from './forms-helpers.js';
import { createTenants, createTestApp, type TestApp } from './helpers/app.js';
import { engineUnderTest } from './helpers/database.js';

const base = '/musterkreis/antrag/familienhilfe';
const personPage = {
  name: 'Erika Mustermann',
  email: 'erika@example.org',
  'anschrift.street': 'Hauptstraße',
  'anschrift.number': '1',
  // Wrong on purpose: saving a draft keeps what was typed without judging it.
  'anschrift.postalCode': '123',
  'anschrift.city': 'Musterstadt',
  hatKinder: 'ja',
};
const LINK = /http:\/\/localhost:3000(\/musterkreis\/antrag\/([a-z-]+)\/fortsetzen\?schluessel=([A-Za-z0-9_-]+))/;

describe(`resuming an application by e-mail link (${engineUnderTest})`, () => {
  let t: TestApp;
  let a: Tenant;

  const links = () =>
    t.platform.db
      .withTables<{ forms_draft_links: { tenant_id: string; token_hash: string; expires_at: Date } }>()
      .selectFrom('forms_draft_links')
      .select(['token_hash', 'expires_at'])
      .where('tenant_id', '=', a.id)
      .execute();

  /** Fills page 1 and presses "Entwurf speichern"; returns the browser on the save page. */
  async function saveFirstPage(browser: Browser, slugBase = base, fields: Record<string, string> = personPage) {
    const saved = await browser.submit(`${slugBase}/schritt/1`, `${slugBase}/schritt/1`, { ...fields, _aktion: 'speichern' });
    assert.equal(saved.statusCode, 303, textOf(saved.body));
    assert.equal(saved.headers.location, `${slugBase}/entwurf-speichern?seite=1`);
    return saved;
  }

  async function requestLink(browser: Browser, email: string, slugBase = base) {
    const page = await browser.get(`${slugBase}/entwurf-speichern?seite=1`);
    assert.equal(page.statusCode, 200);
    return browser.post(`${slugBase}/entwurf-speichern`, { _csrf: csrfIn(page.body), email, seite: '1' });
  }

  async function linkSentTo(email: string) {
    const [mail] = await mailsTo(t.platform, email);
    assert.ok(mail, `no mail to ${email}`);
    const match = LINK.exec(mail.text);
    assert.ok(match, `no resume link in: ${mail.text}`);
    return { mail, path: match[1], token: match[3] };
  }

  before(async () => {
    t = await createTestApp();
    ({ a } = await createTenants(t.platform));
    assert.ok((await publishProcedureVersion(t.platform.db, a.id, familyProcedure())).ok);
  });
  after(() => t.close());

  test('without an account, "Entwurf speichern" mails a secret link that reopens the draft with every answer on another device', async () => {
    const first = new Browser(t.app, '203.0.113.40');
    assert.match(
      textOf((await first.get(base)).body),
      /Ohne Konto schicken wir Ihnen mit „Entwurf speichern“ einen Link per E-Mail/,
    );
    const step = await first.get(`${base}/schritt/1`);
    assert.match(textOf(step.body), /Weiter Entwurf speichern/);
    await saveFirstPage(first);

    const ask = await first.get(`${base}/entwurf-speichern?seite=1`);
    assert.equal(ask.statusCode, 200);
    assert.match(textOf(ask.body), /Entwurf speichern .*schicken wir Ihnen einen Link per E-Mail\. Er gilt 30 Tage/);
    assert.ok(ask.body.includes('value="erika@example.org"'), 'the e-mail answer is offered');

    const bad = await first.post(`${base}/entwurf-speichern`, { _csrf: csrfIn(ask.body), email: 'erika@', seite: '1' });
    assert.equal(bad.statusCode, 422);
    assert.match(textOf(bad.body), /Bitte prüfen Sie Ihre Angaben Bitte geben Sie eine gültige E-Mail-Adresse an/);
    assert.ok(bad.body.includes('href="#feld-email"'));
    assert.equal((await mailsTo(t.platform, 'erika@')).length, 0);

    const sent = await first.post(`${base}/entwurf-speichern`, {
      _csrf: csrfIn(ask.body),
      email: 'erika.link@example.org',
      seite: '1',
    });
    assert.equal(sent.statusCode, 303);
    assert.equal(sent.headers.location, `${base}/entwurf-speichern?seite=1&gesendet=1`);
    assert.match(
      textOf((await first.get(sent.headers.location as string)).body),
      /Wir haben Ihnen eine E-Mail mit einem Link zu Ihrem Entwurf geschickt/,
    );

    const { mail, path, token } = await linkSentTo('erika.link@example.org');
    assert.equal(mail.subject, 'Ihr gespeicherter Antrag: Familienhilfe beantragen');
    assert.match(mail.text, /Bitte geben Sie den Link nicht weiter/);
    // Only a hash is stored; the link lives 30 days.
    const [row] = await links();
    assert.notEqual(row.token_hash, token);
    assert.ok(!row.token_hash.includes(token));
    const days = (new Date(row.expires_at).getTime() - Date.now()) / 86_400_000;
    assert.ok(days > 29.9 && days <= 30, `expires in ${days} days`);

    // Another device: the link opens the draft where it was left, with every answer.
    const other = new Browser(t.app, '198.51.100.7');
    const opened = await openResumeLink(other, path);
    assert.equal(opened.statusCode, 303);
    assert.equal(opened.headers.location, `${base}/schritt/1?fortgesetzt=1`);
    const resumed = await other.get(opened.headers.location as string);
    assert.equal(resumed.statusCode, 200);
    assert.match(textOf(resumed.body), /Willkommen zurück: Ihr gespeicherter Entwurf ist geöffnet/);
    assert.ok(resumed.body.includes('value="Erika Mustermann"'));
    assert.ok(resumed.body.includes('value="123"'), 'the unchecked answer is kept too');
    const fixed = await other.post(`${base}/schritt/1`, {
      _csrf: csrfIn(resumed.body),
      ...personPage,
      'anschrift.postalCode': '12345',
      _aktion: 'weiter',
    });
    assert.equal(fixed.statusCode, 303, textOf(fixed.body));
    assert.equal(fixed.headers.location, `${base}/schritt/2`);

    // The draft moved: the first browser starts afresh.
    assert.match(textOf((await first.get(base)).body), /Antrag starten/);
    assert.match(textOf((await other.get(base)).body), /Antrag weiter ausfüllen/);
  });

  test('a tampered or expired link says so in German and opens nothing', async () => {
    const browser = new Browser(t.app, '203.0.113.41');
    await saveFirstPage(browser);
    assert.equal((await requestLink(browser, 'tamper@example.org')).statusCode, 303);
    const { path, token } = await linkSentTo('tamper@example.org');

    const stranger = new Browser(t.app, '198.51.100.8');
    const changed = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    const tampered = await stranger.get(path.replace(token, changed));
    assert.equal(tampered.statusCode, 404);
    assert.match(
      textOf(tampered.body),
      /Dieser Link zu einem Entwurf ist ungültig .*Bitte kopieren Sie ihn vollständig aus der E-Mail/,
    );
    assert.equal(stranger.cookie('rathaus_antrag'), undefined);
    assert.equal((await stranger.get(`${base}/fortsetzen`)).statusCode, 404);
    assert.equal((await stranger.get(`${base}/fortsetzen?schluessel=%3Cscript%3E`)).statusCode, 404);
    // The link belongs to this tenant's procedure only.
    assert.equal((await stranger.get(path.replace('/musterkreis/', '/beispielstadt/'))).statusCode, 404);

    await t.platform.db
      .withTables<{ forms_draft_links: { tenant_id: string; expires_at: Date } }>()
      .updateTable('forms_draft_links')
      .set({ expires_at: sql<Date>`now() - interval '1 minute'` })
      .where('tenant_id', '=', a.id)
      .execute();
    const expired = await stranger.get(path);
    assert.equal(expired.statusCode, 410);
    assert.match(textOf(expired.body), /Dieser Link zu einem Entwurf ist abgelaufen .*gelten 30 Tage/);
    assert.equal(stranger.cookie('rathaus_antrag'), undefined);
  });

  test('a draft saved before a new version was published opens with its answers and the notice', async () => {
    const slugBase = '/musterkreis/antrag/familienhilfe-neu';
    assert.ok((await publishProcedureVersion(t.platform.db, a.id, familyProcedure({ id: 'familienhilfe-neu' }))).ok);
    const browser = new Browser(t.app, '203.0.113.42');
    await saveFirstPage(browser, slugBase);
    assert.equal((await requestLink(browser, 'version@example.org', slugBase)).statusCode, 303);
    const { path } = await linkSentTo('version@example.org');

    const changed = familyProcedure({ id: 'familienhilfe-neu' });
    changed.pages[0].fields.push({ key: 'telefon', type: 'phone', label: 'Telefon' });
    assert.ok((await publishProcedureVersion(t.platform.db, a.id, changed)).ok);

    const other = new Browser(t.app, '198.51.100.9');
    const opened = await openResumeLink(other, path);
    assert.equal(opened.statusCode, 303);
    const page = await other.get(opened.headers.location as string);
    assert.equal(page.statusCode, 200);
    assert.match(
      textOf(page.body),
      /Dieses Verfahren wurde inzwischen aktualisiert\. Ihre bisherigen Antworten wurden übernommen/,
    );
    assert.ok(page.body.includes('value="Erika Mustermann"'));
    assert.ok(page.body.includes('name="telefon"'), 'the new question is asked');
  });

  test('with an account the draft is kept there and no mail is sent; links per draft are limited', async () => {
    const citizen = new Browser(t.app, '203.0.113.43');
    await createCitizen(t.platform, a, 'konto@example.org');
    await loginCitizen(citizen, 'musterkreis', 'konto@example.org');
    const saved = await citizen.submit(`${base}/schritt/1`, `${base}/schritt/1`, {
      ...personPage,
      email: 'konto@example.org',
      _aktion: 'speichern',
    });
    assert.equal(saved.statusCode, 303);
    const page = await citizen.get(saved.headers.location as string);
    assert.match(textOf(page.body), /Ihre Angaben zu „Familienhilfe beantragen“ sind in Ihrem Bürgerkonto gespeichert/);
    assert.ok(!page.body.includes('name="email"'), 'no address is asked');
    const form = await citizen.get(`${base}/schritt/1`);
    const posted = await citizen.post(`${base}/entwurf-speichern`, {
      _csrf: csrfIn(form.body),
      email: 'konto@example.org',
      seite: '1',
    });
    assert.equal(posted.statusCode, 303);
    assert.equal(
      (await mailsTo(t.platform, 'konto@example.org')).filter((m) => /gespeicherter Antrag/.test(m.subject)).length,
      0,
    );

    const anonymous = new Browser(t.app, '203.0.113.44');
    await saveFirstPage(anonymous);
    // Per draft: five a day, whatever the addresses.
    for (let i = 0; i < 5; i++) assert.equal((await requestLink(anonymous, `oft${i}@example.org`)).statusCode, 303);
    const sixth = await requestLink(anonymous, 'oft5@example.org');
    assert.equal(sixth.statusCode, 429);
    assert.match(textOf(sixth.body), /Es wurden schon mehrere Links verschickt/);
    assert.equal((await mailsTo(t.platform, 'oft5@example.org')).length, 0);

    // Per address: five an hour, whatever the drafts (no mail bombing through fresh drafts).
    for (let i = 0; i < 6; i++) {
      const someone = new Browser(t.app, `192.0.2.${10 + i}`);
      await saveFirstPage(someone);
      assert.equal((await requestLink(someone, 'ziel@example.org')).statusCode, i < 5 ? 303 : 429);
    }
    assert.equal((await mailsTo(t.platform, 'ziel@example.org')).length, 5);
  });

  test('the step page carries the rules for the inline check, worded like the server, and the script is served', async () => {
    const browser = new Browser(t.app, '203.0.113.45');
    const step = await browser.get(`${base}/schritt/1`);
    assert.ok(step.body.includes('<script src="/assets/form-check.js" defer>'), 'the script is linked, not inline');
    assert.ok(step.body.includes('data-required-message="Bitte füllen Sie „Vor- und Nachname“ aus."'));
    assert.ok(
      step.body.includes(
        'data-email-message="Bitte geben Sie bei „E-Mail-Adresse“ eine E-Mail-Adresse an, zum Beispiel name@beispiel.de."',
      ),
    );
    // The server's own message for the same mistake is the same text.
    const bad = await browser.post(`${base}/schritt/1`, {
      _csrf: csrfIn(step.body),
      ...personPage,
      name: '',
      email: 'x@',
      _aktion: 'weiter',
    });
    assert.equal(bad.statusCode, 422);
    assert.match(textOf(bad.body), /Bitte füllen Sie „Vor- und Nachname“ aus\./);
    assert.match(
      textOf(bad.body),
      /Bitte geben Sie bei „E-Mail-Adresse“ eine E-Mail-Adresse an, zum Beispiel name@beispiel\.de\./,
    );

    const kids = await browser.get(`${base}/schritt/2`);
    assert.ok(kids.body.includes('data-number="integer"'));
    assert.ok(kids.body.includes('data-max="17"'));
    assert.ok(kids.body.includes('data-max-message="„Kind 1: Alter“ darf höchstens 17 sein."'));

    const script = await t.app.inject('/assets/form-check.js');
    assert.equal(script.statusCode, 200);
    assert.match(String(script.headers['content-type']), /javascript/);
  });
});
