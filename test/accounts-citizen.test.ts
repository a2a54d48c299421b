import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Tenant } from '../src/platform/tenancy/repo.js';
import { Browser, createCitizen, csrfIn, linkFromMail, loginCitizen, mailsTo, PASSWORD, textOf } from './accounts-helpers.js';
import { createTenants, createTestApp, type TestApp } from './helpers/app.js';
import { engineUnderTest } from './helpers/database.js';

/** Page text without the per-request CSRF token. */
const stable = (html: string) => textOf(html.replace(/name="_csrf" value="[^"]+"/g, ''));

describe(`citizen accounts (${engineUnderTest})`, () => {
  let t: TestApp;
  let a: Tenant;
  let ipCounter = 0;
  /** Each test its own client address, so IP throttling of one test does not reach another. */
  const browser = () => new Browser(t.app, `198.51.100.${++ipCounter}`);
  const userCount = (email: string) =>
    t.platform.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('email', '=', email)
      .executeTakeFirstOrThrow();

  before(async () => {
    t = await createTestApp();
    ({ a } = await createTenants(t.platform));
  });
  after(() => t.close());

  const register = (b: Browser, fields: Record<string, string>) =>
    b.submit('/musterkreis/konto/registrieren', '/musterkreis/konto/registrieren', fields);

  test('registration → confirmation mail → link page with a button → confirmed → login', async () => {
    const b = browser();
    const email = 'neu@example.org';
    const res = await register(b, { name: 'Nina Neu', email, password: PASSWORD, password_confirm: PASSWORD });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/musterkreis/konto/registriert');
    const answer = await b.get(res.headers.location as string);
    assert.match(answer.body, /<h1[^>]*>Bitte bestätigen Sie Ihre E-Mail-Adresse<\/h1>/);

    const [mail] = await mailsTo(t.platform, email);
    assert.match(mail.subject, /Bitte bestätigen Sie Ihre E-Mail-Adresse/);
    const link = await linkFromMail(t.platform, email, '/konto/bestaetigen');

    const early = await b.submit('/musterkreis/konto/anmelden', '/musterkreis/konto/anmelden', { email, password: PASSWORD });
    assert.equal(early.statusCode, 422, 'no login before the address is confirmed');
    assert.match(textOf(early.body), /E-Mail-Adresse oder Passwort ist falsch\./);

    // A mail scanner opening the link twice does not use it up.
    await b.get(link);
    const page = await b.get(link);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<button type="submit"[^>]*><span class="kern-label">E-Mail-Adresse bestätigen<\/span>/);
    const token = new URL(link, 'http://x').searchParams.get('token') as string;
    const confirmed = await b.post('/musterkreis/konto/bestaetigen', { _csrf: csrfIn(page.body), token });
    assert.equal(confirmed.statusCode, 303);
    assert.equal(confirmed.headers.location, '/musterkreis/konto/anmelden?hinweis=bestaetigt');
    assert.match(textOf((await b.get(confirmed.headers.location as string)).body), /Ihre E-Mail-Adresse ist bestätigt/);

    await loginCitizen(b, 'musterkreis', email);
    const account = await b.get('/musterkreis/konto');
    assert.match(account.body, /<h1[^>]*>Mein Konto<\/h1>/);
    assert.match(account.body, /href="\/musterkreis\/konto\/antraege"[^>]*>Meine Anträge</, 'modules link their account pages');
    assert.match(account.body, /href="\/musterkreis\/termine\/meine"[^>]*>Meine Termine</);
    assert.match(textOf(account.body), /Nina Neu/);
  });

  test('registering a known address gives the same answer and mails "Sie haben bereits ein Konto" instead', async () => {
    await createCitizen(t.platform, a, 'bekannt@example.org');
    const known = await register(browser(), {
      name: 'Jemand',
      email: 'bekannt@example.org',
      password: 'Anderes-Passwort-77',
      password_confirm: 'Anderes-Passwort-77',
    });
    const unknown = await register(browser(), {
      name: 'Jemand',
      email: 'unbekannt@example.org',
      password: 'Anderes-Passwort-77',
      password_confirm: 'Anderes-Passwort-77',
    });
    assert.equal(known.statusCode, unknown.statusCode);
    assert.equal(known.headers.location, unknown.headers.location);
    assert.equal(known.body, unknown.body);
    const b = browser();
    assert.equal(
      stable((await b.get(known.headers.location as string)).body),
      stable((await b.get(unknown.headers.location as string)).body),
    );

    const [mail] = await mailsTo(t.platform, 'bekannt@example.org');
    assert.match(mail.subject, /Sie haben bereits ein Konto/);
    assert.match(mail.text, /http:\/\/localhost:3000\/musterkreis\/konto\/passwort-vergessen/);
    assert.equal((await userCount('bekannt@example.org')).n, 1);
    await loginCitizen(browser(), 'musterkreis', 'bekannt@example.org', PASSWORD);
  });

  test('invalid registration input is shown at the top, with every entered value kept except passwords', async () => {
    const res = await register(browser(), {
      name: 'Karl Klein',
      email: 'karl@',
      password: 'passwort123',
      password_confirm: 'passwort123',
    });
    assert.equal(res.statusCode, 422);
    const text = textOf(res.body);
    assert.match(text, /Bitte prüfen Sie Ihre Angaben/);
    assert.match(text, /gültige E-Mail-Adresse/);
    assert.match(text, /sehr verbreitet/);
    assert.match(res.body, /name="name" value="Karl Klein"/);
    assert.match(res.body, /name="email" value="karl@"/);
    assert.doesNotMatch(res.body, /passwort123/);
    const mismatch = await register(browser(), {
      name: 'Karl Klein',
      email: 'karl@example.org',
      password: PASSWORD,
      password_confirm: `${PASSWORD}x`,
    });
    assert.equal(mismatch.statusCode, 422);
    assert.match(textOf(mismatch.body), /Die beiden Passwörter stimmen nicht überein/);
    assert.equal((await userCount('karl@example.org')).n, 0);
  });

  test('an unknown address and a wrong password give the same login error', async () => {
    await createCitizen(t.platform, a, 'vorhanden@example.org');
    const b = browser();
    const wrong = await b.submit('/musterkreis/konto/anmelden', '/musterkreis/konto/anmelden', {
      email: 'vorhanden@example.org',
      password: 'Falsches-Passwort-1',
    });
    const unknown = await b.submit('/musterkreis/konto/anmelden', '/musterkreis/konto/anmelden', {
      email: 'niemand@example.org',
      password: 'Falsches-Passwort-1',
    });
    assert.equal(wrong.statusCode, 422);
    assert.equal(unknown.statusCode, 422);
    const summary = (html: string) => /<div class="kern-alert kern-alert--danger[\s\S]*?<\/div>\s*<\/div>/.exec(html)?.[0];
    assert.equal(summary(wrong.body), summary(unknown.body));
    assert.match(textOf(wrong.body), /E-Mail-Adresse oder Passwort ist falsch\./);
  });

  test('after 5 failed logins for an address the next attempt gets 429, even with the right password', async () => {
    await createCitizen(t.platform, a, 'gesperrt@example.org');
    const b = browser();
    for (let i = 1; i <= 5; i++) {
      const res = await b.submit('/musterkreis/konto/anmelden', '/musterkreis/konto/anmelden', {
        email: 'gesperrt@example.org',
        password: `Falsch-${i}-abcdef`,
      });
      assert.equal(res.statusCode, 422, `attempt ${i}`);
    }
    const blocked = await b.submit('/musterkreis/konto/anmelden', '/musterkreis/konto/anmelden', {
      email: 'gesperrt@example.org',
      password: PASSWORD,
    });
    assert.equal(blocked.statusCode, 429);
    assert.match(textOf(blocked.body), /E-Mail-Adresse oder Passwort ist falsch\. Bitte warten Sie einige Minuten\./);
    assert.equal(b.cookie('rathaus_konto'), undefined);
    // Another address from another client is not affected.
    await createCitizen(t.platform, a, 'frei@example.org');
    await loginCitizen(browser(), 'musterkreis', 'frei@example.org');
  });

  test('after 30 failed logins from one IP address further attempts get 429', async () => {
    const b = browser();
    const page = await b.get('/musterkreis/konto/anmelden');
    const csrf = csrfIn(page.body);
    for (let i = 1; i <= 30; i++) {
      const res = await b.post('/musterkreis/konto/anmelden', {
        _csrf: csrf,
        email: `raten${i}@example.org`,
        password: 'Falsches-Passwort-1',
      });
      assert.equal(res.statusCode, 422, `attempt ${i}`);
    }
    await createCitizen(t.platform, a, 'ip-sperre@example.org');
    const blocked = await b.post('/musterkreis/konto/anmelden', {
      _csrf: csrf,
      email: 'ip-sperre@example.org',
      password: PASSWORD,
    });
    assert.equal(blocked.statusCode, 429);
  });

  test('after login the browser returns to `zurueck` only if it is a path of this tenant', async () => {
    await createCitizen(t.platform, a, 'zurueck@example.org');
    const cases: [string, string][] = [
      ['/musterkreis/konto/email-aendern', '/musterkreis/konto/email-aendern'],
      ['https://boese.example/falle', '/musterkreis/konto'],
      ['//boese.example/falle', '/musterkreis/konto'],
      ['/beispielstadt/konto', '/musterkreis/konto'],
      ['/musterkreis/../beispielstadt', '/musterkreis/konto'],
    ];
    for (const [zurueck, expected] of cases) {
      const b = browser();
      const form = await b.get(`/musterkreis/konto/anmelden?zurueck=${encodeURIComponent(zurueck)}`);
      const res = await b.post('/musterkreis/konto/anmelden', {
        _csrf: csrfIn(form.body),
        email: 'zurueck@example.org',
        password: PASSWORD,
        zurueck,
      });
      assert.equal(res.headers.location, expected, zurueck);
    }
  });

  test('password reset: same answer for known and unknown addresses; the link sets the password and ends other sessions', async () => {
    await createCitizen(t.platform, a, 'vergessen@example.org');
    const other = browser();
    await loginCitizen(other, 'musterkreis', 'vergessen@example.org');

    const ask = (email: string) =>
      browser().submit('/musterkreis/konto/passwort-vergessen', '/musterkreis/konto/passwort-vergessen', { email });
    const known = await ask('vergessen@example.org');
    const unknown = await ask('gibtsnicht@example.org');
    assert.equal(known.statusCode, 303);
    assert.equal(known.statusCode, unknown.statusCode);
    assert.equal(known.headers.location, unknown.headers.location);
    const b = browser();
    const answer = await b.get(known.headers.location as string);
    assert.equal(stable(answer.body), stable((await b.get(unknown.headers.location as string)).body));
    assert.match(textOf(answer.body), /Bitte prüfen Sie Ihr Postfach/);
    assert.equal((await mailsTo(t.platform, 'gibtsnicht@example.org')).length, 0);

    const link = await linkFromMail(t.platform, 'vergessen@example.org', '/konto/passwort-neu');
    const form = await b.get(link);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /name="password"/);
    assert.match(form.body, /name="password_confirm"/);
    const token = new URL(link, 'http://x').searchParams.get('token') as string;
    const weak = await b.post('/musterkreis/konto/passwort-neu', {
      _csrf: csrfIn(form.body),
      token,
      password: 'kurz',
      password_confirm: 'kurz',
    });
    assert.equal(weak.statusCode, 422, 'a weak password does not use up the link');
    const set = await b.post('/musterkreis/konto/passwort-neu', {
      _csrf: csrfIn(form.body),
      token,
      password: 'Neues-Passwort-Sommerwind',
      password_confirm: 'Neues-Passwort-Sommerwind',
    });
    assert.equal(set.statusCode, 303);
    assert.equal(set.headers.location, '/musterkreis/konto/anmelden?hinweis=passwort');

    assert.equal((await other.get('/musterkreis/konto')).statusCode, 303, 'the other session ended');
    const old = await browser().submit('/musterkreis/konto/anmelden', '/musterkreis/konto/anmelden', {
      email: 'vergessen@example.org',
      password: PASSWORD,
    });
    assert.equal(old.statusCode, 422);
    await loginCitizen(browser(), 'musterkreis', 'vergessen@example.org', 'Neues-Passwort-Sommerwind');

    const reused = await b.get(link);
    assert.equal(reused.statusCode, 410);
    assert.match(textOf(reused.body), /Dieser Link wurde bereits verwendet/);
    assert.match(reused.body, /href="\/musterkreis\/konto\/passwort-vergessen"[^>]*>Neuen Link anfordern/);
  });

  test('an expired confirmation link says so and offers a new one', async () => {
    const email = 'spaet@example.org';
    await register(browser(), { name: 'Sven Spät', email, password: PASSWORD, password_confirm: PASSWORD });
    const link = await linkFromMail(t.platform, email, '/konto/bestaetigen');
    await sql`update one_time_tokens set expires_at = now() - interval '1 minute' where purpose = 'confirm_email'`.execute(
      t.platform.db,
    );
    const b = browser();
    const page = await b.get(link);
    assert.equal(page.statusCode, 410);
    assert.match(textOf(page.body), /Dieser Link ist abgelaufen\./);
    assert.match(page.body, /href="\/musterkreis\/konto\/bestaetigung-anfordern"[^>]*>Neuen Bestätigungslink anfordern/);
    const token = new URL(link, 'http://x').searchParams.get('token') as string;
    const form = await b.get('/musterkreis/konto/anmelden');
    const post = await b.post('/musterkreis/konto/bestaetigen', { _csrf: csrfIn(form.body), token });
    assert.equal(post.statusCode, 410);

    const again = await b.submit('/musterkreis/konto/bestaetigung-anfordern', '/musterkreis/konto/bestaetigung-anfordern', {
      email,
    });
    assert.equal(again.headers.location, '/musterkreis/konto/registriert');
    const fresh = await linkFromMail(t.platform, email, '/konto/bestaetigen');
    assert.notEqual(fresh, link);
    assert.equal((await b.get(fresh)).statusCode, 200);
  });

  test('an unknown link token gives a clear message', async () => {
    const page = await browser().get('/musterkreis/konto/bestaetigen?token=ausgedacht');
    assert.equal(page.statusCode, 410);
    assert.match(textOf(page.body), /Dieser Link ist ungültig/);
  });

  test('changing the e-mail address needs the password and takes effect only after confirming the new address', async () => {
    await createCitizen(t.platform, a, 'alt@example.org');
    const b = browser();
    await loginCitizen(b, 'musterkreis', 'alt@example.org');
    const wrong = await b.submit('/musterkreis/konto/email-aendern', '/musterkreis/konto/email-aendern', {
      email: 'neu-adresse@example.org',
      password: 'Falsch-Falsch-Falsch',
    });
    assert.equal(wrong.statusCode, 422);
    assert.match(textOf(wrong.body), /Das Passwort ist nicht korrekt/);
    assert.match(wrong.body, /name="email" value="neu-adresse@example.org"/);

    const ok = await b.submit('/musterkreis/konto/email-aendern', '/musterkreis/konto/email-aendern', {
      email: 'neu-adresse@example.org',
      password: PASSWORD,
    });
    assert.equal(ok.statusCode, 303);
    assert.equal(ok.headers.location, '/musterkreis/konto?hinweis=email-gesendet');
    assert.match(textOf((await b.get('/musterkreis/konto')).body), /alt@example\.org/, 'unchanged until confirmed');

    const link = await linkFromMail(t.platform, 'neu-adresse@example.org', '/konto/email-bestaetigen');
    const page = await b.get(link);
    assert.match(page.body, /Neue E-Mail-Adresse bestätigen/);
    const token = new URL(link, 'http://x').searchParams.get('token') as string;
    const done = await b.post('/musterkreis/konto/email-bestaetigen', { _csrf: csrfIn(page.body), token });
    assert.equal(done.headers.location, '/musterkreis/konto?hinweis=email-geaendert');
    assert.match(textOf((await b.get('/musterkreis/konto')).body), /neu-adresse@example\.org/);
    const [notice] = await mailsTo(t.platform, 'alt@example.org');
    assert.match(notice.subject, /Ihre E-Mail-Adresse wurde geändert/);
    await loginCitizen(browser(), 'musterkreis', 'neu-adresse@example.org');
  });

  test('deleting the account needs the password, removes user and sessions, and leaves an audit entry', async () => {
    const user = await createCitizen(t.platform, a, 'loeschen@example.org');
    const b = browser();
    await loginCitizen(b, 'musterkreis', 'loeschen@example.org');
    const wrong = await b.submit('/musterkreis/konto/loeschen', '/musterkreis/konto/loeschen', {
      password: 'Falsch-Falsch-Falsch',
    });
    assert.equal(wrong.statusCode, 422);
    const res = await b.submit('/musterkreis/konto/loeschen', '/musterkreis/konto/loeschen', { password: PASSWORD });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/musterkreis/konto/geloescht');
    assert.match(textOf((await b.get('/musterkreis/konto/geloescht')).body), /Ihr Konto wurde gelöscht/);
    assert.equal((await userCount('loeschen@example.org')).n, 0);
    const sessions = await t.platform.db.selectFrom('sessions').select('id_hash').where('user_id', '=', user.id).execute();
    assert.equal(sessions.length, 0);
    const { rows } = await sql<{ action: string; actor_id: string; details: unknown }>`
      select action, actor_id, details from audit_log where subject = ${user.id}`.execute(t.platform.db);
    assert.deepEqual(
      rows.map((r) => r.action),
      ['account.deleted'],
    );
    assert.doesNotMatch(JSON.stringify(rows), /loeschen@example/, 'the audit log keeps no e-mail address');
    assert.equal((await b.get('/musterkreis/konto')).statusCode, 303);
  });
});
