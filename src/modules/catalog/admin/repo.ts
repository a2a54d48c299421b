import { type Insertable, type Kysely, sql, type Updateable } from 'kysely';
import type { Executor } from '../../../platform/db/database.js';
import type { PlatformTables } from '../../../platform/db/schema.js';
import { serviceColumns } from '../repo.js';
import type { CatalogServicesTable, CatalogTables, ServiceStatus } from '../tables.js';

/** Queries of the back office; every one is scoped by the tenant id it is given. */
type CatalogDb = Kysely<PlatformTables & CatalogTables>;
const t = (db: Executor): CatalogDb => db.withTables<CatalogTables>();

export type ServiceChanges = Omit<
  Updateable<CatalogServicesTable>,
  'id' | 'tenant_id' | 'search_vector' | 'search_text' | 'visits' | 'created_at' | 'status'
>;

// --- services ---

export interface ServiceListFilter {
  status?: ServiceStatus;
  /** Only services never reviewed or last reviewed before this moment. */
  reviewedBefore?: Date;
}

export const listServicesForEditors = (db: Executor, tenantId: string, filter: ServiceListFilter) => {
  let query = t(db)
    .selectFrom('catalog_services')
    .select(['id', 'slug', 'title', 'status', 'online_url', 'online_procedure_id', 'reviewed_at', 'updated_at'])
    .where('tenant_id', '=', tenantId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.reviewedBefore) {
    const before = filter.reviewedBefore;
    query = query.where((eb) => eb.or([eb('reviewed_at', 'is', null), eb('reviewed_at', '<', before)]));
    query = query.orderBy(sql`reviewed_at nulls first`).orderBy('title');
  } else {
    query = query.orderBy(sql`public.catalog_fold(title) collate "C"`).orderBy('title');
  }
  return query.execute();
};

export const findServiceById = (db: Executor, tenantId: string, id: string) =>
  t(db)
    .selectFrom('catalog_services')
    .select(serviceColumns)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();

export const isSlugTaken = async (db: Executor, tenantId: string, slug: string, exceptId?: string) => {
  let query = t(db).selectFrom('catalog_services').select('id').where('tenant_id', '=', tenantId).where('slug', '=', slug);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
};

export const insertService = (db: Executor, row: Insertable<CatalogServicesTable>) =>
  t(db).insertInto('catalog_services').values(row).returning('id').executeTakeFirstOrThrow();

