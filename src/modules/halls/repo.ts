import { type Insertable, type Kysely, type Selectable, sql, type Updateable } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import type { PlatformTables } from '../../platform/db/schema.js';
import type { BookingState, HallBookingsTable, HallPhotosTable, HallResourcesTable, HallTables } from './tables.js';

type HallDb = Kysely<PlatformTables & HallTables>;
const t = (db: Executor): HallDb => db.withTables<HallTables>();

export type ResourceRow = Selectable<HallResourcesTable>;
export type PhotoRow = Selectable<HallPhotosTable>;
export type BookingRow = Selectable<HallBookingsTable>;

// --- resources ---

export const listResources = (db: Executor, tenantId: string, onlyActive: boolean) => {
  let q = t(db).selectFrom('hall_resources').selectAll().where('tenant_id', '=', tenantId);
  if (onlyActive) q = q.where('active', '=', true);
  return q.orderBy('name').execute();
};

export const findResourceBySlug = (db: Executor, tenantId: string, slug: string) =>
  t(db).selectFrom('hall_resources').selectAll().where('tenant_id', '=', tenantId).where('slug', '=', slug).executeTakeFirst();

export const findResourceById = (db: Executor, tenantId: string, id: string) =>
  t(db).selectFrom('hall_resources').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();

export const insertResource = (db: Executor, row: Insertable<HallResourcesTable>) =>
  t(db).insertInto('hall_resources').values(row).returning(['id', 'slug']).executeTakeFirstOrThrow();

export const updateResource = (db: Executor, tenantId: string, id: string, changes: Updateable<HallResourcesTable>) =>
  t(db)
    .updateTable('hall_resources')
    .set({ ...changes, updated_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returning(['id', 'slug'])
    .executeTakeFirst();

// --- photos ---

export const listPhotos = (db: Executor, tenantId: string, resourceIds: string[]) =>
  resourceIds.length === 0
    ? Promise.resolve([] as PhotoRow[])
    : t(db)
        .selectFrom('hall_photos')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('resource_id', 'in', resourceIds)
        .orderBy('position')
        .orderBy('created_at')
        .execute();

export const findPhoto = (db: Executor, tenantId: string, resourceId: string, photoId: string) =>
  t(db)
    .selectFrom('hall_photos')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('resource_id', '=', resourceId)
    .where('id', '=', photoId)
    .executeTakeFirst();

export const insertPhoto = (db: Executor, row: Insertable<HallPhotosTable>) =>
  t(db).insertInto('hall_photos').values(row).returning('id').executeTakeFirstOrThrow();

export const deletePhoto = async (db: Executor, tenantId: string, resourceId: string, photoId: string) => {
  const result = await t(db)
    .deleteFrom('hall_photos')
    .where('tenant_id', '=', tenantId)
    .where('resource_id', '=', resourceId)
    .where('id', '=', photoId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
};

// --- bookings ---

export const insertBooking = (db: Executor, row: Insertable<HallBookingsTable>) =>
  t(db).insertInto('hall_bookings').values(row).returningAll().executeTakeFirstOrThrow();

export const findBooking = (db: Executor, tenantId: string, id: string) =>
  t(db).selectFrom('hall_bookings').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();

/** Locks the row: two staff members deciding the same request act one after the other. */
export const findBookingForUpdate = (db: Executor, tenantId: string, id: string) =>
  t(db)
    .selectFrom('hall_bookings')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();

export const listBookings = (db: Executor, tenantId: string, resourceId: string, states: BookingState[], from?: Date) => {
  let q = t(db)
    .selectFrom('hall_bookings')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('resource_id', '=', resourceId)
    .where('state', 'in', states);
  if (from) q = q.where('ends_at', '>', from);
  return q.orderBy('starts_at').limit(1000).execute();
};

/** Approved bookings of a resource that overlap [from, to): the busy ranges. */
export const approvedInRange = (db: Executor, tenantId: string, resourceId: string, from: Date, to: Date) =>
  t(db)
    .selectFrom('hall_bookings')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('resource_id', '=', resourceId)
    .where('state', '=', 'approved')
    .where('starts_at', '<', to)
    .where('ends_at', '>', from)
    .orderBy('starts_at')
    .execute();

export const countOpenRequests = async (db: Executor, tenantId: string) => {
  const rows = await t(db)
    .selectFrom('hall_bookings')
    .select(['resource_id', sql<number>`count(*)::int`.as('n')])
    .where('tenant_id', '=', tenantId)
    .where('state', '=', 'requested')
    .groupBy('resource_id')
    .execute();
  return new Map(rows.map((r) => [r.resource_id, r.n]));
};

export const updateBooking = (db: Executor, tenantId: string, id: string, changes: Updateable<HallBookingsTable>) =>
  t(db)
    .updateTable('hall_bookings')
    .set(changes)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
