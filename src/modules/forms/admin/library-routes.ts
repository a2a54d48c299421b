/** The shared library in the back office: browse, preview, import a copy. */
import type { FastifyPluginAsync } from 'fastify';
import { notFound } from '../../../platform/http/errors.js';
import { redirectAfterPost, sendPage } from '../../../platform/http/reply.js';
import type { FieldErrors } from '../../../platform/views/forms.js';
import { findSharedVersion, importSharedProcedure, listLibrary, type SharedVersion } from '../library.js';
import { LibraryPage, SharedProcedurePage } from '../views/builder-library.js';
import { builderContext, field, idParam, requireBuilder } from './context.js';

type SharedParams = { Params: { sharedId: string } };

export const libraryRoutes: FastifyPluginAsync = async (app) => {
  const { db } = app.platform;

  app.get('/verwaltung/verfahren/bibliothek', async (request, reply) => {
    requireBuilder(request);
    return sendPage(reply, LibraryPage({ ctx: builderContext(request, reply), entries: await listLibrary(db) }));
  });

  const sharedOr404 = async (id: string): Promise<SharedVersion> => {
    const entry = await findSharedVersion(db, idParam(id));
    if (!entry) throw notFound();
    return entry;
  };

  app.get<SharedParams>('/verwaltung/verfahren/bibliothek/:sharedId', async (request, reply) => {
    requireBuilder(request);
    const entry = await sharedOr404(request.params.sharedId);
    return sendPage(
      reply,
      SharedProcedurePage({
        ctx: builderContext(request, reply),
        entry,
        slug: entry.slug,
        own: entry.originTenantId === request.tenant.id,
      }),
    );
  });

  app.post<SharedParams>('/verwaltung/verfahren/bibliothek/:sharedId/uebernehmen', async (request, reply) => {
    const editor = requireBuilder(request);
    const entry = await sharedOr404(request.params.sharedId);
    const slug = field(request.body, 'slug');
    const render = (errors: FieldErrors) =>
      sendPage(
        reply,
        SharedProcedurePage({
          ctx: builderContext(request, reply),
          entry,
          slug,
          errors,
          own: entry.originTenantId === request.tenant.id,
        }),
        422,
      );
    if (entry.originTenantId === request.tenant.id)
      return render({ slug: 'Dieses Verfahren stammt von Ihrer Verwaltung; Sie haben es bereits.' });
    const result = await importSharedProcedure(db, request.tenant.id, editor.userId, entry.id, slug);
    if (!result) throw notFound();
    if (!result.ok) return render(result.errors);
    const notice = result.departmentDropped ? 'uebernommen-ohne-fachbereich' : 'uebernommen';
    return redirectAfterPost(reply, `/${request.tenant.slug}/verwaltung/verfahren/${result.procedureId}?hinweis=${notice}`);
  });
};
