import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { accountsModule } from './modules/accounts/index.js';
import { appointmentsModule } from './modules/appointments/index.js';
import { casesModule } from './modules/cases/index.js';
import { catalogModule } from './modules/catalog/index.js';
import { channelModule, loadAlertBanner } from './modules/channel/index.js';
import { contentModule } from './modules/content/index.js';
import { documentsModule } from './modules/documents/index.js';
import { formsModule } from './modules/forms/index.js';
import { hallsModule } from './modules/halls/index.js';
import { outboxModule } from './modules/outbox/index.js';
import { siteModule } from './modules/site/index.js';
import { loadApiToken } from './platform/auth/api-tokens.js';
import { csrfGuard } from './platform/auth/csrf.js';
import { loadSessions } from './platform/auth/session-hook.js';
import { installErrorHandling } from './platform/http/error-handler.js';
import { limitApiRequests } from './platform/http/rate-limit.js';
import './platform/http/request-context.js';
import { filesModule } from './platform/files-sweep.js';
import { countRequestsInFlight } from './platform/http/foreground.js';
import { staticSecurityHeaders } from './platform/http/security-headers.js';
import { resolveTenant } from './platform/http/tenant-scope.js';
import type { RathausModule } from './platform/module.js';
import type { Platform } from './platform/platform.js';

/** Every module, in registration order. */
export const modules: RathausModule[] = [
  siteModule,
  catalogModule,
  contentModule,
  accountsModule,
  outboxModule,
  formsModule,
  channelModule,
  documentsModule,
  appointmentsModule,
  casesModule,
  hallsModule,
  filesModule,
];

const here = dirname(fileURLToPath(import.meta.url));
const kernDist = join(dirname(createRequire(import.meta.url).resolve('@kern-ux/native/package.json')), 'dist');

/** Query strings can carry one-time tokens; logs keep only the path. */
const pathOnly = (url: string) => url.split('?')[0];

/** Builds the HTTP app on a prepared platform: platform plugins once, then each module in its scope. */
export async function buildApp(platform: Platform): Promise<FastifyInstance> {
  const { config } = platform;
  const app = Fastify({
    logger:
      config.logLevel === 'silent'
        ? false
        : {
            level: config.logLevel,
            // No personal data in logs: no query strings, headers, bodies or IP addresses.
            serializers: {
              req: (req) => ({ method: req.method, url: pathOnly(req.url) }),
              res: (res) => ({ statusCode: res.statusCode }),
            },
          },
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  });

  app.decorate('platform', platform);
  app.decorate(
    'staffNav',
    modules.flatMap((m) => m.staffNav ?? []),
  );
  app.decorate(
    'accountNav',
    modules.flatMap((m) => m.accountNav ?? []),
  );
  app.decorateRequest('tenant', null as never);
  app.decorateRequest('citizen', null);
  app.decorateRequest('staff', null);
  app.decorateRequest('frameExtras', null);
  installErrorHandling(app);
  countRequestsInFlight(app, platform.foreground);

  app.addHook(
    'onRequest',
    staticSecurityHeaders({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'self'"],
          objectSrc: ["'none'"],
          ...(config.publicUrl.startsWith('https:') ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      strictTransportSecurity: config.publicUrl.startsWith('https:'),
      crossOriginEmbedderPolicy: false,
    }),
  );
  // After helmet, so a 429 carries the security headers too; counts every /api/ request.
  app.addHook('onRequest', limitApiRequests);
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: config.bodyLimitBytes });
  await app.register(multipart, { limits: { fileSize: 20 * 1024 * 1024, files: 10, fields: 200 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Rathaus API',
        version: '1',
        description: 'Öffentliche Schnittstelle von Rathaus. Fehler: { error: { code, message, fields } }.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  });

  await app.register(fastifyStatic, { root: kernDist, prefix: '/assets/kern/', decorateReply: false, maxAge: '1d' });
  await app.register(fastifyStatic, {
    root: join(here, 'platform/views/assets'),
    prefix: '/assets/',
    decorateReply: false,
    maxAge: '1h',
  });

  for (const module of modules) await module.setup?.(platform);

  for (const module of modules) if (module.globalRoutes) await app.register(module.globalRoutes);

  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(
    async (api) => {
      api.addHook('onRequest', resolveTenant);
      api.addHook('onRequest', loadApiToken);
      for (const module of modules) if (module.apiRoutes) await api.register(module.apiRoutes);
    },
    { prefix: '/api/v1/:tenant' },
  );

  await app.register(
    async (site) => {
      site.addHook('onRequest', resolveTenant);
      site.addHook('onRequest', loadSessions);
      site.addHook('preHandler', csrfGuard);
      // Active warnings stand on every public page of the tenant (issue: info channel).
      site.addHook('preHandler', async (request) => {
        if (request.method !== 'GET') return;
        const { banner, key } = await loadAlertBanner(platform.db, request.tenant);
        if (banner) request.frameExtras = { banner, key };
      });
      for (const module of modules) if (module.siteRoutes) await site.register(module.siteRoutes);
    },
    { prefix: '/:tenant' },
  );

  return app;
}
