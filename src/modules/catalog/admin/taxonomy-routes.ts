import type { FastifyPluginAsync } from 'fastify';
import { notFound } from '../../../platform/http/errors.js';
import { redirectAfterPost, sendPage } from '../../../platform/http/reply.js';
import { loadLebenslagenTree } from '../service.js';
import { adminContext, idParam, requireEditor } from './context.js';
import * as repo from './repo.js';
import {
  createLebenslage,
  type LebenslageFormValues,
  lebenslageFormOf,
  moveLebenslage,
  removeSynonym,
  saveSynonym,
  updateLebenslageFromForm,
} from './taxonomy.js';
import { field } from './validation.js';
import { LebenslageEditPage, LebenslagenAdminPage, SynonymsPage } from './views/TaxonomyPages.js';

type IdParams = { Params: { id: string } };

const lebenslageFormFrom = (body: unknown): LebenslageFormValues => ({
  title: field(body, 'title'),
  slug: field(body, 'slug'),
  summary: field(body, 'summary'),
  parent: field(body, 'parent'),
});

/** Lebenslagen and search synonyms in the back office. */
export const taxonomyRoutes: FastifyPluginAsync = async (app) => {
  const { db } = app.platform;

  app.get('/verwaltung/lebenslagen', async (request, reply) => {
    requireEditor(request);
    const tree = await loadLebenslagenTree(db, request.tenant.id);
    return sendPage(reply, LebenslagenAdminPage({ ctx: adminContext(request, reply), tree }));
  });

  app.post('/verwaltung/lebenslagen', async (request, reply) => {
    const editor = requireEditor(request);
    const values = lebenslageFormFrom(request.body);
    const result = await createLebenslage(db, request.tenant.id, editor.userId, values);
    if (!result.ok) {
      const tree = await loadLebenslagenTree(db, request.tenant.id);
      return sendPage(
        reply,
        LebenslagenAdminPage({ ctx: adminContext(request, reply), tree, values, errors: result.errors }),
        422,
      );
    }
    return redirectAfterPost(reply, `/${request.tenant.slug}/verwaltung/lebenslagen?hinweis=lebenslage-angelegt`);
  });

  app.get<IdParams>('/verwaltung/lebenslagen/:id', async (request, reply) => {
    requireEditor(request);
    const id = idParam(request.params.id);
    const form = await lebenslageFormOf(db, request.tenant.id, id);
    if (!form) throw notFound();
    const parents = await loadLebenslagenTree(db, request.tenant.id);
    return sendPage(reply, LebenslageEditPage({ ctx: adminContext(request, reply), id, values: form.values, parents }));
  });

  app.post<IdParams>('/verwaltung/lebenslagen/:id', async (request, reply) => {
    const editor = requireEditor(request);
    const id = idParam(request.params.id);
    const values = lebenslageFormFrom(request.body);
    const result = await updateLebenslageFromForm(db, request.tenant.id, editor.userId, id, values);
    if (!result) throw notFound();
    if (!result.ok) {
      const parents = await loadLebenslagenTree(db, request.tenant.id);
      return sendPage(
        reply,
        LebenslageEditPage({ ctx: adminContext(request, reply), id, values, errors: result.errors, parents }),
        422,
      );
    }
    return redirectAfterPost(reply, `/${request.tenant.slug}/verwaltung/lebenslagen?hinweis=lebenslage-gespeichert`);
  });

  for (const [path, direction] of [
    ['hoch', 'up'],
    ['runter', 'down'],
  ] as const) {
    app.post<IdParams>(`/verwaltung/lebenslagen/:id/${path}`, async (request, reply) => {
      const editor = requireEditor(request);
      if (!(await moveLebenslage(db, request.tenant.id, editor.userId, idParam(request.params.id), direction))) throw notFound();
      return redirectAfterPost(reply, `/${request.tenant.slug}/verwaltung/lebenslagen?hinweis=verschoben`);
    });
  }

  app.get('/verwaltung/synonyme', async (request, reply) => {
    requireEditor(request);
    const synonyms = await repo.listSynonyms(db, request.tenant.id);
    return sendPage(reply, SynonymsPage({ ctx: adminContext(request, reply), synonyms }));
  });

  app.post('/verwaltung/synonyme', async (request, reply) => {
    const editor = requireEditor(request);
    const values = { term: field(request.body, 'term'), expansions: field(request.body, 'expansions') };
    const result = await saveSynonym(db, request.tenant.id, editor.userId, values);
    if (!result.ok) {
      const synonyms = await repo.listSynonyms(db, request.tenant.id);
      return sendPage(reply, SynonymsPage({ ctx: adminContext(request, reply), synonyms, values, errors: result.errors }), 422);
    }
    return redirectAfterPost(reply, `/${request.tenant.slug}/verwaltung/synonyme?hinweis=synonym-gespeichert`);
  });

  app.post<IdParams>('/verwaltung/synonyme/:id/entfernen', async (request, reply) => {
    const editor = requireEditor(request);
    if (!(await removeSynonym(db, request.tenant.id, editor.userId, idParam(request.params.id)))) throw notFound();
    return redirectAfterPost(reply, `/${request.tenant.slug}/verwaltung/synonyme?hinweis=synonym-entfernt`);
  });
};
