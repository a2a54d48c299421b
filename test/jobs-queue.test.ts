import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { JobQueue, type JobRun } from '../src/platform/jobs.js';
import { createTestDatabase, engineUnderTest, type TestDatabase } from './helpers/database.js';
import { eventually } from './mail-helpers.js';

describe(`job queue (${engineUnderTest})`, () => {
  let testDb: TestDatabase;
  let jobs: JobQueue;
  const seen: { data: { n: number }; run: JobRun }[] = [];
  const flakyRuns: JobRun[] = [];

  before(async () => {
    testDb = await createTestDatabase();
    jobs = new JobQueue(testDb.database);
    jobs.define<{ n: number }>({ name: 'test.record', handle: async (data, run) => void seen.push({ data, run }) });
    await jobs.prepare();
    // Like a module's setup: defined after prepare, first sent inside a transaction.
    jobs.define<{ n: number }>({
      name: 'test.flaky',
      retryLimit: 1,
      retryDelay: 0,
      handle: async (_data, run) => {
        flakyRuns.push(run);
        throw new Error('geht schief');
      },
    });
    await jobs.start();
  });
  after(async () => {
    await jobs.stop();
    await testDb.drop();
  });

  test('a job sent in a committed transaction runs once with its data', async () => {
    await testDb.database.db.transaction().execute((tx) => jobs.send('test.record', { n: 1 }, { tx }));
    const entry = await eventually(() => seen.find((s) => s.data.n === 1));
    assert.equal(entry.run.retryCount, 0);
    assert.equal(entry.run.lastAttempt, false);
  });

  test('a job sent in a rolled-back transaction never runs', async () => {
    await assert.rejects(
      testDb.database.db.transaction().execute(async (tx) => {
        await jobs.send('test.record', { n: 2 }, { tx });
        throw new Error('Rollback');
      }),
      /Rollback/,
    );
    await testDb.database.db.transaction().execute((tx) => jobs.send('test.record', { n: 3 }, { tx }));
    await eventually(() => seen.find((s) => s.data.n === 3));
    assert.equal(seen.filter((s) => s.data.n === 2).length, 0);
    // pg-boss marks a job completed just after its handler returned.
    assert.equal(await eventually(async () => (await jobs.pending('test.record')) === 0), true);
  });

  test('a failing job is retried up to its limit, and the handler knows the last attempt', async () => {
    await testDb.database.db.transaction().execute((tx) => jobs.send('test.flaky', { n: 4 }, { tx }));
    await eventually(() => flakyRuns.length >= 2 && flakyRuns);
    assert.deepEqual(
      flakyRuns.map((r) => [r.retryCount, r.lastAttempt]),
      [
        [0, false],
        [1, true],
      ],
    );
    assert.equal(await eventually(async () => (await jobs.pending('test.flaky')) === 0), true);
  });

  test('sending an unknown job is an error', async () => {
    await assert.rejects(jobs.send('test.unbekannt', {}), /Unbekannter Job/);
  });
});

describe(`job queue backlog (${engineUnderTest})`, () => {
  test('a backlog found at start drains without waiting a polling interval between jobs', async () => {
    const testDb = await createTestDatabase();
    const done: number[] = [];
    // Queued by a process without workers (nobody is woken), then a worker starts.
    const sender = new JobQueue(testDb.database, { work: false });
    const backlog = { name: 'test.backlog', pollingIntervalSeconds: 60, handle: async (d: { n: number }) => void done.push(d.n) };
    sender.define(backlog);
    await sender.prepare();
    for (let n = 0; n < 5; n++) await sender.send('test.backlog', { n });
    await sender.stop();
    const worker = new JobQueue(testDb.database);
    worker.define(backlog);
    try {
      await worker.start();
      // One job per fetch and a 60 s interval: before the fix the fifth ran after four minutes.
      await eventually(() => done.length === 5, 30);
      assert.deepEqual([...done].sort(), [0, 1, 2, 3, 4]);
    } finally {
      await worker.stop();
      await testDb.drop();
    }
  });
});
