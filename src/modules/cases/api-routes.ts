import type { FastifyError, FastifyPluginAsync, FastifyRequest } from 'fastify';
import { requireStaff } from '../../platform/auth/guards.js';
import { apiErrorSchema, notFound } from '../../platform/http/errors.js';
import type { DocumentSummary } from '../documents/index.js';
import {
  CASE_STATES,
  type CaseRow,
  caseDocuments,
  decideCase,
  downloadCaseDocument,
  findCaseByStatusToken,
  isCaseState,
  isOverdue,
  listInbox,
  listMessages,
  listTimeline,
  OUTCOMES,
  readCaseAsStaff,
  sendMessageToApplicant,
  TransitionError,
  transitionCase,
} from './service.js';
import { sendFile } from './staff-routes.js';

const errorSchema = apiErrorSchema;
/** The 409 of a refused transition also names the allowed target states. */
const transitionErrorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        allowed: { type: 'array', items: { type: 'string', enum: [...CASE_STATES] } },
      },
      required: ['code', 'message'],
    },
  },
  required: ['error'],
} as const;

const caseSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    reference: { type: 'string', description: 'Aktenzeichen' },
    procedure: { type: 'string' },
    procedureTitle: { type: 'string' },
    state: { type: 'string', enum: [...CASE_STATES] },
    outcome: { type: ['string', 'null'], enum: [...OUTCOMES, null] },
    department: { type: ['string', 'null'] },
    assignee: { type: ['string', 'null'], description: 'Benutzer-ID der Bearbeitung' },
    receivedAt: { type: 'string', format: 'date-time' },
    deadline: { type: ['string', 'null'], format: 'date' },
    overdue: { type: 'boolean' },
    decidedAt: { type: ['string', 'null'], format: 'date-time' },
    closedAt: { type: ['string', 'null'], format: 'date-time' },
  },
  required: ['id', 'reference', 'procedure', 'state', 'outcome', 'receivedAt', 'deadline', 'overdue'],
} as const;

const documentSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    title: { type: 'string' },
    kind: { type: 'string' },
    filename: { type: 'string' },
    contentType: { type: 'string' },
    size: { type: 'integer' },
    sha256: { type: 'string' },
    version: { type: 'integer' },
    immutable: { type: 'boolean' },
    createdAt: { type: 'string', format: 'date-time' },
    url: { type: 'string' },
  },
  required: ['id', 'title', 'kind', 'filename', 'contentType', 'sha256', 'version', 'immutable', 'url'],
} as const;

const eventSchema = {
  type: 'object',
  properties: {
    kind: { type: 'string' },
    public: { type: 'boolean' },
    text: { type: 'string' },
    at: { type: 'string', format: 'date-time' },
  },
  required: ['kind', 'text', 'at'],
} as const;

const messageSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    direction: {
      type: 'string',
      enum: ['in', 'out'],
      description: 'in: von der antragstellenden Person, out: von der Verwaltung',
    },
    body: { type: 'string' },
    documents: { type: 'array', items: { type: 'string' } },
    at: { type: 'string', format: 'date-time' },
  },
  required: ['id', 'direction', 'body', 'documents', 'at'],
} as const;

const idParams = { type: 'object', properties: { id: { type: 'string', format: 'uuid' } }, required: ['id'] } as const;
const tags = ['Vorgänge'];
const security = [{ bearer: [] }];

