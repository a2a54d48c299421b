import type { Platform } from '../../platform/platform.js';
import { REMINDER_JOB } from './job-names.js';
import { sendDueReminders } from './service.js';

const EVERY_MS = 15 * 60_000;

/**
 * The next run, at the next quarter hour. The singleton key names that quarter hour, so the
 * processes that each queue it create one job; a second run would find nothing due anyway.
 */
export async function scheduleReminderRun(platform: Platform, now = Date.now()) {
  const at = new Date(Math.floor(now / EVERY_MS) * EVERY_MS + EVERY_MS);
  await platform.jobs.send(REMINDER_JOB, {}, { startAfter: at, singletonKey: `appointments-reminders-${at.toISOString()}` });
}

/**
 * The reminders the day before: one job every 15 minutes sends what is due (no job per
 * booking). Jobs queued per booking by older versions just trigger a run.
 */
export async function defineAppointmentJobs(platform: Platform) {
  platform.jobs.define({
    name: REMINDER_JOB,
    retryLimit: 3,
    retryDelay: 60,
    pollingIntervalSeconds: 30,
    async handle() {
      try {
        await sendDueReminders(platform);
      } finally {
        await scheduleReminderRun(platform);
      }
    },
  });
  await scheduleReminderRun(platform);
}
