import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runMailRequest } from '../src/cli/mail.js';
import { UsageError } from '../src/cli/output.js';
import { listOutgoingMails, showOutgoingMail } from '../src/modules/outbox/service.js';
import { createSession, SESSION_COOKIES } from '../src/platform/auth/sessions.js';
import type { StaffRole } from '../src/platform/db/schema.js';
import { enqueueMail } from '../src/platform/mail.js';
import { createTenants, createTestApp, type TestApp } from './helpers/app.js';
import { engineUnderTest } from './helpers/database.js';
import { eventually } from './mail-helpers.js';

describe(`Postausgang: captured mails, back office and CLI (${engineUnderTest})`, () => {
  let t: TestApp;
  let a: { id: string; slug: string };
  let b: { id: string; slug: string };
  let mailId: string;

  const staffCookie = async (tenantId: string, role: StaffRole) => {
    const user = await t.platform.db
      .insertInto('users')
      .values({
        tenant_id: tenantId,
        kind: 'staff',
        email: `${role}-${Math.random()}@example.org`,
        name: 'Erika Beispiel',
        password_hash: 'x',
        role,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const token = await createSession(t.platform.db, t.config, { tenantId, userId: user.id, kind: 'staff' });
    return { [SESSION_COOKIES.staff]: token };
  };

  before(async () => {
    // No SMTP_URL: the capture transport keeps mails in the database.
    t = await createTestApp({ jobs: true });
    ({ a, b } = await createTenants(t.platform));
    await t.platform.db.transaction().execute(async (tx) => {
      await enqueueMail(t.platform, tx, {
        tenantId: a.id,
        to: 'aeltere@example.org',
        subject: 'Ältere Nachricht',
        text: 'Erste',
      });
    });
    await t.platform.db.transaction().execute(async (tx) => {
      await enqueueMail(t.platform, tx, {
        tenantId: a.id,
        to: 'buerger@example.org',
        subject: 'Ihr Termin <b>morgen</b>',
        text: 'Guten Tag,\n\nIhr Termin im Bürgerbüro ist bestätigt.\n<script>alert(1)</script>',
      });
    });
  });
  after(() => t.close());

  test('without SMTP_URL a mail is captured and listed newest first for its tenant only', async () => {
    const mails = await eventually(async () => {
      const list = await listOutgoingMails(t.platform, a.id);
      return list.length === 2 && list.every((m) => m.status === 'captured') ? list : undefined;
    });
    assert.deepEqual(
      mails.map((m) => m.subject),
      ['Ihr Termin <b>morgen</b>', 'Ältere Nachricht'],
    );
    mailId = mails[0].id;
    assert.deepEqual(await listOutgoingMails(t.platform, b.id), []);
    const mail = await showOutgoingMail(t.platform, a.id, mailId);
    assert.equal(mail?.to, 'buerger@example.org');
    assert.ok(mail?.sent_at instanceof Date);
    assert.equal(await showOutgoingMail(t.platform, b.id, mailId), undefined);
    assert.equal(await showOutgoingMail(t.platform, a.id, 'keine-uuid'), undefined);
  });

  test('the Postausgang redirects to the staff login without a session', async () => {
    const res = await t.app.inject(`/${a.slug}/verwaltung/postausgang`);
    assert.equal(res.statusCode, 303);
    assert.equal(
      res.headers.location,
      `/${a.slug}/verwaltung/anmelden?zurueck=${encodeURIComponent(`/${a.slug}/verwaltung/postausgang`)}`,
    );
  });

  test('an admin sees the list and a mail with its text escaped; the nav names the page', async () => {
    const cookies = await staffCookie(a.id, 'admin');
    const list = await t.app.inject({ url: `/${a.slug}/verwaltung/postausgang`, cookies });
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /<h1[^>]*>Postausgang<\/h1>/);
    assert.match(list.body, /buerger@example\.org/);
    assert.match(list.body, /Gespeichert \(nicht versendet\)/);
    assert.match(list.body, /kein Mailserver eingerichtet/);
    assert.match(list.body, /href="\/musterkreis\/verwaltung\/postausgang"[^>]*>Postausgang</);
    assert.ok(list.body.indexOf('Ihr Termin') < list.body.indexOf('Ältere Nachricht'), 'newest first');
    assert.ok(!list.body.includes('<b>morgen</b>'));

    const detail = await t.app.inject({ url: `/${a.slug}/verwaltung/postausgang/${mailId}`, cookies });
    assert.equal(detail.statusCode, 200);
    assert.match(detail.body, /Ihr Termin im Bürgerbüro ist bestätigt\./);
    assert.match(detail.body, /&lt;script>alert\(1\)&lt;\/script>|&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.ok(!detail.body.includes('<script>alert(1)</script>'));
  });

  test("another tenant's mail is 404, and so is the page for a clerk", async () => {
    const adminOfB = await staffCookie(b.id, 'admin');
    const foreign = await t.app.inject({ url: `/${b.slug}/verwaltung/postausgang/${mailId}`, cookies: adminOfB });
    assert.equal(foreign.statusCode, 404);
    const listOfB = await t.app.inject({ url: `/${b.slug}/verwaltung/postausgang`, cookies: adminOfB });
    assert.equal(listOfB.statusCode, 200);
    assert.ok(!listOfB.body.includes('buerger@example.org'));
    const clerk = await staffCookie(a.id, 'clerk');
    assert.equal((await t.app.inject({ url: `/${a.slug}/verwaltung/postausgang`, cookies: clerk })).statusCode, 404);
  });

  test('CLI mail list and mail show print the captured mails', async () => {
    const lines: string[] = [];
    assert.equal(await runMailRequest(t.platform, { type: 'mail.list', limit: 20 }, (l) => lines.push(l)), 0);
    assert.equal(lines.length, 2);
    assert.match(lines[0], new RegExp(`^${mailId} .*captured +musterkreis +buerger@example\\.org +Ihr Termin <b>morgen</b>$`));
    assert.match(lines[1], /Ältere Nachricht$/);

    const one: string[] = [];
    await runMailRequest(t.platform, { type: 'mail.list', limit: 1 }, (l) => one.push(l));
    assert.equal(one.length, 1);

    const none: string[] = [];
    await runMailRequest(t.platform, { type: 'mail.list', tenant: b.slug, limit: 20 }, (l) => none.push(l));
    assert.deepEqual(none, ['Keine E-Mails.']);

    const shown: string[] = [];
    await runMailRequest(t.platform, { type: 'mail.show', id: mailId }, (l) => shown.push(l));
    const out = shown.join('\n');
    assert.match(out, /An: +buerger@example\.org/);
    assert.match(out, /Mandant: +musterkreis/);
    assert.match(out, /Ihr Termin im Bürgerbüro ist bestätigt\./);

    await assert.rejects(runMailRequest(t.platform, { type: 'mail.list', tenant: 'gibtsnicht', limit: 5 }), UsageError);
    await assert.rejects(
      runMailRequest(t.platform, { type: 'mail.show', id: '00000000-0000-4000-8000-000000000000' }),
      UsageError,
    );
  });
});
