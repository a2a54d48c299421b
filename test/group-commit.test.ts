import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GroupCommit } from '../src/platform/db/group-commit.js';

const later = () => new Promise((resolve) => setTimeout(resolve, 5));

test('items arriving while a batch is in flight go together into the next batch, answers in order', async () => {
  const batches: number[][] = [];
  const group = new GroupCommit<number, number>(async (items) => {
    batches.push(items);
    await later();
    return items.map((i) => i * 10);
  });
  const first = group.run(1);
  await new Promise((resolve) => setImmediate(resolve));
  const rest = [2, 3, 4].map((i) => group.run(i));
  assert.deepEqual(await Promise.all([first, ...rest]), [10, 20, 30, 40]);
  assert.deepEqual(batches, [[1], [2, 3, 4]]);
});

test('a batch that fails rejects its own items only', async () => {
  const group = new GroupCommit<number, number>(async (items) => {
    await later();
    if (items.includes(2)) throw new Error('kaputt');
    return items;
  });
  const first = group.run(1);
  await new Promise((resolve) => setImmediate(resolve));
  const second = group.run(2);
  assert.equal(await first, 1);
  await assert.rejects(second, /kaputt/);
  assert.equal(await group.run(3), 3);
});

test('with two in flight, the second batch starts before the first returns; never more than two', async () => {
  let running = 0;
  let most = 0;
  const group = new GroupCommit<number, number>(
    async (items) => {
      running++;
      most = Math.max(most, running);
      await later();
      running--;
      return items;
    },
    3,
    2,
  );
  const all = Array.from({ length: 20 }, (_, i) => i);
  const results: Promise<number>[] = [];
  for (const i of all) {
    results.push(group.run(i));
    if (i % 4 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  assert.deepEqual(await Promise.all(results), all);
  assert.equal(most, 2);
});
