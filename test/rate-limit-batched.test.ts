import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Db } from '../src/platform/db/database.js';
import { hitRateLimit, peekRateLimit } from '../src/platform/http/rate-limit.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { engineUnderTest } from './helpers/database.js';

// Concurrent hits on the root handle share statements; each must still be judged as if it came alone.
describe(`rate limits under concurrent hits (${engineUnderTest})`, () => {
  let t: TestApp;
  let db: Db;
  before(async () => {
    t = await createTestApp();
    db = t.platform.db;
  });
  after(() => t.close());

  test('50 hits at once on one key with limit 20: exactly 20 pass, the rest learn when to retry', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, () => hitRateLimit(db, 'burst:one', 20, 60)));
    assert.equal(results.filter((r) => r.allowed).length, 20);
    // Arrival order decides: the first 20 callers pass.
    assert.ok(results.slice(0, 20).every((r) => r.allowed && r.retryAfterSeconds === 0));
    for (const denied of results.slice(20)) {
      assert.equal(denied.allowed, false);
      assert.ok(denied.retryAfterSeconds >= 1 && denied.retryAfterSeconds <= 60, `retry after ${denied.retryAfterSeconds}`);
    }
    assert.equal(await peekRateLimit(db, 'burst:one'), 50);
  });

  test('hits on many keys at once are counted per key', async () => {
    const keys = Array.from({ length: 12 }, (_, i) => `burst:many:${i}`);
    // Key i gets i + 1 hits, interleaved with the other keys' hits.
    const calls: { key: string; promise: ReturnType<typeof hitRateLimit> }[] = [];
    for (let round = 0; round < keys.length; round++)
      for (const [i, key] of keys.entries()) if (round <= i) calls.push({ key, promise: hitRateLimit(db, key, 5, 60) });
    const results = await Promise.all(calls.map((c) => c.promise));
    for (const [i, key] of keys.entries()) {
      const own = results.filter((_, j) => calls[j].key === key);
      assert.equal(own.length, i + 1);
      assert.equal(own.filter((r) => r.allowed).length, Math.min(5, i + 1), key);
      assert.equal(await peekRateLimit(db, key), i + 1);
    }
  });

  test('a burst continues the count a key already has', async () => {
    await hitRateLimit(db, 'burst:continued', 10, 60);
    await hitRateLimit(db, 'burst:continued', 10, 60);
    const results = await Promise.all(Array.from({ length: 10 }, () => hitRateLimit(db, 'burst:continued', 10, 60)));
    assert.deepEqual(
      results.map((r) => r.allowed),
      [true, true, true, true, true, true, true, true, false, false],
    );
  });

  test('one key hit with different limits at once: each hit is judged by its own limit', async () => {
    const limits = [1, 5, 5, 1, 5, 2];
    const results = await Promise.all(limits.map((limit) => hitRateLimit(db, 'burst:mixed', limit, 60)));
    // The hits are number 1..6 in arrival order.
    assert.deepEqual(
      results.map((r) => r.allowed),
      [true, true, true, false, true, false],
    );
  });

  test('an expired window starts again with the burst that finds it expired', async () => {
    await Promise.all(Array.from({ length: 4 }, () => hitRateLimit(db, 'burst:expired', 3, 60)));
    assert.equal((await hitRateLimit(db, 'burst:expired', 3, 60)).allowed, false);
    await sql`update rate_limits set expires_at = now() - interval '1 second' where key = 'burst:expired'`.execute(db);
    const results = await Promise.all(Array.from({ length: 5 }, () => hitRateLimit(db, 'burst:expired', 3, 60)));
    assert.deepEqual(
      results.map((r) => r.allowed),
      [true, true, true, false, false],
    );
    assert.equal(await peekRateLimit(db, 'burst:expired'), 5);
    // The new window is the key's own again (60 s), not the expired one.
    assert.ok(results[4].retryAfterSeconds >= 1 && results[4].retryAfterSeconds <= 60);
  });

  test('hits inside a transaction use the transaction while root hits run beside it', async () => {
    const [inside, ...outside] = await Promise.all([
      db.transaction().execute(async (tx) => {
        const first = await hitRateLimit(tx, 'burst:tx', 100, 60);
        const second = await hitRateLimit(tx, 'burst:tx', 100, 60);
        return [first, second];
      }),
      ...Array.from({ length: 5 }, () => hitRateLimit(db, 'burst:root', 100, 60)),
    ]);
    assert.ok(inside.every((r) => r.allowed));
    assert.ok(outside.every((r) => r.allowed));
    assert.equal(await peekRateLimit(db, 'burst:tx'), 2);
    assert.equal(await peekRateLimit(db, 'burst:root'), 5);
  });
});
