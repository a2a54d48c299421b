import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createToken, createUser } from '../src/cli/accounts.js';
import { UsageError } from '../src/cli/output.js';
import { runCli } from '../src/cli/run.js';
import { seedAccountsDemo } from '../src/modules/accounts/demo.js';
import { revokeApiToken } from '../src/platform/auth/api-tokens.js';
import { hotp, totpCode, totpStep } from '../src/platform/auth/totp.js';
import { type Department, insertDepartment, type Tenant } from '../src/platform/tenancy/repo.js';
import { Browser, createStaff, csrfIn, linkFromMail, loginStaff, mailsTo, PASSWORD, textOf } from './accounts-helpers.js';
import { createTenants, createTestApp, type TestApp } from './helpers/app.js';
import { engineUnderTest } from './helpers/database.js';

describe(`staff accounts, back office and API tokens (${engineUnderTest})`, () => {
  let t: TestApp;
  let a: Tenant;
  let b: Tenant;
  let bauamt: Department;
  let ipCounter = 0;
  const browser = () => new Browser(t.app, `192.0.2.${++ipCounter}`);
  let admin: Browser;

  before(async () => {
    t = await createTestApp();
    ({ a, b } = await createTenants(t.platform));
    bauamt = await insertDepartment(t.platform.db, a.id, { name: 'Bauen und Umwelt' });
    await createStaff(t.platform, a, 'admin@musterkreis.example', 'admin');
    await createStaff(t.platform, b, 'admin@beispielstadt.example', 'admin');
    admin = browser();
    await loginStaff(admin, 'musterkreis', 'admin@musterkreis.example');
  });
  after(() => t.close());

  test('the back-office overview shows the tenant and the entries for the role', async () => {
    const page = await admin.get('/musterkreis/verwaltung');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1[^>]*>Verwaltung<\/h1>/);
    const text = textOf(page.body);
    assert.match(text, /Landkreis Musterkreis/);
    for (const label of ['Benutzer', 'Fachbereiche', 'Einstellungen', 'Zwei-Faktor-Anmeldung'])
      assert.ok(text.includes(label), label);
  });

  test('an admin creates a clerk with a department; the invitation link sets the password; the clerk logs in', async () => {
    const form = await admin.get('/musterkreis/verwaltung/benutzer/neu');
    assert.equal(form.statusCode, 200);
    for (const label of ['Administration', 'Redaktion', 'Sachbearbeitung', 'Fachbereich', 'Bauen und Umwelt'])
      assert.ok(form.body.includes(label), label);

    const missing = await admin.post('/musterkreis/verwaltung/benutzer/neu', {
      _csrf: csrfIn(form.body),
      name: 'Clara Clerk',
      email: 'clara@musterkreis.example',
      role: 'clerk',
      department: '',
    });
    assert.equal(missing.statusCode, 422);
    assert.match(textOf(missing.body), /brauchen einen Fachbereich/);
    assert.match(missing.body, /name="name" value="Clara Clerk"/);

    const created = await admin.post('/musterkreis/verwaltung/benutzer/neu', {
      _csrf: csrfIn(form.body),
      name: 'Clara Clerk',
      email: 'clara@musterkreis.example',
      role: 'clerk',
      department: bauamt.id,
    });
    assert.equal(created.statusCode, 303);
    assert.equal(created.headers.location, '/musterkreis/verwaltung/benutzer?hinweis=eingeladen');
    const list = textOf((await admin.get('/musterkreis/verwaltung/benutzer')).body);
    assert.match(list, /Clara Clerk clara@musterkreis\.example Sachbearbeitung Bauen und Umwelt Eingeladen/);

    const [mail] = await mailsTo(t.platform, 'clara@musterkreis.example');
    assert.match(mail.subject, /Einladung/);
    const link = await linkFromMail(t.platform, 'clara@musterkreis.example', '/verwaltung/einladung');
    const clerk = browser();
    assert.equal(
      (
        await clerk.submit('/musterkreis/verwaltung/anmelden', '/musterkreis/verwaltung/anmelden', {
          email: 'clara@musterkreis.example',
          password: PASSWORD,
        })
      ).statusCode,
      422,
      'no login before the invitation is accepted',
    );
    const invitation = await clerk.get(link);
    assert.equal(invitation.statusCode, 200);
    const token = new URL(link, 'http://x').searchParams.get('token') as string;
    const set = await clerk.post('/musterkreis/verwaltung/einladung', {
      _csrf: csrfIn(invitation.body),
      token,
      password: PASSWORD,
      password_confirm: PASSWORD,
    });
    assert.equal(set.statusCode, 303);
    assert.equal(set.headers.location, '/musterkreis/verwaltung/anmelden?hinweis=einladung');
    assert.equal((await clerk.get(link)).statusCode, 410, 'the invitation works once');

    await loginStaff(clerk, 'musterkreis', 'clara@musterkreis.example');
    assert.equal((await clerk.get('/musterkreis/verwaltung')).statusCode, 200);
    assert.equal((await clerk.get('/musterkreis/verwaltung/benutzer')).statusCode, 404, 'a clerk does not see the admin pages');
    assert.equal((await clerk.get('/musterkreis/verwaltung/einstellungen')).statusCode, 404);
  });

  test('without a staff session a back-office page redirects to the login with the way back', async () => {
    const res = await browser().get('/musterkreis/verwaltung/benutzer');
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/musterkreis/verwaltung/anmelden?zurueck=%2Fmusterkreis%2Fverwaltung%2Fbenutzer');
  });

  test('an admin adds a department; a duplicate name is refused', async () => {
    const page = await admin.get('/musterkreis/verwaltung/fachbereiche');
    const res = await admin.post('/musterkreis/verwaltung/fachbereiche', {
      _csrf: csrfIn(page.body),
      name: 'Jugend und Familie',
      email: 'jugend@musterkreis.example',
      phone: '08631 699-300',
    });
    assert.equal(res.headers.location, '/musterkreis/verwaltung/fachbereiche?hinweis=angelegt');
    assert.match(
      textOf((await admin.get('/musterkreis/verwaltung/fachbereiche')).body),
      /Jugend und Familie jugend@musterkreis\.example 08631 699-300/,
    );
    const dup = await admin.post('/musterkreis/verwaltung/fachbereiche', {
      _csrf: csrfIn(page.body),
      name: 'jugend und familie',
      email: '',
      phone: '',
    });
    assert.equal(dup.statusCode, 422);
    assert.match(textOf(dup.body), /gibt es bereits/);
  });

  test('an admin edits the tenant settings incl. opening hours; the public site shows them', async () => {
    const page = await admin.get('/musterkreis/verwaltung/einstellungen');
    assert.match(page.body, /name="hours_1_from"/);
    const fields = {
      _csrf: csrfIn(page.body),
      name: 'Landkreis Musterkreis',
      street: 'Landratsplatz 1',
      postal_code: '8499',
      city: 'Musterstadt',
      phone: '08631 699-0',
      email: 'poststelle@musterkreis.example',
      hours_1_from: '08:00',
      hours_1_to: '12:00',
      hours_4_from: '08:00',
      hours_4_to: '12:00',
      hours_4_from_2: '13:30',
      hours_4_to_2: '17:30',
      opening_hours_note: 'Nur mit Termin.',
      primary_color: '#004b76',
    };
    const bad = await admin.post('/musterkreis/verwaltung/einstellungen', fields);
    assert.equal(bad.statusCode, 422);
    assert.match(textOf(bad.body), /fünf Ziffern/);
    assert.match(bad.body, /name="hours_4_from_2"[^>]*value="13:30"|value="13:30"[^>]*name="hours_4_from_2"/);
    const ok = await admin.post('/musterkreis/verwaltung/einstellungen', { ...fields, postal_code: '84999' });
    assert.equal(ok.headers.location, '/musterkreis/verwaltung/einstellungen?hinweis=gespeichert');
    const site = textOf((await browser().get('/musterkreis')).body);
    assert.match(site, /Landratsplatz 1 84999 Musterstadt/);
    assert.match(site, /Donnerstag 08:00–12:00 Uhr, 13:30–17:30 Uhr/);
    assert.match(site, /Nur mit Termin\./);
  });

  test('two-factor login: enable with a code, then login asks for the code and gives a new session', async () => {
    await createStaff(t.platform, a, 'zweifaktor@musterkreis.example', 'editor');
    const s = browser();
    await loginStaff(s, 'musterkreis', 'zweifaktor@musterkreis.example');
    const setup = await s.get('/musterkreis/verwaltung/konto/zwei-faktor');
    const secret = /<code id="totp-secret">([A-Z2-7]+)<\/code>/.exec(setup.body)?.[1] as string;
    assert.ok(secret);
    assert.match(setup.body, /otpauth:\/\/totp\//);
    assert.equal(
      /<code id="totp-secret">([A-Z2-7]+)<\/code>/.exec((await s.get('/musterkreis/verwaltung/konto/zwei-faktor')).body)?.[1],
      secret,
      'a reload keeps the secret',
    );
    const wrong = await s.post('/musterkreis/verwaltung/konto/zwei-faktor', {
      _csrf: csrfIn(setup.body),
      code: '000000' === totpCode(secret) ? '111111' : '000000',
    });
    assert.equal(wrong.statusCode, 422);
    const enabledAt = Date.now();
    const enableCode = totpCode(secret, enabledAt);
    const on = await s.post('/musterkreis/verwaltung/konto/zwei-faktor', { _csrf: csrfIn(setup.body), code: enableCode });
    assert.equal(on.statusCode, 303);
    assert.match(textOf((await s.get('/musterkreis/verwaltung/konto/zwei-faktor')).body), /Die Zwei-Faktor-Anmeldung ist aktiv/);

    const next = browser();
    const login = await next.submit('/musterkreis/verwaltung/anmelden', '/musterkreis/verwaltung/anmelden', {
      email: 'zweifaktor@musterkreis.example',
      password: PASSWORD,
    });
    assert.equal(login.headers.location, '/musterkreis/verwaltung/anmelden/zweiter-faktor');
    const pendingCookie = next.cookie('rathaus_verwaltung');
    assert.equal((await next.get('/musterkreis/verwaltung')).statusCode, 303, 'no back office before the second factor');
    const factor = await next.get('/musterkreis/verwaltung/anmelden/zweiter-faktor');
    assert.match(factor.body, /name="code"/);
    // The code used to enable was consumed: the same step is not accepted again.
    const replay = await next.post('/musterkreis/verwaltung/anmelden/zweiter-faktor', {
      _csrf: csrfIn(factor.body),
      code: enableCode,
    });
    assert.equal(replay.statusCode, 422);
    const nextStep = hotp(secret, totpStep(enabledAt) + 1);
    const done = await next.post('/musterkreis/verwaltung/anmelden/zweiter-faktor', {
      _csrf: csrfIn(factor.body),
      code: nextStep,
    });
    assert.equal(done.statusCode, 303);
    assert.equal(done.headers.location, '/musterkreis/verwaltung');
    assert.notEqual(next.cookie('rathaus_verwaltung'), pendingCookie, 'the full session has a new id');
    assert.equal((await next.get('/musterkreis/verwaltung')).statusCode, 200);
  });

  test('a staff session of tenant A opens no back-office page of tenant B', async () => {
    const cookie = admin.cookie('rathaus_verwaltung') as string;
    // A browser would not even send the cookie (Path=/musterkreis/verwaltung); sent anyway, it is not accepted.
    assert.equal(admin.cookieHeader('/beispielstadt/verwaltung').includes('rathaus_verwaltung'), false);
    for (const path of ['', '/benutzer', '/benutzer/neu', '/fachbereiche', '/einstellungen', '/konto/zwei-faktor']) {
      const res = await t.app.inject({ url: `/beispielstadt/verwaltung${path}`, cookies: { rathaus_verwaltung: cookie } });
      assert.equal(res.statusCode, 303, path);
      assert.match(res.headers.location as string, /^\/beispielstadt\/verwaltung\/anmelden\?zurueck=/);
    }
    const own = await t.app.inject({ url: '/musterkreis/verwaltung/benutzer', cookies: { rathaus_verwaltung: cookie } });
    assert.equal(own.statusCode, 200);
    // Accounts belong to one tenant: A's admin has no account at B.
    const other = await browser().submit('/beispielstadt/verwaltung/anmelden', '/beispielstadt/verwaltung/anmelden', {
      email: 'admin@musterkreis.example',
      password: PASSWORD,
    });
    assert.equal(other.statusCode, 422);
  });

  test('API token: /me answers with the token user; no token, a wrong or revoked token answers 401 JSON', async () => {
    const lines: string[] = [];
    await createToken(t.platform, { tenant: 'musterkreis', user: 'admin@musterkreis.example', name: 'Fachverfahren' }, (l) =>
      lines.push(l),
    );
    const token = lines[1];
    assert.match(token, /^rh_[A-Za-z0-9_-]{43}$/);
    const stored = await t.platform.db.selectFrom('api_tokens').select(['token_hash', 'name']).execute();
    assert.ok(stored.every((r) => r.token_hash !== token));

    const me = await t.app.inject({ url: '/api/v1/musterkreis/me', headers: { authorization: `Bearer ${token}` } });
    assert.equal(me.statusCode, 200);
    assert.deepEqual(me.json(), { email: 'admin@musterkreis.example', name: 'Test admin', role: 'admin', department: null });

    const none = await t.app.inject({ url: '/api/v1/musterkreis/me' });
    assert.equal(none.statusCode, 401);
    assert.equal(typeof none.json().error.message, 'string');
    const wrong = await t.app.inject({ url: '/api/v1/musterkreis/me', headers: { authorization: 'Bearer rh_falsch' } });
    assert.equal(wrong.statusCode, 401);
    assert.equal(wrong.json().error.code, 'invalid_token');

    const lines2: string[] = [];
    await createToken(t.platform, { tenant: 'musterkreis', user: 'admin@musterkreis.example' }, (l) => lines2.push(l));
    const row = await t.platform.db.selectFrom('api_tokens').select('id').orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    await revokeApiToken(t.platform.db, a.id, row.id);
    assert.equal(
      (await t.app.inject({ url: '/api/v1/musterkreis/me', headers: { authorization: `Bearer ${lines2[1]}` } })).statusCode,
      401,
    );
  });

  test('an API token of tenant A on tenant B answers 401', async () => {
    const lines: string[] = [];
    await createToken(t.platform, { tenant: 'musterkreis', user: 'admin@musterkreis.example' }, (l) => lines.push(l));
    const res = await t.app.inject({ url: '/api/v1/beispielstadt/me', headers: { authorization: `Bearer ${lines[1]}` } });
    assert.equal(res.statusCode, 401);
    assert.equal(res.json().error.code, 'invalid_token');
  });

  test('a clerk token reports role and department', async () => {
    await createStaff(t.platform, a, 'api-clerk@musterkreis.example', 'clerk', bauamt.id);
    const lines: string[] = [];
    await createToken(t.platform, { tenant: 'musterkreis', user: 'api-clerk@musterkreis.example' }, (l) => lines.push(l));
    const me = await t.app.inject({ url: '/api/v1/musterkreis/me', headers: { authorization: `Bearer ${lines[1]}` } });
    assert.deepEqual(me.json(), {
      email: 'api-clerk@musterkreis.example',
      name: 'Test clerk',
      role: 'clerk',
      department: 'Bauen und Umwelt',
    });
  });

  test('CLI user create: bad arguments give German messages and exit 2 without writing anything', async () => {
    const count = async () => (await t.platform.db.selectFrom('users').select('id').execute()).length;
    const before = await count();
    assert.equal(await runCli(['user', 'create', '--tenant', 'musterkreis', '--email', 'kaputt', '--role', 'chef']), 2);
    await assert.rejects(
      createUser(t.platform, { tenant: 'gibtsnicht', email: 'x@example.org', role: 'admin' }, undefined, () => {}),
      (e: Error) => e instanceof UsageError && /Den Mandanten „gibtsnicht“ gibt es nicht/.test(e.message),
    );
    await assert.rejects(
      createUser(t.platform, { tenant: 'musterkreis', email: 'x@example.org', role: 'clerk' }, undefined, () => {}),
      /braucht einen Fachbereich/,
    );
    await assert.rejects(
      createUser(
        t.platform,
        { tenant: 'musterkreis', email: 'x@example.org', role: 'clerk', department: 'Gibt es nicht' },
        undefined,
        () => {},
      ),
      /Den Fachbereich „Gibt es nicht“ gibt es bei Landkreis Musterkreis nicht/,
    );
    await assert.rejects(
      createUser(t.platform, { tenant: 'musterkreis', email: 'x@example.org', role: 'admin' }, 'passwort123', () => {}),
      /RATHAUS_PASSWORD: .*sehr verbreitet/,
    );
    await assert.rejects(
      createUser(t.platform, { tenant: 'musterkreis', email: 'admin@musterkreis.example', role: 'admin' }, undefined, () => {}),
      /bereits einen Zugang/,
    );
    assert.equal(await count(), before);
  });

  test('CLI user create: with RATHAUS_PASSWORD the user can log in; without, the printed link sets the password', async () => {
    const out: string[] = [];
    assert.equal(
      await createUser(
        t.platform,
        {
          tenant: 'musterkreis',
          email: 'cli@musterkreis.example',
          role: 'clerk',
          department: 'bauen und umwelt',
          name: 'Cli Clerk',
        },
        PASSWORD,
        (l) => out.push(l),
      ),
      0,
    );
    await loginStaff(browser(), 'musterkreis', 'cli@musterkreis.example');

    const out2: string[] = [];
    await createUser(t.platform, { tenant: 'musterkreis', email: 'link@musterkreis.example', role: 'editor' }, undefined, (l) =>
      out2.push(l),
    );
    const link = out2.find((l) => l.startsWith('http://localhost:3000/musterkreis/verwaltung/einladung?token=')) as string;
    assert.ok(link, out2.join('\n'));
    const s = browser();
    const page = await s.get(link.replace('http://localhost:3000', ''));
    assert.equal(page.statusCode, 200);
    const token = new URL(link).searchParams.get('token') as string;
    await s.post('/musterkreis/verwaltung/einladung', {
      _csrf: csrfIn(page.body),
      token,
      password: PASSWORD,
      password_confirm: PASSWORD,
    });
    await loginStaff(s, 'musterkreis', 'link@musterkreis.example');
  });

  test('demo seeding creates admin, editor, clerk (first department) and a confirmed citizen with a printed password', async () => {
    const departments = new Map([['Ordnungsamt', (await insertDepartment(t.platform.db, b.id, { name: 'Ordnungsamt' })).id]]);
    const logins = await seedAccountsDemo(t.platform, { id: b.id, slug: 'beispielstadt' }, departments);
    assert.deepEqual(
      logins.map((l) => `${l.role} ${l.email}`),
      [
        'admin admin@beispielstadt.example',
        'editor redaktion@beispielstadt.example',
        'clerk sachbearbeitung@beispielstadt.example',
        'citizen buerger@example.org',
      ],
    );
    const password = logins[0].password;
    await loginStaff(browser(), 'beispielstadt', 'sachbearbeitung@beispielstadt.example', password);
    const citizen = browser();
    const res = await citizen.submit('/beispielstadt/konto/anmelden', '/beispielstadt/konto/anmelden', {
      email: 'buerger@example.org',
      password,
    });
    assert.equal(res.statusCode, 303);
    const lines: string[] = [];
    await createToken(t.platform, { tenant: 'beispielstadt', user: 'sachbearbeitung@beispielstadt.example' }, (l) =>
      lines.push(l),
    );
    const me = await t.app.inject({ url: '/api/v1/beispielstadt/me', headers: { authorization: `Bearer ${lines[1]}` } });
    assert.equal(me.json().department, 'Ordnungsamt');
  });
});
