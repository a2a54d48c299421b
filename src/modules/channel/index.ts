import type { FastifyPluginAsync } from 'fastify';
import { seedChannelDemo } from '../../demo/channel/seed.js';
import type { RathausModule } from '../../platform/module.js';
import { adminRoutes } from './admin-routes.js';
import { apiRoutes } from './api-routes.js';
import { defineChannelJobs } from './jobs.js';
import { publicRoutes } from './routes.js';
import { defineScheduleJobs } from './schedule-jobs.js';

export { type AlertBannerState, forgetAlertBanner, loadAlertBanner } from './banner-cache.js';
export type { AlertView, ChannelMessage, Topic } from './service.js';
export { loadActiveAlerts } from './service.js';
export { AlertBanner } from './views/AlertBanner.js';

const siteRoutes: FastifyPluginAsync = async (app) => {
  await app.register(publicRoutes);
  await app.register(adminRoutes);
};

/** Infokanal: topic subscriptions with double opt-in, messages and alerts with fan-out delivery, CAP 1.2 and Atom feeds. */
export const channelModule: RathausModule = {
  name: 'channel',
  setup: (platform) => {
    defineChannelJobs(platform);
    defineScheduleJobs(platform);
  },
  siteRoutes,
  apiRoutes,
  staffNav: [{ path: '/infokanal', label: 'Infokanal', roles: ['admin', 'editor'] }],
  seedDemo: seedChannelDemo,
};
