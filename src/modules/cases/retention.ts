/**
 * Retention (Aufbewahrungsfrist): once a closed or withdrawn case's retention date
 * has passed, its personal data goes (the submitted answers, messages, every document
 * of the file, name and address of the applicant, free texts of the timeline). The
 * case row stays as a shell (reference, procedure, dates, outcome) for the figures,
 * and the audit log records the deletion with ids only.
 */
import { appendAudit } from '../../platform/audit.js';
import type { Platform } from '../../platform/platform.js';
import { deleteCaseDocuments } from '../documents/index.js';
import { eraseSubmissionData } from '../forms/index.js';
import * as repo from './repo.js';
import { berlinToday } from './states.js';

export const RETENTION_JOB = 'cases.retention';

export interface RetentionData {
  /** One tenant, or all when missing. */
  tenantId?: string;
}

export const listDueCases = (platform: Platform, tenantId: string, today = berlinToday()) =>
  repo.listDueForRetention(platform.db, tenantId, today);

/** Deletes the personal data of every due case of the tenant(s); returns how many cases. */
export async function runRetention(platform: Platform, data: RetentionData = {}, today = berlinToday()): Promise<number> {
  const tenants = data.tenantId ? [data.tenantId] : await repo.tenantsWithDueCases(platform.db, today);
  let n = 0;
  for (const tenantId of tenants) {
    for (;;) {
      const due = await repo.listDueForRetention(platform.db, tenantId, today, 50);
      if (due.length === 0) break;
      for (const row of due) {
        await platform.db.transaction().execute(async (tx) => {
          if (row.submissionId) await eraseSubmissionData(tx, tenantId, row.submissionId);
          await repo.deleteMessages(tx, tenantId, row.id);
          await repo.blankEventTexts(tx, tenantId, row.id);
          await repo.updateCase(tx, tenantId, row.id, {
            applicantName: null,
            applicantEmail: null,
            statusTokenHash: null,
            personalDataDeletedAt: new Date(),
          });
          await repo.insertEvent(tx, {
            tenantId,
            caseId: row.id,
            kind: 'geloescht',
            actorId: null,
            public: false,
            text: 'Personenbezogene Daten nach Ablauf der Aufbewahrungsfrist gelöscht',
          });
          await appendAudit(tx, {
            tenantId,
            actorId: null,
            action: 'case.retention_deleted',
            subject: row.id,
            details: { submission: row.submissionId, retentionUntil: row.retentionUntil },
          });
          // Last: the blobs are gone at once, nothing after this may roll back.
          await deleteCaseDocuments(platform, tx, tenantId, row.id);
        });
        n++;
      }
    }
  }
  return n;
}

const DAY_MS = 24 * 3600 * 1000;

/** The job runs once a day: each run queues the next (one job per day through the singleton key). */
export function defineRetentionJob(platform: Platform) {
  platform.jobs.define<RetentionData>({
    name: RETENTION_JOB,
    retryLimit: 3,
    retryDelay: 300,
    pollingIntervalSeconds: 60,
    handle: async (data) => {
      await runRetention(platform, data);
      if (!data.tenantId) await scheduleNextRetention(platform);
    },
  });
}

export async function scheduleNextRetention(platform: Platform, after = new Date(Date.now() + DAY_MS)) {
  await platform.jobs.send(RETENTION_JOB, {} satisfies RetentionData, {
    startAfter: after,
    singletonKey: `retention-${after.toISOString().slice(0, 10)}`,
  });
}
