/**
 * Blobs nobody refers to: an upload whose transaction rolled back (the bytes are
 * written before the row that names them), a draft's file after the draft was
 * answered differently. They hold citizens' data, so they go. A blob younger than
 * the grace period is left alone: its row may not have committed yet.
 */
import { isBlobReferencedAnywhere } from './blob-references.js';
import { defineDailyJob } from './daily-job.js';
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

/** Once a day, after every module has registered what it refers to (setup runs first). */
export const filesModule: RathausModule = {
  name: 'files',
  setup: (platform) => defineDailyJob(platform, ORPHAN_SWEEP_JOB, () => sweepOrphanBlobs(platform)),
};
