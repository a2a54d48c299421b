import type { FastifyMultipartBaseOptions, MultipartFile } from '@fastify/multipart';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { apiErrorSchema, HttpError, notFound } from '../../platform/http/errors.js';
import { compileToJsonSchema } from './compile-schema.js';
import type { ProcedureDefinition } from './definition.js';
import { PROCEDURE_SLUG } from './definition.js';
import { fileFieldsOf, type UploadedFile } from './file-check.js';
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

  app.post<{ Params: { id: string }; Body: { data: Record<string, unknown> } | undefined }>(
    '/procedures/:id/submissions',
    {
      schema: {
        summary: 'Einen Antrag einreichen',
        description: [
          'Als JSON `{ "data": { … } }` oder, mit Dateien, als multipart/form-data: ein Teil `data` mit dem JSON-Objekt der Antragsdaten und je Datei ein Teil, benannt nach dem Schlüssel ihres Datei-Feldes (mehrere Dateien: derselbe Name mehrmals).',
          'Die Daten werden gegen das JSON Schema des Verfahrens geprüft (siehe schema.json); Datei-Felder stehen nicht in `data`, sie kommen aus den Datei-Teilen. 422 nennt jedes fehlerhafte Feld.',
          'Dateien werden am Inhalt erkannt: ein Typ, den das Feld nicht annimmt, ergibt 415, eine zu große Datei 413, zu viele Dateien 422; bei jedem Fehler wird nichts gespeichert.',
          'Mit dem Header Idempotency-Key liefert eine Wiederholung dasselbe Aktenzeichen (200) statt eines zweiten Antrags.',
        ].join('\n\n'),
        tags: ['Verfahren'],
        params: idParams,
        headers: { type: 'object', properties: { 'idempotency-key': { type: 'string', maxLength: 200 } } },
        body: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: { data: { type: 'object', additionalProperties: true } },
                required: ['data'],
                additionalProperties: false,
              },
            },
            'multipart/form-data': {
              schema: {
                // The handler reads the parts; the validator sees no body (null) for multipart.
                type: 'object',
                nullable: true,
                properties: {
                  data: { type: 'string', description: 'Die Antragsdaten als JSON-Objekt (ohne Datei-Felder).' },
                },
                additionalProperties: {
                  type: 'string',
                  format: 'binary',
                  description: 'Eine Datei; der Name des Teils ist der Schlüssel des Datei-Feldes.',
                },
              },
            },
          },
        },
        response: {
          200: receiptSchema,
          201: receiptSchema,
          400: errorSchema,
          404: errorSchema,
          409: errorSchema,
          413: errorSchema,
          415: errorSchema,
          422: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const procedure = await load(request, request.params.id);
      const key = request.headers['idempotency-key'];
      if (key !== undefined && (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key))) {
        throw new HttpError(400, 'bad_request', 'Der Idempotency-Key muss aus 1 bis 200 druckbaren Zeichen bestehen.');
      }
      let data: Record<string, unknown>;
      let uploads: Map<string, UploadedFile[]> | undefined;
      if (request.isMultipart()) {
        ({ data, uploads } = await readSubmissionParts(request, procedure.definition));
      } else if (request.mediaType === 'application/json' && request.body) {
        data = request.body.data;
      } else {
        throw new HttpError(
          415,
          'unsupported_media_type',
          'Anträge werden als application/json oder multipart/form-data angenommen.',
        );
      }
      const result = await submitApplication(platform, request.tenant, procedure, {
        data,
        channel: 'api',
        idempotencyKey: key ? `api:${key}` : null,
        citizen: null,
        uploads,
      });
      if (!result.ok) {
        if ('conflict' in result)
          throw new HttpError(409, 'conflict', 'Dieser Idempotency-Key wurde bereits für ein anderes Verfahren verwendet.');
        if (result.status === 413)
          throw new HttpError(413, 'payload_too_large', 'Eine Datei ist zu groß. Es wurde nichts gespeichert.', result.fields);
        if (result.status === 415)
          throw new HttpError(
            415,
            'unsupported_media_type',
            'Eine Datei hat einen Typ, den das Feld nicht annimmt. Es wurde nichts gespeichert.',
            result.fields,
          );
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

/** Largest `data` part: as much JSON as a JSON request may carry. */
const MAX_DATA_BYTES = 1024 * 1024;

/**
 * Reads a multipart submission whole before anything is checked or stored: the `data`
 * part (JSON) and the files by part name. A file over the largest limit of the
 * procedure's file fields arrives truncated (→ 413 in the check); more files than the
 * fields take together is 422.
 */
async function readSubmissionParts(
  request: FastifyRequest,
  definition: ProcedureDefinition,
): Promise<{ data: Record<string, unknown>; uploads: Map<string, UploadedFile[]> }> {
  const fields = [...fileFieldsOf(definition).values()];
  const options: FastifyMultipartBaseOptions = {
    limits: {
      fileSize: Math.max(1024, ...fields.map((f) => f.maxBytes)),
      // One more than allowed, so "too many" is recognised rather than silently cut off.
      files: fields.reduce((n, f) => n + f.maxCount, 0) + 1,
      fields: 5,
      fieldSize: MAX_DATA_BYTES,
    },
    throwFileSizeLimit: false,
  };
  const uploads = new Map<string, UploadedFile[]>();
  let raw: string | undefined;
  const extra: Record<string, string> = {};
  try {
    for await (const part of request.parts(options)) {
      if (part.type === 'file') {
        const file = part as MultipartFile;
        const chunks: Buffer[] = [];
        for await (const chunk of file.file) chunks.push(chunk as Buffer);
        const list = uploads.get(file.fieldname) ?? [];
        list.push({ bytes: Buffer.concat(chunks), truncated: file.file.truncated, filename: file.filename ?? '' });
        uploads.set(file.fieldname, list);
      } else if (part.fieldname === 'data' && raw === undefined) {
        if (part.valueTruncated) throw new HttpError(413, 'payload_too_large', 'Der Teil „data“ ist zu groß (höchstens 1 MB).');
        raw = String(part.value);
      } else {
        extra[part.fieldname] =
          'Dieser Teil ist nicht vorgesehen: Antragsdaten gehören in den Teil „data“, Dateien in Teile mit dem Schlüssel ihres Datei-Feldes.';
      }
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_FILES_LIMIT') {
      const most = options.limits?.files ? options.limits.files - 1 : 0;
      throw new HttpError(
        422,
        'validation_failed',
        'Der Antrag enthält mehr Dateien, als das Verfahren annimmt. Es wurde nichts gespeichert.',
        { files: most === 1 ? 'Höchstens 1 Datei insgesamt.' : `Höchstens ${most} Dateien insgesamt.` },
      );
    }
    // More text parts than the few allowed: said like the unknown parts below, not as a generic failure.
    if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT')
      throw new HttpError(
        422,
        'validation_failed',
        'Die Anfrage enthält zu viele Teile: erwartet werden der Teil „data“ und je Datei ein Teil mit dem Schlüssel ihres Datei-Feldes. Es wurde nichts gespeichert.',
        { data: 'Antragsdaten gehören als ein JSON-Objekt in den Teil „data“.' },
      );
    throw error;
  }
  if (Object.keys(extra).length > 0)
    throw new HttpError(422, 'validation_failed', 'Die Anfrage enthält unbekannte Teile.', extra);
  if (raw === undefined)
    throw new HttpError(400, 'bad_request', 'Der Teil „data“ mit den Antragsdaten (JSON) fehlt.', { data: 'Dieser Teil fehlt.' });
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    throw new HttpError(400, 'invalid_json', 'Der Teil „data“ ist kein gültiges JSON.');
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    throw new HttpError(400, 'bad_request', 'Der Teil „data“ muss ein JSON-Objekt sein.', { data: 'Ein JSON-Objekt erwartet.' });
  return { data: data as Record<string, unknown>, uploads };
}
