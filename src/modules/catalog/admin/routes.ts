import type { FastifyPluginAsync } from 'fastify';
import type { StaffNavItem } from '../../../platform/views/StaffFrame.js';
import { attachmentRoutes } from './attachment-routes.js';
import { serviceAdminRoutes } from './service-routes.js';
import { taxonomyRoutes } from './taxonomy-routes.js';

export const catalogStaffNav: StaffNavItem[] = [
  { path: '/leistungen', label: 'Leistungen', roles: ['admin', 'editor'] },
  { path: '/lebenslagen', label: 'Lebenslagen', roles: ['admin', 'editor'] },
  { path: '/synonyme', label: 'Synonyme', roles: ['admin', 'editor'] },
  { path: '/digitales-amt', label: 'Digitales Amt', roles: ['admin', 'editor'] },
];

/** The catalog's back office below /{tenant}/verwaltung, plus the public PDF downloads. */
export const catalogAdminRoutes: FastifyPluginAsync = async (app) => {
  await app.register(serviceAdminRoutes);
  await app.register(attachmentRoutes);
  await app.register(taxonomyRoutes);
};