export const updateService = (db: Executor, tenantId: string, id: string, changes: ServiceChanges) =>
  t(db)
    .updateTable('catalog_services')
    .set({ ...changes, updated_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();

export const setServiceStatus = (db: Executor, tenantId: string, id: string, status: ServiceStatus) =>
  t(db)
    .updateTable('catalog_services')
    .set({ status, updated_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();

export const setServiceReviewed = (db: Executor, tenantId: string, id: string, at: Date) =>
  t(db)
    .updateTable('catalog_services')
    .set({ reviewed_at: at })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();

export const listLebenslageIdsOfService = async (db: Executor, tenantId: string, serviceId: string) =>
  (
    await t(db)
      .selectFrom('catalog_service_lebenslagen')
      .select('lebenslage_id')
      .where('tenant_id', '=', tenantId)
      .where('service_id', '=', serviceId)
      .execute()
  ).map((r) => r.lebenslage_id);

export async function replaceServiceLebenslagen(db: Executor, tenantId: string, serviceId: string, ids: string[]) {
  await t(db)
    .deleteFrom('catalog_service_lebenslagen')
    .where('tenant_id', '=', tenantId)
    .where('service_id', '=', serviceId)
    .execute();
  if (ids.length === 0) return;
  await t(db)
    .insertInto('catalog_service_lebenslagen')
    .values(ids.map((lebenslage_id) => ({ tenant_id: tenantId, service_id: serviceId, lebenslage_id })))
    .execute();
}

// --- contacts and locations ---

export const listContacts = (db: Executor, tenantId: string) =>
  t(db)
    .selectFrom('catalog_contacts')
    .select(['id', 'name', 'function'])
    .where('tenant_id', '=', tenantId)
    .orderBy('name')
    .execute();

export const listLocations = (db: Executor, tenantId: string) =>
  t(db)
    .selectFrom('catalog_locations')
    .select(['id', 'name', 'city'])
    .where('tenant_id', '=', tenantId)
    .orderBy('name')
    .execute();

export const contactExists = async (db: Executor, tenantId: string, id: string) =>
  (await t(db)
    .selectFrom('catalog_contacts')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst()) !== undefined;

export const locationExists = async (db: Executor, tenantId: string, id: string) =>
  (await t(db)
    .selectFrom('catalog_locations')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst()) !== undefined;

export const insertContact = (db: Executor, row: Insertable<CatalogTables['catalog_contacts']>) =>
  t(db).insertInto('catalog_contacts').values(row).returning('id').executeTakeFirstOrThrow();

export const insertLocation = (db: Executor, row: Insertable<CatalogTables['catalog_locations']>) =>
  t(db).insertInto('catalog_locations').values(row).returning('id').executeTakeFirstOrThrow();

export async function linkContact(db: Executor, tenantId: string, serviceId: string, contactId: string) {
  const { next } = await t(db)
    .selectFrom('catalog_service_contacts')
    .select(sql<number>`coalesce(max(position), -1)::int + 1`.as('next'))
    .where('tenant_id', '=', tenantId)
    .where('service_id', '=', serviceId)
    .executeTakeFirstOrThrow();
  await t(db)
    .insertInto('catalog_service_contacts')
    .values({ tenant_id: tenantId, service_id: serviceId, contact_id: contactId, position: next })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export const unlinkContact = (db: Executor, tenantId: string, serviceId: string, contactId: string) =>
  t(db)
    .deleteFrom('catalog_service_contacts')
    .where('tenant_id', '=', tenantId)
    .where('service_id', '=', serviceId)
    .where('contact_id', '=', contactId)
    .executeTakeFirst();

export async function linkLocation(db: Executor, tenantId: string, serviceId: string, locationId: string) {
  const { next } = await t(db)
    .selectFrom('catalog_service_locations')
    .select(sql<number>`coalesce(max(position), -1)::int + 1`.as('next'))
    .where('tenant_id', '=', tenantId)
    .where('service_id', '=', serviceId)
    .executeTakeFirstOrThrow();
  await t(db)
    .insertInto('catalog_service_locations')
    .values({ tenant_id: tenantId, service_id: serviceId, location_id: locationId, position: next })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export const unlinkLocation = (db: Executor, tenantId: string, serviceId: string, locationId: string) =>
  t(db)
    .deleteFrom('catalog_service_locations')
    .where('tenant_id', '=', tenantId)
    .where('service_id', '=', serviceId)
    .where('location_id', '=', locationId)
    .executeTakeFirst();

// --- attachments ---

export const insertAttachment = (db: Executor, row: Insertable<CatalogTables['catalog_attachments']>) =>
  t(db).insertInto('catalog_attachments').values(row).returning('id').executeTakeFirstOrThrow();

export const findAttachment = (db: Executor, tenantId: string, serviceId: string, id: string) =>
  t(db)
    .selectFrom('catalog_attachments')
    .select(['id', 'title', 'filename', 'sha256', 'size'])
    .where('tenant_id', '=', tenantId)
    .where('service_id', '=', serviceId)
    .where('id', '=', id)
    .executeTakeFirst();

/** An attachment of a published service, found by the public URL's slug and id. */
export const findPublishedAttachment = (db: Executor, tenantId: string, serviceSlug: string, id: string) =>
  t(db)
    .selectFrom('catalog_attachments as a')
    .innerJoin('catalog_services as s', 's.id', 'a.service_id')
    .select(['a.id', 'a.title', 'a.filename', 'a.sha256', 'a.size'])
    .where('a.tenant_id', '=', tenantId)
    .where('s.tenant_id', '=', tenantId)
    .where('s.slug', '=', serviceSlug)
    .where('s.status', '=', 'published')
    .where('a.id', '=', id)
    .executeTakeFirst();

export const deleteAttachment = (db: Executor, tenantId: string, serviceId: string, id: string) =>
  t(db)
    .deleteFrom('catalog_attachments')
    .where('tenant_id', '=', tenantId)
    .where('service_id', '=', serviceId)
    .where('id', '=', id)
    .returning('sha256')
    .executeTakeFirst();

// --- Lebenslagen ---

export const findLebenslage = (db: Executor, tenantId: string, id: string) =>
  t(db)
    .selectFrom('catalog_lebenslagen')
    .select(['id', 'parent_id', 'slug', 'title', 'summary', 'position'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();

export const isLebenslageSlugTaken = async (db: Executor, tenantId: string, slug: string, exceptId?: string) => {
  let query = t(db).selectFrom('catalog_lebenslagen').select('id').where('tenant_id', '=', tenantId).where('slug', '=', slug);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
};

export const countLebenslageChildren = async (db: Executor, tenantId: string, id: string) =>
  Number(
    (
      await t(db)
        .selectFrom('catalog_lebenslagen')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('tenant_id', '=', tenantId)
        .where('parent_id', '=', id)
        .executeTakeFirstOrThrow()
    ).n,
  );

/** The next position among siblings (the end of the list). */
export async function nextLebenslagePosition(db: Executor, tenantId: string, parentId: string | null) {
  const row = await t(db)
    .selectFrom('catalog_lebenslagen')
    .select(sql<number>`coalesce(max(position), -1)::int + 1`.as('next'))
    .where('tenant_id', '=', tenantId)
    .where((eb) => (parentId ? eb('parent_id', '=', parentId) : eb('parent_id', 'is', null)))
    .executeTakeFirstOrThrow();
  return Number(row.next);
}

export const insertLebenslage = (
  db: Executor,
  row: { tenant_id: string; parent_id: string | null; slug: string; title: string; summary: string; position: number },
) => t(db).insertInto('catalog_lebenslagen').values(row).returning('id').executeTakeFirstOrThrow();

export const updateLebenslage = (
  db: Executor,
  tenantId: string,
  id: string,
  changes: { parent_id?: string | null; slug?: string; title?: string; summary?: string; position?: number },
) =>
  t(db).updateTable('catalog_lebenslagen').set(changes).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();

export const listSiblingLebenslagen = (db: Executor, tenantId: string, parentId: string | null) =>
  t(db)
    .selectFrom('catalog_lebenslagen')
    .select(['id', 'position'])
    .where('tenant_id', '=', tenantId)
    .where((eb) => (parentId ? eb('parent_id', '=', parentId) : eb('parent_id', 'is', null)))
    .orderBy('position')
    .orderBy('title')
    .execute();

// --- synonyms ---

export const listSynonyms = (db: Executor, tenantId: string) =>
  t(db)
    .selectFrom('catalog_synonyms')
    .select(['id', 'term', 'expansions'])
    .where('tenant_id', '=', tenantId)
    .orderBy('term')
    .execute();

export const upsertSynonym = (db: Executor, tenantId: string, term: string, expansions: string[]) =>
  t(db)
    .insertInto('catalog_synonyms')
    .values({ tenant_id: tenantId, term, expansions })
    .onConflict((oc) => oc.columns(['tenant_id', 'term']).doUpdateSet((eb) => ({ expansions: eb.ref('excluded.expansions') })))
    .returning('id')
    .executeTakeFirstOrThrow();

export const deleteSynonym = (db: Executor, tenantId: string, id: string) =>
  t(db).deleteFrom('catalog_synonyms').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();

// --- Digitales Amt ---

const isOnline = sql<boolean>`(online_url is not null or online_procedure_id is not null)`;

export async function countPublishedOnline(db: Executor, tenantId: string) {
  const row = await t(db)
    .selectFrom('catalog_services')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'published')
    .where(isOnline)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export const listPublishedOffline = (db: Executor, tenantId: string) =>
  t(db)
    .selectFrom('catalog_services')
    .select(['id', 'slug', 'title', 'visits'])
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'published')
    .where(sql<boolean>`not ${isOnline}`)
    .orderBy('visits', 'desc')
    .orderBy('title')
    .execute();
