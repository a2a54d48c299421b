import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { apiErrorSchema, notFound } from '../../platform/http/errors.js';
import { sendPage } from '../../platform/http/reply.js';
import { tenantStampsOf } from '../../platform/http/tenant-scope.js';
import type { ViewerView } from '../../platform/views/context.js';
import { renderFramedDocument } from '../../platform/views/render.js';
import { toTenantView } from '../../platform/views/tenant-view.js';
import { cachedPage, isCacheable } from './page-cache.js';
import { CATALOG_STAMP } from './read-cache.js';
import {
  loadLebenslagenTree,
  loadLebenslagePage,
  loadService,
  loadServicesAtoZ,
  MAX_PAGE,
  onlineHref,
  recordServiceVisit,
  type ServiceDetails,
  searchServices,
  suggestServices,
} from './service.js';
import { serviceActionsFor } from './service-actions.js';
import { LebenslagenPage } from './views/LebenslagenPage.js';
import { LebenslagePage } from './views/LebenslagePage.js';
import { SearchPage } from './views/SearchPage.js';
import { ServiceNotFoundPage } from './views/ServiceNotFoundPage.js';
import { governmentServiceJsonLd, ServicePage } from './views/ServicePage.js';
import { ServicesAtoZPage } from './views/ServicesAtoZPage.js';

/** Served from src/platform/views/assets; index.ts re-exports it for the start page. */
const CATALOG_SUGGEST_SCRIPT = '/assets/catalog-suggest.js';

const viewer = (request: FastifyRequest): ViewerView | null =>
  request.citizen ? { name: request.citizen.name, email: request.citizen.email, role: null } : null;

/** A query parameter as one string: repeated or missing parameters must not break a page. */
const param = (query: unknown, name: string): string => {
  const value = (query as Record<string, unknown> | undefined)?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
};
const pageParam = (query: unknown) => {
  const n = Number.parseInt(param(query, 'page'), 10);
  return Number.isFinite(n) && n >= 1 ? Math.min(n, MAX_PAGE) : 1;
};
const SLUG = /^[a-z0-9][a-z0-9-]{0,119}$/;

function sendNotFound(request: FastifyRequest, reply: FastifyReply, what: string) {
  return sendPage(reply, ServiceNotFoundPage({ tenant: toTenantView(request.tenant), citizen: viewer(request), what }), 404);
}

