import type { Platform } from '../../platform/platform.js';
import { REMINDER_JOB } from './job-names.js';
import { type ReminderJobData, sendReminder } from './service.js';

/** The reminder the day before: the job checks the booking still stands as scheduled. */
export function defineAppointmentJobs(platform: Platform) {
  platform.jobs.define<ReminderJobData>({
    name: REMINDER_JOB,
    retryLimit: 3,
    retryDelay: 60,
    pollingIntervalSeconds: 30,
    async handle(data) {
      const tenant = await platform.db.selectFrom('tenants').selectAll().where('id', '=', data.tenantId).executeTakeFirst();
      if (tenant) await sendReminder(platform, tenant, data);
    },
  });
}
