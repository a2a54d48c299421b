import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { deliverBatch, fanOutMessage, fanOutStep } from '../src/modules/channel/jobs.js';
import { publishMessage } from '../src/modules/channel/service.js';
import type { ChannelTables } from '../src/modules/channel/tables.js';
import type { Tenant } from '../src/platform/tenancy/repo.js';
import { createStaff } from './accounts-helpers.js';
import { addSubscribers, deliveriesOf, subscriberByEmail, recipientsOf, seedTopics } from './channel-helpers.js';
import { createTenants, createTestApp, type TestApp } from './helpers/app.js';
import { engineUnderTest } from './helpers/database.js';
import { eventually, startTestSmtp, type TestSmtp } from './mail-helpers.js';

const countBy = (list: string[]) => list.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>());

describe(`Infokanal: fan-out delivery with workers (${engineUnderTest})`, () => {
  let smtp: TestSmtp;
  let t: TestApp;
  let tenant: Tenant;
  let editorId: string;

  before(async () => {
    smtp = await startTestSmtp();
    t = await createTestApp({ env: { SMTP_URL: smtp.url }, jobs: true });
    tenant = (await createTenants(t.platform)).a;
    await seedTopics(t.platform, tenant);
    editorId = (await createStaff(t.platform, tenant, 'redaktion@musterkreis.example', 'editor')).id;
    t.platform.mail.retryDelaySeconds = 1;
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  const allSent = (messageId: string) =>
    eventually(async () => {
      const rows = await deliveriesOf(t.platform, messageId);
      return rows.length > 0 && rows.every((r) => r.status === 'sent') ? rows : undefined;
    }, 30);

  test('exactly one mail per subscriber over overlapping topics; unconfirmed and other topics get none', async () => {
    const a = ['a1@example.org', 'a2@example.org'];
    const ab = ['ab1@example.org', 'ab2@example.org', 'ab3@example.org'];
    const abc = ['abc1@example.org'];
    await addSubscribers(t.platform, tenant, a, ['gefahrenhinweise']);
    await addSubscribers(t.platform, tenant, ab, ['gefahrenhinweise', 'strassensperrungen']);
    await addSubscribers(t.platform, tenant, abc, ['gefahrenhinweise', 'strassensperrungen', 'veranstaltungen']);
    await addSubscribers(t.platform, tenant, ['unbestaetigt@example.org'], ['gefahrenhinweise'], false);
    await addSubscribers(t.platform, tenant, ['anderes@example.org'], ['vereine']);

    const result = await publishMessage(t.platform, tenant, editorId, {
      title: 'Vollsperrung B 12 nach Unfall',
      body: 'Die B 12 ist zwischen Nord und Süd gesperrt.',
      topics: ['gefahrenhinweise', 'strassensperrungen', 'veranstaltungen'],
    });
    assert.ok(result.ok);
    assert.equal(result.recipients, 6);
    const rows = await allSent(result.id);
    assert.equal(rows.length, 6);
    await eventually(() => smtp.received.filter((m) => m.subject === 'Vollsperrung B 12 nach Unfall').length >= 6);
    const got = countBy(
      smtp.received.filter((m) => m.subject === 'Vollsperrung B 12 nach Unfall').flatMap(recipientsOf) as string[],
    );
    assert.deepEqual([...got.keys()].sort(), [...a, ...ab, ...abc].sort());
    assert.ok(
      [...got.values()].every((n) => n === 1),
      JSON.stringify([...got]),
    );
  });

  test('SMTP refusing: deliveries stay pending, are retried with backoff and go out once the server accepts', async () => {
    const emails = ['retry1@example.org', 'retry2@example.org', 'retry3@example.org'];
    await addSubscribers(t.platform, tenant, emails, ['freibaeder']);
    smtp.refuseNext(2);
    const result = await publishMessage(t.platform, tenant, editorId, {
      title: 'Freibad Süd öffnet später',
      body: 'Wegen Gewitter erst um 12 Uhr.',
      topics: ['freibaeder'],
    });
    assert.ok(result.ok);
    // While refused, the two deliveries are still pending with the error kept.
    const failedOnce = await eventually(async () => {
      const rows = await deliveriesOf(t.platform, result.id);
      const waiting = rows.filter((r) => r.status === 'pending' && r.last_error);
      return waiting.length === 2 ? waiting : undefined;
    });
    assert.ok(failedOnce.every((r) => /451/.test(r.last_error ?? '')));
    const rows = await allSent(result.id);
    assert.equal(rows.length, 3);
    assert.equal(rows.filter((r) => r.attempts === 2).length, 2);
    const got = countBy(smtp.received.filter((m) => m.subject === 'Freibad Süd öffnet später').flatMap(recipientsOf) as string[]);
    assert.deepEqual([...got.keys()].sort(), emails);
    assert.ok([...got.values()].every((n) => n === 1));
  });
});

describe(`Infokanal: a crashed fan-out resumes (${engineUnderTest})`, () => {
  let smtp: TestSmtp;
  let t: TestApp;
  let tenant: Tenant;
  let editorId: string;

  before(async () => {
    smtp = await startTestSmtp();
    // No workers: the test runs the jobs' handlers itself, as a restarted worker would.
    t = await createTestApp({ env: { SMTP_URL: smtp.url }, jobs: false });
    tenant = (await createTenants(t.platform)).a;
    await seedTopics(t.platform, tenant);
    editorId = (await createStaff(t.platform, tenant, 'redaktion@musterkreis.example', 'editor')).id;
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  test('after a crash mid-batch only the pending deliveries are sent; a repeated fan-out adds nothing', async () => {
    const emails = Array.from({ length: 7 }, (_, i) => `crash${i}@example.org`);
    await addSubscribers(t.platform, tenant, emails, ['gefahrenhinweise', 'veranstaltungen']);
    const result = await publishMessage(t.platform, tenant, editorId, {
      title: 'Stromausfall Ortsteil Süd',
      body: 'Die Netzbetreiber arbeiten daran.',
      topics: ['gefahrenhinweise', 'veranstaltungen'],
    });
    assert.ok(result.ok);
    const data = { tenantId: tenant.id, messageId: result.id };
    await fanOutMessage(t.platform, data, 3);
    await fanOutMessage(t.platform, data, 3);
    const rows = await deliveriesOf(t.platform, result.id);
    assert.equal(rows.length, 7);
    assert.deepEqual([...new Set(rows.map((r) => r.batch))].sort(), [0, 1, 2]);
    assert.equal(await t.platform.jobs.pending('channel.deliver'), 3, 'one job per batch, not queued twice');

    // The worker died in batch 0 after two mails went out and were recorded.
    const batch0 = rows.filter((r) => r.batch === 0).map((r) => r.subscriber_id);
    const ch = t.platform.db.withTables<ChannelTables>();
    await ch
      .updateTable('channel_deliveries')
      .set({ status: 'sent', sent_at: new Date(), attempts: 1 })
      .where('message_id', '=', result.id)
      .where('subscriber_id', 'in', batch0.slice(0, 2))
      .execute();

    for (const batch of [0, 1, 2]) await deliverBatch(t.platform, { ...data, batch });
    const received = smtp.received.filter((m) => m.subject === 'Stromausfall Ortsteil Süd').flatMap(recipientsOf);
    assert.equal(received.length, 5, 'the two recorded before the crash are not sent again');
    assert.equal(new Set(received).size, 5);
    assert.ok((await deliveriesOf(t.platform, result.id)).every((r) => r.status === 'sent'));

    // A late retry of any batch sends nothing more.
    await deliverBatch(t.platform, { ...data, batch: 0 });
    assert.equal(smtp.received.filter((m) => m.subject === 'Stromausfall Ortsteil Süd').length, 5);
  });

  test('someone who confirms while a message is still being fanned out does not get that message', async () => {
    await addSubscribers(t.platform, tenant, ['frueh@example.org'], ['freibaeder']);
    const result = await publishMessage(t.platform, tenant, editorId, {
      title: 'Freibad Nord öffnet später',
      body: 'Wegen Gewitter erst um 12 Uhr.',
      topics: ['freibaeder'],
    });
    assert.ok(result.ok);
    // Confirmed after publishing, before the fan-out job ran (it runs in steps and reads afresh).
    await new Promise((resolve) => setTimeout(resolve, 20));
    await addSubscribers(t.platform, tenant, ['spaet@example.org'], ['freibaeder']);
    await fanOutMessage(t.platform, { tenantId: tenant.id, messageId: result.id }, 3);
    const rows = await deliveriesOf(t.platform, result.id);
    const late = await subscriberByEmail(t.platform, tenant, 'spaet@example.org');
    assert.equal(rows.length, 1);
    assert.ok(!rows.some((r) => r.subscriber_id === late?.id), 'the late subscriber is not an addressee');
  });

  test('the first batch goes out before the fan-out has written the rest; an interrupted fan-out goes on from there', async () => {
    const emails = Array.from({ length: 8 }, (_, i) => `schritt${i}@example.org`);
    await addSubscribers(t.platform, tenant, emails.slice(0, 5), ['kinderbetreuung']);
    await addSubscribers(t.platform, tenant, emails.slice(5), ['kinderbetreuung', 'vereine']);
    const result = await publishMessage(t.platform, tenant, editorId, {
      title: 'Hochwasser an der Isar',
      body: 'Pegel steigt.',
      topics: ['kinderbetreuung', 'vereine'],
    });
    assert.ok(result.ok);
    const data = { tenantId: tenant.id, messageId: result.id };
    const before = await t.platform.jobs.pending('channel.deliver');

    // The first step: one batch written and queued, the message not yet fanned out.
    assert.equal(await fanOutStep(t.platform, data, 3), false);
    const firstRows = await deliveriesOf(t.platform, result.id);
    assert.deepEqual(
      firstRows.map((r) => r.batch),
      [0, 0, 0],
    );
    assert.equal(await t.platform.jobs.pending('channel.deliver'), before + 1);
    await deliverBatch(t.platform, { ...data, batch: 0 });
    const early = smtp.received.filter((m) => m.subject === 'Hochwasser an der Isar').flatMap(recipientsOf);
    assert.equal(early.length, 3, 'mails of the first batch went out while the rest was not written yet');

    // The worker died here; the retried fan-out job writes the rest after the cursor, nobody twice.
    await fanOutMessage(t.platform, data, 3);
    const rows = await deliveriesOf(t.platform, result.id);
    assert.equal(rows.length, 8);
    assert.deepEqual([...new Set(rows.map((r) => r.batch))].sort(), [0, 1, 2]);
    assert.equal(await t.platform.jobs.pending('channel.deliver'), before + 3);
    for (const batch of [1, 2]) await deliverBatch(t.platform, { ...data, batch });
    const got = smtp.received.filter((m) => m.subject === 'Hochwasser an der Isar').flatMap(recipientsOf);
    assert.deepEqual([...got].sort(), [...emails].sort());
    const message = await t.platform.db
      .withTables<ChannelTables>()
      .selectFrom('channel_messages')
      .select(['fanned_out_at', 'recipients'])
      .where('id', '=', result.id)
      .executeTakeFirstOrThrow();
    assert.ok(message.fanned_out_at);
    assert.equal(message.recipients, 8);
  });

  test('on the last attempt undeliverable mails are marked failed, not retried forever', async () => {
    await addSubscribers(t.platform, tenant, ['aufgegeben@example.org'], ['ausschreibungen']);
    const result = await publishMessage(t.platform, tenant, editorId, {
      title: 'Ausschreibung Schulbus',
      body: 'Frist: 30 Tage.',
      topics: ['ausschreibungen'],
    });
    assert.ok(result.ok);
    const data = { tenantId: tenant.id, messageId: result.id };
    await fanOutMessage(t.platform, data);
    smtp.refuseNext(2);
    await assert.rejects(deliverBatch(t.platform, { ...data, batch: 0 }, { lastAttempt: false }), /nicht zugestellt/);
    assert.equal((await deliveriesOf(t.platform, result.id))[0].status, 'pending');
    await assert.rejects(deliverBatch(t.platform, { ...data, batch: 0 }, { lastAttempt: true }), /nicht zugestellt/);
    const [row] = await deliveriesOf(t.platform, result.id);
    assert.equal(row.status, 'failed');
    assert.equal(row.attempts, 2);
  });
});
