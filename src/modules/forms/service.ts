import { createHash, randomBytes } from 'node:crypto';
import type { Executor } from '../../platform/db/database.js';
import type { Platform } from '../../platform/platform.js';
import type { Tenant } from '../../platform/tenancy/repo.js';
import { checkSubmissionData, type FieldMessages } from './check-data.js';
import { type Answers, answerFields, dropHiddenAnswers, fieldVisible } from './conditions.js';
import { hasAnswer } from './definition.js';
import { checkUploadedFiles, fileFieldsOf, type UploadedFile } from './file-check.js';
import * as repo from './repo.js';
import { type SubmissionReceipt, storeSubmission } from './submission-commit.js';
import { validateDefinition } from './validate-definition.js';

export type { PublishedProcedure } from './repo.js';
export {
  formatReference,
  onSubmissionReceived,
  type ReceivedSubmission,
  referencePrefix,
  type SubmissionReceipt,
  type SubmissionReceivedHandler,
  type SubmissionReceivedResult,
} from './submission-commit.js';
export const loadPublishedProcedure = repo.findPublishedProcedureMemoized;
export const listPublishedProcedures = repo.listPublishedProcedures;

export type Result<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/**
 * Saves a definition as the next version of its procedure (creating the procedure the
 * first time) and publishes it. Published versions stay as they are; drafts of citizens
 * that started on an older version move over when they continue (see continueDraft).
 */
export async function publishProcedureVersion(
  db: Executor,
  tenantId: string,
  input: unknown,
): Promise<Result<{ procedureId: string; versionId: string; version: number }>> {
  const check = validateDefinition(input);
  if (!check.ok) return check;
  const run = async (tx: Executor) => {
    const def = check.definition;
    const procedureId =
      (await repo.findProcedureIdBySlug(tx, tenantId, def.id)) ?? (await repo.insertProcedure(tx, tenantId, def.id, def.title));
    const version = await repo.nextVersionNumber(tx, tenantId, procedureId);
    const definition = { ...def, version };
    const versionId = await repo.insertVersion(tx, tenantId, procedureId, version, definition);
    await repo.publishVersion(tx, tenantId, procedureId, versionId, def.title);
    return { procedureId, versionId, version };
  };
  const value = db.isTransaction ? await run(db) : await db.transaction().execute(run);
  return { ok: true, value };
}

// --- validation ---

/** Every wrong field of the whole application (the schema of its version, after dropping hidden answers). */
export function checkApplication(procedure: repo.PublishedProcedure, data: unknown): FieldMessages {
  return checkSubmissionData(procedure.definition, data, { cacheKey: procedure.versionId });
}

/** The errors of one page only: later pages are not answered yet. */
export function checkPage(procedure: repo.PublishedProcedure, answers: Answers, pageIndex: number): FieldMessages {
  const page = procedure.definition.pages[pageIndex];
  const keys = new Set(page.fields.filter((f) => hasAnswer(f) && fieldVisible(page, f, answers)).map((f) => f.key));
  const all = checkApplication(procedure, answers);
  return Object.fromEntries(Object.entries(all).filter(([path]) => keys.has(path.split('.')[0])));
}

// --- submitting ---

export interface SubmissionInput {
  data: Record<string, unknown>;
  channel: 'web' | 'api';
  idempotencyKey: string | null;
  citizen: { userId: string; email: string } | null;
  /**
   * Files sent with the application (API multipart), by the key of their file field.
   * Checked by content and stored only once everything else is valid too.
   */
  uploads?: Map<string, UploadedFile[]>;
}

export type SubmitResult =
  | { ok: true; receipt: SubmissionReceipt }
  /** status: 413 a file too large, 415 a file of a type the field does not take, else 422. */
  | { ok: false; fields: FieldMessages; status: 413 | 415 | 422 }
  | { ok: false; conflict: true };

const receiptOf = (
  row: { id: string; reference: string; case_id: string | null; created_at: Date },
  created: boolean,
): SubmissionReceipt => ({
  id: row.id,
  reference: row.reference,
  // Until case processing opens the case, the submission is the case seed and lends it its id.
  caseId: row.case_id ?? row.id,
  createdAt: row.created_at,
  created,
});

/**
 * Validates and stores one application (submission-commit.ts): the submission with its
 * reference, its case, the receipt mail (outbox) and the audit entry `submission.received`
 * commit together. A repeated idempotency key returns the first receipt.
 */
