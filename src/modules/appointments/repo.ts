import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import type { PlatformTables } from '../../platform/db/schema.js';
import type {
  AppointmentBookingsTable,
  AppointmentLocationsTable,
  AppointmentOffersTable,
  AppointmentTables,
  Attendance,
  ExceptionKind,
  WeeklyHours,
} from './tables.js';

type AppointmentDb = Kysely<PlatformTables & AppointmentTables>;
const t = (db: Executor): AppointmentDb => db.withTables<AppointmentTables>();

export type OfferRow = Selectable<AppointmentOffersTable>;
export type LocationRow = Selectable<AppointmentLocationsTable>;
export type BookingRow = Selectable<AppointmentBookingsTable>;
export interface OfferServiceRow {
  offer_id: string;
  service_slug: string;
  duration_minutes: number;
}
export interface ExceptionRow {
  id: string;
  location_id: string | null;
  day: string;
  kind: ExceptionKind;
  from_time: string | null;
  to_time: string | null;
  note: string;
}

// --- set-up version (migration 0018) ---

/**
 * The tenant's appointment set-up version and, in the same round trip, its catalog version
 * (the catalog's documents appear in the confirmation mail); null before the first change.
 */
export async function readVersions(db: Executor, tenantId: string): Promise<{ setup: string | null; catalog: string | null }> {
  const { rows } = await sql<{ setup: string | null; catalog: string | null }>`
    select (select token::text from appointment_versions where tenant_id = ${tenantId}::uuid) as setup,
           (select token::text from catalog_versions where tenant_id = ${tenantId}::uuid) as catalog`.execute(db);
  return rows[0] ?? { setup: null, catalog: null };
}

// --- settings ---

export async function videoLinkTemplate(db: Executor, tenantId: string): Promise<string> {
  const row = await t(db)
    .selectFrom('appointment_settings')
    .select('video_link_template')
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return row?.video_link_template ?? '';
}

export const saveVideoLinkTemplate = (db: Executor, tenantId: string, template: string) =>
  t(db)
    .insertInto('appointment_settings')
    .values({ tenant_id: tenantId, video_link_template: template })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ video_link_template: template }))
    .execute();

// --- offers and locations ---

export const listOfferRows = (db: Executor, tenantId: string, activeOnly: boolean) => {
  let query = t(db).selectFrom('appointment_offers').selectAll().where('tenant_id', '=', tenantId);
  if (activeOnly) query = query.where('active', '=', true);
  return query.orderBy('position').orderBy('title').execute();
};

export const findOfferRow = (db: Executor, tenantId: string, offerId: string) =>
  t(db)
    .selectFrom('appointment_offers')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', offerId)
    .executeTakeFirst();

export const listOfferServices = (db: Executor, tenantId: string, offerIds: string[]): Promise<OfferServiceRow[]> =>
  offerIds.length === 0
    ? Promise.resolve([])
    : t(db)
        .selectFrom('appointment_offer_services')
        .select(['offer_id', 'service_slug', 'duration_minutes'])
        .where('tenant_id', '=', tenantId)
        .where('offer_id', 'in', offerIds)
        .orderBy('position')
        .execute();

export const listLocations = (db: Executor, tenantId: string, offerIds: string[]) =>
  offerIds.length === 0
    ? Promise.resolve([] as LocationRow[])
    : t(db)
        .selectFrom('appointment_locations')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('offer_id', 'in', offerIds)
        .orderBy('position')
        .orderBy('name')
        .execute();

export const listAllLocations = (db: Executor, tenantId: string) =>
  t(db)
    .selectFrom('appointment_locations as l')
    .innerJoin('appointment_offers as o', 'o.id', 'l.offer_id')
    .selectAll('l')
    .select('o.title as offer_title')
    .where('l.tenant_id', '=', tenantId)
    .orderBy('o.position')
    .orderBy('o.title')
    .orderBy('l.position')
    .execute();

export const findLocation = (db: Executor, tenantId: string, locationId: string) =>
  t(db)
    .selectFrom('appointment_locations')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', locationId)
    .executeTakeFirst();

export interface NewOffer {
  title: string;
  description?: string;
  virtual?: boolean;
  minLeadMinutes?: number;
  maxLeadDays?: number;
  limitPerEmailDay?: number | null;
  position?: number;
  services: { slug: string; minutes: number }[];
  locations: {
    name: string;
    street?: string;
    postalCode?: string;
    city?: string;
    directions?: string;
    counters: number;
    hours: WeeklyHours[];
  }[];
}

