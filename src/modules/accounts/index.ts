import type { FastifyPluginAsync } from 'fastify';
import type { RathausModule } from '../../platform/module.js';
import { apiRoutes } from './api-routes.js';
import { citizenRoutes } from './citizen-routes.js';
import { seedAccountsDemo } from './demo.js';
import { staffRoutes } from './staff-routes.js';

export { findUserById, type User } from './repo.js';
export { ROLE_LABELS } from './service.js';

const siteRoutes: FastifyPluginAsync = async (app) => {
  await app.register(citizenRoutes);
  await app.register(staffRoutes);
};

/** Citizen accounts, staff and their back office, API tokens. */
export const accountsModule: RathausModule = {
  name: 'accounts',
  siteRoutes,
  apiRoutes,
  staffNav: [
    { path: '/benutzer', label: 'Benutzer', roles: ['admin'] },
    { path: '/fachbereiche', label: 'Fachbereiche', roles: ['admin'] },
    { path: '/einstellungen', label: 'Einstellungen', roles: ['admin'] },
    { path: '/konto/zwei-faktor', label: 'Zwei-Faktor-Anmeldung', roles: ['admin', 'editor', 'clerk'] },
  ],
  seedDemo: seedAccountsDemo,
};
