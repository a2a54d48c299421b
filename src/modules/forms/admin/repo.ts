/** SQL of the form builder: drafts, procedure status, origins of library copies. */
import { type Kysely, sql } from 'kysely';
import type { Executor } from '../../../platform/db/database.js';
import type { PlatformTables } from '../../../platform/db/schema.js';
import type { DefinitionInput, ProcedureDefinition } from '../definition.js';
import { forgetPublishedProcedures } from '../procedure-memo.js';
import type { FormsTables, ProcedureStatus } from '../tables.js';
import type { BuilderTables } from './tables.js';

type BuilderDb = Kysely<PlatformTables & FormsTables & BuilderTables>;
const t = (db: Executor): BuilderDb => db.withTables<FormsTables & BuilderTables>();
const json = (value: unknown) => JSON.stringify(value);

export interface ProcedureListRow {
  id: string;
  slug: string;
  title: string;
  status: ProcedureStatus;
  version: number | null;
  publishedAt: Date | null;
  hasDraft: boolean;
  submissions: number;
  originTenant: string | null;
}

export async function listProcedures(db: Executor, tenantId: string): Promise<ProcedureListRow[]> {
  const rows = await t(db)
    .selectFrom('forms_procedures as p')
    .leftJoin('forms_procedure_versions as v', (j) =>
      j.onRef('v.id', '=', 'p.published_version_id').onRef('v.tenant_id', '=', 'p.tenant_id'),
    )
    .leftJoin('forms_procedure_drafts as d', (j) =>
      j.onRef('d.procedure_id', '=', 'p.id').onRef('d.tenant_id', '=', 'p.tenant_id'),
    )
    .leftJoin('forms_procedure_origins as o', (j) =>
      j.onRef('o.procedure_id', '=', 'p.id').onRef('o.tenant_id', '=', 'p.tenant_id'),
    )
    .leftJoin('tenants as ot', 'ot.id', 'o.origin_tenant_id')
    .select((eb) => [
      'p.id',
      'p.slug',
      'p.title',
      'p.status',
      'v.version',
      'v.published_at as publishedAt',
      'ot.name as originTenant',
      eb('d.procedure_id', 'is not', null).as('hasDraft'),
      eb
        .selectFrom('forms_submissions as s')
        .select((s) => s.fn.countAll<number>().as('n'))
        .whereRef('s.procedure_id', '=', 'p.id')
        .whereRef('s.tenant_id', '=', 'p.tenant_id')
        .as('submissions'),
    ])
    .where('p.tenant_id', '=', tenantId)
    .orderBy('p.title')
    .execute();
  return rows.map((r) => ({
    ...r,
    version: r.version ?? null,
    publishedAt: (r.publishedAt as Date | null) ?? null,
    hasDraft: Boolean(r.hasDraft),
    submissions: Number(r.submissions ?? 0),
  }));
}

export interface ProcedureRow {
  id: string;
  slug: string;
  title: string;
  status: ProcedureStatus;
  publishedVersionId: string | null;
}

