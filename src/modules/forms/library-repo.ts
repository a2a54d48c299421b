/**
 * SQL of the shared procedure library. Unlike every other table, forms_library is read
 * across tenants on purpose: sharing is what the library is for. Writing is always done
 * by (and for) the origin tenant.
 */
import { type Kysely, sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import type { PlatformTables } from '../../platform/db/schema.js';
import type { BuilderTables } from './admin/tables.js';
import type { DefinitionInput } from './definition.js';

type LibraryDb = Kysely<PlatformTables & BuilderTables>;
const t = (db: Executor): LibraryDb => db.withTables<BuilderTables>();

export interface SharedVersion {
  id: string;
  originTenantId: string;
  originTenantSlug: string;
  originTenantName: string;
  slug: string;
  version: number;
  title: string;
  description: string;
  licence: string;
  publishedAt: Date;
  definition: DefinitionInput;
}

const columns = [
  'l.id',
  'l.tenant_id as originTenantId',
  'ot.slug as originTenantSlug',
  'ot.name as originTenantName',
  'l.procedure_slug as slug',
  'l.version',
  'l.title',
  'l.description',
  'l.licence',
  'l.published_at as publishedAt',
  'l.definition',
] as const;

const base = (db: Executor) =>
  t(db).selectFrom('forms_library as l').innerJoin('tenants as ot', 'ot.id', 'l.tenant_id').select(columns);
const shaped = <T extends { publishedAt: unknown }>(row: T) => ({ ...row, publishedAt: row.publishedAt as Date });

export async function insertSharedVersion(
  db: Executor,
  v: {
    tenantId: string;
    slug: string;
    version: number;
    title: string;
    description: string;
    licence: string;
    definition: DefinitionInput;
    userId: string | null;
  },
): Promise<string> {
  const row = await t(db)
    .insertInto('forms_library')
    .values({
      tenant_id: v.tenantId,
      procedure_slug: v.slug,
      version: v.version,
      title: v.title,
      description: v.description,
      licence: v.licence,
      definition: JSON.stringify(v.definition),
      published_by: v.userId,
    })
    .onConflict((oc) => oc.constraint('forms_library_version').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? '';
}

export const findSharedVersion = async (db: Executor, id: string): Promise<SharedVersion | undefined> => {
  const row = await base(db).where('l.id', '=', id).executeTakeFirst();
  return row ? shaped(row) : undefined;
};

export const findSharedVersionByNumber = async (
  db: Executor,
  originTenantId: string,
  slug: string,
  version: number,
): Promise<SharedVersion | undefined> => {
  const row = await base(db)
    .where('l.tenant_id', '=', originTenantId)
    .where('l.procedure_slug', '=', slug)
    .where('l.version', '=', version)
    .executeTakeFirst();
  return row ? shaped(row) : undefined;
};

export const findLatestSharedVersion = async (
  db: Executor,
  originTenantId: string,
  slug: string,
): Promise<SharedVersion | undefined> => {
  const row = await base(db)
    .where('l.tenant_id', '=', originTenantId)
    .where('l.procedure_slug', '=', slug)
    .orderBy('l.version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? shaped(row) : undefined;
};

/** The newest shared version of every shared procedure, newest first. */
export async function listLatestSharedVersions(db: Executor): Promise<SharedVersion[]> {
  const rows = await base(db)
    .where(
      'l.version',
      '=',
      sql<number>`(select max(x.version) from forms_library x where x.tenant_id = l.tenant_id and x.procedure_slug = l.procedure_slug)`,
    )
    .orderBy('l.title')
    .orderBy('ot.name')
    .execute();
  return rows.map(shaped);
}

/** Which versions of one of its procedures a tenant has shared. */
export const listSharedVersionNumbers = async (db: Executor, tenantId: string, slug: string): Promise<number[]> =>
  (
    await t(db)
      .selectFrom('forms_library')
      .select('version')
      .where('tenant_id', '=', tenantId)
      .where('procedure_slug', '=', slug)
      .orderBy('version')
      .execute()
  ).map((r) => r.version);