export async function submitApplication(
  platform: Platform,
  tenant: Tenant,
  procedure: repo.PublishedProcedure,
  input: SubmissionInput,
  afterInsert?: (tx: Executor, submissionId: string) => Promise<void>,
): Promise<SubmitResult> {
  const { db } = platform;
  const repeated = async () => {
    if (!input.idempotencyKey) return undefined;
    const row = await repo.findSubmissionByIdempotencyKey(db, tenant.id, input.idempotencyKey);
    if (!row) return undefined;
    return row.procedure_id === procedure.procedureId
      ? ({ ok: true, receipt: receiptOf(row, false) } as const)
      : ({ ok: false, conflict: true } as const);
  };
  const earlier = await repeated();
  if (earlier) return earlier;

  const definition = procedure.definition;
  let data = input.data;
  let blobs: Buffer[] = [];
  if (input.channel === 'api') {
    // Through the API files come only as uploaded parts: a file answer in the data would name someone's blob by its hash.
    const named = [...fileFieldsOf(definition).keys()].filter((key) => key in data);
    if (named.length > 0)
      return {
        ok: false,
        status: 422,
        fields: Object.fromEntries(
          named.map((key) => [key, 'Dateien senden Sie als eigenen Teil der Anfrage (multipart/form-data), nicht in den Daten.']),
        ),
      };
  }
  if (input.uploads && input.uploads.size > 0) {
    const files = checkUploadedFiles(definition, input.uploads);
    if (!files.ok) return files;
    data = { ...data };
    for (const [key, list] of files.answers) if (list.length > 0) data[key] = list.map((f) => f.answer);
    blobs = [...files.answers.values()].flat().map((f) => f.bytes);
  }

  const fields = checkApplication(procedure, data);
  if (Object.keys(fields).length > 0) return { ok: false, status: 422, fields };
  // Valid: now the files may be stored (content-addressed; the case file takes them from here).
  for (const bytes of blobs) await platform.files.put(bytes);

  const stored = await storeSubmission(platform, {
    tenant,
    procedure,
    data,
    channel: input.channel,
    idempotencyKey: input.idempotencyKey,
    citizen: input.citizen,
    afterInsert,
  });
  if (stored.ok) return stored;
  // Two requests with the same key at once: the second loses the unique index and returns the first.
  if ((stored.error as { code?: string }).code === '23505' && input.idempotencyKey) {
    const first = await repeated();
    if (first) return first;
  }
  throw stored.error;
}

// --- drafts ---

const DRAFT_DAYS = 30;
export const hashDraftToken = (token: string) => createHash('sha256').update(token).digest('hex');
const expiry = () => new Date(Date.now() + DRAFT_DAYS * 24 * 3600 * 1000);

export interface Draft extends repo.DraftRow {
  /** The draft was begun on an older version; answers were carried over where the questions remain. */
  movedFromOlderVersion: boolean;
}

/**
 * The draft of this browser (cookie token) or of the logged-in citizen. A draft begun on
 * an older version moves to the published one: answers to questions that still exist
 * are kept, the rest dropped, and the caller tells the citizen.
 */
export async function continueDraft(
  db: Executor,
  tenantId: string,
  procedure: repo.PublishedProcedure,
  token: string | undefined,
  citizenId: string | null,
): Promise<Draft | undefined> {
  let draft = token ? await repo.findDraftByToken(db, tenantId, procedure.procedureId, hashDraftToken(token)) : undefined;
  if (draft?.citizenId && draft.citizenId !== citizenId) draft = undefined;
  if (!draft && citizenId) draft = await repo.findOpenCitizenDraft(db, tenantId, procedure.procedureId, citizenId);
  if (!draft) return undefined;
  if (citizenId && !draft.citizenId) {
    await repo.updateDraft(db, tenantId, draft.id, { citizenId });
    draft.citizenId = citizenId;
  }
  if (draft.versionId === procedure.versionId || draft.submissionId) return { ...draft, movedFromOlderVersion: false };
  const keys = new Set(answerFields(procedure.definition).map(({ field }) => field.key));
  const kept = Object.fromEntries(Object.entries(draft.data).filter(([key]) => keys.has(key)));
  await repo.updateDraft(db, tenantId, draft.id, { data: kept, versionId: procedure.versionId });
  return { ...draft, data: kept, versionId: procedure.versionId, movedFromOlderVersion: true };
}

/** A new draft; returns the token for the cookie (only its hash is stored). */
export async function startDraft(
  db: Executor,
  tenantId: string,
  procedure: repo.PublishedProcedure,
  citizenId: string | null,
  data: Answers,
): Promise<{ token: string; id: string }> {
  const token = randomBytes(24).toString('base64url');
  const id = await repo.insertDraft(db, {
    tenantId,
    procedureId: procedure.procedureId,
    versionId: procedure.versionId,
    tokenHash: hashDraftToken(token),
    citizenId,
    data,
    expiresAt: expiry(),
  });
  return { token, id };
}

export const saveDraftAnswers = (db: Executor, tenantId: string, draftId: string, data: Answers) =>
  repo.updateDraft(db, tenantId, draftId, { data, expiresAt: expiry() });

/** Submits a web draft: its id is the idempotency key, so a second click shows the same reference. */
export async function submitDraft(
  platform: Platform,
  tenant: Tenant,
  procedure: repo.PublishedProcedure,
  draft: Draft,
  citizen: { userId: string; email: string } | null,
): Promise<SubmitResult> {
  const data = dropHiddenAnswers(procedure.definition, draft.data);
  return submitApplication(
    platform,
    tenant,
    procedure,
    { data, channel: 'web', idempotencyKey: `web:${draft.id}`, citizen },
    async (tx, submissionId) => {
      await repo.markDraftSubmitted(tx, tenant.id, draft.id, submissionId);
    },
  );
}

export const findSubmission = repo.findSubmission;
/** The stored answers of a submission (case processing shows and renders them). */
export const loadSubmissionData = repo.findSubmissionData;

/** Retention: blanks the answers and files of a submission and its draft; the reference stays. */
export const eraseSubmissionData = (tx: Executor, tenantId: string, submissionId: string) =>
  repo.eraseSubmissionData(tx, tenantId, submissionId);
export const findSubmissionForDraft = async (db: Executor, tenantId: string, draft: Draft) =>
  draft.submissionId ? repo.findSubmission(db, tenantId, draft.submissionId) : undefined;

/** The JSON Schema of a published procedure, with its public URL as $id. */
export { compileToJsonSchema } from './compile-schema.js';
