import type { FastifyPluginAsync } from 'fastify';
import type { RathausModule } from '../../platform/module.js';
import { apiRoutes } from './api-routes.js';
import { seedAppointmentsDemo } from './demo.js';
import { defineAppointmentJobs } from './jobs.js';
import { citizenRoutes } from './routes.js';
import { staffRoutes } from './staff-routes.js';

export type { NewOffer } from './repo.js';
export { insertOffer } from './repo.js';
export type { OfferView } from './service.js';
export { listBookableOffers } from './service.js';

const siteRoutes: FastifyPluginAsync = async (app) => {
  await app.register(citizenRoutes);
  await app.register(staffRoutes);
};

/** Terminbuchung: offers of catalog services, slots without double booking, the front desk's day list. */
export const appointmentsModule: RathausModule = {
  name: 'appointments',
  setup: defineAppointmentJobs,
  siteRoutes,
  apiRoutes,
  staffNav: [{ path: '/termine', label: 'Termine', roles: ['admin', 'editor', 'clerk'] }],
  accountNav: [{ path: '/termine/meine', label: 'Meine Termine' }],
  seedDemo: seedAppointmentsDemo,
};
