import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { csrfToken } from '../../platform/auth/csrf.js';
import { requireStaff } from '../../platform/auth/guards.js';
import { HttpError } from '../../platform/http/errors.js';
import { redirectAfterPost, sendPage } from '../../platform/http/reply.js';
import type { Principal } from '../../platform/http/request-context.js';
import { toTenantView } from '../../platform/views/tenant-view.js';
import { answerLines, loadPublishedProcedure, loadSubmissionData } from '../forms/index.js';
import { templatesOf } from './bescheid.js';
import * as repo from './repo.js';
import { listDueCases, runRetention } from './retention.js';
import {
  addNote,
  addStaffDocument,
  allowedTransitions,
  askApplicant,
  assignCases,
  berlinToday,
  type CaseRow,
  caseDocuments,
  closeCase,
  decideCase,
  downloadCaseDocument,
  isCaseState,
  isOverdue,
  isUuid,
  listCaseWorkers,
  listInbox,
  listMessages,
  listProcedureSlugs,
  listTimeline,
  readCaseAsStaff,
  takeOverCase,
  transitionCase,
} from './service.js';
import { checkUploads, readMultipartForm } from './uploads.js';
import {
  type CaseFormValues,
  CasePage,
  FiguresPage,
  InboxPage,
  type InboxQuery,
  RetentionPage,
  type StaffCtx,
} from './views/staff-pages.js';

type IdParams = { Params: { tenant: string; id: string } };
type Body = Record<string, string | string[] | undefined>;

const NOTICES: Record<string, string> = {
  uebernommen: 'Sie bearbeiten diesen Vorgang jetzt.',
  zugewiesen: 'Die Zuweisung wurde gespeichert.',
  rueckfrage: 'Die Rückfrage wurde gesendet. Der Vorgang wartet auf die Antwort.',
  notiz: 'Die Notiz wurde gespeichert.',
  dokument: 'Das Dokument wurde der Akte hinzugefügt.',
  entschieden: 'Der Bescheid wurde erstellt und in das Postfach der antragstellenden Person zugestellt.',
  abgeschlossen: 'Der Vorgang ist abgeschlossen.',
  status: 'Der Status wurde geändert.',
  geloescht: 'Die fälligen Daten wurden gelöscht.',
};

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';
const all = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);
const PAGE_SIZE = 50;

