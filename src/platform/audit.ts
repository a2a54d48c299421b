/**
 * The audit log: append-only and hash-chained per tenant.
 *
 * Every entry's hash is SHA-256 over the previous entry's hash and a canonical
 * serialization of the entry (see `entryPayload`), so editing, inserting or deleting
 * a row breaks the chain at that point. `audit_heads` keeps each tenant's last seq
 * and hash: appending locks it (no forked chains), and verification compares it with
 * the last entry (cutting off the tail shows). A database trigger rejects UPDATE,
 * DELETE and TRUNCATE on `audit_log`.
 *
 * Limit: the chain has no secret. Someone who can disable the trigger AND rewrite
 * every later hash AND the head row could forge a consistent history; anchoring the
 * head hash outside the database (printing it into a ticket, a signed mail) closes
 * that gap. Entries hold ids, never e-mail addresses or names: the log outlives
 * deleted accounts and must hold no personal data.
 */
import { createHash } from 'node:crypto';
import { type ColumnType, sql } from 'kysely';
import type { Executor } from './db/database.js';

export interface AuditLogTable {
  tenant_id: string;
  seq: ColumnType<number, number, never>;
  occurred_at: ColumnType<Date, Date, never>;
  actor_id: string | null;
  action: string;
  subject: string | null;
  details: ColumnType<Record<string, unknown>, string, never>;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadsTable {
  tenant_id: string;
  last_seq: number;
  last_hash: string;
}

/** A type alias, not an interface: `withTables` needs the index signature. */
export type AuditTables = {
  audit_log: AuditLogTable;
  audit_heads: AuditHeadsTable;
};

export interface AuditEntry {
  tenantId: string;
  /** The acting user's id (never an e-mail address); null for the system. */
  actorId: string | null;
  /** What happened, as a dotted name, e.g. `account.login_failed`. */
  action: string;
  /** What it happened to, e.g. a case id. */
  subject?: string;
  /** JSON-serializable facts; ids and codes, no personal data. */
  details?: Record<string, unknown>;
}

export type AuditVerification = { ok: true; entries: number } | { ok: false; brokenAt: number; reason: string };

/** prev_hash of a tenant's first entry. */
export const GENESIS_HASH = '0'.repeat(64);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const VERIFY_BATCH = 1000;

/**
 * Appends one entry to the tenant's chain. Call it inside the transaction that makes
 * the change, as late as possible: it holds the tenant's chain lock until commit.
 * Given the root handle instead, it opens its own transaction.
 */
export interface AuditEntryInput {
  tenantId: string;
  actorId: string | null;
  action: string;
  subject?: string;
  details?: Record<string, unknown>;
}

export async function appendAudit(tx: Executor, entry: AuditEntryInput): Promise<void> {
  await appendAuditEntries(tx, [entry]);
}

/**
 * Appends entries of one tenant in the given order, in one statement (two when another
 * process appended last) however many there are: a group commit of submissions writes
 * its entries at once.
 */
export async function appendAuditEntries(tx: Executor, entries: AuditEntryInput[]): Promise<void> {
  if (entries.length === 0) return;
  const tenantId = entries[0].tenantId;
  for (const entry of entries) {
    if (entry.tenantId !== tenantId) throw new Error('Audit-Log: Einträge eines Aufrufs gehören zu einem Mandanten.');
    if (entry.actorId !== null && !UUID.test(entry.actorId)) {
      throw new Error('Audit-Log: actorId muss eine Benutzer-ID sein (keine E-Mail-Adresse oder Namen).');
    }
    if (!entry.action.trim()) throw new Error('Audit-Log: action fehlt.');
  }
  // The lock on the head row lasts only as long as the transaction around it.
  if (!tx.isTransaction) return tx.transaction().execute((t) => appendAuditEntries(t, entries));

  // Usually this process wrote the head last: then one statement, conditional on the head
  // being as remembered, appends and moves it. Another process's append (or a rolled-back
  // transaction of this one) makes the condition fail, and the locking read below decides.
  const remembered = lastHeads.get(tenantId);
  if (remembered) {
    const chain = linkEntries(entries, remembered);
    if (await appendIfHeadIs(tx, tenantId, remembered, chain)) return;
  }

  // One round trip creates the head on the tenant's first entry, or locks it and returns
  // it as the last committed append left it (the lock is held until commit, so round
  // trips here are time every other append of the tenant waits).
  const db = tx.withTables<AuditTables>();
  const head = await db
    .insertInto('audit_heads')
    .values({ tenant_id: tenantId, last_seq: 0, last_hash: GENESIS_HASH })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ last_seq: sql<number>`audit_heads.last_seq` }))
    .returning(['last_seq', 'last_hash'])
    .executeTakeFirstOrThrow();
  const expected = { seq: Number(head.last_seq), hash: head.last_hash };
  // The same statement as above; with the head locked by us, its condition holds.
  if (!(await appendIfHeadIs(tx, tenantId, expected, linkEntries(entries, expected))))
    throw new Error('Audit-Log: der gesperrte Kopf hat sich verändert.');
}

