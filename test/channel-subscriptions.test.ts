import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { publishMessage } from '../src/modules/channel/service.js';
import type { Tenant } from '../src/platform/tenancy/repo.js';
import { Browser, createStaff, csrfIn, textOf } from './accounts-helpers.js';
import { addSubscribers, headerOf, postPairs, recipientsOf, seedTopics, subscriberByEmail } from './channel-helpers.js';
import { createTenants, createTestApp, type TestApp } from './helpers/app.js';
import { engineUnderTest } from './helpers/database.js';
import { eventually, startTestSmtp, type TestSmtp } from './mail-helpers.js';

describe(`Infokanal: subscribing, double opt-in, unsubscribe (${engineUnderTest})`, () => {
  let smtp: TestSmtp;
  let t: TestApp;
  let tenant: Tenant;
  let editorId: string;

  before(async () => {
    smtp = await startTestSmtp();
    t = await createTestApp({
      env: { SMTP_URL: smtp.url, MAIL_FROM: 'Landkreis Musterkreis <noreply@musterkreis.example>' },
      jobs: true,
    });
    tenant = (await createTenants(t.platform)).a;
    await seedTopics(t.platform, tenant);
    editorId = (await createStaff(t.platform, tenant, 'redaktion@musterkreis.example', 'editor')).id;
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  const mailsTo = (address: string) => smtp.received.filter((m) => recipientsOf(m).includes(address));

  async function subscribe(browser: Browser, email: string, topics: string[]) {
    const page = await browser.get('/musterkreis/infokanal');
    assert.equal(page.statusCode, 200);
    return postPairs(t.app, browser, '/musterkreis/infokanal/abonnieren', [
      ['_csrf', csrfIn(page.body)],
      ['email', email],
      ...topics.map((s): [string, string] => ['topics', s]),
    ]);
  }

  async function publishAndWait(topics: string[], title: string) {
    const result = await publishMessage(t.platform, tenant, editorId, { title, body: `Text zu ${title}`, topics });
    assert.ok(result.ok);
    // The fan-out ran and nothing is pending any more.
    await eventually(async () => {
      const m = await t.platform.db
        .withTables<import('../src/modules/channel/tables.js').ChannelTables>()
        .selectFrom('channel_messages')
        .select('fanned_out_at')
        .where('id', '=', result.id)
        .executeTakeFirst();
      if (!m?.fanned_out_at) return false;
      const pending = await t.platform.db
        .withTables<import('../src/modules/channel/tables.js').ChannelTables>()
        .selectFrom('channel_deliveries')
        .select('status')
        .where('message_id', '=', result.id)
        .where('status', '=', 'pending')
        .execute();
      return pending.length === 0;
    });
    return result;
  }

  test('double opt-in: nothing but the confirmation before the link is used, the message after', async () => {
    const browser = new Browser(t.app, '203.0.113.21');
    const res = await subscribe(browser, 'Erika@Example.org', ['gefahrenhinweise', 'freibaeder']);
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/musterkreis/infokanal/bitte-bestaetigen');

    const confirmation = await eventually(() =>
      mailsTo('erika@example.org').find((m) => m.subject?.startsWith('Bitte bestätigen Sie Ihr Abonnement')),
    );
    assert.match(confirmation.text ?? '', /Gefahrenhinweise/);
    const link = /http:\/\/localhost:3000(\/musterkreis\/infokanal\/bestaetigen\?token=[A-Za-z0-9_%-]+)/.exec(
      confirmation.text ?? '',
    )?.[1];
    assert.ok(link, confirmation.text);

    await publishAndWait(['gefahrenhinweise'], 'Vor der Bestätigung');
    assert.deepEqual(
      mailsTo('erika@example.org').map((m) => m.subject),
      [confirmation.subject],
      'only the confirmation before confirming',
    );

    const confirmPage = await browser.get(link);
    assert.equal(confirmPage.statusCode, 200);
    assert.match(textOf(confirmPage.body), /Abonnement bestätigen/);
    const token = decodeURIComponent(link.split('token=')[1]);
    const confirmed = await browser.post('/musterkreis/infokanal/bestaetigen', { _csrf: csrfIn(confirmPage.body), token });
    assert.equal(confirmed.statusCode, 303);
    assert.match(String(confirmed.headers.location), /^\/musterkreis\/infokanal\/abo\?token=/);
    const manage = await browser.get(String(confirmed.headers.location));
    assert.equal(manage.statusCode, 200);
    assert.match(manage.body, /value="gefahrenhinweise" checked/);
    assert.match(manage.body, /value="freibaeder" checked/);

    // The link is single-use.
    const again = await browser.post('/musterkreis/infokanal/bestaetigen', { _csrf: csrfIn(confirmPage.body), token });
    assert.equal(again.statusCode, 410);

    await publishAndWait(['gefahrenhinweise'], 'Nach der Bestätigung');
    await eventually(() => mailsTo('erika@example.org').find((m) => m.subject === 'Nach der Bestätigung'));
  });

  test('a known address gets the same answer as an unknown one, and its topics do not change without the link', async () => {
    await addSubscribers(t.platform, tenant, ['bekannt@example.org'], ['vereine']);
    const known = await subscribe(new Browser(t.app, '203.0.113.22'), 'bekannt@example.org', ['ausschreibungen']);
    const unknown = await subscribe(new Browser(t.app, '203.0.113.22'), 'unbekannt@example.org', ['ausschreibungen']);
    assert.equal(known.statusCode, unknown.statusCode);
    assert.equal(known.headers.location, unknown.headers.location);
    assert.equal(known.body, unknown.body);
    const s = await subscriberByEmail(t.platform, tenant, 'bekannt@example.org');
    assert.ok(s?.confirmed_at);
    await publishAndWait(['ausschreibungen'], 'Ausschreibung Winterdienst');
    assert.equal(mailsTo('bekannt@example.org').filter((m) => m.subject === 'Ausschreibung Winterdienst').length, 0);
  });

  test('bad input is answered 422 with the values kept; a flood is answered 429', async () => {
    const browser = new Browser(t.app, '203.0.113.23');
    const res = await subscribe(browser, 'kein-at-zeichen', ['vereine']);
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /gültige E-Mail-Adresse/);
    assert.match(res.body, /value="kein-at-zeichen"/);
    assert.match(res.body, /value="vereine" checked/);
    const none = await subscribe(browser, 'ok@example.org', []);
    assert.equal(none.statusCode, 422);
    assert.match(none.body, /mindestens ein Thema/);

    const flood = new Browser(t.app, '203.0.113.24');
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await subscribe(flood, `flut${i}@example.org`, ['vereine'])).statusCode);
    assert.deepEqual(statuses.slice(0, 10), Array(10).fill(303));
    assert.equal(statuses[11], 429);
  });

  test('a logged-in citizen subscribes with one click, without an opt-in mail', async () => {
    const { createCitizen, loginCitizen } = await import('./accounts-helpers.js');
    await createCitizen(t.platform, tenant, 'buerger@example.org');
    const browser = new Browser(t.app, '203.0.113.25');
    await loginCitizen(browser, 'musterkreis', 'buerger@example.org');
    const page = await browser.get('/musterkreis/infokanal');
    assert.match(textOf(page.body), /Ihre Themen/);
    const res = await postPairs(t.app, browser, '/musterkreis/infokanal/abonnieren', [
      ['_csrf', csrfIn(page.body)],
      ['topics', 'kinderbetreuung'],
    ]);
    assert.equal(res.statusCode, 303);
    const s = await subscriberByEmail(t.platform, tenant, 'buerger@example.org');
    assert.ok(s?.confirmed_at && s.user_id);
    await publishAndWait(['kinderbetreuung'], 'Kita-Anmeldung startet');
    await eventually(() => mailsTo('buerger@example.org').find((m) => m.subject === 'Kita-Anmeldung startet'));
    assert.equal(mailsTo('buerger@example.org').filter((m) => m.subject?.startsWith('Bitte bestätigen')).length, 0);
  });

  test('every mail carries RFC 8058 headers; a POST to that URL unsubscribes without CSRF token (form or multipart)', async () => {
    await addSubscribers(t.platform, tenant, ['abmelden1@example.org', 'abmelden2@example.org'], ['freibaeder']);
    await publishAndWait(['freibaeder'], 'Freibad Nord heute geschlossen');
    for (const [address, multipart] of [
      ['abmelden1@example.org', false],
      ['abmelden2@example.org', true],
    ] as const) {
      const mail = await eventually(() => mailsTo(address).find((m) => m.subject === 'Freibad Nord heute geschlossen'));
      assert.equal(headerOf(mail, 'List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click');
      const url = /^<(http:\/\/localhost:3000(\/musterkreis\/infokanal\/abmelden\?token=[^>]+))>$/.exec(
        headerOf(mail, 'List-Unsubscribe') ?? '',
      );
      assert.ok(url, headerOf(mail, 'List-Unsubscribe'));
      // The visible link in the text and a manage link are there as well.
      assert.ok(mail.text?.includes(url[1]));
      assert.match(mail.text ?? '', /Themen ändern: http:\/\/localhost:3000\/musterkreis\/infokanal\/abo\?token=/);

      const boundary = 'xYzRathaus';
      const res = await t.app.inject({
        method: 'POST',
        url: url[2],
        headers: {
          'content-type': multipart ? `multipart/form-data; boundary=${boundary}` : 'application/x-www-form-urlencoded',
        },
        payload: multipart
          ? `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`
          : 'List-Unsubscribe=One-Click',
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(await subscriberByEmail(t.platform, tenant, address), undefined);
    }
    // A forged token does nothing.
    const forged = await t.app.inject({
      method: 'POST',
      url: '/musterkreis/infokanal/abmelden?token=00000000-0000-0000-0000-000000000000.AAAA',
      payload: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(forged.statusCode, 200);
    const wrongMac = await addSubscribers(t.platform, tenant, ['bleibt@example.org'], ['freibaeder']).then(() =>
      subscriberByEmail(t.platform, tenant, 'bleibt@example.org'),
    );
    const bad = await t.app.inject({
      method: 'POST',
      url: `/musterkreis/infokanal/abmelden?token=${wrongMac?.id}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`,
      payload: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(bad.statusCode, 410);
    assert.ok(await subscriberByEmail(t.platform, tenant, 'bleibt@example.org'));
  });
});
