/** The builder: the list, a new procedure, a procedure's page with pages, settings and publishing. */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../../../platform/http/errors.js';
import { redirectAfterPost, sendPage } from '../../../platform/http/reply.js';
import { listDepartments } from '../../../platform/tenancy/repo.js';
import type { FieldErrors } from '../../../platform/views/forms.js';
import { PROCEDURE_SLUG } from '../definition.js';
import { pullSharedUpdate, shareProcedure } from '../library.js';
import { NewProcedurePage, ProceduresListPage } from '../views/builder-list.js';
import { addPage, type Change, type GeneralSettings, movePage, removePage, updateGeneral } from './builder.js';
import { builderContext, field, idParam, pageParam, requireBuilder } from './context.js';
import { formValuesOf } from './field-form.js';
import { placeProblems, renderProcedurePage } from './render.js';
import {
  type ChangeResult,
  changeDraft,
  createProcedure,
  discardDraft,
  listProceduresForEditors,
  publishDraft,
  unpublishProcedure,
} from './service.js';

type IdParams = { Params: { id: string } };
type PageParams = { Params: { id: string; n: string } };

/** Which input of the general form a validator message is about. */
const generalInput = (message: string) =>
  /Angabe „title/.test(message)
    ? 'g-title'
    : /Angabe „description/.test(message)
      ? 'g-description'
      : /Angabe „service/.test(message)
        ? 'g-service'
        : /Angabe „licence/.test(message)
          ? 'g-licence'
          : /Angabe „workflow/.test(message)
            ? 'g-deadline'
            : undefined;

function parseGeneral(body: unknown, departments: string[], current: string): { settings: GeneralSettings; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const title = field(body, 'g-title');
  if (!title) errors['g-title'] = 'Bitte geben Sie den Titel des Verfahrens ein.';
  const service = field(body, 'g-service');
  if (service && !PROCEDURE_SLUG.test(service))
    errors['g-service'] = 'Das Kürzel einer Leistung besteht aus Kleinbuchstaben, Ziffern und Bindestrichen.';
  const department = field(body, 'g-department');
  if (department && department !== current && !departments.includes(department))
    errors['g-department'] = 'Bitte wählen Sie einen Fachbereich Ihrer Verwaltung.';
  const deadline = field(body, 'g-deadline');
  if (deadline && !(/^\d{1,4}$/.test(deadline) && Number(deadline) >= 1 && Number(deadline) <= 3650))
    errors['g-deadline'] = 'Die Bearbeitungsfrist ist eine ganze Zahl von 1 bis 3650 Tagen.';
  const retention = field(body, 'g-retention');
  if (!(/^\d{1,3}$/.test(retention) && Number(retention) >= 1 && Number(retention) <= 100))
    errors['g-retention'] = 'Die Aufbewahrungsfrist ist eine ganze Zahl von 1 bis 100 Jahren.';
  const licence = field(body, 'g-licence');
  if (!licence) errors['g-licence'] = 'Bitte geben Sie die Lizenz an, unter der andere Verwaltungen das Verfahren nutzen dürfen.';
  return {
    settings: {
      title,
      description: field(body, 'g-description'),
      service: service || undefined,
      department: department || undefined,
      licence,
      deadlineDays: deadline ? Number(deadline) : undefined,
      retentionYears: Number(retention) || 10,
    },
    errors,
  };
}

