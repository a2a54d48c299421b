import type { RathausModule } from '../../platform/module.js';
import { siteRoutes } from './routes.js';

/** Postausgang: the back office's view of every mail the tenant sent or captured. */
export const outboxModule: RathausModule = {
  name: 'outbox',
  siteRoutes,
  staffNav: [{ path: '/postausgang', label: 'Postausgang', roles: ['admin'] }],
};
