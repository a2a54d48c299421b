import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { describeMailError } from '../src/platform/mail/transport.js';
import { enqueueMail, MAIL_JOB } from '../src/platform/mail.js';
import { createTenants, createTestApp, type TestApp } from './helpers/app.js';
import { engineUnderTest } from './helpers/database.js';
import { eventually, startTestSmtp, type TestSmtp } from './mail-helpers.js';

describe(`mail delivery over SMTP (${engineUnderTest})`, () => {
  let smtp: TestSmtp;
  let t: TestApp;
  let tenantId: string;

  before(async () => {
    smtp = await startTestSmtp();
    t = await createTestApp({
      env: { SMTP_URL: smtp.url, MAIL_FROM: 'Landkreis Musterkreis <noreply@musterkreis.example>' },
      jobs: true,
    });
    tenantId = (await createTenants(t.platform)).a.id;
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  const mailRow = (to: string) => t.platform.db.selectFrom('outgoing_mails').selectAll().where('to', '=', to).executeTakeFirst();

  test('a mail enqueued in a committed transaction arrives as sent, umlauts intact', async () => {
    const text =
      'Guten Tag Frau Müller,\n\nIhr Antrag auf Sondernutzung der Straße ist eingegangen.\n\nGrüße aus dem Landratsamt';
    await t.platform.db.transaction().execute(async (tx) => {
      await enqueueMail(t.platform, tx, {
        tenantId,
        to: 'joerg.mueller@example.org',
        subject: 'Eingangsbestätigung: Größenänderung',
        text,
      });
    });
    const mail = await eventually(() => smtp.received.find((m) => m.subject === 'Eingangsbestätigung: Größenänderung'));
    assert.equal(mail.text?.trimEnd(), text);
    const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
    assert.equal(to?.value[0].address, 'joerg.mueller@example.org');
    assert.equal(mail.from?.value[0].address, 'noreply@musterkreis.example');

    const row = await eventually(async () => {
      const r = await mailRow('joerg.mueller@example.org');
      return r?.status === 'sent' ? r : undefined;
    });
    assert.equal(row.attempts, 1);
    assert.ok(row.sent_at instanceof Date);
    assert.equal(row.message_id, mail.messageId);
  });

  test('a rolled-back transaction leaves no mail row, no job and sends nothing', async () => {
    await assert.rejects(
      t.platform.db.transaction().execute(async (tx) => {
        await enqueueMail(t.platform, tx, {
          tenantId,
          to: 'zurueckgerollt@example.org',
          subject: 'Darf nie ankommen',
          text: 'x',
        });
        throw new Error('Abbruch nach dem Einreihen');
      }),
      /Abbruch/,
    );
    assert.equal(await mailRow('zurueckgerollt@example.org'), undefined);
    // Every mail job points at a mail row: none was left behind by the rollback.
    const orphans = await sql<{ n: number }>`
      select count(*)::int as n from pgboss.job j
      where j.name = ${MAIL_JOB} and not exists (select 1 from outgoing_mails m where m.id = (j.data->>'mailId')::uuid)`.execute(
      t.platform.db,
    );
    assert.equal(orphans.rows[0].n, 0);
    // Jobs are fetched in order of creation: once a later mail arrived, the rolled-back one would have too.
    await t.platform.db
      .transaction()
      .execute((tx) =>
        enqueueMail(t.platform, tx, { tenantId, to: 'danach@example.org', subject: 'Nach dem Abbruch', text: 'y' }),
      );
    await eventually(() => smtp.received.find((m) => m.subject === 'Nach dem Abbruch'));
    assert.equal(smtp.received.filter((m) => m.subject === 'Darf nie ankommen').length, 0);
  });

  test('a temporary SMTP refusal is retried and the mail arrives on a later attempt', async () => {
    t.platform.mail.retryDelaySeconds = 1;
    smtp.refuseNext(1);
    await t.platform.db
      .transaction()
      .execute((tx) =>
        enqueueMail(t.platform, tx, { tenantId, to: 'wiederholung@example.org', subject: 'Zweiter Versuch', text: 'Hallo' }),
      );
    await eventually(() => smtp.received.find((m) => m.subject === 'Zweiter Versuch'), 20);
    const row = await eventually(async () => {
      const r = await mailRow('wiederholung@example.org');
      return r?.status === 'sent' ? r : undefined;
    });
    assert.equal(row.attempts, 2);
    assert.equal(row.last_error, null);
    assert.equal(smtp.received.filter((m) => m.subject === 'Zweiter Versuch').length, 1);
  });

  test('after the last try the mail is failed with the error text', async () => {
    t.platform.mail.retryLimit = 0;
    smtp.refuseNext(1);
    await t.platform.db
      .transaction()
      .execute((tx) =>
        enqueueMail(t.platform, tx, { tenantId, to: 'aufgegeben@example.org', subject: 'Geht nicht', text: 'Hallo' }),
      );
    const row = await eventually(async () => {
      const r = await mailRow('aufgegeben@example.org');
      return r?.status === 'failed' ? r : undefined;
    });
    assert.equal(row.attempts, 1);
    assert.match(row.last_error ?? '', /451/);
    assert.equal(row.sent_at, null);
  });
});

test('the stored error text never contains the SMTP password', () => {
  const text = describeMailError(
    new Error('Invalid login: user rathaus pass Geh31m!x rejected'),
    'smtp://rathaus:Geh31m%21x@mail.example.org:587',
  );
  assert.doesNotMatch(text, /Geh31m/);
  assert.match(text, /Invalid login/);
});
