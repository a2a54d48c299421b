import type { Platform } from './platform.js';

const DAY_MS = 24 * 3600 * 1000;

/**
 * Housekeeping that runs once a day in whichever worker process picks it up: each run
 * queues the next, and the day in the singleton key keeps several processes (or
 * restarts) from queueing it twice. Call from a module's `setup`.
 */
export async function defineDailyJob(
  platform: Platform,
  name: string,
  handle: () => Promise<unknown>,
  { firstRunAfterMs = 60 * 60 * 1000 } = {},
): Promise<void> {
  const schedule = (after: Date) =>
    platform.jobs.send(name, {}, { startAfter: after, singletonKey: `${name}-${after.toISOString().slice(0, 10)}` });
  platform.jobs.define({
    name,
    retryLimit: 3,
    retryDelay: 600,
    pollingIntervalSeconds: 60,
    handle: async () => {
      await handle();
      await schedule(new Date(Date.now() + DAY_MS));
    },
  });
  await schedule(new Date(Date.now() + firstRunAfterMs));
}
