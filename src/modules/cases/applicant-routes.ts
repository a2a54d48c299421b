import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { csrfToken } from '../../platform/auth/csrf.js';
import { requireCitizen } from '../../platform/auth/guards.js';
import { HttpError } from '../../platform/http/errors.js';
import { redirectAfterPost, sendPage } from '../../platform/http/reply.js';
import { toTenantView } from '../../platform/views/tenant-view.js';
import {
  type Applicant,
  answerQuestion,
  type CaseRow,
  caseDocuments,
  downloadCaseDocument,
  findCaseByStatusToken,
  findCitizenCase,
  listCitizenCases,
  listMessages,
  listTimeline,
  markPostboxRead,
  withdrawApplication,
} from './service.js';
import { sendFile } from './staff-routes.js';
import { checkUploads, readMultipartForm } from './uploads.js';
import {
  ApplicantCasePage,
  type ApplicantCtx,
  type CaseLinks,
  MyCasesPage,
  StatusNotFoundPage,
  WithdrawPage,
} from './views/applicant-pages.js';

type CaseParams = { Params: { tenant: string; id: string } };
type StatusParams = { Params: { tenant: string; reference: string }; Querystring: { token?: string; hinweis?: string } };

const NOTICES: Record<string, string> = {
  beantwortet: 'Ihre Antwort wurde gesendet. Die Verwaltung bearbeitet Ihren Antrag weiter.',
  zurueckgezogen: 'Ihr Antrag wurde zurückgezogen.',
};