/** Creates an offer with its services and locations; returns the ids. */
export async function insertOffer(
  db: Executor,
  tenantId: string,
  offer: NewOffer,
): Promise<{ id: string; locationIds: string[] }> {
  const { id } = await t(db)
    .insertInto('appointment_offers')
    .values({
      tenant_id: tenantId,
      title: offer.title,
      description: offer.description ?? '',
      virtual: offer.virtual ?? false,
      min_lead_minutes: offer.minLeadMinutes ?? 60,
      max_lead_days: offer.maxLeadDays ?? 60,
      limit_per_email_day: offer.limitPerEmailDay ?? null,
      position: offer.position ?? 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (offer.services.length > 0) {
    await t(db)
      .insertInto('appointment_offer_services')
      .values(
        offer.services.map((s, position) => ({
          offer_id: id,
          tenant_id: tenantId,
          service_slug: s.slug,
          duration_minutes: s.minutes,
          position,
        })),
      )
      .execute();
  }
  const locations =
    offer.locations.length === 0
      ? []
      : await t(db)
          .insertInto('appointment_locations')
          .values(
            offer.locations.map((l, position) => ({
              tenant_id: tenantId,
              offer_id: id,
              name: l.name,
              street: l.street ?? '',
              postal_code: l.postalCode ?? '',
              city: l.city ?? '',
              directions: l.directions ?? '',
              counters: l.counters,
              hours: JSON.stringify(l.hours),
              position,
            })),
          )
          .returning('id')
          .execute();
  return { id, locationIds: locations.map((l) => l.id) };
}

// --- exceptions ---

const exceptionColumns = (db: AppointmentDb) =>
  db
    .selectFrom('appointment_exceptions')
    .select(['id', 'location_id', 'kind', 'from_time', 'to_time', 'note', sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day')]);

/** The exceptions of a location (and the tenant-wide ones) between two dates, inclusive. */
export const listExceptions = (
  db: Executor,
  tenantId: string,
  locationId: string,
  from: string,
  to: string,
): Promise<ExceptionRow[]> =>
  exceptionColumns(t(db))
    .where('tenant_id', '=', tenantId)
    .where((eb) => eb.or([eb('location_id', '=', locationId), eb('location_id', 'is', null)]))
    .where('day', '>=', from)
    .where('day', '<=', to)
    .orderBy('day')
    .orderBy('from_time')
    .execute() as Promise<ExceptionRow[]>;

/** Every exception of the tenant (all locations) from a date on: the memoized set-up. */
export const listExceptionsSince = (db: Executor, tenantId: string, from: string): Promise<ExceptionRow[]> =>
  exceptionColumns(t(db))
    .where('tenant_id', '=', tenantId)
    .where('day', '>=', from)
    .orderBy('day')
    .orderBy('from_time')
    .execute() as Promise<ExceptionRow[]>;

/** Every exception of the tenant from a date on (the staff list). */
export const listUpcomingExceptions = (db: Executor, tenantId: string, from: string): Promise<ExceptionRow[]> =>
  exceptionColumns(t(db))
    .where('tenant_id', '=', tenantId)
    .where('day', '>=', from)
    .orderBy('day')
    .orderBy('from_time')
    .limit(500)
    .execute() as Promise<ExceptionRow[]>;

export const insertExceptions = (
  db: Executor,
  tenantId: string,
  rows: { locationId: string | null; day: string; kind: ExceptionKind; from: string | null; to: string | null; note: string }[],
) =>
  rows.length === 0
    ? Promise.resolve()
    : t(db)
        .insertInto('appointment_exceptions')
        .values(
          rows.map((r) => ({
            tenant_id: tenantId,
            location_id: r.locationId,
            day: r.day,
            kind: r.kind,
            from_time: r.from,
            to_time: r.to,
            note: r.note,
          })),
        )
        .execute()
        .then(() => {});

export const deleteException = (db: Executor, tenantId: string, id: string) =>
  t(db).deleteFrom('appointment_exceptions').where('tenant_id', '=', tenantId).where('id', '=', id).execute();

// --- bookings ---

/**
 * Active bookings per slot start (ms since epoch) of a location in [from, to). One grouped
 * scan of the partial seat index; the start comes as a number (no Date per row).
 */
export async function bookedSeatsPerStart(db: Executor, tenantId: string, locationId: string, from: Date, to: Date) {
  const { rows } = await sql<{ at: number; n: number }>`
    select (extract(epoch from starts_at) * 1000)::float8 as at, count(*)::int as n
    from appointment_bookings
    where location_id = ${locationId}::uuid and status = 'booked'
      and starts_at >= ${from}::timestamptz and starts_at < ${to}::timestamptz and tenant_id = ${tenantId}::uuid
    group by starts_at`.execute(db);
  const taken = new Map<number, number>();
  for (const r of rows) taken.set(r.at, r.n);
  return taken;
}

export type NewBooking = Omit<Insertable<AppointmentBookingsTable>, 'seat_no' | 'status'> & { id: string };

export interface SeatAttempt {
  booking: BookingRow | undefined;
  /** Free seats this statement saw before its insert: 0 means the slot is full. */
  freeBefore: number;
}

/**
 * Takes the lowest free seat (counter) of the slot, or none, in one statement. The unique
 * index on (location, start, seat) among active bookings decides between concurrent
 * callers: a loser's insert does nothing (after waiting for the winner's commit) and it
 * looks again, so a full slot is never overbooked, with any number of processes. The
 * statement also says how many seats it saw free, so a full slot costs no second query.
 */
export async function insertBookingOnFreeSeat(db: Executor, booking: NewBooking, counters: number): Promise<SeatAttempt> {
  let freeBefore = 0;
  for (let round = 0; round <= counters; round++) {
    const { rows } = await sql<BookingRow & { free_before: number }>`
      with free as (
        select s.seat from generate_series(1, ${counters}::int) as s(seat)
        where not exists (
          select 1 from appointment_bookings b
          where b.tenant_id = ${booking.tenant_id}::uuid and b.location_id = ${booking.location_id}::uuid
            and b.starts_at = ${booking.starts_at}::timestamptz and b.seat_no = s.seat and b.status = 'booked')
      ),
      ins as (
        insert into appointment_bookings
          (id, tenant_id, offer_id, location_id, starts_at, ends_at, seat_no, reference, name, email, phone,
           user_id, booked_by_staff_id, token_hash, video_secret)
        select ${booking.id}::uuid, ${booking.tenant_id}::uuid, ${booking.offer_id}::uuid, ${booking.location_id}::uuid,
               ${booking.starts_at}::timestamptz, ${booking.ends_at}::timestamptz, f.seat,
               ${booking.reference}::text, ${booking.name}::text, ${booking.email ?? ''}::text, ${booking.phone ?? ''}::text,
               ${booking.user_id ?? null}::uuid, ${booking.booked_by_staff_id ?? null}::uuid, ${booking.token_hash}::text,
               ${booking.video_secret ?? null}::text
        from (select seat from free order by seat limit 1) f
        on conflict (location_id, starts_at, seat_no) where status = 'booked' do nothing
        returning *
      )
      select ins.*, (select count(*)::int from free) as free_before from (select 1) one left join ins on true`.execute(db);
    const { free_before, ...row } = rows[0];
    freeBefore = free_before;
    if (row.id) return { booking: row as BookingRow, freeBefore };
    // Nothing inserted: either every seat is taken, or a concurrent booking won the seat we saw free.
    if (freeBefore === 0) break;
  }
  return { booking: undefined, freeBefore };
}

/** Active bookings of one slot (a cheap look before a transaction). */
export async function countActiveAt(db: Executor, tenantId: string, locationId: string, start: Date): Promise<number> {
  const row = await t(db)
    .selectFrom('appointment_bookings')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('tenant_id', '=', tenantId)
    .where('location_id', '=', locationId)
    .where('starts_at', '=', start)
    .where('status', '=', 'booked')
    .executeTakeFirstOrThrow();
  return row.n;
}

/** Serializes bookings of one address (the per-day limit) across processes, until the transaction ends. */
export const lockEmail = (db: Executor, tenantId: string, email: string) =>
  sql`select pg_advisory_xact_lock(hashtext(${tenantId}), hashtext(${email}))`.execute(db);

export async function countBookingsOfEmail(db: Executor, tenantId: string, offerId: string, email: string, from: Date, to: Date) {
  const row = await t(db)
    .selectFrom('appointment_bookings')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('tenant_id', '=', tenantId)
    .where('email', '=', email)
    .where('offer_id', '=', offerId)
    .where('status', '=', 'booked')
    .where('starts_at', '>=', from)
    .where('starts_at', '<', to)
    .executeTakeFirstOrThrow();
  return row.n;
}

export const findBooking = (db: Executor, tenantId: string, id: string) =>
  t(db).selectFrom('appointment_bookings').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();

export const findBookingForUpdate = (db: Executor, tenantId: string, id: string) =>
  t(db)
    .selectFrom('appointment_bookings')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();

/** Cancels an active booking (frees its seat); undefined when it was not active any more. */
export const cancelBookingRow = (db: Executor, tenantId: string, id: string) =>
  t(db)
    .updateTable('appointment_bookings')
    .set((eb) => ({ status: 'cancelled' as const, cancelled_at: new Date(), sequence: eb('sequence', '+', 1) }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', '=', 'booked')
    .returningAll()
    .executeTakeFirst();

/** The lowest seat of a slot not held by another active booking. */
export async function freeSeatAt(db: Executor, tenantId: string, locationId: string, start: Date, counters: number, exceptId: string) {
  const { rows } = await sql<{ seat: number }>`
    select s.seat from generate_series(1, ${counters}::int) as s(seat)
    where not exists (
      select 1 from appointment_bookings b
      where b.tenant_id = ${tenantId}::uuid and b.location_id = ${locationId}::uuid and b.starts_at = ${start}::timestamptz and b.seat_no = s.seat
        and b.status = 'booked' and b.id <> ${exceptId}::uuid)
    order by s.seat limit 1`.execute(db);
  return rows[0]?.seat;
}

export const moveBookingRow = (db: Executor, tenantId: string, id: string, start: Date, end: Date, seat: number) =>
  t(db)
    .updateTable('appointment_bookings')
    .set((eb) => ({ starts_at: start, ends_at: end, seat_no: seat, sequence: eb('sequence', '+', 1), reminded_at: null }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', '=', 'booked')
    .returningAll()
    .executeTakeFirst();

export const setAttendance = (db: Executor, tenantId: string, id: string, attendance: Attendance | null) =>
  t(db)
    .updateTable('appointment_bookings')
    .set({ attendance })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', '=', 'booked')
    .executeTakeFirst();

export const markReminded = (db: Executor, tenantId: string, id: string) =>
  t(db)
    .updateTable('appointment_bookings')
    .set({ reminded_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();

/** Bookings of a location (or all) in [from, to), active and cancelled, by start and seat. */
export const listBookingsBetween = (db: Executor, tenantId: string, locationId: string | null, from: Date, to: Date) => {
  let query = t(db)
    .selectFrom('appointment_bookings')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('starts_at', '>=', from)
    .where('starts_at', '<', to);
  if (locationId) query = query.where('location_id', '=', locationId);
  return query.orderBy('starts_at').orderBy('seat_no').execute();
};

/** A citizen's bookings (account or the same address), newest start last. */
export const listBookingsOfCitizen = (db: Executor, tenantId: string, userId: string, email: string) =>
  t(db)
    .selectFrom('appointment_bookings')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where((eb) => eb.or([eb('user_id', '=', userId), eb('email', '=', email)]))
    .orderBy('starts_at', 'desc')
    .limit(100)
    .execute();

export interface WeekFigures {
  location_id: string;
  week: string;
  bookings: number;
  cancelled: number;
  no_show: number;
  attended: number;
}

/** Per location and ISO week (of the start): bookings, cancellations, no-shows, attended. */
export async function figuresPerWeek(db: Executor, tenantId: string, from: Date, to: Date): Promise<WeekFigures[]> {
  const { rows } = await sql<WeekFigures>`
    select location_id,
           to_char(starts_at at time zone 'Europe/Berlin', 'IYYY-"W"IW') as week,
           count(*)::int as bookings,
           count(*) filter (where status = 'cancelled')::int as cancelled,
           count(*) filter (where status = 'booked' and attendance = 'no_show')::int as no_show,
           count(*) filter (where status = 'booked' and attendance in ('arrived', 'done'))::int as attended
    from appointment_bookings
    where tenant_id = ${tenantId} and starts_at >= ${from} and starts_at < ${to}
    group by 1, 2
    order by 2, 1`.execute(db);
  return rows;
}
