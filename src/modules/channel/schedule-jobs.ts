import type { Platform } from '../../platform/platform.js';
import { PUBLISH_SCHEDULED_JOB, publishScheduledMessage } from './service.js';

export interface ScheduledData {
  tenantId: string;
  scheduleId: string;
}

/** The job that publishes a scheduled message; it is sent with startAfter = the chosen time. */
export function defineScheduleJobs(platform: Platform) {
  platform.jobs.define<ScheduledData>({
    name: PUBLISH_SCHEDULED_JOB,
    pollingIntervalSeconds: 5,
    handle: async (data) => {
      await publishScheduledMessage(platform, data);
    },
  });
}