/** Public catalog pages below /{tenant}. */
export const siteRoutes: FastifyPluginAsync = async (app) => {
  const { db } = app.platform;

  app.get('/leistungen', async (request, reply) => {
    const groups = await loadServicesAtoZ(db, request.tenant.id);
    return sendPage(reply, ServicesAtoZPage({ tenant: toTenantView(request.tenant), citizen: viewer(request), groups }));
  });

  const servicePage = async (request: FastifyRequest, service: ServiceDetails) => {
    const tenant = toTenantView(request.tenant);
    const actions = await serviceActionsFor(db, request.tenant, service.slug, tenantStampsOf(request));
    const href = onlineHref(tenant.slug, { online_url: service.onlineUrl, online_procedure_id: service.onlineProcedureId });
    const publicUrl = app.platform.config.publicUrl.replace(/\/$/, '');
    const absolute = href?.startsWith('/') ? `${publicUrl}${href}` : href;
    const jsonLd = governmentServiceJsonLd(tenant, service, `${publicUrl}/${tenant.slug}/leistungen/${service.slug}`, absolute);
    return ServicePage({ tenant, citizen: viewer(request), service, onlineHref: href, jsonLd, actions });
  };

  app.get<{ Params: { slug: string } }>('/leistungen/:slug', async (request, reply) => {
    const { slug } = request.params;
    if (!SLUG.test(slug)) return sendNotFound(request, reply, 'Leistung');
    // The most visited public page: rendered once per catalog version for everyone without a login.
    if (isCacheable(request)) {
      const page = await cachedPage(db, request, `leistungen/${slug}`, async () => {
        const service = await loadService(db, request.tenant.id, slug);
        if (!service) return null;
        return {
          serviceId: service.id,
          html: Buffer.from(renderFramedDocument(request.frameExtras, await servicePage(request, service))),
        };
      });
      if (!page) return sendNotFound(request, reply, 'Leistung');
      await recordServiceVisit(db, request.tenant.id, page.serviceId);
      return reply.type('text/html; charset=utf-8').send(page.html);
    }
    const service = await loadService(db, request.tenant.id, slug);
    if (!service) return sendNotFound(request, reply, 'Leistung');
    await recordServiceVisit(db, request.tenant.id, service.id);
    return sendPage(reply, await servicePage(request, service));
  });

  app.get('/lebenslagen', async (request, reply) => {
    const tree = await loadLebenslagenTree(db, request.tenant.id);
    return sendPage(reply, LebenslagenPage({ tenant: toTenantView(request.tenant), citizen: viewer(request), tree }));
  });

  app.get<{ Params: { slug: string } }>('/lebenslagen/:slug', async (request, reply) => {
    const { slug } = request.params;
    const page = SLUG.test(slug) ? await loadLebenslagePage(db, request.tenant.id, slug) : undefined;
    if (!page) return sendNotFound(request, reply, 'Lebenslage');
    return sendPage(reply, LebenslagePage({ tenant: toTenantView(request.tenant), citizen: viewer(request), page }));
  });

  app.get('/suche', async (request, reply) => {
    const online = param(request.query, 'online') === 'true';
    const lebenslage = param(request.query, 'lebenslage');
    const result = await searchServices(db, request.tenant.id, param(request.query, 'q'), {
      online,
      lebenslage: SLUG.test(lebenslage) ? lebenslage : undefined,
      page: pageParam(request.query),
      snippets: true,
    });
    return sendPage(
      reply,
      SearchPage({
        tenant: toTenantView(request.tenant),
        citizen: viewer(request),
        result,
        online,
        scripts: [CATALOG_SUGGEST_SCRIPT],
      }),
    );
  });

  // Typeahead for catalog-suggest.js; the search page works without it.
  app.get('/suche/vorschlaege', async (request) => {
    const items = await suggestServices(db, request.tenant.id, param(request.query, 'q'), 8);
    return { items: items.map((i) => ({ title: i.title, url: `/${request.tenant.slug}/leistungen/${i.slug}` })) };
  });

  app.get('/leistungen/*', async (request, reply) => sendNotFound(request, reply, 'Leistung'));
};

const serviceListItemSchema = {
  type: 'object',
  properties: {
    slug: { type: 'string' },
    title: { type: 'string' },
    summary: { type: 'string' },
    online: { type: 'boolean' },
    onlineUrl: { type: ['string', 'null'], description: 'Externe Adresse oder Pfad des Online-Verfahrens' },
    lebenslagen: { type: 'array', items: { type: 'string' } },
  },
  required: ['slug', 'title', 'summary', 'online', 'onlineUrl', 'lebenslagen'],
} as const;

const hoursSchema = {
  type: 'array',
  items: {
    type: 'object',
    properties: {
      day: { type: 'integer', description: '1 = Montag … 7 = Sonntag' },
      from: { type: 'string' },
      to: { type: 'string' },
    },
    required: ['day', 'from', 'to'],
  },
} as const;

const serviceDetailsSchema = {
  type: 'object',
  properties: {
    slug: { type: 'string' },
    title: { type: 'string' },
    summary: { type: 'string' },
    descriptionMarkdown: { type: 'string' },
    documents: { type: 'array', items: { type: 'string' } },
    fees: { type: 'string' },
    processingTime: { type: 'string' },
    legalBasis: { type: 'string' },
    leikaKey: { type: ['string', 'null'] },
    department: { type: ['string', 'null'] },
    keywords: { type: 'array', items: { type: 'string' } },
    online: { type: 'boolean' },
    onlineUrl: { type: ['string', 'null'] },
    onlineProcedureId: { type: ['string', 'null'] },
    easyLanguageMarkdown: { type: 'string' },
    reviewedAt: { type: ['string', 'null'], format: 'date-time' },
    lebenslagen: {
      type: 'array',
      items: { type: 'object', properties: { slug: { type: 'string' }, title: { type: 'string' } } },
    },
    contacts: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          function: { type: 'string' },
          phone: { type: 'string' },
          email: { type: 'string' },
          room: { type: 'string' },
          consultationHours: hoursSchema,
          consultationNote: { type: 'string' },
        },
      },
    },
    locations: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          street: { type: 'string' },
          postalCode: { type: 'string' },
          city: { type: 'string' },
          accessibility: { type: 'string' },
          openingHours: hoursSchema,
          openingHoursNote: { type: 'string' },
        },
      },
    },
  },
} as const;