/** Case processing for specialist systems (staff token) and the applicant's status (token of the status link). */
export const apiRoutes: FastifyPluginAsync = async (app) => {
  const { platform } = app;
  const { db } = platform;
  const base = platform.config.publicUrl.replace(/\/$/, '');

  // A refused transition answers 409 with `error.allowed`; everything else goes to the app's handler.
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (error instanceof TransitionError) {
      return reply
        .status(409)
        .type('application/json; charset=utf-8')
        .send({ error: { code: error.code, message: error.message, allowed: error.allowed } });
    }
    throw error;
  });

  const caseJson = (row: CaseRow) => ({
    id: row.id,
    reference: row.reference,
    procedure: row.procedureSlug,
    procedureTitle: row.procedureTitle,
    state: row.state,
    outcome: row.outcome,
    department: row.departmentName,
    assignee: row.assigneeId,
    receivedAt: row.createdAt.toISOString(),
    deadline: row.deadline,
    overdue: isOverdue(row.state, row.deadline),
    decidedAt: row.decidedAt?.toISOString() ?? null,
    closedAt: row.closedAt?.toISOString() ?? null,
  });
  const documentJson = (request: FastifyRequest, row: CaseRow, d: DocumentSummary) => ({
    id: d.id,
    title: d.title,
    kind: d.kind,
    filename: d.filename,
    contentType: d.contentType,
    size: d.size,
    sha256: d.sha256,
    version: d.currentVersion,
    immutable: d.immutable,
    createdAt: d.createdAt.toISOString(),
    url: `${base}/api/v1/${request.tenant.slug}/cases/${row.id}/documents/${d.id}`,
  });

  app.get<{ Querystring: { state?: string; procedure?: string; overdue?: string; limit?: number; offset?: number } }>(
    '/cases',
    {
      schema: {
        summary: 'Vorgänge der eigenen Fachbereiche (Administration: alle)',
        tags,
        security,
        querystring: {
          type: 'object',
          properties: {
            state: { type: 'string', enum: [...CASE_STATES, 'offen'] },
            procedure: { type: 'string', maxLength: 120 },
            overdue: { type: 'string', enum: ['true', 'false', '1', '0'] },
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
            offset: { type: 'integer', minimum: 0, default: 0 },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: { items: { type: 'array', items: caseSchema }, total: { type: 'integer' } },
            required: ['items', 'total'],
          },
          401: errorSchema,
          404: errorSchema,
        },
      },
    },
    async (request) => {
      const staff = requireStaff(request, 'admin', 'clerk');
      const q = request.query;
      const { rows, total } = await listInbox(db, staff, {
        state: q.state === 'offen' || isCaseState(q.state) ? (q.state as never) : undefined,
        procedure: q.procedure || undefined,
        overdue: q.overdue === 'true' || q.overdue === '1',
        sort: 'frist',
        limit: q.limit,
        offset: q.offset,
      });
      return { items: rows.map(caseJson), total };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/cases/:id',
    {
      schema: {
        summary: 'Ein Vorgang mit Dokumenten, Nachrichten und Verlauf',
        tags,
        security,
        params: idParams,
        response: {
          200: {
            type: 'object',
            properties: {
              ...caseSchema.properties,
              documents: { type: 'array', items: documentSchema },
              messages: { type: 'array', items: messageSchema },
              timeline: { type: 'array', items: eventSchema },
            },
            required: [...caseSchema.required, 'documents', 'messages', 'timeline'],
          },
          401: errorSchema,
          404: errorSchema,
        },
      },
    },
    async (request) => {
      const staff = requireStaff(request, 'admin', 'clerk');
      const row = await readCaseAsStaff(platform, staff, request.params.id);
      const [documents, messages, events] = await Promise.all([
        caseDocuments(db, row, false),
        listMessages(db, row.tenantId, row.id),
        listTimeline(db, row.tenantId, row.id, false),
      ]);
      return {
        ...caseJson(row),
        documents: documents.map((d) => documentJson(request, row, d)),
        messages: messages.map((m) => ({
          id: m.id,
          direction: m.direction,
          body: m.body,
          documents: m.documentIds,
          at: m.createdAt.toISOString(),
        })),
        timeline: events.map((e) => ({ kind: e.kind, public: e.public, text: e.text, at: e.createdAt.toISOString() })),
      };
    },
  );

  app.post<{ Params: { id: string }; Body: { to: string; note?: string } }>(
    '/cases/:id/transitions',
    {
      schema: {
        summary: 'Status wechseln',
        description:
          'Erlaubt: eingegangen → in_bearbeitung, in_bearbeitung → rueckfrage (note ist dann die Nachricht an die antragstellende Person), rueckfrage → in_bearbeitung, entschieden → abgeschlossen. Entscheiden über /decision. Ein unzulässiger Wechsel antwortet 409 mit error.allowed.',
        tags,
        security,
        params: idParams,
        body: {
          type: 'object',
          properties: { to: { type: 'string', maxLength: 40 }, note: { type: 'string', maxLength: 20000 } },
          required: ['to'],
          additionalProperties: false,
        },
        response: { 200: caseSchema, 401: errorSchema, 404: errorSchema, 409: transitionErrorSchema, 422: errorSchema },
      },
    },
    async (request) => {
      const staff = requireStaff(request, 'admin', 'clerk');
      await transitionCase(platform, request.tenant, staff, request.params.id, request.body.to, request.body.note ?? '');
      return caseJson(await readCaseAsStaff(platform, staff, request.params.id, false));
    },
  );

  app.post<{ Params: { id: string }; Body: { body: string } }>(
    '/cases/:id/messages',
    {
      schema: {
        summary: 'Nachricht an die antragstellende Person (ohne Statuswechsel)',
        description: 'Die Nachricht erscheint im Postfach; die E-Mail-Benachrichtigung enthält keinen Inhalt.',
        tags,
        security,
        params: idParams,
        body: {
          type: 'object',
          properties: { body: { type: 'string', minLength: 1, maxLength: 20000 } },
          required: ['body'],
          additionalProperties: false,
        },
        response: {
          201: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
          401: errorSchema,
          404: errorSchema,
          409: errorSchema,
          422: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const staff = requireStaff(request, 'admin', 'clerk');
      const id = await sendMessageToApplicant(platform, request.tenant, staff, request.params.id, request.body.body);
      reply.status(201);
      return { id };
    },
  );

  app.post<{
    Params: { id: string };
    Body: { outcome: string; tenor: string; reasons?: string; fee?: string | number; template?: string };
  }>(
    '/cases/:id/decision',
    {
      schema: {
        summary: 'Entscheiden: erzeugt den Bescheid (PDF, unveränderlich) und stellt ihn ins Postfach zu',
        tags,
        security,
        params: idParams,
        body: {
          type: 'object',
          properties: {
            outcome: { type: 'string', enum: [...OUTCOMES] },
            tenor: { type: 'string', minLength: 1, maxLength: 20000 },
            reasons: { type: 'string', maxLength: 20000 },
            fee: {
              anyOf: [
                { type: 'string', maxLength: 20 },
                { type: 'number', minimum: 0 },
              ],
              description: 'Gebühr in Euro, z. B. "25,00" oder 25',
            },
            template: { type: 'string', maxLength: 200, description: 'Name der Bescheidvorlage des Verfahrens' },
          },
          required: ['outcome', 'tenor'],
          additionalProperties: false,
        },
        response: { 201: documentSchema, 401: errorSchema, 404: errorSchema, 409: transitionErrorSchema, 422: errorSchema },
      },
    },
    async (request, reply) => {
      const staff = requireStaff(request, 'admin', 'clerk');
      const b = request.body;
      const fee = typeof b.fee === 'number' ? String(b.fee).replace('.', ',') : (b.fee ?? '');
      const doc = await decideCase(platform, request.tenant, staff, request.params.id, {
        outcome: b.outcome,
        tenor: b.tenor,
        reasons: b.reasons ?? '',
        fee,
        template: b.template,
      });
      const row = await readCaseAsStaff(platform, staff, request.params.id, false);
      const summary = (await caseDocuments(db, row, false)).find((d) => d.id === doc.id);
      if (!summary) throw notFound();
      reply.status(201);
      return documentJson(request, row, summary);
    },
  );

  app.get<{ Params: { id: string; docId: string } }>(
    '/cases/:id/documents/:docId',
    {
      schema: {
        summary: 'Ein Dokument des Vorgangs (Inhalt gegen die gespeicherte SHA-256 geprüft)',
        description:
          'Stimmt der gespeicherte Inhalt nicht mehr mit der Prüfsumme überein: 409 document_tampered und ein Eintrag im Protokoll.',
        tags,
        security,
        params: {
          type: 'object',
          properties: { id: { type: 'string', format: 'uuid' }, docId: { type: 'string', format: 'uuid' } },
          required: ['id', 'docId'],
        },
        response: { 401: errorSchema, 404: errorSchema, 409: errorSchema },
      },
    },
    async (request, reply) => {
      const staff = requireStaff(request, 'admin', 'clerk');
      const row = await readCaseAsStaff(platform, staff, request.params.id);
      return sendFile(reply, await downloadCaseDocument(platform, row, request.params.docId, false, staff.userId));
    },
  );

  app.get<{ Params: { reference: string }; Querystring: { token?: string } }>(
    '/status/:reference',
    {
      schema: {
        summary: 'Stand eines Antrags für die antragstellende Person (Token aus dem Statuslink)',
        tags,
        params: { type: 'object', properties: { reference: { type: 'string', maxLength: 40 } }, required: ['reference'] },
        querystring: { type: 'object', properties: { token: { type: 'string', maxLength: 200 } } },
        response: {
          200: {
            type: 'object',
            properties: {
              reference: { type: 'string' },
              procedure: { type: 'string' },
              state: { type: 'string', enum: [...CASE_STATES] },
              outcome: { type: ['string', 'null'] },
              receivedAt: { type: 'string', format: 'date-time' },
              timeline: { type: 'array', items: eventSchema },
              unreadMessages: { type: 'integer' },
            },
            required: ['reference', 'procedure', 'state', 'outcome', 'receivedAt', 'timeline', 'unreadMessages'],
          },
          404: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const row = await findCaseByStatusToken(db, request.tenant.id, request.params.reference, request.query.token ?? '');
      if (!row) throw notFound('Zu diesem Aktenzeichen und Token gibt es keinen Antrag.');
      reply.header('cache-control', 'private, no-store');
      const [events, messages] = await Promise.all([
        listTimeline(db, row.tenantId, row.id, true),
        listMessages(db, row.tenantId, row.id),
      ]);
      return {
        reference: row.reference,
        procedure: row.procedureTitle,
        state: row.state,
        outcome: row.outcome,
        receivedAt: row.createdAt.toISOString(),
        timeline: events.map((e) => ({ kind: e.kind, public: true, text: e.text, at: e.createdAt.toISOString() })),
        unreadMessages: messages.filter((m) => m.direction === 'out' && !m.readAt).length,
      };
    },
  );
};
