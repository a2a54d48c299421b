/**
 * Rate limits counted in the database, so they hold across every app process
 * behind a load balancer. A fixed window per key that starts with the key's first
 * hit: one atomic upsert counts the hit and tells whether it is allowed.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Executor } from '../db/database.js';
import { HttpError } from './errors.js';

/** Every this many hits a process removes expired counters (no job needed). */
const PRUNE_EVERY = 500;
let hitsSincePrune = 0;

/**
 * Counts one hit on `key`. Allowed while the window holds at most `limit` hits;
 * otherwise `retryAfterSeconds` says when the window ends. Denied hits count too.
 */
export async function hitRateLimit(
  db: Executor,
  key: string,
  limit: number,
  windowSeconds: number,
): Promise<{ allowed: boolean; retryAfterSeconds: number }> {
  const { rows } = await sql<{ hits: number; retry_after: number }>`
    insert into rate_limits as r (key, hits, expires_at)
    values (${key}, 1, now() + make_interval(secs => ${windowSeconds}))
    on conflict (key) do update set
      hits = case when r.expires_at <= now() then 1 else r.hits + 1 end,
      expires_at = case when r.expires_at <= now() then excluded.expires_at else r.expires_at end
    returning hits, greatest(1, ceil(extract(epoch from (expires_at - now()))))::int as retry_after`.execute(db);
  const row = rows[0];
  if (++hitsSincePrune >= PRUNE_EVERY) {
    hitsSincePrune = 0;
    await pruneRateLimits(db);
  }
  const allowed = row.hits <= limit;
  return { allowed, retryAfterSeconds: allowed ? 0 : row.retry_after };
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
