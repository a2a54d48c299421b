/** An error whose status, code and German message may be shown to the client. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const notFound = (message = 'Die angeforderte Seite wurde nicht gefunden.') => new HttpError(404, 'not_found', message);
export const forbidden = (message = 'Dafür fehlt Ihnen die Berechtigung.') => new HttpError(403, 'forbidden', message);
export const unauthorized = (message = 'Bitte melden Sie sich an.') => new HttpError(401, 'unauthorized', message);
export const badRequest = (message: string, fields?: Record<string, string>) =>
  new HttpError(400, 'bad_request', message, fields);
export const unprocessable = (message: string, fields: Record<string, string>) =>
  new HttpError(422, 'validation_failed', message, fields);
export const conflict = (message: string) => new HttpError(409, 'conflict', message);

/** The documented JSON error body of the API. */
export interface ApiErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
}

export const apiErrorBody = (code: string, message: string, fields?: Record<string, string>): ApiErrorBody => ({
  error: fields && Object.keys(fields).length > 0 ? { code, message, fields } : { code, message },
});

/** Known failures of Fastify and its plugins, translated once for every client. */
export function describeError(error: unknown): {
  status: number;
  code: string;
  message: string;
  fields?: Record<string, string>;
} {
  if (error instanceof HttpError) {
    return { status: error.statusCode, code: error.code, message: error.message, fields: error.fields };
  }
  const e = error as {
    code?: string;
    statusCode?: number;
    validation?: { instancePath?: string; message?: string; params?: { missingProperty?: string } }[];
  };
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, code: 'invalid_json', message: 'Der Inhalt der Anfrage ist kein gültiges JSON.' };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
      return { status: 413, code: 'payload_too_large', message: 'Die gesendeten Daten sind zu groß.' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return { status: 415, code: 'unsupported_media_type', message: 'Dieses Datenformat wird hier nicht angenommen.' };
    case 'FST_ERR_VALIDATION': {
      const fields: Record<string, string> = {};
      for (const v of e.validation ?? []) {
        const key = v.params?.missingProperty ?? (v.instancePath?.replace(/^\//, '').replace(/\//g, '.') || 'body');
        fields[key] = 'Dieser Wert ist ungültig oder fehlt.';
      }
      return { status: 400, code: 'bad_request', message: 'Die Anfrage ist unvollständig oder fehlerhaft.', fields };
    }
  }
  if (e.statusCode === 429) {
    return { status: 429, code: 'too_many_requests', message: 'Zu viele Anfragen. Bitte warten Sie einen Moment.' };
  }
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
    return { status: e.statusCode, code: 'bad_request', message: 'Die Anfrage konnte nicht verarbeitet werden.' };
  }
  return {
    status: 500,
    code: 'internal_error',
    message: 'Ein interner Fehler ist aufgetreten. Bitte versuchen Sie es später erneut.',
  };
}

/** The JSON schema of ApiErrorBody, for the `response` section of API routes (OpenAPI). */
export const apiErrorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string' },
        message: { type: 'string', description: 'Deutsche Meldung, darf angezeigt werden' },
        fields: {
          type: 'object',
          additionalProperties: { type: 'string' },
          description: 'Feldpfad (z. B. anschrift.postalCode) → deutsche Meldung',
        },
      },
      required: ['code', 'message'],
    },
  },
  required: ['error'],
} as const;
