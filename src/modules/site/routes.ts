import type { FastifyPluginAsync } from 'fastify';
import { sendPage } from '../../platform/http/reply.js';
import { listTenants } from '../../platform/tenancy/repo.js';
import { toTenantView } from '../../platform/views/tenant-view.js';
import { loadStartPageCatalog } from '../catalog/index.js';
import { loadLatestNews } from '../content/index.js';
import { StartPage } from './views/StartPage.js';
import { TenantListPage } from './views/TenantListPage.js';

const tenantSchema = {
  type: 'object',
  properties: { slug: { type: 'string' }, name: { type: 'string' }, type: { type: 'string', enum: ['landkreis', 'gemeinde'] } },
  required: ['slug', 'name', 'type'],
} as const;

/** `/`, `/health` and `/api/v1/tenants`: the routes outside any tenant. */
export const globalRoutes: FastifyPluginAsync = async (app) => {
  const { db, database } = app.platform;

  app.get('/', async (_request, reply) => {
    const tenants = await listTenants(db);
    return sendPage(reply, TenantListPage({ tenants }));
  });

  app.get(
    '/health',
    { schema: { hide: true } },
    async (_request, reply) => {
      try {
        await db.selectFrom('tenants').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
        return { status: 'ok', db: database.engine };
      } catch {
        return reply.status(503).send({ status: 'unavailable', db: database.engine });
      }
    },
  );

  app.get(
    '/api/v1/tenants',
    { schema: { summary: 'Alle Mandanten (Landkreise und Gemeinden)', tags: ['Mandanten'], response: { 200: { type: 'array', items: tenantSchema } } } },
    async () => (await listTenants(db)).map((t) => ({ slug: t.slug, name: t.name, type: t.type })),
  );
};

/** The tenant's start page below `/{tenant}`. */
export const siteRoutes: FastifyPluginAsync = async (app) => {
  app.get('/', async (request, reply) => {
    const citizen = request.citizen ? { name: request.citizen.name, email: request.citizen.email, role: null } : null;
    const [catalog, news] = await Promise.all([
      loadStartPageCatalog(app.platform.db, request.tenant.id),
      loadLatestNews(app.platform.db, request.tenant.id, 3),
    ]);
    return sendPage(reply, StartPage({ tenant: toTenantView(request.tenant), citizen, catalog, news }));
  });
};
