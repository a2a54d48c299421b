/**
 * Rate limits counted in the database, so they hold across every app process
 * behind a load balancer. A fixed window per key that starts with the key's first
 * hit: one atomic upsert counts the hits and tells whether each is allowed.
 * Hits on the root handle that arrive while a statement is in flight share the
 * next statement (group commit): a burst of API requests costs a few upserts,
 * not one each.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Executor } from '../db/database.js';
import { GroupCommit } from '../db/group-commit.js';
import { HttpError } from './errors.js';

/** Every this many hits a process removes expired counters (no job needed). */
const PRUNE_EVERY = 500;
let hitsSincePrune = 0;

export interface RateLimitHit {
  key: string;
  limit: number;
  windowSeconds: number;
}

export interface RateLimitOutcome {
  allowed: boolean;
  retryAfterSeconds: number;
}

/**
 * Counts the hits in one statement and answers each in input order. The k hits on one
 * key get the numbers T-k+1..T of the key's window (T its count afterwards), so each is
 * judged as if it had come alone; a window that ran out starts again with these hits and
 * the window of the key's first hit here.
 */
async function countHits(db: Executor, hits: RateLimitHit[]): Promise<RateLimitOutcome[]> {
  const perKey = new Map<string, { n: number; windowSeconds: number }>();
  for (const hit of hits) {
    const entry = perKey.get(hit.key);
    if (entry) entry.n++;
    else perKey.set(hit.key, { n: 1, windowSeconds: hit.windowSeconds });
  }
  // Keys in one order everywhere: two processes' batches lock their rows without deadlock.
  const input = [...perKey].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, e]) => ({ key, ...e }));
  const { rows } = await sql<{ key: string; hits: number; retry_after: number }>`
    insert into rate_limits as r (key, hits, expires_at)
    select x.key, x.n, now() + make_interval(secs => x.w)
    from jsonb_to_recordset(${JSON.stringify(input.map((e, o) => ({ o, key: e.key, n: e.n, w: e.windowSeconds })))}::jsonb)
      as x(o int, key text, n int, w float8)
    order by x.o
    on conflict (key) do update set
      hits = case when r.expires_at <= now() then excluded.hits else r.hits + excluded.hits end,
      expires_at = case when r.expires_at <= now() then excluded.expires_at else r.expires_at end
    returning key, hits, greatest(1, ceil(extract(epoch from (expires_at - now()))))::int as retry_after`.execute(db);
  const after = new Map(rows.map((row) => [row.key, row]));
  hitsSincePrune += hits.length;
  if (hitsSincePrune >= PRUNE_EVERY) {
    hitsSincePrune = 0;
    await pruneRateLimits(db);
  }
  // Numbers handed out so far per key, in arrival order.
  const given = new Map<string, number>();
  return hits.map((hit) => {
    const row = after.get(hit.key);
    if (!row) throw new Error(`rate limit counter for ${hit.key} missing`);
    const before = given.get(hit.key) ?? 0;
    given.set(hit.key, before + 1);
    const number = row.hits - (perKey.get(hit.key)?.n ?? 1) + before + 1;
    const allowed = number <= hit.limit;
    return { allowed, retryAfterSeconds: allowed ? 0 : row.retry_after };
  });
}

/** One group commit per root handle; a transaction counts its own hits (PGlite would deadlock otherwise). */
const batches = new WeakMap<Executor, GroupCommit<RateLimitHit, RateLimitOutcome>>();

/**
 * Counts one hit on `key`. Allowed while the window holds at most `limit` hits;
 * otherwise `retryAfterSeconds` says when the window ends. Denied hits count too.
 */
export async function hitRateLimit(db: Executor, key: string, limit: number, windowSeconds: number): Promise<RateLimitOutcome> {
  const hit = { key, limit, windowSeconds };
  if (db.isTransaction) return (await countHits(db, [hit]))[0];
  let batch = batches.get(db);
  if (!batch) {
    batch = new GroupCommit((hits) => countHits(db, hits), 500);
    batches.set(db, batch);
  }
  return batch.run(hit);
}

/** Hits counted on `key` in its running window, without adding one (0 when none). */
export async function peekRateLimit(db: Executor, key: string): Promise<number> {
  const { rows } = await sql<{ hits: number }>`select hits from rate_limits where key = ${key} and expires_at > now()`.execute(
    db,
  );
  return rows[0]?.hits ?? 0;
}

/**
 * Deletes expired counters. SKIP LOCKED: a counter being hit right now is left to
 * the next round, and two processes pruning at once never wait on each other.
 */
export async function pruneRateLimits(db: Executor): Promise<number> {
  const result = await sql`
    delete from rate_limits where key in (
      select key from rate_limits where expires_at < now() limit 5000 for update skip locked
    )`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * onRequest hook for the JSON API: at most `rateLimitApiPerMinute` requests per
 * client IP and minute over all tenants (0 switches it off). Registered on the root
 * so `/api/v1/tenants` and unknown tenants count as well.
 */
export async function limitApiRequests(request: FastifyRequest, reply: FastifyReply) {
  if (!request.url.startsWith('/api/')) return;
  const { config, db } = request.server.platform;
  const limit = config.rateLimitApiPerMinute;
  if (!limit) return;
  const { allowed, retryAfterSeconds } = await hitRateLimit(db, `api:ip:${request.ip}`, limit, 60);
  if (allowed) return;
  reply.header('retry-after', String(retryAfterSeconds));
  throw new HttpError(
    429,
    'too_many_requests',
    `Zu viele Anfragen. Bitte versuchen Sie es in ${retryAfterSeconds} ${retryAfterSeconds === 1 ? 'Sekunde' : 'Sekunden'} erneut.`,
  );
}
