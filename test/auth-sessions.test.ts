import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { setSessionCookie } from '../src/platform/auth/sessions.js';
import { loadConfig } from '../src/platform/config.js';
import type { Tenant } from '../src/platform/tenancy/repo.js';
import { Browser, createCitizen, createStaff, csrfIn, loginCitizen, loginStaff, PASSWORD, textOf } from './accounts-helpers.js';
import { createTenants, createTestApp, type TestApp } from './helpers/app.js';
import { engineUnderTest } from './helpers/database.js';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

describe(`sessions and CSRF (${engineUnderTest})`, () => {
  let t: TestApp;
  let a: Tenant;
  let n = 0;
  /** A fresh citizen per test: throttling and sessions do not leak between tests. */
  const citizen = async () => {
    const email = `person${++n}@example.org`;
    await createCitizen(t.platform, a, email);
    return email;
  };
  const sessionRows = () => t.platform.db.selectFrom('sessions').selectAll().execute();

  before(async () => {
    t = await createTestApp();
    ({ a } = await createTenants(t.platform));
  });
  after(() => t.close());

  test('login sets an HttpOnly, SameSite=Lax cookie scoped to the tenant and stores only its SHA-256', async () => {
    const email = await citizen();
    const browser = new Browser(t.app);
    const res = await loginCitizen(browser, 'musterkreis', email);
    assert.equal(res.headers.location, '/musterkreis/konto');
    const setCookie = ([] as string[]).concat(res.headers['set-cookie'] as string[]).find((c) => c.startsWith('rathaus_konto='));
    assert.ok(setCookie);
    assert.match(setCookie, /HttpOnly/i);
    assert.match(setCookie, /SameSite=Lax/i);
    assert.match(setCookie, /Path=\/musterkreis(;|$)/);
    assert.doesNotMatch(setCookie, /Secure/i, 'no Secure flag on an http PUBLIC_URL');
    const token = browser.cookie('rathaus_konto') as string;
    const rows = await t.platform.db
      .selectFrom('sessions')
      .select(['id_hash', 'kind'])
      .where('id_hash', '=', sha256(token))
      .execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0].kind, 'citizen');
    assert.equal(
      (await sessionRows()).some((r) => r.id_hash === token),
      false,
      'the raw token is never stored',
    );
    const account = await browser.get('/musterkreis/konto');
    assert.equal(account.statusCode, 200);
    assert.match(account.body, /<h1[^>]*>Mein Konto<\/h1>/);
  });

  test('a citizen session of tenant A is not a login at tenant B', async () => {
    const email = await citizen();
    const browser = new Browser(t.app);
    await loginCitizen(browser, 'musterkreis', email);
    const token = browser.cookie('rathaus_konto') as string;
    assert.equal(
      browser.cookieHeader('/beispielstadt/konto').includes('rathaus_konto'),
      false,
      'the cookie is path-scoped to /musterkreis',
    );
    const foreign = await t.app.inject({ url: '/beispielstadt/konto', cookies: { rathaus_konto: token } });
    assert.equal(foreign.statusCode, 303);
    assert.equal(foreign.headers.location, '/beispielstadt/konto/anmelden?zurueck=%2Fbeispielstadt%2Fkonto');
    const own = await t.app.inject({ url: '/musterkreis/konto', cookies: { rathaus_konto: token } });
    assert.equal(own.statusCode, 200);
  });

  test('the session cookie is Secure when PUBLIC_URL is https', () => {
    const config = loadConfig({ PUBLIC_URL: 'https://rathaus.example.org' });
    const calls: unknown[][] = [];
    setSessionCookie({ setCookie: (...args: unknown[]) => calls.push(args) } as never, config, 'staff', 'musterkreis', 'x');
    assert.equal(calls[0][0], 'rathaus_verwaltung');
    assert.deepEqual(calls[0][2], { path: '/musterkreis/verwaltung', httpOnly: true, sameSite: 'lax', secure: true });
  });

  test('a login issues a new session id: a planted or earlier cookie is not reused', async () => {
    const email = await citizen();
    const browser = new Browser(t.app);
    browser.cookies.push({ name: 'rathaus_konto', value: 'angreifer-kennt-diesen-wert-0123456789', path: '/musterkreis' });
    await loginCitizen(browser, 'musterkreis', email);
    const first = browser.cookie('rathaus_konto') as string;
    assert.notEqual(first, 'angreifer-kennt-diesen-wert-0123456789');
    // Logging in again while logged in (the account page carries a CSRF token).
    const page = await browser.get('/musterkreis/konto');
    const again = await browser.post('/musterkreis/konto/anmelden', { _csrf: csrfIn(page.body), email, password: PASSWORD });
    assert.equal(again.statusCode, 303);
    const second = browser.cookie('rathaus_konto') as string;
    assert.notEqual(second, first);
    const hashes = (await sessionRows()).map((r) => r.id_hash);
    assert.equal(hashes.includes(sha256(first)), false, 'the session of the earlier login is gone');
    assert.equal(hashes.includes(sha256(second)), true);
  });

  test('a session idle for longer than sessionIdleMinutes ends', async () => {
    const email = await citizen();
    const browser = new Browser(t.app);
    await loginCitizen(browser, 'musterkreis', email);
    const idHash = sha256(browser.cookie('rathaus_konto') as string);
    const idle = t.config.sessionIdleMinutes;
    await sql`update sessions set last_seen_at = now() - make_interval(mins => ${idle - 1}) where id_hash = ${idHash}`.execute(
      t.platform.db,
    );
    assert.equal((await browser.get('/musterkreis/konto')).statusCode, 200, 'still valid just before the idle limit');
    await sql`update sessions set last_seen_at = now() - make_interval(mins => ${idle + 1}) where id_hash = ${idHash}`.execute(
      t.platform.db,
    );
    const res = await browser.get('/musterkreis/konto');
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/musterkreis/konto/anmelden?zurueck=%2Fmusterkreis%2Fkonto');
    assert.equal(
      (await sessionRows()).some((r) => r.id_hash === idHash),
      false,
      'the expired row is removed',
    );
  });

  test('a session older than sessionAbsoluteHours ends even while in use', async () => {
    const email = await citizen();
    const browser = new Browser(t.app);
    await loginCitizen(browser, 'musterkreis', email);
    const idHash = sha256(browser.cookie('rathaus_konto') as string);
    const hours = t.config.sessionAbsoluteHours;
    await sql`update sessions set created_at = now() - make_interval(hours => ${hours}, mins => 1), last_seen_at = now() where id_hash = ${idHash}`.execute(
      t.platform.db,
    );
    assert.equal((await browser.get('/musterkreis/konto')).statusCode, 303);
  });

  test('last_seen_at is bumped at most once a minute', async () => {
    const email = await citizen();
    const browser = new Browser(t.app);
    await loginCitizen(browser, 'musterkreis', email);
    const idHash = sha256(browser.cookie('rathaus_konto') as string);
    const lastSeen = async () =>
      (
        await t.platform.db.selectFrom('sessions').select('last_seen_at').where('id_hash', '=', idHash).executeTakeFirstOrThrow()
      ).last_seen_at.getTime();
    await sql`update sessions set last_seen_at = now() - interval '20 seconds' where id_hash = ${idHash}`.execute(t.platform.db);
    const recent = await lastSeen();
    await browser.get('/musterkreis/konto');
    assert.equal(await lastSeen(), recent, 'no write within the minute');
    await sql`update sessions set last_seen_at = now() - interval '5 minutes' where id_hash = ${idHash}`.execute(t.platform.db);
    const old = await lastSeen();
    await browser.get('/musterkreis/konto');
    assert.ok((await lastSeen()) > old + 4 * 60_000, 'bumped after more than a minute');
  });

  test('logout deletes the session: the old cookie value no longer logs in', async () => {
    const email = await citizen();
    const browser = new Browser(t.app);
    await loginCitizen(browser, 'musterkreis', email);
    const token = browser.cookie('rathaus_konto') as string;
    const page = await browser.get('/musterkreis/konto');
    const res = await browser.post('/musterkreis/konto/abmelden', { _csrf: csrfIn(page.body) });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/musterkreis/konto/anmelden?hinweis=abgemeldet');
    assert.equal(browser.cookie('rathaus_konto'), undefined, 'the cookie is cleared');
    assert.equal(
      (await sessionRows()).some((r) => r.id_hash === sha256(token)),
      false,
    );
    const replay = await t.app.inject({ url: '/musterkreis/konto', cookies: { rathaus_konto: token } });
    assert.equal(replay.statusCode, 303);
    const notice = await browser.get(res.headers.location as string);
    assert.match(textOf(notice.body), /Sie haben sich abgemeldet\./);
  });

  test('staff logout deletes the staff session', async () => {
    await createStaff(t.platform, a, 'abmelden@musterkreis.example', 'editor');
    const browser = new Browser(t.app);
    await loginStaff(browser, 'musterkreis', 'abmelden@musterkreis.example');
    const token = browser.cookie('rathaus_verwaltung') as string;
    const page = await browser.get('/musterkreis/verwaltung');
    assert.equal(page.statusCode, 200);
    const res = await browser.post('/musterkreis/verwaltung/abmelden', { _csrf: csrfIn(page.body) });
    assert.equal(res.headers.location, '/musterkreis/verwaltung/anmelden?hinweis=abgemeldet');
    assert.equal(
      (await sessionRows()).some((r) => r.id_hash === sha256(token)),
      false,
    );
    assert.equal((await browser.get('/musterkreis/verwaltung')).statusCode, 303);
  });

  test('a login POST without or with a wrong _csrf is refused with 403 and a German message; with the form token it works', async () => {
    const email = await citizen();
    const browser = new Browser(t.app);
    const form = await browser.get('/musterkreis/konto/anmelden');
    const missing = await browser.post('/musterkreis/konto/anmelden', { email, password: PASSWORD });
    assert.equal(missing.statusCode, 403);
    assert.match(textOf(missing.body), /Das Formular ist abgelaufen oder wurde nicht von dieser Website gesendet/);
    const wrong = await browser.post('/musterkreis/konto/anmelden', { _csrf: 'falsch', email, password: PASSWORD });
    assert.equal(wrong.statusCode, 403);
    const foreignBrowser = new Browser(t.app);
    const stolen = await foreignBrowser.post('/musterkreis/konto/anmelden', {
      _csrf: csrfIn(form.body),
      email,
      password: PASSWORD,
    });
    assert.equal(stolen.statusCode, 403, 'a token without its cookie is worthless');
    assert.equal(browser.cookie('rathaus_konto'), undefined);
    const right = await browser.post('/musterkreis/konto/anmelden', { _csrf: csrfIn(form.body), email, password: PASSWORD });
    assert.equal(right.statusCode, 303);
    assert.ok(browser.cookie('rathaus_konto'));
  });
});