export const procedureRoutes: FastifyPluginAsync = async (app) => {
  const { db } = app.platform;
  const base = (request: FastifyRequest) => `/${request.tenant.slug}/verwaltung/verfahren`;

  app.get('/verwaltung/verfahren', async (request, reply) => {
    requireBuilder(request);
    const procedures = await listProceduresForEditors(db, request.tenant.id);
    return sendPage(reply, ProceduresListPage({ ctx: builderContext(request, reply), procedures }));
  });

  app.get('/verwaltung/verfahren/neu', async (request, reply) => {
    requireBuilder(request);
    return sendPage(
      reply,
      NewProcedurePage({ ctx: builderContext(request, reply), values: { firstPage: 'Angaben zur antragstellenden Person' } }),
    );
  });

  app.post('/verwaltung/verfahren/neu', async (request, reply) => {
    const editor = requireBuilder(request);
    const values = {
      title: field(request.body, 'title'),
      slug: field(request.body, 'slug'),
      description: field(request.body, 'description'),
      firstPage: field(request.body, 'firstPage'),
    };
    const result = await createProcedure(db, request.tenant, editor.userId, values);
    if (!result.ok)
      return sendPage(reply, NewProcedurePage({ ctx: builderContext(request, reply), values, errors: result.errors }), 422);
    return redirectAfterPost(reply, `${base(request)}/${result.id}/seiten/1?hinweis=angelegt#neues-feld`);
  });

  app.get<IdParams>('/verwaltung/verfahren/:id', async (request, reply) => {
    requireBuilder(request);
    return renderProcedurePage(request, reply, idParam(request.params.id));
  });

  /** Runs a change on the procedure page; on failure the page comes back with the errors and the typed values. */
  async function change(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    apply: (d: Parameters<typeof addPage>[0]) => Change | { ok: false; errors: FieldErrors },
    success: string | (() => string),
    inputFor: (message: string) => string | undefined = () => undefined,
  ) {
    const editor = requireBuilder(request);
    const result: ChangeResult | undefined = await changeDraft(db, request.tenant.id, editor.userId, id, apply);
    if (!result) throw notFound();
    if (result.ok) return redirectAfterPost(reply, typeof success === 'string' ? success : success());
    const values = formValuesOf(request.body);
    if ('problems' in result) {
      const placed = placeProblems(result.problems, inputFor);
      return renderProcedurePage(request, reply, id, { status: 422, ...placed, values: { ...values } });
    }
    const { _: message, ...errors } = result.errors;
    return renderProcedurePage(request, reply, id, { status: 422, errors, problems: message ? [message] : [], values });
  }

  app.post<IdParams>('/verwaltung/verfahren/:id/allgemein', async (request, reply) => {
    requireBuilder(request);
    const id = idParam(request.params.id);
    const departments = (await listDepartments(db, request.tenant.id)).map((d) => d.name);
    return change(
      request,
      reply,
      id,
      (d) => {
        const { settings, errors } = parseGeneral(request.body, departments, d.workflow?.department ?? d.department ?? '');
        return Object.keys(errors).length > 0 ? { ok: false, errors } : updateGeneral(d, settings);
      },
      `${base(request)}/${id}?hinweis=gespeichert#allgemein`,
      generalInput,
    );
  });

  app.post<IdParams>('/verwaltung/verfahren/:id/seiten', async (request, reply) => {
    requireBuilder(request);
    const id = idParam(request.params.id);
    const title = field(request.body, 's-title');
    let added = 0;
    return change(
      request,
      reply,
      id,
      (d) => {
        if (!title) return { ok: false, errors: { 's-title': 'Bitte geben Sie den Titel der neuen Seite ein.' } };
        if (title.length > 200) return { ok: false, errors: { 's-title': 'Der Titel darf höchstens 200 Zeichen lang sein.' } };
        added = d.pages.length + 1;
        return addPage(d, title);
      },
      () => `${base(request)}/${id}/seiten/${added}?hinweis=seite-angelegt#neues-feld`,
    );
  });

  for (const [path, by] of [
    ['hoch', -1],
    ['runter', 1],
  ] as const) {
    app.post<PageParams>(`/verwaltung/verfahren/:id/seiten/:n/${path}`, async (request, reply) => {
      requireBuilder(request);
      const id = idParam(request.params.id);
      const index = pageParam(request.params.n);
      return change(
        request,
        reply,
        id,
        (d) => movePage(d, index, by),
        `${base(request)}/${id}?hinweis=verschoben#seite-${index + 1 + by}`,
      );
    });
  }

  app.post<PageParams>('/verwaltung/verfahren/:id/seiten/:n/entfernen', async (request, reply) => {
    requireBuilder(request);
    const id = idParam(request.params.id);
    const index = pageParam(request.params.n);
    return change(request, reply, id, (d) => removePage(d, index), `${base(request)}/${id}?hinweis=seite-entfernt#feld-seiten`);
  });

  app.post<IdParams>('/verwaltung/verfahren/:id/veroeffentlichen', async (request, reply) => {
    const editor = requireBuilder(request);
    const id = idParam(request.params.id);
    const result = await publishDraft(db, request.tenant.id, editor.userId, id);
    if (!result) throw notFound();
    if (!result.ok) return renderProcedurePage(request, reply, id, { status: 422, problems: result.problems });
    const notice = !result.service
      ? 'veroeffentlicht'
      : result.service.linked
        ? 'veroeffentlicht-leistung'
        : 'veroeffentlicht-ohne-leistung';
    return redirectAfterPost(reply, `${base(request)}/${id}?hinweis=${notice}`);
  });

  app.post<IdParams>('/verwaltung/verfahren/:id/zurueckziehen', async (request, reply) => {
    const editor = requireBuilder(request);
    const id = idParam(request.params.id);
    if (!(await unpublishProcedure(db, request.tenant.id, editor.userId, id))) throw notFound();
    return redirectAfterPost(reply, `${base(request)}/${id}?hinweis=zurueckgezogen`);
  });

  app.post<IdParams>('/verwaltung/verfahren/:id/entwurf-verwerfen', async (request, reply) => {
    requireBuilder(request);
    const id = idParam(request.params.id);
    const result = await discardDraft(db, request.tenant.id, id);
    if (!result) throw notFound();
    if (result === 'only-draft') {
      return renderProcedurePage(request, reply, id, {
        status: 422,
        problems: ['Das Verfahren wurde noch nie veröffentlicht: Sein Entwurf ist alles, was es gibt, und wird nicht verworfen.'],
      });
    }
    return redirectAfterPost(reply, `${base(request)}/${id}?hinweis=verworfen`);
  });

  app.post<IdParams>('/verwaltung/verfahren/:id/teilen', async (request, reply) => {
    const editor = requireBuilder(request);
    const id = idParam(request.params.id);
    const result = await shareProcedure(db, request.tenant.id, editor.userId, id);
    if (!result) throw notFound();
    if (!result.ok) return renderProcedurePage(request, reply, id, { status: 409, problems: [result.message] });
    return redirectAfterPost(reply, `${base(request)}/${id}?hinweis=geteilt`);
  });

  app.post<IdParams>('/verwaltung/verfahren/:id/bibliothek-aktualisieren', async (request, reply) => {
    const editor = requireBuilder(request);
    const id = idParam(request.params.id);
    const result = await pullSharedUpdate(db, request.tenant.id, editor.userId, id);
    if (!result) throw notFound();
    if (!result.ok) return renderProcedurePage(request, reply, id, { status: 409, problems: [result.message] });
    return redirectAfterPost(reply, `${base(request)}/${id}?hinweis=neue-version#unterschiede`);
  });
};
