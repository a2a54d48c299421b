import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { verifyTenantAuditLog } from '../src/cli/audit.js';
import { UsageError } from '../src/cli/output.js';
import { runCli } from '../src/cli/run.js';
import { type AuditTables, appendAudit, chainHash, verifyAuditChain } from '../src/platform/audit.js';
import type { Db } from '../src/platform/db/database.js';
import { insertTenant } from '../src/platform/tenancy/repo.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { engineUnderTest } from './helpers/database.js';

describe(`audit log (${engineUnderTest})`, () => {
  let t: TestApp;
  let db: Db;
  let tenants = 0;
  const actor = randomUUID();

  before(async () => {
    t = await createTestApp();
    db = t.platform.db;
  });
  after(() => t.close());

  /** A tenant with `n` entries of its own, so each test tampers with its own chain. */
  async function tenantWithEntries(n: number) {
    tenants += 1;
    const tenant = await insertTenant(db, { slug: `audit-${tenants}`, name: `Gemeinde Audit ${tenants}`, type: 'gemeinde' });
    for (let i = 1; i <= n; i++) {
      await db.transaction().execute((tx) =>
        appendAudit(tx, {
          tenantId: tenant.id,
          actorId: actor,
          action: 'case.updated',
          subject: `case-${i}`,
          details: { step: i },
        }),
      );
    }
    return tenant;
  }

  const log = () => db.withTables<AuditTables>();

  /** What an attacker with database access does: switch the append-only trigger off. */
  async function tamper(fn: () => Promise<unknown>) {
    await sql`alter table audit_log disable trigger audit_log_append_only`.execute(db);
    try {
      await fn();
    } finally {
      await sql`alter table audit_log enable trigger audit_log_append_only`.execute(db);
    }
  }

  test('entries are stored with gap-free seq, ids, JSONB details and a chain that verifies', async () => {
    const tenant = await tenantWithEntries(0);
    await db.transaction().execute(async (tx) => {
      await appendAudit(tx, {
        tenantId: tenant.id,
        actorId: actor,
        action: 'account.role_changed',
        subject: 'user-42',
        // Key order, nesting, undefined and Dates must survive JSONB's normalization.
        details: {
          to: 'editor',
          from: 'clerk',
          nested: { z: 1, a: [3, { y: true, b: null }] },
          gone: undefined,
          at: new Date(0),
        },
      });
      await appendAudit(tx, { tenantId: tenant.id, actorId: null, action: 'system.cleanup' });
    });
    const rows = await log().selectFrom('audit_log').selectAll().where('tenant_id', '=', tenant.id).orderBy('seq').execute();
    assert.deepEqual(
      rows.map((r) => [Number(r.seq), r.actor_id, r.action, r.subject]),
      [
        [1, actor, 'account.role_changed', 'user-42'],
        [2, null, 'system.cleanup', null],
      ],
    );
    assert.deepEqual(rows[0].details, {
      to: 'editor',
      from: 'clerk',
      nested: { z: 1, a: [3, { y: true, b: null }] },
      at: '1970-01-01T00:00:00.000Z',
    });
    assert.deepEqual(rows[1].details, {});
    assert.equal(rows[0].prev_hash, '0'.repeat(64));
    assert.equal(rows[1].prev_hash, rows[0].hash);
    assert.match(rows[1].hash, /^[0-9a-f]{64}$/);
    assert.deepEqual(await verifyAuditChain(db, tenant.id), { ok: true, entries: 2 });
  });

  test('the hash covers the stored timestamp exactly as PostgreSQL gives it back', async () => {
    const tenant = await tenantWithEntries(1);
    const row = await log().selectFrom('audit_log').selectAll().where('tenant_id', '=', tenant.id).executeTakeFirstOrThrow();
    assert.equal(chainHash(row.prev_hash, { ...row, seq: Number(row.seq) }), row.hash);
    const shifted = new Date(row.occurred_at.getTime() + 1);
    assert.notEqual(chainHash(row.prev_hash, { ...row, seq: Number(row.seq), occurred_at: shifted }), row.hash);
  });

  test('an e-mail address as actor is refused: the log holds user ids only', async () => {
    const tenant = await tenantWithEntries(0);
    await assert.rejects(
      appendAudit(db, { tenantId: tenant.id, actorId: 'erika@example.org', action: 'account.login' }),
      /Benutzer-ID/,
    );
    assert.deepEqual(await verifyAuditChain(db, tenant.id), { ok: true, entries: 0 });
  });

  test('concurrent transactions appending for one tenant do not fork the chain', async () => {
    const tenant = await tenantWithEntries(0);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db
          .transaction()
          .execute((tx) => appendAudit(tx, { tenantId: tenant.id, actorId: actor, action: 'parallel', details: { i } })),
      ),
    );
    // Without a transaction the function opens its own.
    await Promise.all(
      [1, 2, 3].map((i) => appendAudit(db, { tenantId: tenant.id, actorId: null, action: 'root', details: { i } })),
    );
    const seqs = await log().selectFrom('audit_log').select('seq').where('tenant_id', '=', tenant.id).orderBy('seq').execute();
    assert.deepEqual(
      seqs.map((r) => Number(r.seq)),
      Array.from({ length: 23 }, (_, i) => i + 1),
    );
    assert.deepEqual(await verifyAuditChain(db, tenant.id), { ok: true, entries: 23 });
  });

  test('chains are per tenant, and an entry rolled back with its transaction leaves no gap', async () => {
    const a = await tenantWithEntries(2);
    const b = await tenantWithEntries(0);
    await assert.rejects(
      db.transaction().execute(async (tx) => {
        await appendAudit(tx, { tenantId: b.id, actorId: actor, action: 'will.rollback' });
        throw new Error('Abbruch');
      }),
      /Abbruch/,
    );
    await appendAudit(db, { tenantId: b.id, actorId: actor, action: 'first' });
    const first = await log().selectFrom('audit_log').selectAll().where('tenant_id', '=', b.id).execute();
    assert.deepEqual(
      first.map((r) => [Number(r.seq), r.action]),
      [[1, 'first']],
    );
    assert.deepEqual(await verifyAuditChain(db, a.id), { ok: true, entries: 2 });
    assert.deepEqual(await verifyAuditChain(db, b.id), { ok: true, entries: 1 });
  });

  test('appends of another process in between (its own memory of the head) keep one chain', async () => {
    // A second instance of the module has its own remembered heads, as another app process would.
    const secondInstance: string = '../src/platform/audit.js?zweiter-prozess';
    const other = (await import(secondInstance)) as typeof import('../src/platform/audit.js');
    const tenant = await tenantWithEntries(2);
    await other.appendAudit(db, { tenantId: tenant.id, actorId: actor, action: 'other.process' });
    await appendAudit(db, { tenantId: tenant.id, actorId: actor, action: 'this.process' });
    await appendAudit(db, { tenantId: tenant.id, actorId: actor, action: 'this.process.again' });
    await other.appendAudit(db, { tenantId: tenant.id, actorId: actor, action: 'other.process.again' });
    const rows = await log().selectFrom('audit_log').select(['seq', 'action']).where('tenant_id', '=', tenant.id).orderBy('seq').execute();
    assert.deepEqual(
      rows.map((r) => [Number(r.seq), r.action]),
      [
        [1, 'case.updated'],
        [2, 'case.updated'],
        [3, 'other.process'],
        [4, 'this.process'],
        [5, 'this.process.again'],
        [6, 'other.process.again'],
      ],
    );
    assert.deepEqual(await verifyAuditChain(db, tenant.id), { ok: true, entries: 6 });
  });

  test('the database refuses UPDATE, DELETE and TRUNCATE on the log', async () => {
    const tenant = await tenantWithEntries(1);
    await assert.rejects(
      log().updateTable('audit_log').set({ action: 'harmlos' }).where('tenant_id', '=', tenant.id).execute(),
      /unveränderlich/,
    );
    await assert.rejects(log().deleteFrom('audit_log').where('tenant_id', '=', tenant.id).execute(), /unveränderlich/);
    await assert.rejects(sql`truncate audit_log`.execute(db), /unveränderlich/);
    assert.deepEqual(await verifyAuditChain(db, tenant.id), { ok: true, entries: 1 });
  });

  test('an edited entry breaks the chain at that entry', async () => {
    const tenant = await tenantWithEntries(5);
    await tamper(() =>
      log()
        .updateTable('audit_log')
        .set({ action: 'case.deleted' })
        .where('tenant_id', '=', tenant.id)
        .where('seq', '=', 3)
        .execute(),
    );
    const result = await verifyAuditChain(db, tenant.id);
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.brokenAt, 3);
    assert.match(!result.ok ? result.reason : '', /verändert/);
  });

  test('an edited entry with a recomputed hash breaks the link to the next entry', async () => {
    const tenant = await tenantWithEntries(4);
    const row = await log()
      .selectFrom('audit_log')
      .selectAll()
      .where('tenant_id', '=', tenant.id)
      .where('seq', '=', 2)
      .executeTakeFirstOrThrow();
    const forged = { ...row, seq: 2, details: { step: 99 } };
    await tamper(() =>
      sql`update audit_log set details = ${JSON.stringify(forged.details)}::jsonb, hash = ${chainHash(row.prev_hash, forged)}
          where tenant_id = ${tenant.id} and seq = 2`.execute(db),
    );
    const result = await verifyAuditChain(db, tenant.id);
    assert.deepEqual(result.ok ? null : result.brokenAt, 3);
  });

  test('a deleted entry in the middle or at the start is reported as missing', async () => {
    const middle = await tenantWithEntries(5);
    await tamper(() => log().deleteFrom('audit_log').where('tenant_id', '=', middle.id).where('seq', '=', 4).execute());
    const m = await verifyAuditChain(db, middle.id);
    assert.deepEqual(m.ok ? null : [m.brokenAt, m.reason], [4, 'Eintrag #4 fehlt (nach #3 folgt #5).']);

    const start = await tenantWithEntries(3);
    await tamper(() => log().deleteFrom('audit_log').where('tenant_id', '=', start.id).where('seq', '=', 1).execute());
    const s = await verifyAuditChain(db, start.id);
    assert.deepEqual(s.ok ? null : s.brokenAt, 1);
  });

  test('deleting the last entries (truncation) is detected through the head row', async () => {
    const tenant = await tenantWithEntries(6);
    await tamper(() => log().deleteFrom('audit_log').where('tenant_id', '=', tenant.id).where('seq', '>=', 5).execute());
    const result = await verifyAuditChain(db, tenant.id);
    assert.deepEqual(result.ok ? null : result.brokenAt, 5);
    assert.match(result.ok ? '' : result.reason, /ab #5 fehlen/);

    const all = await tenantWithEntries(2);
    await tamper(() => log().deleteFrom('audit_log').where('tenant_id', '=', all.id).execute());
    const emptied = await verifyAuditChain(db, all.id);
    assert.deepEqual(emptied.ok ? null : emptied.brokenAt, 1);
  });

  test('an entry inserted behind the head, even with a valid hash, is detected', async () => {
    const tenant = await tenantWithEntries(3);
    const last = await log()
      .selectFrom('audit_log')
      .selectAll()
      .where('tenant_id', '=', tenant.id)
      .where('seq', '=', 3)
      .executeTakeFirstOrThrow();
    const extra = {
      tenant_id: tenant.id,
      seq: 4,
      occurred_at: new Date(),
      actor_id: actor,
      action: 'forged',
      subject: null,
      details: {},
    };
    await log()
      .insertInto('audit_log')
      .values({ ...extra, details: '{}', prev_hash: last.hash, hash: chainHash(last.hash, extra) })
      .execute();
    const result = await verifyAuditChain(db, tenant.id);
    assert.deepEqual(result.ok ? null : result.brokenAt, 4);

    const before1 = await tenantWithEntries(2);
    const zero = { ...extra, tenant_id: before1.id, seq: 0 };
    await log()
      .insertInto('audit_log')
      .values({ ...zero, details: '{}', prev_hash: '0'.repeat(64), hash: chainHash('0'.repeat(64), zero) })
      .execute();
    const r0 = await verifyAuditChain(db, before1.id);
    assert.deepEqual(r0.ok ? null : r0.brokenAt, 0);
  });

  test('`audit verify` reports an intact log, a broken one and an unknown tenant', async () => {
    const tenant = await tenantWithEntries(3);
    const lines: string[] = [];
    assert.equal(await verifyTenantAuditLog(db, tenant.slug, (l) => lines.push(l)), 0);
    assert.deepEqual(lines, [`Audit-Log von ${tenant.slug} ist intakt (3 Einträge).`]);

    await tamper(() =>
      log().updateTable('audit_log').set({ subject: 'x' }).where('tenant_id', '=', tenant.id).where('seq', '=', 2).execute(),
    );
    lines.length = 0;
    assert.equal(await verifyTenantAuditLog(db, tenant.slug, (l) => lines.push(l)), 1);
    assert.match(lines[0], new RegExp(`^Audit-Log von ${tenant.slug} ist an Eintrag #2 gebrochen: .+`));

    await assert.rejects(
      verifyTenantAuditLog(db, 'gibtsnicht', () => {}),
      (e) => e instanceof UsageError && /Unbekannter Mandant „gibtsnicht“/.test(e.message),
    );
  });

  test('`rathaus audit verify` is registered and asks for --tenant', async () => {
    const written: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((chunk: string) => written.push(String(chunk)) > 0) as typeof process.stderr.write;
    try {
      assert.equal(await runCli(['audit', 'verify']), 2);
    } finally {
      process.stderr.write = write;
    }
    assert.match(written.join(''), /rathaus audit verify --tenant/);
  });
});
