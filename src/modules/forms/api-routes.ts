import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { apiErrorSchema, HttpError, notFound } from '../../platform/http/errors.js';
import { compileToJsonSchema } from './compile-schema.js';
import { PROCEDURE_SLUG } from './definition.js';
import { findSubmission, listPublishedProcedures, loadPublishedProcedure, submitApplication } from './service.js';

const errorSchema = apiErrorSchema;

const procedureSummarySchema = {
  type: 'object',
  properties: {
    id: { type: 'string', description: 'Kennung (Kürzel) des Verfahrens' },
    title: { type: 'string' },
    description: { type: 'string' },
    version: { type: 'integer' },
    service: { type: ['string', 'null'], description: 'Kürzel der verknüpften Leistung' },
    url: { type: 'string', description: 'Online-Antrag für Bürgerinnen und Bürger' },
    schemaUrl: { type: 'string' },
  },
  required: ['id', 'title', 'description', 'version', 'service', 'url', 'schemaUrl'],
} as const;

const idParams = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;

const receiptSchema = {
  type: 'object',
  properties: {
    reference: { type: 'string', description: 'Aktenzeichen, z. B. MK-2026-000123' },
    caseId: { type: 'string', description: 'Kennung des Vorgangs' },
    statusUrl: { type: 'string' },
  },
  required: ['reference', 'caseId', 'statusUrl'],
} as const;

/** Idempotency keys are opaque to us; limit them to printable ASCII of sensible length. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** Online procedures and submissions below /api/v1/{tenant}. */
export const apiRoutes: FastifyPluginAsync = async (app) => {
  const { platform } = app;
  const { db } = platform;
  const publicUrl = platform.config.publicUrl.replace(/\/$/, '');

  const load = async (request: FastifyRequest, id: string) => {
    const procedure = PROCEDURE_SLUG.test(id) ? await loadPublishedProcedure(db, request.tenant.id, id) : undefined;
    if (!procedure) throw notFound('Dieses Verfahren gibt es hier nicht oder es ist nicht veröffentlicht.');
    return procedure;
  };
  const apiBase = (request: FastifyRequest) => `${publicUrl}/api/v1/${request.tenant.slug}`;

  app.get(
    '/procedures',
    {
      schema: {
        summary: 'Veröffentlichte Online-Verfahren',
        tags: ['Verfahren'],
        response: {
          200: { type: 'object', properties: { items: { type: 'array', items: procedureSummarySchema } }, required: ['items'] },
        },
      },
    },
    async (request) => {
      const items = await listPublishedProcedures(db, request.tenant.id);
      return {
        items: items.map((p) => ({
          id: p.slug,
          title: p.title,
          description: p.definition.description,
          version: p.version,
          service: p.definition.service ?? null,
          url: `${publicUrl}/${request.tenant.slug}/antrag/${p.slug}`,
          schemaUrl: `${apiBase(request)}/procedures/${p.slug}/schema.json`,
        })),
      };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/procedures/:id',
    {
      schema: {
        summary: 'Die Definition eines veröffentlichten Verfahrens (Format: docs/procedure-format.md)',
        tags: ['Verfahren'],
        params: idParams,
        response: { 200: { type: 'object', additionalProperties: true }, 404: errorSchema },
      },
    },
    async (request) => (await load(request, request.params.id)).definition,
  );

  app.get<{ Params: { id: string } }>(
    '/procedures/:id/schema.json',
    {
      schema: {
        summary: 'JSON Schema (Draft 2020-12) der Antragsdaten dieses Verfahrens',
        description:
          'Unbekannte Felder sind nicht erlaubt. IBAN-Prüfsumme über format "iban"; Datumsgrenzen über formatMinimum/formatMaximum (ajv-formats).',
        tags: ['Verfahren'],
        params: idParams,
        response: { 200: { type: 'object', additionalProperties: true }, 404: errorSchema },
      },
    },
    async (request, reply) => {
      const procedure = await load(request, request.params.id);
      reply.type('application/schema+json; charset=utf-8');
      return compileToJsonSchema(procedure.definition, { id: `${apiBase(request)}/procedures/${procedure.slug}/schema.json` });
    },
  );

  app.post<{ Params: { id: string }; Body: { data: Record<string, unknown> } }>(
    '/procedures/:id/submissions',
    {
      schema: {
        summary: 'Einen Antrag einreichen',
        description:
          'Die Daten werden gegen das JSON Schema des Verfahrens geprüft (siehe schema.json); 422 nennt jedes fehlerhafte Feld. Mit dem Header Idempotency-Key liefert eine Wiederholung dasselbe Aktenzeichen (200) statt eines zweiten Antrags.',
        tags: ['Verfahren'],
        params: idParams,
        headers: { type: 'object', properties: { 'idempotency-key': { type: 'string', maxLength: 200 } } },
        body: {
          type: 'object',
          properties: { data: { type: 'object', additionalProperties: true } },
          required: ['data'],
          additionalProperties: false,
        },
        response: { 200: receiptSchema, 201: receiptSchema, 404: errorSchema, 409: errorSchema, 422: errorSchema },
      },
    },
    async (request, reply) => {
      const procedure = await load(request, request.params.id);
      const key = request.headers['idempotency-key'];
      if (key !== undefined && (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key))) {
        throw new HttpError(400, 'bad_request', 'Der Idempotency-Key muss aus 1 bis 200 druckbaren Zeichen bestehen.');
      }
      const result = await submitApplication(platform, request.tenant, procedure, {
        data: request.body.data,
        channel: 'api',
        idempotencyKey: key ? `api:${key}` : null,
        citizen: null,
      });
      if (!result.ok) {
        if ('conflict' in result)
          throw new HttpError(409, 'conflict', 'Dieser Idempotency-Key wurde bereits für ein anderes Verfahren verwendet.');
        throw new HttpError(
          422,
          'validation_failed',
          `Der Antrag enthält ${Object.keys(result.fields).length === 1 ? 'einen Fehler' : `${Object.keys(result.fields).length} Fehler`}.`,
          result.fields,
        );
      }
      const { receipt } = result;
      reply.status(receipt.created ? 201 : 200);
      return { reference: receipt.reference, caseId: receipt.caseId, statusUrl: `${apiBase(request)}/submissions/${receipt.id}` };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/submissions/:id',
    {
      schema: {
        summary: 'Eingang eines Antrags prüfen',
        description: 'Nur Aktenzeichen und Eingangszeit, keine Antragsdaten.',
        tags: ['Verfahren'],
        params: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } }, required: ['id'] },
        response: {
          200: {
            type: 'object',
            properties: {
              reference: { type: 'string' },
              status: { type: 'string' },
              receivedAt: { type: 'string', format: 'date-time' },
            },
            required: ['reference', 'status', 'receivedAt'],
          },
          404: errorSchema,
        },
      },
    },
    async (request) => {
      const s = await findSubmission(db, request.tenant.id, request.params.id);
      if (!s) throw notFound('Diesen Antrag gibt es hier nicht.');
      return { reference: s.reference, status: 'eingegangen', receivedAt: s.created_at.toISOString() };
    },
  );
};
