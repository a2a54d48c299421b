import { type Kysely, sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import type { PlatformTables } from '../../platform/db/schema.js';
import type { ProcedureDefinition } from './definition.js';
import { forgetPublishedProcedures, rememberPublished } from './procedure-memo.js';
import type { FileAnswer, FormsTables } from './tables.js';

type FormsDb = Kysely<PlatformTables & FormsTables>;
const t = (db: Executor): FormsDb => db.withTables<FormsTables>();
const json = (value: unknown) => JSON.stringify(value);

export interface PublishedProcedure {
  procedureId: string;
  slug: string;
  title: string;
  versionId: string;
  version: number;
  publishedAt: Date;
  definition: ProcedureDefinition;
}

// --- procedures and versions ---

export async function insertProcedure(db: Executor, tenantId: string, slug: string, title: string): Promise<string> {
  const row = await t(db)
    .insertInto('forms_procedures')
    .values({ tenant_id: tenantId, slug, title })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export const findProcedureIdBySlug = async (db: Executor, tenantId: string, slug: string) =>
  (
    await t(db)
      .selectFrom('forms_procedures')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('slug', '=', slug)
      .executeTakeFirst()
  )?.id;

export async function nextVersionNumber(db: Executor, tenantId: string, procedureId: string): Promise<number> {
  const row = await t(db)
    .selectFrom('forms_procedure_versions')
    .select((eb) => eb.fn.max('version').as('max'))
    .where('tenant_id', '=', tenantId)
    .where('procedure_id', '=', procedureId)
    .executeTakeFirst();
  return Number(row?.max ?? 0) + 1;
}

export async function insertVersion(
  db: Executor,
  tenantId: string,
  procedureId: string,
  version: number,
  definition: ProcedureDefinition,
): Promise<string> {
  const row = await t(db)
    .insertInto('forms_procedure_versions')
    .values({ tenant_id: tenantId, procedure_id: procedureId, version, definition: json(definition) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Freezes the version (the trigger keeps it so) and makes it the one citizens fill in. */
export async function publishVersion(db: Executor, tenantId: string, procedureId: string, versionId: string, title: string) {
  forgetPublishedProcedures(tenantId);
  await t(db)
    .updateTable('forms_procedure_versions')
    .set({ published_at: sql<Date>`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', versionId)
    .where('published_at', 'is', null)
    .execute();
  await t(db)
    .updateTable('forms_procedures')
    .set({ status: 'published', published_version_id: versionId, title, updated_at: sql<Date>`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', procedureId)
    .execute();
}

const publishedQuery = (db: Executor, tenantId: string) =>
  t(db)
    .selectFrom('forms_procedures as p')
    .innerJoin('forms_procedure_versions as v', (j) =>
      j.onRef('v.id', '=', 'p.published_version_id').onRef('v.tenant_id', '=', 'p.tenant_id'),
    )
    .select([
      'p.id as procedureId',
      'p.slug',
      'p.title',
      'v.id as versionId',
      'v.version',
      'v.published_at as publishedAt',
      'v.definition',
    ])
    .where('p.tenant_id', '=', tenantId)
    .where('p.status', '=', 'published')
    .where('v.published_at', 'is not', null);

export async function findPublishedProcedure(
  db: Executor,
  tenantId: string,
  slug: string,
): Promise<PublishedProcedure | undefined> {
  const row = await publishedQuery(db, tenantId).where('p.slug', '=', slug).executeTakeFirst();
  return row ? { ...row, publishedAt: row.publishedAt as Date } : undefined;
}

/** As findPublishedProcedure, remembered for up to a second (procedure-memo.ts). */
export const findPublishedProcedureMemoized = (db: Executor, tenantId: string, slug: string) =>
  rememberPublished(tenantId, slug, () => findPublishedProcedure(db, tenantId, slug));

export async function listPublishedProcedures(db: Executor, tenantId: string): Promise<PublishedProcedure[]> {
  const rows = await publishedQuery(db, tenantId).orderBy('p.title').execute();
  return rows.map((row) => ({ ...row, publishedAt: row.publishedAt as Date }));
}

export const findVersionDefinition = async (db: Executor, tenantId: string, versionId: string) =>
  (
    await t(db)
      .selectFrom('forms_procedure_versions')
      .select(['definition', 'version'])
      .where('tenant_id', '=', tenantId)
      .where('id', '=', versionId)
      .executeTakeFirst()
  )?.definition;

// --- submissions ---

/**
 * Reserves `count` consecutive reference numbers of the tenant and year; returns the
 * first. One statement for a whole group of submissions.
 */
export async function nextReferenceNumbers(tx: Executor, tenantId: string, year: number, count: number): Promise<number> {
  const row = await t(tx)
    .insertInto('forms_reference_counters')
    .values({ tenant_id: tenantId, year, last_value: count })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'year']).doUpdateSet({ last_value: sql<number>`forms_reference_counters.last_value + ${count}` }),
    )
    .returning('last_value')
    .executeTakeFirstOrThrow();
  return Number(row.last_value) - count + 1;
}

export interface NewSubmission {
  tenantId: string;
  procedureId: string;
  versionId: string;
  reference: string;
  data: Record<string, unknown>;
  computed: Record<string, number>;
  files: (FileAnswer & { field: string })[];
  channel: 'web' | 'api';
  idempotencyKey: string | null;
  citizenId: string | null;
}

/** New submissions, in one insert; ids and times are chosen by the caller. */
export async function insertSubmissions(tx: Executor, submissions: (NewSubmission & { id: string; createdAt: Date })[]) {
  await t(tx)
    .insertInto('forms_submissions')
    .values(
      submissions.map((s) => ({
        id: s.id,
        tenant_id: s.tenantId,
        procedure_id: s.procedureId,
        version_id: s.versionId,
        reference: s.reference,
        data: json(s.data),
        computed: json(s.computed),
        files: json(s.files),
        channel: s.channel,
        idempotency_key: s.idempotencyKey,
        citizen_id: s.citizenId,
        created_at: s.createdAt,
      })),
    )
    .execute();
}

const submissionColumns = ['id', 'reference', 'case_id', 'created_at', 'procedure_id'] as const;

export const findSubmissionByIdempotencyKey = (db: Executor, tenantId: string, key: string) =>
  t(db)
    .selectFrom('forms_submissions')
    .select(submissionColumns)
    .where('tenant_id', '=', tenantId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();

export const findSubmission = (db: Executor, tenantId: string, id: string) =>
  t(db)
    .selectFrom('forms_submissions')
    .select(submissionColumns)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();

export const setSubmissionCase = (tx: Executor, tenantId: string, submissionId: string, caseId: string) =>
  t(tx)
    .updateTable('forms_submissions')
    .set({ case_id: caseId })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', submissionId)
    .execute();

export const findSubmissionData = (db: Executor, tenantId: string, id: string) =>
  t(db)
    .selectFrom('forms_submissions')
    .select(['id', 'reference', 'version_id as versionId', 'data', 'computed', 'files', 'channel', 'created_at as createdAt'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();

export async function eraseSubmissionData(tx: Executor, tenantId: string, submissionId: string) {
  await t(tx)
    .updateTable('forms_submissions')
    .set({ data: json({}), computed: json({}), files: json([]) })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', submissionId)
    .execute();
  await t(tx)
    .updateTable('forms_drafts')
    .set({ data: json({}) })
    .where('tenant_id', '=', tenantId)
    .where('submission_id', '=', submissionId)
    .execute();
}

/** Whether a submission or a saved draft (of any tenant) still names this blob as a file answer. */
export async function submissionOrDraftNamesBlob(db: Executor, sha256: string): Promise<boolean> {
  const { rows } = await sql<{ one: number }>`
    select 1 as one from forms_submissions where files @> ${JSON.stringify([{ sha256 }])}::jsonb
    union all
    select 1 as one from forms_drafts where position(${sha256} in data::text) > 0
    limit 1`.execute(db);
  return rows.length > 0;
}

// --- drafts ---

export interface DraftRow {
  id: string;
  versionId: string;
  citizenId: string | null;
  data: Record<string, unknown>;
  submissionId: string | null;
}

const draftColumns = [
  'id',
  'version_id as versionId',
  'citizen_id as citizenId',
  'data',
  'submission_id as submissionId',
] as const;

export async function insertDraft(
  db: Executor,
  d: {
    tenantId: string;
    procedureId: string;
    versionId: string;
    tokenHash: string;
    citizenId: string | null;
    data: Record<string, unknown>;
    expiresAt: Date;
  },
): Promise<string> {
  const row = await t(db)
    .insertInto('forms_drafts')
    .values({
      tenant_id: d.tenantId,
      procedure_id: d.procedureId,
      version_id: d.versionId,
      token_hash: d.tokenHash,
      citizen_id: d.citizenId,
      data: json(d.data),
      expires_at: d.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export const findDraftByToken = (
  db: Executor,
  tenantId: string,
  procedureId: string,
  tokenHash: string,
): Promise<DraftRow | undefined> =>
  t(db)
    .selectFrom('forms_drafts')
    .select(draftColumns)
    .where('tenant_id', '=', tenantId)
    .where('procedure_id', '=', procedureId)
    .where('token_hash', '=', tokenHash)
    .where('expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();

/** A logged-in citizen's newest open draft of the procedure (resuming on another device). */
export const findOpenCitizenDraft = (
  db: Executor,
  tenantId: string,
  procedureId: string,
  citizenId: string,
): Promise<DraftRow | undefined> =>
  t(db)
    .selectFrom('forms_drafts')
    .select(draftColumns)
    .where('tenant_id', '=', tenantId)
    .where('procedure_id', '=', procedureId)
    .where('citizen_id', '=', citizenId)
    .where('submission_id', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .orderBy('updated_at', 'desc')
    .executeTakeFirst();

export async function updateDraft(
  db: Executor,
  tenantId: string,
  draftId: string,
  changes: { data?: Record<string, unknown>; versionId?: string; citizenId?: string; tokenHash?: string; expiresAt?: Date },
) {
  await t(db)
    .updateTable('forms_drafts')
    .set({
      ...(changes.data ? { data: json(changes.data) } : {}),
      ...(changes.versionId ? { version_id: changes.versionId } : {}),
      ...(changes.citizenId ? { citizen_id: changes.citizenId } : {}),
      ...(changes.tokenHash ? { token_hash: changes.tokenHash } : {}),
      ...(changes.expiresAt ? { expires_at: changes.expiresAt } : {}),
      updated_at: sql<Date>`now()`,
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', draftId)
    .execute();
}

export const markDraftSubmitted = (db: Executor, tenantId: string, draftId: string, submissionId: string) =>
  t(db)
    .updateTable('forms_drafts')
    .set({ submission_id: submissionId, updated_at: sql<Date>`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', draftId)
    .execute();
