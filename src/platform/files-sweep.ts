/**
 * Blobs nobody refers to: an upload whose transaction rolled back (the bytes are
 * written before the row that names them), a draft's file after the draft was
 * answered differently. They hold citizens' data, so they go. A blob younger than
 * the grace period is left alone: its row may not have committed yet.
 */
import { isBlobReferencedAnywhere } from './blob-references.js';
import type { RathausModule } from './module.js';
import type { Platform } from './platform.js';

export const ORPHAN_GRACE_HOURS = 24;

export interface SweepResult {
  checked: number;
  deleted: number;
}

export async function sweepOrphanBlobs(
  platform: Pick<Platform, 'db' | 'files'>,
  { now = new Date(), graceHours = ORPHAN_GRACE_HOURS } = {},
): Promise<SweepResult> {
  const { files } = platform;
  if (!files.list || !files.delete) return { checked: 0, deleted: 0 };
  const cutoff = now.getTime() - graceHours * 3600 * 1000;
  const result: SweepResult = { checked: 0, deleted: 0 };
  for await (const blob of files.list()) {
    if (blob.storedAt.getTime() > cutoff) continue;
    result.checked++;
    if (await isBlobReferencedAnywhere(platform.db, blob.sha256)) continue;
    await files.delete(blob.sha256);
    result.deleted++;
  }
  return result;
}

export const ORPHAN_SWEEP_JOB = 'files.orphan_sweep';
const DAY_MS = 24 * 3600 * 1000;

async function scheduleNextSweep(platform: Platform, after = new Date(Date.now() + DAY_MS)) {
  await platform.jobs.send(ORPHAN_SWEEP_JOB, {}, { startAfter: after, singletonKey: `orphan-sweep-${after.toISOString().slice(0, 10)}` });
}

/** Once a day, after every module has registered what it refers to (setup runs first). */
export const filesModule: RathausModule = {
  name: 'files',
  async setup(platform) {
    platform.jobs.define({
      name: ORPHAN_SWEEP_JOB,
      retryLimit: 3,
      retryDelay: 600,
      pollingIntervalSeconds: 60,
      handle: async () => {
        await sweepOrphanBlobs(platform);
        await scheduleNextSweep(platform);
      },
    });
    await scheduleNextSweep(platform, new Date(Date.now() + 60 * 60 * 1000));
  },
};