interface Head {
  seq: number;
  hash: string;
}

/** Per tenant, the head as this process last appended it: a guess, checked by the database. */
const lastHeads = new Map<string, Head>();

/** The entries as rows chained onto `head`, and the head after them. */
function linkEntries(entries: AuditEntryInput[], head: Head) {
  let seq = head.seq;
  let prevHash = head.hash;
  // Millisecond precision: what JavaScript hashes is exactly what timestamptz gives back.
  const occurredAt = new Date();
  const rows = entries.map((entry) => {
    const details = normalizeDetails(entry.details);
    const row = {
      tenant_id: entry.tenantId,
      seq: ++seq,
      occurred_at: occurredAt,
      actor_id: entry.actorId,
      action: entry.action,
      subject: entry.subject ?? null,
      details,
    };
    const hash = chainHash(prevHash, row);
    const stored = { ...row, details: JSON.stringify(details), prev_hash: prevHash, hash };
    prevHash = hash;
    return stored;
  });
  return { rows, head: { seq, hash: prevHash } };
}

/**
 * Appends the chain and moves the head in one statement, only if the head is still `expected`
 * (the update locks it until commit, so no one appends in between). False: nothing written.
 */
async function appendIfHeadIs(tx: Executor, tenantId: string, expected: Head, chain: ReturnType<typeof linkEntries>) {
  const values = sql.join(
    chain.rows.map(
      (r) =>
        sql`(${r.tenant_id}::uuid, ${r.seq}::bigint, ${r.occurred_at}::timestamptz, ${r.actor_id}::uuid, ${r.action}::text, ${r.subject}::text, ${r.details}::jsonb, ${r.prev_hash}::text, ${r.hash}::text)`,
    ),
  );
  const { rows } = await sql<{ seq: number }>`
    with head as (
      update audit_heads set last_seq = ${chain.head.seq}, last_hash = ${chain.head.hash}
      where tenant_id = ${tenantId} and last_seq = ${expected.seq} and last_hash = ${expected.hash}
      returning tenant_id
    )
    insert into audit_log (tenant_id, seq, occurred_at, actor_id, action, subject, details, prev_hash, hash)
    select e.* from (values ${values}) as e (tenant_id, seq, occurred_at, actor_id, action, subject, details, prev_hash, hash)
    where exists (select 1 from head)
    returning seq`.execute(tx);
  if (rows.length !== chain.rows.length) return false;
  lastHeads.set(tenantId, chain.head);
  return true;
}

