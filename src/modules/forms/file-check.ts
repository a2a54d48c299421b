/**
 * Checks uploaded files against the file fields of a procedure before anything is
 * stored: type by content (magic bytes, never by name or declared type), size by the
 * field's limit, count by its maxCount. The same rules and German messages as the
 * citizen's web form.
 */
import { createHash } from 'node:crypto';
import { detectFileType } from '../../platform/files.js';
import type { FieldMessages } from './check-data.js';
import { type AcceptedFileType, FILE_CONTENT_TYPES, type ProcedureDefinition } from './definition.js';
import type { FileAnswer } from './tables.js';

export interface UploadedFile {
  filename: string;
  bytes: Buffer;
  /** Cut off at the upload limit: larger than allowed. */
  truncated: boolean;
}

export interface CheckedFile {
  answer: FileAnswer;
  bytes: Buffer;
}

export type FileCheck =
  | { ok: true; answers: Map<string, CheckedFile[]> }
  /** 413 too large, 415 wrong type, 422 too many or a part no file field takes. */
  | { ok: false; status: 413 | 415 | 422; fields: FieldMessages };

type FileFieldOf<D> = D extends { pages: (infer P)[] }
  ? P extends { fields: (infer F)[] }
    ? Extract<F, { type: 'file' }>
    : never
  : never;
export type FileField = FileFieldOf<ProcedureDefinition>;

/** The file fields of a procedure, by key (files are top-level answers only). */
export const fileFieldsOf = (definition: ProcedureDefinition): Map<string, FileField> =>
  new Map(definition.pages.flatMap((p) => p.fields.flatMap((f) => (f.type === 'file' ? [[f.key, f] as const] : []))));

/** A download name without paths or control characters, with the extension of its real type. */
export function safeFilename(name: string, type: AcceptedFileType): string {
  const base = (name.split(/[\\/]/).pop() ?? '')
    .replace(/\.[^.]*$/, '')
    .replace(/[^\p{L}\p{N} ._()-]/gu, '')
    .trim()
    .slice(0, 100);
  return `${base || 'datei'}.${type === 'jpeg' ? 'jpg' : type}`;
}

/**
 * Every upload checked; on success the file answers (hash computed, nothing stored yet).
 * Empty parts count as "no file chosen", as a browser sends them.
 */
export function checkUploadedFiles(definition: ProcedureDefinition, uploads: Map<string, UploadedFile[]>): FileCheck {
  const fields = fileFieldsOf(definition);
  const errors: FieldMessages = {};
  let status: 413 | 415 | 422 = 422;
  const answers = new Map<string, CheckedFile[]>();
  for (const [key, list] of uploads) {
    const chosen = list.filter((u) => u.bytes.length > 0 || u.truncated);
    if (chosen.length === 0) continue;
    const field = fields.get(key);
    if (!field) {
      errors[key] = 'Dieses Feld ist im Verfahren nicht vorgesehen.';
      continue;
    }
    if (chosen.length > field.maxCount) {
      errors[key] = `Bei „${field.label}“ sind höchstens ${field.maxCount} Dateien möglich.`;
      continue;
    }
    const checked: CheckedFile[] = [];
    for (const u of chosen) {
      const type = detectFileType(u.bytes.subarray(0, 16));
      if (u.truncated || u.bytes.length > field.maxBytes) {
        errors[key] =
          `Die Datei „${u.filename}“ ist zu groß. Erlaubt sind höchstens ${Math.round(field.maxBytes / 1024 / 1024) || 1} MB.`;
        status = 413;
      } else if (!field.accept.includes(type as AcceptedFileType)) {
        errors[key] =
          `Die Datei „${u.filename}“ ist keine ${field.accept.map((t) => t.toUpperCase()).join('- oder ')}-Datei. Bitte wählen Sie eine passende Datei.`;
        if (status !== 413) status = 415;
      } else {
        const accepted = type as AcceptedFileType;
        checked.push({
          bytes: u.bytes,
          answer: {
            sha256: createHash('sha256').update(u.bytes).digest('hex'),
            filename: safeFilename(u.filename, accepted),
            contentType: FILE_CONTENT_TYPES[accepted],
            size: u.bytes.length,
          },
        });
      }
    }
    answers.set(key, checked);
  }
  return Object.keys(errors).length > 0 ? { ok: false, status, fields: errors } : { ok: true, answers };
}
