import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ForegroundLoad } from '../src/platform/http/foreground.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { engineUnderTest } from './helpers/database.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Whether the promise has settled within `ms`. */
const settledWithin = (p: Promise<unknown>, ms: number) => Promise.race([p.then(() => true), sleep(ms).then(() => false)]);

describe('ForegroundLoad: background work waits for a quiet moment', () => {
  test('without requests in flight it goes on at once', async () => {
    assert.equal(await settledWithin(new ForegroundLoad(20).whenQuiet(5000), 5), true);
  });

  test('it waits while a request is in flight and goes on a quiet moment after the last answer', async () => {
    const load = new ForegroundLoad(20);
    load.begin();
    const waiting = load.whenQuiet(5000);
    assert.equal(await settledWithin(waiting, 60), false);
    load.begin();
    load.end();
    assert.equal(await settledWithin(waiting, 60), false, 'one request is still in flight');
    load.end();
    assert.equal(await settledWithin(waiting, 200), true);
  });

  test('under requests without pause it waits at most maxWaitMs', async () => {
    const load = new ForegroundLoad(20);
    load.begin();
    const started = Date.now();
    await load.whenQuiet(80);
    assert.ok(Date.now() - started >= 75);
    load.end();
  });
});

describe(`the app counts its requests in flight (${engineUnderTest})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  test('answered, refused and unknown requests are counted while they run and end their count', async () => {
    let most = 0;
    let running = true;
    const watch = (async () => {
      while (running) {
        most = Math.max(most, t.platform.foreground.requestsInFlight);
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const answers = await Promise.all([
      t.app.inject('/'),
      t.app.inject('/gibt-es-nicht/ganz-sicher'),
      t.app.inject({
        method: 'POST',
        url: '/api/v1/musterkreis/procedures/x/submissions',
        payload: '{',
        headers: { 'content-type': 'application/json' },
      }),
    ]);
    running = false;
    await watch;
    assert.ok(answers.every((a) => a.statusCode > 0));
    assert.ok(most >= 1, 'no request was counted');
    assert.equal(t.platform.foreground.requestsInFlight, 0);
  });
});