export const findProcedure = (db: Executor, tenantId: string, id: string): Promise<ProcedureRow | undefined> =>
  t(db)
    .selectFrom('forms_procedures')
    .select(['id', 'slug', 'title', 'status', 'published_version_id as publishedVersionId'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();

/** Locks the procedure row: changes to one draft happen one after the other. */
export const lockProcedure = (tx: Executor, tenantId: string, id: string): Promise<ProcedureRow | undefined> =>
  t(tx)
    .selectFrom('forms_procedures')
    .select(['id', 'slug', 'title', 'status', 'published_version_id as publishedVersionId'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();

export interface VersionRow {
  id: string;
  version: number;
  publishedAt: Date | null;
  definition: ProcedureDefinition;
}

/** The last published version (also while the procedure is withdrawn). */
export const findLastPublishedVersion = async (
  db: Executor,
  tenantId: string,
  procedureId: string,
): Promise<VersionRow | undefined> => {
  const row = await t(db)
    .selectFrom('forms_procedure_versions')
    .select(['id', 'version', 'published_at as publishedAt', 'definition'])
    .where('tenant_id', '=', tenantId)
    .where('procedure_id', '=', procedureId)
    .where('published_at', 'is not', null)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { ...row, publishedAt: row.publishedAt as Date | null } : undefined;
};

export interface DraftRow {
  definition: DefinitionInput;
  libraryVersion: number | null;
  libraryBaseVersion: number | null;
  updatedAt: Date;
}

export const findDraft = async (db: Executor, tenantId: string, procedureId: string): Promise<DraftRow | undefined> => {
  const row = await t(db)
    .selectFrom('forms_procedure_drafts')
    .select([
      'definition',
      'library_version as libraryVersion',
      'library_base_version as libraryBaseVersion',
      'updated_at as updatedAt',
    ])
    .where('tenant_id', '=', tenantId)
    .where('procedure_id', '=', procedureId)
    .executeTakeFirst();
  return row ? { ...row, updatedAt: row.updatedAt as Date } : undefined;
};

export async function saveDraft(
  db: Executor,
  tenantId: string,
  procedureId: string,
  definition: DefinitionInput,
  userId: string | null,
  library?: { version: number; baseVersion: number | null },
) {
  const values = {
    procedure_id: procedureId,
    tenant_id: tenantId,
    definition: json(definition),
    updated_by: userId,
    ...(library ? { library_version: library.version, library_base_version: library.baseVersion } : {}),
  };
  await t(db)
    .insertInto('forms_procedure_drafts')
    .values(values)
    .onConflict((oc) =>
      oc.column('procedure_id').doUpdateSet({
        definition: json(definition),
        updated_by: userId,
        updated_at: sql<Date>`now()`,
        ...(library ? { library_version: library.version, library_base_version: library.baseVersion } : {}),
      }),
    )
    .execute();
}

export const deleteDraft = (db: Executor, tenantId: string, procedureId: string) =>
  t(db).deleteFrom('forms_procedure_drafts').where('tenant_id', '=', tenantId).where('procedure_id', '=', procedureId).execute();

export const setProcedureStatus = (db: Executor, tenantId: string, procedureId: string, status: ProcedureStatus) => {
  forgetPublishedProcedures(tenantId);
  return t(db)
    .updateTable('forms_procedures')
    .set({ status, updated_at: sql<Date>`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', procedureId)
    .execute();
};

export const setProcedureTitle = (db: Executor, tenantId: string, procedureId: string, title: string) => {
  forgetPublishedProcedures(tenantId);
  return t(db)
    .updateTable('forms_procedures')
    .set({ title, updated_at: sql<Date>`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', procedureId)
    .execute();
};

export const countSubmissions = async (db: Executor, tenantId: string, procedureId: string) =>
  Number(
    (
      await t(db)
        .selectFrom('forms_submissions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('tenant_id', '=', tenantId)
        .where('procedure_id', '=', procedureId)
        .executeTakeFirst()
    )?.n ?? 0,
  );

// --- origins of library copies ---

export interface OriginRow {
  originTenantId: string;
  originTenantSlug: string;
  originTenantName: string;
  originSlug: string;
  originVersion: number;
}

export const findOrigin = (db: Executor, tenantId: string, procedureId: string): Promise<OriginRow | undefined> =>
  t(db)
    .selectFrom('forms_procedure_origins as o')
    .innerJoin('tenants as ot', 'ot.id', 'o.origin_tenant_id')
    .select([
      'o.origin_tenant_id as originTenantId',
      'ot.slug as originTenantSlug',
      'ot.name as originTenantName',
      'o.origin_slug as originSlug',
      'o.origin_version as originVersion',
    ])
    .where('o.tenant_id', '=', tenantId)
    .where('o.procedure_id', '=', procedureId)
    .executeTakeFirst();

export const insertOrigin = (
  db: Executor,
  tenantId: string,
  procedureId: string,
  origin: { tenantId: string; slug: string; version: number },
) =>
  t(db)
    .insertInto('forms_procedure_origins')
    .values({
      procedure_id: procedureId,
      tenant_id: tenantId,
      origin_tenant_id: origin.tenantId,
      origin_slug: origin.slug,
      origin_version: origin.version,
    })
    .execute();

export const setOriginVersion = (db: Executor, tenantId: string, procedureId: string, version: number) =>
  t(db)
    .updateTable('forms_procedure_origins')
    .set({ origin_version: version })
    .where('tenant_id', '=', tenantId)
    .where('procedure_id', '=', procedureId)
    .execute();