const lebenslageSchema = {
  type: 'object',
  properties: {
    slug: { type: 'string' },
    title: { type: 'string' },
    summary: { type: 'string' },
    children: {
      type: 'array',
      items: { type: 'object', properties: { slug: { type: 'string' }, title: { type: 'string' }, summary: { type: 'string' } } },
    },
  },
} as const;

const errorSchema = apiErrorSchema;

/** JSON API below /api/v1/{tenant}. */
export const apiRoutes: FastifyPluginAsync = async (app) => {
  const { db } = app.platform;

  app.get<{ Querystring: { q?: string; lebenslage?: string; online?: boolean; page?: number } }>(
    '/services',
    {
      schema: {
        summary: 'Leistungen suchen oder auflisten',
        description:
          'Ohne q alle veröffentlichten Leistungen von A bis Z; mit q nach Relevanz. 20 Einträge je Seite; q wird nach 200 Zeichen abgeschnitten.',
        tags: ['Leistungen'],
        querystring: {
          type: 'object',
          properties: {
            q: { type: 'string', description: 'Suchbegriff' },
            lebenslage: {
              type: 'string',
              pattern: '^[a-z0-9][a-z0-9-]{0,119}$',
              description: 'Kürzel einer Lebenslage (schließt Unterlebenslagen ein)',
            },
            online: { type: 'boolean', description: 'Nur online mögliche Leistungen' },
            page: { type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 1 },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: { items: { type: 'array', items: serviceListItemSchema }, total: { type: 'integer' } },
            required: ['items', 'total'],
          },
          400: errorSchema,
        },
      },
    },
    async (request) => {
      const { q, lebenslage, online, page } = request.query;
      const result = await searchServices(db, request.tenant.id, q ?? '', {
        lebenslage,
        online,
        page,
        catalogVersion: tenantStampsOf(request)?.[CATALOG_STAMP],
      });
      return {
        items: result.items.map((i) => ({
          slug: i.slug,
          title: i.title,
          summary: i.summary,
          online: i.online,
          onlineUrl: onlineHref(request.tenant.slug, { online_url: i.onlineUrl, online_procedure_id: i.onlineProcedureId }),
          lebenslagen: i.lebenslagen,
        })),
        total: result.total,
      };
    },
  );

  app.get<{ Params: { slug: string } }>(
    '/services/:slug',
    {
      schema: {
        summary: 'Eine Leistung mit allen Angaben',
        tags: ['Leistungen'],
        params: { type: 'object', properties: { slug: { type: 'string' } }, required: ['slug'] },
        response: { 200: serviceDetailsSchema, 404: errorSchema },
      },
    },
    async (request) => {
      const { slug } = request.params;
      const s = SLUG.test(slug) ? await loadService(db, request.tenant.id, slug) : undefined;
      if (!s) throw notFound('Diese Leistung gibt es hier nicht.');
      return {
        slug: s.slug,
        title: s.title,
        summary: s.summary,
        descriptionMarkdown: s.descriptionMd,
        documents: s.documents,
        fees: s.fees,
        processingTime: s.processingTime,
        legalBasis: s.legalBasis,
        leikaKey: s.leikaKey,
        department: s.department,
        keywords: s.keywords,
        online: Boolean(s.onlineUrl || s.onlineProcedureId),
        onlineUrl: onlineHref(request.tenant.slug, { online_url: s.onlineUrl, online_procedure_id: s.onlineProcedureId }),
        onlineProcedureId: s.onlineProcedureId,
        easyLanguageMarkdown: s.easyLanguageMd,
        reviewedAt: s.reviewedAt ? s.reviewedAt.toISOString() : null,
        lebenslagen: s.lebenslagen,
        contacts: s.contacts,
        locations: s.locations,
      };
    },
  );

  app.get(
    '/lebenslagen',
    {
      schema: {
        summary: 'Alle Lebenslagen als Baum (zwei Ebenen)',
        tags: ['Leistungen'],
        response: {
          200: { type: 'object', properties: { items: { type: 'array', items: lebenslageSchema } }, required: ['items'] },
        },
      },
    },
    async (request) => {
      const tree = await loadLebenslagenTree(db, request.tenant.id);
      return {
        items: tree.map((l) => ({
          slug: l.slug,
          title: l.title,
          summary: l.summary,
          children: l.children.map((c) => ({ slug: c.slug, title: c.title, summary: c.summary })),
        })),
      };
    },
  );
};
