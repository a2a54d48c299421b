import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { AlertBanner, loadActiveAlerts } from '../src/modules/channel/index.js';
import { createApiToken } from '../src/platform/auth/api-tokens.js';
import type { Tenant } from '../src/platform/tenancy/repo.js';
import { Browser, createStaff, csrfIn, loginStaff, textOf } from './accounts-helpers.js';
import { addSubscribers, postPairs, seedTopics, testAlert } from './channel-helpers.js';
import { createTenants, createTestApp, type TestApp } from './helpers/app.js';
import { engineUnderTest } from './helpers/database.js';

describe(`Infokanal: API, back office, feeds and banner (${engineUnderTest})`, () => {
  let t: TestApp;
  let tenant: Tenant;
  let other: Tenant;
  let token: string;
  let clerkToken: string;

  before(async () => {
    t = await createTestApp();
    ({ a: tenant, b: other } = await createTenants(t.platform));
    await seedTopics(t.platform, tenant);
    await seedTopics(t.platform, other);
    const editor = await createStaff(t.platform, tenant, 'redaktion@musterkreis.example', 'editor');
    const clerk = await createStaff(t.platform, tenant, 'sachbearbeitung@musterkreis.example', 'clerk');
    token = (await createApiToken(t.platform.db, { tenantId: tenant.id, userId: editor.id, name: 'Leitstelle' })).token;
    clerkToken = (await createApiToken(t.platform.db, { tenantId: tenant.id, userId: clerk.id, name: 'x' })).token;
    await addSubscribers(
      t.platform,
      tenant,
      ['eins@example.org', 'zwei@example.org'],
      ['gefahrenhinweise', 'strassensperrungen'],
    );
  });
  after(() => t.close());

  const api = (method: 'GET' | 'POST', url: string, payload?: unknown, bearer?: string, ip = '198.51.100.1') =>
    t.app.inject({
      method,
      url,
      payload: payload as object,
      remoteAddress: ip,
      headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
    });

  test('topics are listed; subscribing answers 202 the same for known and unknown addresses', async () => {
    const topics = await api('GET', '/api/v1/musterkreis/channel/topics');
    assert.equal(topics.statusCode, 200);
    assert.equal(topics.json().items.length, 8);
    assert.equal(topics.json().items[0].slug, 'gefahrenhinweise');
    const known = await api('POST', '/api/v1/musterkreis/channel/subscriptions', {
      email: 'eins@example.org',
      topics: ['vereine'],
    });
    const unknown = await api('POST', '/api/v1/musterkreis/channel/subscriptions', {
      email: 'neu@example.org',
      topics: ['vereine'],
    });
    assert.equal(known.statusCode, 202);
    assert.equal(known.body, unknown.body);
  });

  test('bad subscriptions are 422 naming the field; a flood is 429', async () => {
    const email = await api(
      'POST',
      '/api/v1/musterkreis/channel/subscriptions',
      { email: 'nicht-gültig', topics: ['vereine'] },
      undefined,
      '198.51.100.2',
    );
    assert.equal(email.statusCode, 422);
    assert.ok(email.json().error.fields.email);
    const topic = await api(
      'POST',
      '/api/v1/musterkreis/channel/subscriptions',
      { email: 'a@example.org', topics: ['gibt-es-nicht'] },
      undefined,
      '198.51.100.2',
    );
    assert.equal(topic.statusCode, 422);
    assert.match(topic.json().error.fields.topics, /gibt-es-nicht/);
    let last = 0;
    for (let i = 0; i < 11; i++)
      last = (
        await api(
          'POST',
          '/api/v1/musterkreis/channel/subscriptions',
          { email: `f${i}@example.org`, topics: ['vereine'] },
          undefined,
          '198.51.100.3',
        )
      ).statusCode;
    assert.equal(last, 429);
  });

  test('publishing needs an editor token; bad alerts are 422 naming the field', async () => {
    assert.equal((await api('POST', '/api/v1/musterkreis/channel/messages', testAlert())).statusCode, 401);
    assert.equal((await api('POST', '/api/v1/musterkreis/channel/messages', testAlert(), clerkToken)).statusCode, 404);
    const open = testAlert();
    (open.alert as { area: unknown }).area = {
      description: 'Nord',
      polygon: [
        [48.1, 12.5],
        [48.2, 12.5],
        [48.2, 12.6],
        [48.3, 12.6],
      ],
    };
    const resOpen = await api('POST', '/api/v1/musterkreis/channel/messages', open, token);
    assert.equal(resOpen.statusCode, 422);
    assert.ok(resOpen.json().error.fields['alert.area.polygon']);
    const backwards = testAlert();
    Object.assign(backwards.alert as object, { validFrom: '2026-07-15T02:00:00Z', validUntil: '2026-07-14T20:38:00Z' });
    const resBack = await api('POST', '/api/v1/musterkreis/channel/messages', backwards, token);
    assert.equal(resBack.statusCode, 422);
    assert.ok(resBack.json().error.fields['alert.validUntil']);
    const unknownTopic = await api('POST', '/api/v1/musterkreis/channel/messages', testAlert({ topics: ['nirgendwo'] }), token);
    assert.equal(unknownTopic.statusCode, 422);
    assert.ok(unknownTopic.json().error.fields.topics);
  });

  test('an alert: 201 with recipients, status counts, banner, CAP, Atom and the app API; a cancellation ends it', async () => {
    const res = await api(
      'POST',
      '/api/v1/musterkreis/channel/messages',
      testAlert({ topics: ['gefahrenhinweise', 'strassensperrungen'] }),
      token,
    );
    assert.equal(res.statusCode, 201, res.body);
    const { id, recipients } = res.json();
    assert.equal(recipients, 2);
    const status = await api('GET', `/api/v1/musterkreis/channel/messages/${id}`, undefined, token);
    assert.equal(status.statusCode, 200);
    assert.deepEqual(
      { sent: status.json().sent, pending: status.json().pending, failed: status.json().failed },
      { sent: 0, pending: 0, failed: 0 },
    );
    assert.equal(
      (await api('GET', `/api/v1/beispielstadt/channel/messages/${id}`, undefined, token)).statusCode,
      401,
      'a token of another tenant',
    );

    const alerts = await loadActiveAlerts(t.platform.db, tenant.id);
    assert.deepEqual(
      alerts.map((a) => a.id),
      [id],
    );
    assert.deepEqual(await loadActiveAlerts(t.platform.db, other.id), []);
    const startPage = await t.app.inject('/musterkreis');
    assert.match(
      startPage.body,
      /<section[^>]*aria-label="Aktuelle Warnung"[\s\S]*Großbrand/,
      'the banner stands on the start page',
    );
    assert.doesNotMatch((await t.app.inject('/beispielstadt')).body, /Aktuelle Warnung/, 'not on another tenant');
    const banner = renderToString(h(AlertBanner, { tenantSlug: 'musterkreis', alerts }));
    assert.match(banner, /<section[^>]*aria-label="Aktuelle Warnung"/);
    assert.match(banner, /kern-alert--danger/);
    assert.match(banner, /Großbrand am Bahndamm/);

    const cap = await t.app.inject({ url: `/musterkreis/feeds/cap/${id}.xml` });
    assert.equal(cap.statusCode, 200);
    assert.match(String(cap.headers['content-type']), /application\/cap\+xml/);
    assert.match(cap.body, /<msgType>Alert<\/msgType>/);
    assert.match(cap.body, /<category>Fire<\/category>/);
    assert.match(cap.body, /<circle>48\.25,12\.52 3<\/circle>/);
    assert.doesNotMatch(cap.body, /<script>/);
    const atom = await t.app.inject({ url: '/musterkreis/feeds/alerts.atom' });
    assert.match(atom.body, new RegExp(`href="http://localhost:3000/musterkreis/feeds/cap/${id}\\.xml"`));
    const topicAtom = await t.app.inject({ url: '/musterkreis/feeds/topics/strassensperrungen.atom' });
    assert.equal(topicAtom.statusCode, 200);
    assert.match(topicAtom.body, /Großbrand am Bahndamm/);
    const app = await api('GET', '/api/v1/musterkreis/alerts?active=true');
    assert.deepEqual(
      app.json().items.map((i: { id: string }) => i.id),
      [id],
    );

    const page = await t.app.inject({ url: `/musterkreis/infokanal/meldung/${id}` });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /&lt;script&gt;/, 'script in the text is shown as text');
    assert.doesNotMatch(page.body, /<script>alert/);

    const cancel = await api(
      'POST',
      '/api/v1/musterkreis/channel/messages',
      {
        title: 'Entwarnung Bahndamm',
        body: 'Der Brand ist gelöscht.',
        topics: ['gefahrenhinweise'],
        msgType: 'Cancel',
        references: id,
      },
      token,
    );
    assert.equal(cancel.statusCode, 201, cancel.body);
    assert.deepEqual(await loadActiveAlerts(t.platform.db, tenant.id), []);
    assert.doesNotMatch((await t.app.inject('/musterkreis')).body, /Aktuelle Warnung/, 'the banner is gone after the cancel');
    const cancelCap = await t.app.inject({ url: `/musterkreis/feeds/cap/${cancel.json().id}.xml` });
    assert.match(cancelCap.body, /<msgType>Cancel<\/msgType>/);
    assert.match(
      cancelCap.body,
      new RegExp(
        `<references>musterkreis@localhost,urn:uuid:${id},\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00</references>`,
      ),
    );
  });

  test('back office: the compose form keeps values on error, publishing shows the delivery status with a progress bar', async () => {
    const browser = new Browser(t.app, '198.51.100.9');
    await loginStaff(browser, 'musterkreis', 'redaktion@musterkreis.example');
    const overview = await browser.get('/musterkreis/verwaltung/infokanal');
    assert.equal(overview.statusCode, 200);
    assert.match(textOf(overview.body), /Gefahrenhinweise \d+/);
    const form = await browser.get('/musterkreis/verwaltung/infokanal/neu');
    assert.equal(form.statusCode, 200);
    const csrf = csrfIn(form.body);
    const bad = await postPairs(t.app, browser, '/musterkreis/verwaltung/infokanal/neu', [
      ['_csrf', csrf],
      ['msgType', 'Alert'],
      ['title', 'Unwetterwarnung'],
      ['body', 'Sturmböen bis 100 km/h.'],
      ['topics', 'gefahrenhinweise'],
      ['alert', 'ja'],
      ['alert.category', 'Unwetter'],
      ['alert.severity', 'Moderate'],
      ['alert.urgency', 'Expected'],
      ['alert.certainty', 'Likely'],
      ['alert.area.description', 'Landkreis'],
      ['alert.area.polygon', '48.1, 12.5\n48.2, 12.5\n48.2, 12.6'],
      ['alert.validUntil', '2030-01-01T10:00'],
    ]);
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /geschlossenes Polygon/);
    assert.match(bad.body, /value="Unwetterwarnung"/);
    assert.match(bad.body, /value="gefahrenhinweise" checked/);
    const good = await postPairs(t.app, browser, '/musterkreis/verwaltung/infokanal/neu', [
      ['_csrf', csrf],
      ['msgType', 'Alert'],
      ['title', 'Freibad-Saison beginnt'],
      ['body', 'Ab Samstag geöffnet.'],
      ['topics', 'freibaeder'],
    ]);
    assert.equal(good.statusCode, 303, textOf(good.body));
    const status = await browser.get(String(good.headers.location));
    assert.equal(status.statusCode, 200);
    assert.match(status.body, /<progress/);
    assert.match(textOf(status.body), /Versendet 0 Ausstehend 0 Fehlgeschlagen 0/);
  });

  test('back office: the delivery status as JSON for the live refresh; the page loads the script only while mails are pending', async () => {
    const browser = new Browser(t.app, '198.51.100.10');
    await loginStaff(browser, 'musterkreis', 'redaktion@musterkreis.example');
    const res = await api(
      'POST',
      '/api/v1/musterkreis/channel/messages',
      { title: 'Live-Stand der Zustellung', body: 'Text.', topics: ['gefahrenhinweise'] },
      token,
    );
    assert.equal(res.statusCode, 201, res.body);
    const id = res.json().id as string;
    const url = `/musterkreis/verwaltung/infokanal/${id}/zustellung.json`;
    const progress = async () => {
      const r = await browser.get(url);
      assert.equal(r.statusCode, 200, r.body);
      assert.match(String(r.headers['content-type']), /application\/json/);
      assert.equal(r.headers['cache-control'], 'no-store');
      return r.json();
    };

    assert.notEqual((await t.app.inject(url)).statusCode, 200, 'not without a staff login');
    assert.notEqual((await browser.get(`/beispielstadt/verwaltung/infokanal/${id}/zustellung.json`)).statusCode, 200);
    assert.equal(
      (await browser.get('/musterkreis/verwaltung/infokanal/00000000-0000-4000-8000-000000000000/zustellung.json')).statusCode,
      404,
    );
    assert.deepEqual(await progress(), { recipients: 2, sent: 0, pending: 0, failed: 0, done: false }, 'fan-out not yet run');

    const page = await browser.get(`/musterkreis/verwaltung/infokanal/${id}`);
    assert.match(page.body, /<script src="\/assets\/channel-delivery-status\.js" defer>/);
    assert.match(page.body, new RegExp(`data-delivery-status="${url.replace(/[.]/g, '\\.')}"`));
    assert.match(page.body, /<p[^>]*aria-live="polite"[^>]*>0 von 2 E-Mails versendet – der Versand läuft\.<\/p>/);
    assert.match(page.body, /<progress[^>]*aria-labelledby="zustellung-stand"/);
    assert.match(textOf(page.body), /Stand aktualisieren/, 'without JavaScript: a reload link');
    const script = await t.app.inject('/assets/channel-delivery-status.js');
    assert.equal(script.statusCode, 200);
    assert.match(script.body, /setTimeout\(poll, 2000\)/);

    // The fan-out and the mail jobs, as their tables show them (the workers are off in this test).
    const db = t.platform.db.withTables<import('../src/modules/channel/tables.js').ChannelTables>();
    await db.updateTable('channel_messages').set({ fanned_out_at: new Date() }).where('id', '=', id).execute();
    const subscribers = await db
      .selectFrom('channel_subscribers')
      .select('id')
      .where('tenant_id', '=', tenant.id)
      .where('email', 'in', ['eins@example.org', 'zwei@example.org'])
      .orderBy('email')
      .execute();
    await db
      .insertInto('channel_deliveries')
      .values(subscribers.map((s) => ({ message_id: id, subscriber_id: s.id, tenant_id: tenant.id, batch: 0 })))
      .execute();
    assert.deepEqual(await progress(), { recipients: 2, sent: 0, pending: 2, failed: 0, done: false });
    await db
      .updateTable('channel_deliveries')
      .set({ status: 'sent' })
      .where('subscriber_id', '=', subscribers[0].id)
      .where('message_id', '=', id)
      .execute();
    await db
      .updateTable('channel_deliveries')
      .set({ status: 'failed' })
      .where('subscriber_id', '=', subscribers[1].id)
      .where('message_id', '=', id)
      .execute();
    assert.deepEqual(await progress(), { recipients: 2, sent: 1, pending: 0, failed: 1, done: true });

    const finished = await browser.get(`/musterkreis/verwaltung/infokanal/${id}`);
    assert.doesNotMatch(finished.body, /channel-delivery-status\.js/, 'nothing left to refresh');
    assert.match(
      textOf(finished.body),
      /1 von 2 E-Mails versendet, 1 fehlgeschlagen\. .*Versendet 1 Ausstehend 0 Fehlgeschlagen 1/,
    );
    assert.match(finished.body, /<progress[^>]*max="2"[^>]*value="1"|<progress[^>]*value="1"[^>]*max="2"/);
  });
});