/** The back office of cases: inbox, case view, actions, figures and retention. */
export const staffRoutes: FastifyPluginAsync = async (app) => {
  const { platform } = app;
  const { db } = platform;

  const ctxOf = (request: FastifyRequest, reply: FastifyReply, staff: Principal, notice?: StaffCtx['notice']): StaffCtx => {
    const key = (request.query as Record<string, unknown> | undefined)?.hinweis;
    return {
      tenant: toTenantView(request.tenant),
      staff: { name: staff.name, email: staff.email, role: staff.role },
      nav: app.staffNav,
      csrf: csrfToken(request, reply),
      base: `/${request.tenant.slug}/verwaltung`,
      notice: notice ?? (typeof key === 'string' && NOTICES[key] ? { kind: 'success', text: NOTICES[key] } : undefined),
    };
  };
  const caseHref = (request: FastifyRequest, id: string, notice?: string) =>
    `/${request.tenant.slug}/verwaltung/vorgaenge/${id}${notice ? `?hinweis=${notice}` : ''}`;

  /** Workers the staff member may assign to: admins all, clerks their department's and admins. */
  async function workersFor(staff: Principal, row?: CaseRow) {
    const workers = await listCaseWorkers(db, staff.tenantId);
    // A case without a department may go to anyone; otherwise to its department's clerks and the admins.
    const department = row
      ? (row.departmentId ?? undefined)
      : staff.role === 'admin'
        ? undefined
        : (staff.departmentId ?? undefined);
    return department === undefined ? workers : workers.filter((w) => w.role === 'admin' || w.departmentId === department);
  }

  async function renderCase(
    request: FastifyRequest,
    reply: FastifyReply,
    staff: Principal,
    row: CaseRow,
    options: { errors?: Record<string, string>; values?: CaseFormValues; status?: number; notice?: StaffCtx['notice'] } = {},
  ) {
    const [documents, messages, events, workers, procedure, submission] = await Promise.all([
      caseDocuments(db, row, false),
      listMessages(db, row.tenantId, row.id),
      listTimeline(db, row.tenantId, row.id, false),
      workersFor(staff, row),
      loadPublishedProcedure(db, row.tenantId, row.procedureSlug),
      row.submissionId ? loadSubmissionData(db, row.tenantId, row.submissionId) : undefined,
    ]);
    const data = (submission?.data ?? {}) as Record<string, unknown>;
    const answers = procedure
      ? answerLines(procedure.definition, data).map((l) => ({ label: l.label, text: l.text }))
      : Object.entries(data).map(([label, value]) => ({
          label,
          text: typeof value === 'string' ? value : JSON.stringify(value),
        }));
    // The applicant's answers to Rückfragen count as read once a clerk has the case open.
    await repo.markMessagesRead(db, row.tenantId, row.id, 'in');
    return sendPage(
      reply,
      CasePage({
        ctx: ctxOf(request, reply, staff, options.notice),
        view: {
          row,
          currentUserId: staff.userId,
          overdue: isOverdue(row.state, row.deadline),
          answers,
          documents,
          messages,
          events,
          workers,
          templates: templatesOf(procedure?.definition).map((t) => t.name),
          allowed: allowedTransitions(row.state, 'staff'),
        },
        errors: options.errors,
        values: options.values,
      }),
      options.status ?? 200,
    );
  }

  /** Runs a case action; bad input and refused transitions come back on the case page (422 / 409). */
  async function act(
    request: FastifyRequest<IdParams>,
    reply: FastifyReply,
    values: CaseFormValues,
    run: (staff: Principal) => Promise<unknown>,
    notice: string,
  ) {
    const staff = requireStaff(request, 'admin', 'clerk');
    const row = await readCaseAsStaff(platform, staff, request.params.id, false);
    try {
      await run(staff);
    } catch (error) {
      if (!(error instanceof HttpError) || error.statusCode === 404) throw error;
      const fresh = await readCaseAsStaff(platform, staff, row.id, false);
      if (error.fields)
        return renderCase(request, reply, staff, fresh, { errors: error.fields, values, status: error.statusCode });
      return renderCase(request, reply, staff, fresh, {
        values,
        status: error.statusCode,
        notice: { kind: 'danger', text: error.message },
      });
    }
    return redirectAfterPost(reply, caseHref(request, row.id, notice));
  }

  // --- inbox ---

  app.get('/verwaltung/vorgaenge', async (request, reply) => {
    const staff = requireStaff(request, 'admin', 'clerk');
    const q = request.query as Record<string, string | undefined>;
    const query: InboxQuery = {
      status: q.status === 'offen' || isCaseState(q.status) ? q.status : '',
      bearbeitung: q.bearbeitung === 'ich' || q.bearbeitung === 'keine' || isUuid(q.bearbeitung) ? (q.bearbeitung as string) : '',
      verfahren: /^[a-z0-9][a-z0-9-]{0,119}$/.test(q.verfahren ?? '') ? (q.verfahren as string) : '',
      ueberfaellig: q.ueberfaellig === '1',
      sortierung: q.sortierung === 'frist' ? 'frist' : 'eingang',
      seite: /^\d{1,5}$/.test(q.seite ?? '') ? Math.max(1, Number(q.seite)) : 1,
    };
    const [{ rows, total }, workers, procedures] = await Promise.all([
      listInbox(db, staff, {
        state: (query.status || undefined) as never,
        assigneeId: query.bearbeitung === 'ich' ? staff.userId : query.bearbeitung || undefined,
        procedure: query.verfahren || undefined,
        overdue: query.ueberfaellig,
        sort: query.sortierung,
        limit: PAGE_SIZE,
        offset: (query.seite - 1) * PAGE_SIZE,
      }),
      workersFor(staff),
      listProcedureSlugs(db, staff.tenantId),
    ]);
    const today = berlinToday();
    const overdueIds = new Set(rows.filter((r) => isOverdue(r.state, r.deadline, today)).map((r) => r.id));
    return sendPage(
      reply,
      InboxPage({ ctx: ctxOf(request, reply, staff), query, rows, total, pageSize: PAGE_SIZE, workers, procedures, overdueIds }),
    );
  });

  app.post('/verwaltung/vorgaenge/zuweisen', async (request, reply) => {
    const staff = requireStaff(request, 'admin', 'clerk');
    const body = (request.body ?? {}) as Body;
    const ids = all(body.vorgang).filter(isUuid);
    const target = first(body.bearbeitung);
    const back = first(body.zurueck);
    const inbox = `/${request.tenant.slug}/verwaltung/vorgaenge`;
    const returnTo = back.startsWith(`${inbox}`) && !back.includes('//') ? back : inbox;
    if (ids.length === 0 || !(target === 'niemand' || isUuid(target))) {
      const errors =
        ids.length === 0
          ? { vorgang: 'Bitte wählen Sie mindestens einen Vorgang aus.' }
          : { bearbeitung: 'Bitte wählen Sie aus, wem die Vorgänge zugewiesen werden.' };
      return sendPage(
        reply,
        InboxPage({
          ctx: ctxOf(request, reply, staff, { kind: 'danger', text: Object.values(errors)[0] }),
          query: { status: '', bearbeitung: '', verfahren: '', ueberfaellig: false, sortierung: 'eingang', seite: 1 },
          ...(await listInbox(db, staff, { limit: PAGE_SIZE })),
          pageSize: PAGE_SIZE,
          workers: await workersFor(staff),
          procedures: await listProcedureSlugs(db, staff.tenantId),
          overdueIds: new Set(),
        }),
        422,
      );
    }
    await assignCases(platform, staff, ids, target === 'niemand' ? null : target);
    return redirectAfterPost(reply, `${returnTo}${returnTo.includes('?') ? '&' : '?'}hinweis=zugewiesen`);
  });

  // --- figures and retention (admins) ---

  app.get('/verwaltung/vorgangskennzahlen', async (request, reply) => {
    const staff = requireStaff(request, 'admin');
    const [departments, times] = await Promise.all([
      repo.openCasesPerDepartment(db, staff.tenantId, berlinToday()),
      repo.processingTimes(db, staff.tenantId),
    ]);
    return sendPage(reply, FiguresPage({ ctx: ctxOf(request, reply, staff), departments, times }));
  });

  app.get('/verwaltung/aufbewahrungsfristen', async (request, reply) => {
    const staff = requireStaff(request, 'admin');
    return sendPage(
      reply,
      RetentionPage({ ctx: ctxOf(request, reply, staff), due: await listDueCases(platform, staff.tenantId) }),
    );
  });

  app.post('/verwaltung/aufbewahrungsfristen/loeschen', async (request, reply) => {
    const staff = requireStaff(request, 'admin');
    await runRetention(platform, { tenantId: staff.tenantId });
    return redirectAfterPost(reply, `/${request.tenant.slug}/verwaltung/aufbewahrungsfristen?hinweis=geloescht`);
  });

  // --- one case ---

  app.get<IdParams>('/verwaltung/vorgaenge/:id', async (request, reply) => {
    const staff = requireStaff(request, 'admin', 'clerk');
    const row = await readCaseAsStaff(platform, staff, request.params.id);
    return renderCase(request, reply, staff, row);
  });

  app.get<{ Params: { tenant: string; id: string; docId: string } }>(
    '/verwaltung/vorgaenge/:id/dokumente/:docId',
    async (request, reply) => {
      const staff = requireStaff(request, 'admin', 'clerk');
      const row = await readCaseAsStaff(platform, staff, request.params.id);
      const file = await downloadCaseDocument(platform, row, request.params.docId, false, staff.userId);
      return sendFile(reply, file);
    },
  );

  app.post<IdParams>('/verwaltung/vorgaenge/:id/uebernehmen', (request, reply) =>
    act(request, reply, {}, (staff) => takeOverCase(platform, staff, request.params.id), 'uebernommen'),
  );

  app.post<IdParams>('/verwaltung/vorgaenge/:id/zuweisen', (request, reply) => {
    const target = first((request.body as Body).bearbeitung);
    return act(
      request,
      reply,
      { bearbeitung: target },
      async (staff) => {
        if (!(target === 'niemand' || isUuid(target)))
          throw new HttpError(422, 'validation_failed', 'Bitte wählen Sie eine Person.', {
            bearbeitung: 'Bitte wählen Sie eine Person.',
          });
        await assignCases(platform, staff, [request.params.id], target === 'niemand' ? null : target);
      },
      'zugewiesen',
    );
  });

  app.post<IdParams>('/verwaltung/vorgaenge/:id/rueckfrage', (request, reply) => {
    const message = first((request.body as Body).nachricht);
    return act(
      request,
      reply,
      { nachricht: message },
      (staff) => askApplicant(platform, request.tenant, staff, request.params.id, message),
      'rueckfrage',
    );
  });

  app.post<IdParams>('/verwaltung/vorgaenge/:id/notiz', (request, reply) => {
    const note = first((request.body as Body).notiz);
    return act(request, reply, { notiz: note }, (staff) => addNote(platform, staff, request.params.id, note), 'notiz');
  });

  app.post<IdParams>('/verwaltung/vorgaenge/:id/status', (request, reply) => {
    const to = first((request.body as Body).status);
    return act(
      request,
      reply,
      {},
      (staff) => transitionCase(platform, request.tenant, staff, request.params.id, to, ''),
      'status',
    );
  });

  app.post<IdParams>('/verwaltung/vorgaenge/:id/abschliessen', (request, reply) =>
    act(request, reply, {}, (staff) => closeCase(platform, staff, request.params.id), 'abgeschlossen'),
  );

  app.post<IdParams>('/verwaltung/vorgaenge/:id/entscheiden', (request, reply) => {
    const body = request.body as Body;
    const values = {
      outcome: first(body.outcome),
      tenor: first(body.tenor),
      reasons: first(body.reasons),
      fee: first(body.fee),
      template: first(body.template),
    };
    return act(
      request,
      reply,
      values,
      (staff) => decideCase(platform, request.tenant, staff, request.params.id, values),
      'entschieden',
    );
  });

  app.post<IdParams>('/verwaltung/vorgaenge/:id/dokument', { config: { csrfCheckedInHandler: true } }, async (request, reply) => {
    const staff = requireStaff(request, 'admin', 'clerk');
    const row = await readCaseAsStaff(platform, staff, request.params.id, false);
    if (!request.isMultipart())
      throw new HttpError(415, 'unsupported_media_type', 'Bitte laden Sie die Datei über das Formular hoch.');
    const { fields, uploads } = await readMultipartForm(request);
    const values = { titel: fields.titel ?? '' };
    if (uploads.length !== 1) {
      return renderCase(request, reply, staff, row, {
        errors: { datei: 'Bitte wählen Sie genau eine Datei aus.' },
        values,
        status: 422,
      });
    }
    const checked = checkUploads(uploads);
    if (!checked.ok)
      return renderCase(request, reply, staff, row, { errors: { datei: checked.message }, values, status: checked.status });
    return act(
      request,
      reply,
      values,
      () => addStaffDocument(platform, staff, row.id, values.titel, checked.files[0]),
      'dokument',
    );
  });
};

/** Sends verified bytes as a download (never inline: an uploaded file must not run in our origin). */
export function sendFile(reply: FastifyReply, file: { bytes: Buffer; filename: string; contentType: string; sha256: string }) {
  const ascii = file.filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .header('x-content-sha256', file.sha256)
    .send(file.bytes);
}
