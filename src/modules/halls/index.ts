import type { FastifyPluginAsync } from 'fastify';
import { columnNames, registerBlobReferences } from '../../platform/blob-references.js';
import type { RathausModule } from '../../platform/module.js';
import { adminRoutes } from './admin-routes.js';
import { apiRoutes } from './api-routes.js';
import { seedHallsDemo } from './demo.js';
import { publicRoutes } from './routes.js';

export type { Hall } from './service.js';

const siteRoutes: FastifyPluginAsync = async (app) => {
  await app.register(publicRoutes);
  await app.register(adminRoutes);
};

/** Community halls and other rooms: public free/busy calendar, booking requests, approval without overlaps, staff feed. */
export const hallsModule: RathausModule = {
  name: 'halls',
  setup() {
    registerBlobReferences('halls.photos', columnNames('hall_photos', 'sha256'));
    registerBlobReferences('halls.rules', columnNames('hall_resources', 'rules_sha256'));
  },
  siteRoutes,
  apiRoutes,
  staffNav: [{ path: '/raeume', label: 'Räume', roles: ['admin', 'editor', 'clerk'] }],
  seedDemo: seedHallsDemo,
};