/** Walks the tenant's chain from the first entry and reports the first broken link. */
export async function verifyAuditChain(db: Executor, tenantId: string): Promise<AuditVerification> {
  // One snapshot for head and entries: an append during the walk is not a break.
  if (!db.isTransaction) {
    return db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute((tx) => verifyAuditChain(tx, tenantId));
  }
  const q = db.withTables<AuditTables>();
  const head = await q
    .selectFrom('audit_heads')
    .select(['last_seq', 'last_hash'])
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();

  let expected = 1;
  let prev = GENESIS_HASH;
  for (let first = true; ; first = false) {
    // The first batch has no lower bound, so a row slipped in before #1 shows too.
    let query = q.selectFrom('audit_log').selectAll().where('tenant_id', '=', tenantId);
    if (!first) query = query.where('seq', '>=', expected);
    const rows = await query.orderBy('seq').limit(VERIFY_BATCH).execute();
    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq < expected) return broken(seq, `Eintrag #${seq} gehört nicht zur Kette (nachträglich eingefügt).`);
      if (seq > expected) {
        return broken(
          expected,
          expected === 1 ? 'Eintrag #1 fehlt.' : `Eintrag #${expected} fehlt (nach #${expected - 1} folgt #${seq}).`,
        );
      }
      if (row.prev_hash !== prev) {
        return broken(
          seq,
          seq === 1
            ? 'Der erste Eintrag verweist auf einen Vorgänger: Einträge davor wurden entfernt.'
            : `Der Verweis auf Eintrag #${seq - 1} stimmt nicht: ein Eintrag wurde ersetzt, eingefügt oder entfernt.`,
        );
      }
      if (chainHash(row.prev_hash, { ...row, seq }) !== row.hash) {
        return broken(seq, 'Der Inhalt wurde nachträglich verändert (Prüfsumme stimmt nicht).');
      }
      prev = row.hash;
      expected += 1;
    }
    if (rows.length < VERIFY_BATCH) break;
  }

  const entries = expected - 1;
  if (!head) {
    return entries === 0 ? { ok: true, entries: 0 } : broken(1, 'Der Kopfeintrag der Kette fehlt.');
  }
  const lastSeq = Number(head.last_seq);
  if (lastSeq > entries) {
    return broken(entries + 1, `Die Einträge ab #${entries + 1} fehlen (das Protokoll reichte bis #${lastSeq}).`);
  }
  if (lastSeq < entries) {
    return broken(lastSeq + 1, `Eintrag #${lastSeq + 1} wurde nach dem letzten protokollierten Eintrag angehängt.`);
  }
  if (head.last_hash !== prev) {
    return broken(entries, `Eintrag #${entries} stimmt nicht mit dem Kopf der Kette überein.`);
  }
  return { ok: true, entries };
}

const broken = (brokenAt: number, reason: string): AuditVerification => ({ ok: false, brokenAt, reason });

interface HashedFields {
  tenant_id: string;
  seq: number;
  occurred_at: Date;
  actor_id: string | null;
  action: string;
  subject: string | null;
  details: unknown;
}

/** SHA-256 (hex) over the previous hash and the entry's canonical payload. */
export function chainHash(prevHash: string, entry: HashedFields): string {
  return createHash('sha256')
    .update(`${prevHash}\n${entryPayload(entry)}`)
    .digest('hex');
}

/** Version-tagged, key-sorted JSON of the fields that the hash covers. */
function entryPayload(e: HashedFields): string {
  return canonicalJson({
    v: 1,
    tenant_id: e.tenant_id,
    seq: e.seq,
    occurred_at: e.occurred_at.toISOString(),
    actor_id: e.actor_id,
    action: e.action,
    subject: e.subject,
    details: e.details,
  });
}

/** JSON with object keys sorted at every level: JSONB does not keep key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const object = value as Record<string, unknown>;
  return `{${Object.keys(object)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(object[key])}`)
    .join(',')}}`;
}

/** What JSONB will give back: no undefined, Dates as strings, toJSON applied. */
function normalizeDetails(details: Record<string, unknown> | undefined): Record<string, unknown> {
  return JSON.parse(JSON.stringify(details ?? {})) as Record<string, unknown>;
}
