import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Db } from '../src/platform/db/database.js';
import { hitRateLimit, peekRateLimit, pruneRateLimits } from '../src/platform/http/rate-limit.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { engineUnderTest } from './helpers/database.js';

describe(`rate-limit counters in the database (${engineUnderTest})`, () => {
  let t: TestApp;
  let db: Db;
  before(async () => {
    t = await createTestApp();
    db = t.platform.db;
  });
  after(() => t.close());

  const hits = async (key: string, n: number, limit: number, window = 60) => {
    const results = [];
    for (let i = 0; i < n; i++) results.push(await hitRateLimit(db, key, limit, window));
    return results;
  };

  test('allows `limit` hits per window, then denies with the time until the window ends', async () => {
    const results = await hits('login:erika', 5, 3, 900);
    assert.deepEqual(
      results.map((r) => r.allowed),
      [true, true, true, false, false],
    );
    assert.ok(results.slice(0, 3).every((r) => r.retryAfterSeconds === 0));
    for (const denied of results.slice(3)) {
      assert.ok(denied.retryAfterSeconds >= 1 && denied.retryAfterSeconds <= 900, `retry after ${denied.retryAfterSeconds}`);
    }
  });

  test('keys are counted separately', async () => {
    await hits('login:a', 2, 2);
    assert.equal((await hitRateLimit(db, 'login:a', 2, 60)).allowed, false);
    assert.equal((await hitRateLimit(db, 'login:b', 2, 60)).allowed, true);
  });

  test('peeking reads the count without adding a hit', async () => {
    assert.equal(await peekRateLimit(db, 'login:peek'), 0);
    await hits('login:peek', 2, 5);
    assert.equal(await peekRateLimit(db, 'login:peek'), 2);
    assert.equal(await peekRateLimit(db, 'login:peek'), 2);
  });

  test('an expired window starts counting from one again', async () => {
    await hits('login:expired', 3, 2);
    assert.equal(await peekRateLimit(db, 'login:expired'), 3);
    assert.equal((await hitRateLimit(db, 'login:expired', 2, 60)).allowed, false);
    await sql`update rate_limits set expires_at = now() - interval '1 second' where key = 'login:expired'`.execute(db);
    assert.equal(await peekRateLimit(db, 'login:expired'), 0);
    assert.deepEqual(await hitRateLimit(db, 'login:expired', 2, 60), { allowed: true, retryAfterSeconds: 0 });
    assert.equal((await hitRateLimit(db, 'login:expired', 2, 60)).allowed, true);
    assert.equal((await hitRateLimit(db, 'login:expired', 2, 60)).allowed, false);
  });

  test('parallel hits are counted atomically: exactly `limit` of them pass', async () => {
    const results = await Promise.all(Array.from({ length: 30 }, () => hitRateLimit(db, 'burst', 10, 60)));
    assert.equal(results.filter((r) => r.allowed).length, 10);
  });

  test('works on a transaction handle (login throttling inside the login transaction)', async () => {
    const inside = await db.transaction().execute((tx) => hitRateLimit(tx, 'login:tx', 1, 60));
    assert.equal(inside.allowed, true);
    assert.equal((await hitRateLimit(db, 'login:tx', 1, 60)).allowed, false);
  });

  test('pruning removes expired counters and keeps running ones', async () => {
    await hits('prune:old', 1, 5);
    await hits('prune:live', 1, 5);
    await sql`update rate_limits set expires_at = now() - interval '1 minute' where key = 'prune:old'`.execute(db);
    assert.ok((await pruneRateLimits(db)) >= 1);
    const { rows } = await sql<{ key: string }>`select key from rate_limits where key like 'prune:%' order by key`.execute(db);
    assert.deepEqual(
      rows.map((r) => r.key),
      ['prune:live'],
    );
  });
});