/** "Meine Anträge" (account) and the status link (without account): the same case pages. */
export const applicantRoutes: FastifyPluginAsync = async (app) => {
  const { platform } = app;
  const { db } = platform;

  const ctxOf = (request: FastifyRequest, reply: FastifyReply, notice?: ApplicantCtx['notice']): ApplicantCtx => {
    const key = (request.query as Record<string, unknown> | undefined)?.hinweis;
    const citizen = request.citizen && request.citizen.tenantId === request.tenant.id ? request.citizen : null;
    return {
      tenant: toTenantView(request.tenant),
      citizen: citizen ? { name: citizen.name, email: citizen.email, role: null } : null,
      csrf: csrfToken(request, reply),
      notice: notice ?? (typeof key === 'string' && NOTICES[key] ? { kind: 'success', text: NOTICES[key] } : undefined),
    };
  };

  const accountLinks = (request: FastifyRequest, row: CaseRow): CaseLinks => {
    const self = `/${request.tenant.slug}/konto/antraege/${row.id}`;
    return {
      self,
      answer: `${self}/antwort`,
      withdraw: `${self}/zurueckziehen`,
      document: (id) => `${self}/dokumente/${id}`,
      back: { href: `/${request.tenant.slug}/konto/antraege`, label: 'Zurück zu Meine Anträge' },
    };
  };
  const statusLinks = (request: FastifyRequest, row: CaseRow, token: string): CaseLinks => {
    const self = `/${request.tenant.slug}/antrag/status/${encodeURIComponent(row.reference)}`;
    const q = `?token=${encodeURIComponent(token)}`;
    return {
      self: `${self}${q}`,
      answer: `${self}/antwort${q}`,
      withdraw: `${self}/zurueckziehen${q}`,
      document: (id) => `${self}/dokumente/${id}${q}`,
    };
  };

  async function renderCase(
    request: FastifyRequest,
    reply: FastifyReply,
    row: CaseRow,
    links: CaseLinks,
    options: {
      errors?: Record<string, string>;
      values?: Record<string, string>;
      status?: number;
      notice?: ApplicantCtx['notice'];
    } = {},
  ) {
    const [events, messages, documents] = await Promise.all([
      listTimeline(db, row.tenantId, row.id, true),
      listMessages(db, row.tenantId, row.id),
      caseDocuments(db, row, true),
    ]);
    await markPostboxRead(db, row);
    return sendPage(
      reply,
      ApplicantCasePage({
        ctx: ctxOf(request, reply, options.notice),
        row,
        events,
        messages,
        documents,
        links,
        errors: options.errors,
        values: options.values,
      }),
      options.status ?? 200,
    );
  }

  /** Reads the answer form, checks the files, sends the answer; bad input comes back on the page. */
  async function answer(request: FastifyRequest, reply: FastifyReply, row: CaseRow, links: CaseLinks, applicant: Applicant) {
    if (!request.isMultipart())
      throw new HttpError(415, 'unsupported_media_type', 'Bitte senden Sie Ihre Antwort über das Formular.');
    const { fields, uploads } = await readMultipartForm(request);
    const values = { antwort: fields.antwort ?? '' };
    const checked = checkUploads(uploads.filter((u) => u.field === 'dateien'));
    if (!checked.ok)
      return renderCase(request, reply, row, links, { errors: { dateien: checked.message }, values, status: checked.status });
    try {
      await answerQuestion(platform, row, applicant, values.antwort, checked.files);
    } catch (error) {
      if (!(error instanceof HttpError) || error.statusCode === 404) throw error;
      const fresh = { ...row, state: row.state };
      if (error.fields)
        return renderCase(request, reply, fresh, links, { errors: error.fields, values, status: error.statusCode });
      return renderCase(request, reply, fresh, links, {
        values,
        status: error.statusCode,
        notice: { kind: 'danger', text: error.message },
      });
    }
    return redirectAfterPost(reply, `${links.self}${links.self.includes('?') ? '&' : '?'}hinweis=beantwortet`);
  }

  async function withdraw(reply: FastifyReply, row: CaseRow, links: CaseLinks, applicant: Applicant) {
    await withdrawApplication(platform, row, applicant);
    return redirectAfterPost(reply, `${links.self}${links.self.includes('?') ? '&' : '?'}hinweis=zurueckgezogen`);
  }

  // --- with an account ---

  const citizenCase = async (request: FastifyRequest<CaseParams>) => {
    const citizen = requireCitizen(request);
    const row = await findCitizenCase(db, citizen, request.params.id);
    if (!row) throw new HttpError(404, 'not_found', 'Diesen Antrag gibt es in Ihrem Konto nicht.');
    return { citizen, row };
  };

  app.get('/konto/antraege', async (request, reply) => {
    const citizen = requireCitizen(request);
    const rows = await listCitizenCases(db, request.tenant.id, citizen.userId);
    return sendPage(reply, MyCasesPage({ ctx: ctxOf(request, reply), rows, base: `/${request.tenant.slug}/konto/antraege` }));
  });

  app.get<CaseParams>('/konto/antraege/:id', async (request, reply) => {
    const { row } = await citizenCase(request);
    return renderCase(request, reply, row, accountLinks(request, row));
  });

  app.post<CaseParams>('/konto/antraege/:id/antwort', { config: { csrfCheckedInHandler: true } }, async (request, reply) => {
    const { citizen, row } = await citizenCase(request);
    return answer(request, reply, row, accountLinks(request, row), { citizenId: citizen.userId });
  });

  app.get<CaseParams>('/konto/antraege/:id/zurueckziehen', async (request, reply) => {
    const { row } = await citizenCase(request);
    return sendPage(reply, WithdrawPage({ ctx: ctxOf(request, reply), row, links: accountLinks(request, row) }));
  });

  app.post<CaseParams>('/konto/antraege/:id/zurueckziehen', async (request, reply) => {
    const { citizen, row } = await citizenCase(request);
    return withdraw(reply, row, accountLinks(request, row), { citizenId: citizen.userId });
  });

  app.get<{ Params: { tenant: string; id: string; docId: string } }>(
    '/konto/antraege/:id/dokumente/:docId',
    async (request, reply) => {
      const { citizen, row } = await citizenCase(request);
      return sendFile(reply, await downloadCaseDocument(platform, row, request.params.docId, true, citizen.userId));
    },
  );

  // --- with the status link ---

  /** The case behind reference and token; anything else is the same 404 page. */
  async function statusCase(request: FastifyRequest<StatusParams>, reply: FastifyReply) {
    const token = typeof request.query.token === 'string' ? request.query.token : '';
    const row = await findCaseByStatusToken(db, request.tenant.id, request.params.reference, token);
    if (!row) {
      sendPage(reply, StatusNotFoundPage({ ctx: ctxOf(request, reply) }), 404);
      return undefined;
    }
    // The link is a secret: no referrer to other sites, no caching.
    reply.header('referrer-policy', 'no-referrer').header('cache-control', 'private, no-store');
    return { row, links: statusLinks(request, row, token) };
  }

  app.get<StatusParams>('/antrag/status/:reference', async (request, reply) => {
    const found = await statusCase(request, reply);
    return found ? renderCase(request, reply, found.row, found.links) : reply;
  });

  app.post<StatusParams>(
    '/antrag/status/:reference/antwort',
    { config: { csrfCheckedInHandler: true } },
    async (request, reply) => {
      const found = await statusCase(request, reply);
      return found ? answer(request, reply, found.row, found.links, { statusToken: true }) : reply;
    },
  );

  app.get<StatusParams>('/antrag/status/:reference/zurueckziehen', async (request, reply) => {
    const found = await statusCase(request, reply);
    return found ? sendPage(reply, WithdrawPage({ ctx: ctxOf(request, reply), row: found.row, links: found.links })) : reply;
  });

  app.post<StatusParams>('/antrag/status/:reference/zurueckziehen', async (request, reply) => {
    const found = await statusCase(request, reply);
    return found ? withdraw(reply, found.row, found.links, { statusToken: true }) : reply;
  });

  app.get<StatusParams & { Params: { docId: string } }>('/antrag/status/:reference/dokumente/:docId', async (request, reply) => {
    const found = await statusCase(request, reply);
    return found ? sendFile(reply, await downloadCaseDocument(platform, found.row, request.params.docId, true, null)) : reply;
  });
};
