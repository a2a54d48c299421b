import type { FastifyPluginAsync } from 'fastify';
import { fileRoutes } from './file-routes.js';
import { libraryRoutes } from './library-routes.js';
import { pageRoutes } from './page-routes.js';
import { procedureRoutes } from './procedure-routes.js';

export { formsStaffNav } from './context.js';

/** The form builder and the shared library below /{tenant}/verwaltung/verfahren. */
export const builderRoutes: FastifyPluginAsync = async (app) => {
  await app.register(fileRoutes);
  await app.register(libraryRoutes);
  await app.register(procedureRoutes);
  await app.register(pageRoutes);
};
