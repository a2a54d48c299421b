import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { csrfToken } from '../../platform/auth/csrf.js';
import { requireStaff } from '../../platform/auth/guards.js';
import { notFound } from '../../platform/http/errors.js';
import { redirectAfterPost, sendPage } from '../../platform/http/reply.js';
import { toTenantView } from '../../platform/views/tenant-view.js';
import {
  createNewsDraft,
  listNewsForEditing,
  listPagesForEditing,
  loadNewsForEditing,
  loadPage,
  saveNews,
  savePage,
  setNewsPublished,
} from './service.js';
import { NewsAdminListPage, NewsEditPage, PageEditPage, PagesAdminListPage, type StaffView } from './views/admin-pages.js';

const EDITORS = ['admin', 'editor'] as const;

/** Fixed notices named by `?hinweis=…` after a redirect: nothing from the URL is shown. */
const NOTICES: Record<string, string> = {
  angelegt: 'Die Meldung wurde als Entwurf gespeichert.',
  gespeichert: 'Die Änderungen wurden gespeichert.',
  veroeffentlicht: 'Die Meldung ist veröffentlicht.',
  zurueckgezogen: 'Die Meldung ist nicht mehr öffentlich sichtbar.',
  'seite-gespeichert': 'Die Seite wurde gespeichert.',
};

function staffView(request: FastifyRequest, reply: FastifyReply): StaffView {
  const key = (request.query as Record<string, unknown> | undefined)?.hinweis;
  const staff = request.staff;
  return {
    tenant: toTenantView(request.tenant),
    staff: staff ? { name: staff.name, email: staff.email, role: staff.role } : null,
    nav: request.server.staffNav,
    csrf: csrfToken(request, reply),
    notice: typeof key === 'string' ? NOTICES[key] : undefined,
  };
}

/** A form field as one string (missing or repeated fields must not break the handler). */
const formField = (body: unknown, name: string): string => {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
};

const newsInput = (body: unknown) => ({
  title: formField(body, 'title'),
  slug: formField(body, 'slug'),
  teaser: formField(body, 'teaser'),
  body: formField(body, 'body'),
});

