/** Uploads into a case file: read whole before anything is stored, typed by content (never by name). */
import type { FastifyMultipartBaseOptions, MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { verifyCsrf } from '../../platform/auth/csrf.js';
import { detectFileType } from '../../platform/files.js';
import type { UploadedFile } from './service.js';

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
export const MAX_UPLOADS = 5;
const TYPES: Record<string, { contentType: string; ext: string }> = {
  pdf: { contentType: 'application/pdf', ext: 'pdf' },
  png: { contentType: 'image/png', ext: 'png' },
  jpeg: { contentType: 'image/jpeg', ext: 'jpg' },
};

export type FormFields = Record<string, string>;

interface RawUpload {
  field: string;
  filename: string;
  bytes: Buffer;
  truncated: boolean;
}

/** Reads a multipart form; the CSRF token is checked once the fields are known (the route opted out of the guard). */
export async function readMultipartForm(request: FastifyRequest): Promise<{ fields: FormFields; uploads: RawUpload[] }> {
  const fields: FormFields = {};
  const uploads: RawUpload[] = [];
  const options: FastifyMultipartBaseOptions = {
    limits: { fileSize: MAX_UPLOAD_BYTES, files: MAX_UPLOADS + 1 },
    throwFileSizeLimit: false,
  };
  for await (const part of request.parts(options)) {
    if (part.type === 'file') {
      const file = part as MultipartFile;
      const chunks: Buffer[] = [];
      for await (const chunk of file.file) chunks.push(chunk as Buffer);
      const bytes = Buffer.concat(chunks);
      if (bytes.length > 0 || file.file.truncated)
        uploads.push({ field: file.fieldname, filename: file.filename ?? '', bytes, truncated: file.file.truncated });
    } else if (typeof part.value === 'string' && !(part.fieldname in fields)) {
      fields[part.fieldname] = part.value;
    }
  }
  verifyCsrf(request, fields._csrf);
  return { fields, uploads };
}

/** A download name without paths or control characters, with the extension of its real type. */
function safeName(name: string, ext: string): string {
  const base = (name.split(/[\\/]/).pop() ?? '')
    .replace(/\.[^.]*$/, '')
    .replace(/[^\p{L}\p{N} ._()-]/gu, '')
    .trim()
    .slice(0, 100);
  return `${base || 'datei'}.${ext}`;
}

/** Checked files, or the German message and status (413 too large, 415 wrong type). */
export function checkUploads(
  uploads: RawUpload[],
): { ok: true; files: UploadedFile[] } | { ok: false; status: number; message: string } {
  if (uploads.length > MAX_UPLOADS)
    return { ok: false, status: 413, message: `Bitte laden Sie höchstens ${MAX_UPLOADS} Dateien auf einmal hoch.` };
  const files: UploadedFile[] = [];
  for (const u of uploads) {
    if (u.truncated || u.bytes.length > MAX_UPLOAD_BYTES)
      return { ok: false, status: 413, message: `Die Datei „${u.filename}“ ist zu groß. Erlaubt sind höchstens 20 MB.` };
    const type = TYPES[detectFileType(u.bytes.subarray(0, 16))];
    if (!type)
      return {
        ok: false,
        status: 415,
        message: `Die Datei „${u.filename}“ ist keine PDF-, PNG- oder JPEG-Datei. Bitte wählen Sie eine passende Datei.`,
      };
    files.push({ filename: safeName(u.filename, type.ext), contentType: type.contentType, bytes: u.bytes });
  }
  return { ok: true, files };
}
