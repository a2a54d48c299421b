import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { sendPage } from '../../platform/http/reply.js';
import type { ViewerView } from '../../platform/views/context.js';
import { toTenantView } from '../../platform/views/tenant-view.js';
import { newsAtomFeed } from './feed.js';
import { FEED_SIZE, listNews, loadLatestNews, loadNewsArticle, loadPage } from './service.js';
import { ContentNotFoundPage, NewsArticlePage, NewsListPage, StaticPageView } from './views/public-pages.js';

const viewer = (request: FastifyRequest): ViewerView | null =>
  request.citizen ? { name: request.citizen.name, email: request.citizen.email, role: null } : null;

/** A query parameter as one string: repeated or missing parameters must not break a page. */
const param = (query: unknown, name: string): string => {
  const value = (query as Record<string, unknown> | undefined)?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
};

const notFoundPage = (request: FastifyRequest, reply: FastifyReply, what: 'Meldung' | 'Seite') =>
  sendPage(reply, ContentNotFoundPage({ tenant: toTenantView(request.tenant), citizen: viewer(request), what }), 404);

/** Public news, static pages and the Atom feed below /{tenant}. */
export const siteRoutes: FastifyPluginAsync = async (app) => {
  const { db, config } = app.platform;

  app.get('/aktuelles', async (request, reply) => {
    const page = Number.parseInt(param(request.query, 'seite'), 10);
    const list = await listNews(db, request.tenant.id, Number.isFinite(page) ? page : 1);
    return sendPage(reply, NewsListPage({ tenant: toTenantView(request.tenant), citizen: viewer(request), list }));
  });

  app.get<{ Params: { slug: string } }>('/aktuelles/:slug', async (request, reply) => {
    const item = await loadNewsArticle(db, request.tenant.id, request.params.slug);
    if (!item) return notFoundPage(request, reply, 'Meldung');
    return sendPage(reply, NewsArticlePage({ tenant: toTenantView(request.tenant), citizen: viewer(request), item }));
  });

  app.get<{ Params: { slug: string } }>('/seite/:slug', async (request, reply) => {
    const page = await loadPage(db, request.tenant, request.params.slug);
    if (!page) return notFoundPage(request, reply, 'Seite');
    return sendPage(reply, StaticPageView({ tenant: toTenantView(request.tenant), citizen: viewer(request), page }));
  });

  app.get('/feeds/news.atom', async (request, reply) => {
    const items = await loadLatestNews(db, request.tenant.id, FEED_SIZE);
    return reply
      .type('application/atom+xml; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .send(newsAtomFeed(request.tenant, config.publicUrl, items));
  });
};