/** Back office for news and pages below /{tenant}/verwaltung (editors and admins). */
export const adminRoutes: FastifyPluginAsync = async (app) => {
  const { db } = app.platform;
  const base = (request: FastifyRequest) => `/${request.tenant.slug}/verwaltung`;

  app.get('/verwaltung/aktuelles', async (request, reply) => {
    requireStaff(request, ...EDITORS);
    const items = await listNewsForEditing(db, request.tenant.id);
    return sendPage(reply, NewsAdminListPage({ view: staffView(request, reply), items }));
  });

  app.get('/verwaltung/aktuelles/neu', async (request, reply) => {
    requireStaff(request, ...EDITORS);
    return sendPage(
      reply,
      NewsEditPage({ view: staffView(request, reply), values: { title: '', slug: '', teaser: '', body: '' } }),
    );
  });

  app.post('/verwaltung/aktuelles/neu', async (request, reply) => {
    const staff = requireStaff(request, ...EDITORS);
    const values = newsInput(request.body);
    const result = await createNewsDraft(db, request.tenant, staff.userId, values);
    if (!result.ok) return sendPage(reply, NewsEditPage({ view: staffView(request, reply), values, errors: result.errors }), 422);
    return redirectAfterPost(reply, `${base(request)}/aktuelles/${result.id}?hinweis=angelegt`);
  });

  app.get<{ Params: { id: string } }>('/verwaltung/aktuelles/:id', async (request, reply) => {
    requireStaff(request, ...EDITORS);
    const item = await loadNewsForEditing(db, request.tenant.id, request.params.id);
    if (!item) throw notFound();
    const values = { title: item.title, slug: item.slug, teaser: item.teaser, body: item.body_md };
    return sendPage(reply, NewsEditPage({ view: staffView(request, reply), item, values }));
  });

  app.post<{ Params: { id: string } }>('/verwaltung/aktuelles/:id', async (request, reply) => {
    const staff = requireStaff(request, ...EDITORS);
    const item = await loadNewsForEditing(db, request.tenant.id, request.params.id);
    if (!item) throw notFound();
    const values = newsInput(request.body);
    const result = await saveNews(db, request.tenant, staff.userId, item.id, values);
    if (!result) throw notFound();
    if (!result.ok)
      return sendPage(reply, NewsEditPage({ view: staffView(request, reply), item, values, errors: result.errors }), 422);
    return redirectAfterPost(reply, `${base(request)}/aktuelles/${item.id}?hinweis=gespeichert`);
  });

  for (const [action, published] of [
    ['veroeffentlichen', true],
    ['zurueckziehen', false],
  ] as const) {
    app.post<{ Params: { id: string } }>(`/verwaltung/aktuelles/:id/${action}`, async (request, reply) => {
      const staff = requireStaff(request, ...EDITORS);
      const item = await loadNewsForEditing(db, request.tenant.id, request.params.id);
      if (!item || !(await setNewsPublished(db, request.tenant, staff.userId, item.id, published))) throw notFound();
      return redirectAfterPost(
        reply,
        `${base(request)}/aktuelles/${item.id}?hinweis=${published ? 'veroeffentlicht' : 'zurueckgezogen'}`,
      );
    });
  }

  app.get('/verwaltung/seiten', async (request, reply) => {
    requireStaff(request, ...EDITORS);
    const pages = await listPagesForEditing(db, request.tenant.id);
    return sendPage(reply, PagesAdminListPage({ view: staffView(request, reply), pages }));
  });

  app.get('/verwaltung/seiten/neu', async (request, reply) => {
    requireStaff(request, ...EDITORS);
    return sendPage(
      reply,
      PageEditPage({ view: staffView(request, reply), isNew: true, values: { slug: '', title: '', body: '' } }),
    );
  });

  app.post('/verwaltung/seiten/neu', async (request, reply) => {
    const staff = requireStaff(request, ...EDITORS);
    const values = {
      slug: formField(request.body, 'slug'),
      title: formField(request.body, 'title'),
      body: formField(request.body, 'body'),
    };
    const errors: Record<string, string> = {};
    if (values.slug && (await loadPage(db, request.tenant, values.slug.trim().toLowerCase())))
      errors.slug = 'Unter dieser Adresse gibt es schon eine Seite. Bitte wählen Sie eine andere.';
    const result =
      Object.keys(errors).length > 0 ? { ok: false as const, errors } : await savePage(db, request.tenant, staff.userId, values);
    if (!result.ok)
      return sendPage(reply, PageEditPage({ view: staffView(request, reply), isNew: true, values, errors: result.errors }), 422);
    return redirectAfterPost(reply, `${base(request)}/seiten/${result.slug}?hinweis=seite-gespeichert`);
  });

  app.get<{ Params: { slug: string } }>('/verwaltung/seiten/:slug', async (request, reply) => {
    requireStaff(request, ...EDITORS);
    const page = await loadPage(db, request.tenant, request.params.slug);
    if (!page) throw notFound();
    const values = { slug: page.slug, title: page.title, body: page.bodyMd };
    return sendPage(reply, PageEditPage({ view: staffView(request, reply), isNew: false, values }));
  });

  app.post<{ Params: { slug: string } }>('/verwaltung/seiten/:slug', async (request, reply) => {
    const staff = requireStaff(request, ...EDITORS);
    const page = await loadPage(db, request.tenant, request.params.slug);
    if (!page) throw notFound();
    const values = { slug: page.slug, title: formField(request.body, 'title'), body: formField(request.body, 'body') };
    const result = await savePage(db, request.tenant, staff.userId, values);
    if (!result.ok)
      return sendPage(reply, PageEditPage({ view: staffView(request, reply), isNew: false, values, errors: result.errors }), 422);
    return redirectAfterPost(reply, `${base(request)}/seiten/${page.slug}?hinweis=seite-gespeichert`);
  });
};
