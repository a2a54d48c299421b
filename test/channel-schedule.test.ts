import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { loadActiveAlerts } from '../src/modules/channel/index.js';
import { PUBLISH_SCHEDULED_JOB, publishScheduledMessage } from '../src/modules/channel/service.js';
import { datetimeLocalValue } from '../src/modules/channel/text.js';
import { createApiToken } from '../src/platform/auth/api-tokens.js';
import type { Tenant } from '../src/platform/tenancy/repo.js';
import { Browser, createStaff, csrfIn, loginStaff, textOf } from './accounts-helpers.js';
import { addSubscribers, deliveriesOf, seedTopics, testAlert } from './channel-helpers.js';
import { createTenants, createTestApp, type TestApp } from './helpers/app.js';
import { engineUnderTest } from './helpers/database.js';

const HOUR = 3600_000;

describe(`Infokanal: scheduled publishing (${engineUnderTest})`, () => {
  let t: TestApp;
  let tenant: Tenant;
  let token: string;

  before(async () => {
    t = await createTestApp();
    ({ a: tenant } = await createTenants(t.platform));
    await seedTopics(t.platform, tenant);
    const editor = await createStaff(t.platform, tenant, 'redaktion@musterkreis.example', 'editor');
    token = (await createApiToken(t.platform.db, { tenantId: tenant.id, userId: editor.id, name: 'Leitstelle' })).token;
    await addSubscribers(t.platform, tenant, ['eins@example.org', 'zwei@example.org'], ['gefahrenhinweise']);
  });
  after(() => t.close());

  const api = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) =>
    t.app.inject({ method, url, payload: payload as object, headers: { authorization: `Bearer ${token}` } });

  /** Everything a citizen or an app could see of a message. */
  async function publicTraces(id: string, title: string) {
    const traces: string[] = [];
    if ((await t.app.inject(`/musterkreis/infokanal/meldung/${id}`)).statusCode !== 404) traces.push('message page');
    if ((await t.app.inject(`/musterkreis/feeds/cap/${id}.xml`)).statusCode !== 404) traces.push('CAP document');
    if ((await t.app.inject('/musterkreis')).body.includes(title)) traces.push('start page (banner)');
    if ((await t.app.inject('/musterkreis/infokanal/gefahrenhinweise')).body.includes(title)) traces.push('topic archive');
    if ((await t.app.inject('/musterkreis/feeds/alerts.atom')).body.includes(title)) traces.push('alerts feed');
    if ((await t.app.inject('/musterkreis/feeds/topics/gefahrenhinweise.atom')).body.includes(title)) traces.push('topic feed');
    if ((await t.app.inject('/api/v1/musterkreis/alerts?active=false')).body.includes(title)) traces.push('alerts API');
    if ((await loadActiveAlerts(t.platform.db, tenant.id)).some((a) => a.id === id)) traces.push('active alerts');
    return traces;
  }

  test('a publishAt in the past or not a time is 422 naming the field; nothing is stored', async () => {
    const past = await api(
      'POST',
      '/api/v1/musterkreis/channel/messages',
      testAlert({ publishAt: new Date(Date.now() - 60_000).toISOString() }),
    );
    assert.equal(past.statusCode, 422, past.body);
    assert.match(past.json().error.fields.publishAt, /Vergangenheit/);
    const garbage = await api('POST', '/api/v1/musterkreis/channel/messages', testAlert({ publishAt: 'morgen früh' }));
    assert.equal(garbage.statusCode, 422);
    assert.ok(garbage.json().error.fields.publishAt);
    const expiresBefore = testAlert({ publishAt: new Date(Date.now() + 5 * HOUR).toISOString() });
    const res = await api('POST', '/api/v1/musterkreis/channel/messages', expiresBefore);
    assert.equal(res.statusCode, 422, 'the alert would have expired when it goes out');
    assert.ok(res.json().error.fields['alert.validUntil']);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from channel_scheduled_messages`.execute(t.platform.db);
    assert.equal(rows[0].n, 0);
  });

  test('a scheduled alert is invisible and unsent until its job runs; then it is published under the same id', async () => {
    const publishAt = new Date(Date.now() + 2 * HOUR);
    publishAt.setMilliseconds(0);
    const title = 'Geplante Sperrung der Kreisstraße';
    const alert = testAlert({ title, publishAt: publishAt.toISOString() });
    Object.assign(alert.alert as object, { validFrom: undefined, validUntil: new Date(Date.now() + 6 * HOUR).toISOString() });
    const res = await api('POST', '/api/v1/musterkreis/channel/messages', alert);
    assert.equal(res.statusCode, 202, res.body);
    const { id, status } = res.json();
    assert.equal(status, 'scheduled');
    assert.equal(res.json().publishAt, publishAt.toISOString());

    const state = await api('GET', `/api/v1/musterkreis/channel/messages/${id}`);
    assert.equal(state.statusCode, 200);
    assert.equal(state.json().status, 'scheduled');
    assert.deepEqual(await publicTraces(id, title), []);
    assert.deepEqual(await deliveriesOf(t.platform, id), []);

    // The job waits in the queue until the chosen time.
    const { rows: jobs } = await sql<{ start_after: Date; state: string }>`
      select start_after, state from pgboss.job where name = ${PUBLISH_SCHEDULED_JOB} and data->>'scheduleId' = ${id}`.execute(
      t.platform.db,
    );
    assert.equal(jobs.length, 1);
    assert.equal(new Date(jobs[0].start_after).toISOString(), publishAt.toISOString());

    // The job at its time (called directly: no test waits two hours).
    const ranAt = Date.now() - 1000;
    assert.equal(await publishScheduledMessage(t.platform, { tenantId: tenant.id, scheduleId: id }), 'published');
    assert.deepEqual(
      (await publicTraces(id, title)).sort(),
      [
        'CAP document',
        'active alerts',
        'alerts API',
        'alerts feed',
        'message page',
        'start page (banner)',
        'topic archive',
        'topic feed',
      ].sort(),
    );
    const published = await api('GET', `/api/v1/musterkreis/channel/messages/${id}`);
    assert.equal(published.json().status, 'published');
    assert.equal(published.json().recipients, 2);
    const [active] = await loadActiveAlerts(t.platform.db, tenant.id);
    assert.ok(active.alert && active.alert.validFrom.getTime() >= ranAt, 'valid from its publishing, not from its scheduling');
    // A second run of the job (a retry) publishes nothing twice.
    assert.equal(await publishScheduledMessage(t.platform, { tenantId: tenant.id, scheduleId: id }), 'nothing');
    assert.equal((await api('DELETE', `/api/v1/musterkreis/channel/messages/${id}`)).statusCode, 409);
  });

  test('a withdrawn scheduled message never goes out', async () => {
    const title = 'Vereinsfest verschoben';
    const res = await api('POST', '/api/v1/musterkreis/channel/messages', {
      title,
      body: 'Das Fest findet eine Woche später statt.',
      topics: ['gefahrenhinweise'],
      publishAt: new Date(Date.now() + 24 * HOUR).toISOString(),
    });
    assert.equal(res.statusCode, 202, res.body);
    const { id } = res.json();
    assert.equal((await api('DELETE', `/api/v1/musterkreis/channel/messages/${id}`)).statusCode, 204);
    assert.equal((await api('GET', `/api/v1/musterkreis/channel/messages/${id}`)).json().status, 'cancelled');
    assert.equal(await publishScheduledMessage(t.platform, { tenantId: tenant.id, scheduleId: id }), 'nothing');
    assert.deepEqual(await publicTraces(id, title), []);
    assert.deepEqual(await deliveriesOf(t.platform, id), []);
    assert.equal((await api('DELETE', `/api/v1/musterkreis/channel/messages/${id}`)).statusCode, 409);
  });

  test('back office: the editor schedules in German time, sees it as "geplant" and withdraws it', async () => {
    const browser = new Browser(t.app, '198.51.100.20');
    await loginStaff(browser, 'musterkreis', 'redaktion@musterkreis.example');
    const form = await browser.get('/musterkreis/verwaltung/infokanal/neu');
    assert.match(form.body, /<input[^>]*type="datetime-local"[^>]*name="publishAt"/);
    const fields = {
      _csrf: csrfIn(form.body),
      msgType: 'Alert',
      title: 'Wartungsarbeiten am Wasserwerk',
      body: 'Am Samstag kann das Wasser kurz ausfallen.',
      topics: 'gefahrenhinweise',
    };

    const past = await browser.post('/musterkreis/verwaltung/infokanal/neu', { ...fields, publishAt: '2020-01-01T08:00' });
    assert.equal(past.statusCode, 422);
    assert.match(textOf(past.body), /Vergangenheit/);
    assert.match(past.body, /value="2020-01-01T08:00"/, 'the entered time is kept');
    assert.match(past.body, /value="Wartungsarbeiten am Wasserwerk"/);

    // Tomorrow 08:00 German time (the field has no offset).
    const tomorrow = datetimeLocalValue(new Date(Date.now() + 24 * HOUR)).slice(0, 10);
    const created = await browser.post('/musterkreis/verwaltung/infokanal/neu', { ...fields, publishAt: `${tomorrow}T08:00` });
    assert.equal(created.statusCode, 303, textOf(created.body));
    const location = String(created.headers.location);
    assert.match(location, /\?hinweis=geplant$/);
    const page = await browser.get(location);
    assert.equal(page.statusCode, 200);
    const text = textOf(page.body);
    assert.match(text, /Stand geplant/);
    assert.match(text, /um 08:00 Uhr \(deutsche Zeit\)/);
    const [, day] = tomorrow.split('-').slice(1);
    assert.match(text, new RegExp(`Veröffentlichung ${Number(day)}\\. `));
    const id = location.split('/').pop()?.split('?')[0] ?? '';
    assert.deepEqual(await publicTraces(id, 'Wartungsarbeiten am Wasserwerk'), []);

    const overview = textOf((await browser.get('/musterkreis/verwaltung/infokanal')).body);
    assert.match(overview, /Geplante Nachrichten .*Wartungsarbeiten am Wasserwerk .*08:00 Uhr geplant/);

    const withdraw = await browser.post(`/musterkreis/verwaltung/infokanal/${id}/zurueckziehen`, { _csrf: csrfIn(page.body) });
    assert.equal(withdraw.statusCode, 303);
    const after = textOf((await browser.get(String(withdraw.headers.location))).body);
    assert.match(after, /zurückgezogen/);
    assert.doesNotMatch(after, /Geplante Nachricht zurückziehen/, 'no button any more');
    assert.doesNotMatch(textOf((await browser.get('/musterkreis/verwaltung/infokanal')).body), /Geplante Nachrichten/);
    assert.equal(await publishScheduledMessage(t.platform, { tenantId: tenant.id, scheduleId: id }), 'nothing');
  });

  test('a scheduled message whose topic is gone meanwhile is not published, and the editor sees why', async () => {
    await t.platform.db
      .withTables<import('../src/modules/channel/tables.js').ChannelTables>()
      .insertInto('channel_topics')
      .values({ tenant_id: tenant.id, slug: 'kurzlebig', title: 'Kurzlebig' })
      .execute();
    const res = await api('POST', '/api/v1/musterkreis/channel/messages', {
      title: 'Nachricht an ein Thema, das es bald nicht mehr gibt',
      body: 'Text',
      topics: ['kurzlebig'],
      publishAt: new Date(Date.now() + HOUR).toISOString(),
    });
    assert.equal(res.statusCode, 202, res.body);
    await sql`delete from channel_topics where slug = 'kurzlebig'`.execute(t.platform.db);
    assert.equal(await publishScheduledMessage(t.platform, { tenantId: tenant.id, scheduleId: res.json().id }), 'failed');
    assert.equal((await api('GET', `/api/v1/musterkreis/channel/messages/${res.json().id}`)).json().status, 'failed');
    const browser = new Browser(t.app, '198.51.100.21');
    await loginStaff(browser, 'musterkreis', 'redaktion@musterkreis.example');
    const page = textOf((await browser.get(`/musterkreis/verwaltung/infokanal/${res.json().id}`)).body);
    assert.match(page, /nicht veröffentlicht werden: Unbekanntes Thema: kurzlebig/);
  });
});
