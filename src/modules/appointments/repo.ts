import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import type { MailAttachment, PlatformTables } from '../../platform/db/schema.js';
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
    /** Share the counters of this pool (another location's `poolId`); default: its own. */
    counterPool?: string | null;
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
              counter_pool: l.counterPool ?? null,
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

/** Every exception of the tenant (all locations) from a date on: the memoized set-up, and (limited) the staff list. */
export const listExceptionsSince = (db: Executor, tenantId: string, from: string, limit?: number): Promise<ExceptionRow[]> => {
  const query = exceptionColumns(t(db))
    .where('tenant_id', '=', tenantId)
    .where('day', '>=', from)
    .orderBy('day')
    .orderBy('from_time');
  return (limit === undefined ? query : query.limit(limit)).execute() as Promise<ExceptionRow[]>;
};

/** The staff list: at most 500 upcoming exceptions. */
export const listUpcomingExceptions = (db: Executor, tenantId: string, from: string) =>
  listExceptionsSince(db, tenantId, from, 500);

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

/** An active booking as the slot count needs it: start and end in ms since epoch, the counter. */
export interface TakenSeat {
  start: number;
  end: number;
  seat: number;
}

/**
 * Active bookings of a counter pool overlapping [from, to), sorted by start. Uses the gist
 * index of the exclusion constraint (pool, seat, time range); times come as numbers (no Date per row).
 */
export async function takenSeatsOfPool(
  db: Executor,
  tenantId: string,
  poolId: string,
  from: Date,
  to: Date,
): Promise<TakenSeat[]> {
  const { rows } = await sql<TakenSeat>`
    select (extract(epoch from starts_at) * 1000)::float8 as start, (extract(epoch from ends_at) * 1000)::float8 as end,
           seat_no as seat
    from appointment_bookings
    where pool_id = ${poolId}::uuid and status = 'booked'
      and tstzrange(starts_at, ends_at, '[)') && tstzrange(${from}::timestamptz, ${to}::timestamptz, '[)')
      and tenant_id = ${tenantId}::uuid
    order by starts_at`.execute(db);
  return rows;
}

export type NewBooking = Omit<Insertable<AppointmentBookingsTable>, 'seat_no' | 'status' | 'pool_id'> & {
  id: string;
  pool_id: string;
};

/** A mail written by the same statement as the booking (the outbox row of enqueueMail). */
export interface BookingMail {
  subject: string;
  text: string;
  attachments?: MailAttachment[];
}

export interface SeatAttempt {
  booking: BookingRow | undefined;
  /** The confirmation mail's id when one was written with the booking. */
  mailId: string | null;
  /** Free counters this statement saw before its insert: 0 means the slot is full. */
  freeBefore: number;
}

/** Counters 1..n of the pool not held by an active booking overlapping [start, end). */
const freeSeats = (tenantId: string, poolId: string, start: Date, end: Date, counters: number, exceptId: string | null) => sql`
  select s.seat from generate_series(1, ${counters}::int) as s(seat)
  where not exists (
    select 1 from appointment_bookings b
    where b.pool_id = ${poolId}::uuid and b.seat_no = s.seat and b.status = 'booked'
      and tstzrange(b.starts_at, b.ends_at, '[)') && tstzrange(${start}::timestamptz, ${end}::timestamptz, '[)')
      and b.tenant_id = ${tenantId}::uuid and b.id is distinct from ${exceptId}::uuid)`;

/**
 * Takes the lowest free counter of the slot, or none, in one statement that also writes the
 * confirmation mail row (so booking and mail exist together or not at all). The exclusion
 * constraint (pool, counter, overlapping time) decides between concurrent callers: a loser's
 * insert does nothing and it looks again, so a slot is never overbooked, with any number of
 * processes and offers sharing the counters. The statement also says how many counters it saw
 * free, so a full slot costs no second query.
 */
export async function insertBookingOnFreeSeat(
  db: Executor,
  booking: NewBooking,
  counters: number,
  mail?: BookingMail,
): Promise<SeatAttempt> {
  const start = new Date(booking.starts_at);
  const end = new Date(booking.ends_at);
  let freeBefore = 0;
  for (let round = 0; round <= counters; round++) {
    const { rows } = await sql<BookingRow & { free_before: number; mail_id: string | null }>`
      with free as (${freeSeats(booking.tenant_id, booking.pool_id, start, end, counters, null)}),
      ins as (
        insert into appointment_bookings
          (id, tenant_id, offer_id, location_id, pool_id, starts_at, ends_at, seat_no, reference, name, email, phone,
           user_id, booked_by_staff_id, token_hash, video_secret, remind_at)
        select ${booking.id}::uuid, ${booking.tenant_id}::uuid, ${booking.offer_id}::uuid, ${booking.location_id}::uuid,
               ${booking.pool_id}::uuid, ${start}::timestamptz, ${end}::timestamptz, f.seat,
               ${booking.reference}::text, ${booking.name}::text, ${booking.email ?? ''}::text, ${booking.phone ?? ''}::text,
               ${booking.user_id ?? null}::uuid, ${booking.booked_by_staff_id ?? null}::uuid, ${booking.token_hash}::text,
               ${booking.video_secret ?? null}::text, ${booking.remind_at ?? null}::timestamptz
        from (select seat from free order by seat limit 1) f
        on conflict do nothing
        returning *
      ),
      mail as (
        insert into outgoing_mails (tenant_id, "to", subject, text, attachments)
        select ins.tenant_id, ins.email, ${mail?.subject ?? ''}::text, ${mail?.text ?? ''}::text,
               ${JSON.stringify(mail?.attachments ?? [])}::jsonb
        from ins where ${mail !== undefined}::boolean and ins.email <> ''
        returning id
      )
      select ins.*, (select id from mail) as mail_id, (select count(*)::int from free) as free_before
      from (select 1) one left join ins on true`.execute(db);
    const { free_before, mail_id, ...row } = rows[0];
    freeBefore = free_before;
    if (row.id) return { booking: row as BookingRow, mailId: mail_id, freeBefore };
    // Nothing inserted: either every counter is taken, or a concurrent booking won the one we saw free.
    if (freeBefore === 0) break;
  }
  return { booking: undefined, mailId: null, freeBefore };
}

/** One attempt of a group commit: the booking to write and its confirmation mail (with its id). */
export interface BatchAttempt {
  booking: NewBooking;
  counters: number;
  mail?: BookingMail & { id: string };
}

export interface BatchOutcome {
  booking: BookingRow | undefined;
  /** Free counters of the attempt's slot this statement saw before its inserts. */
  freeBefore: number;
  /** 1 for the first attempt of the batch on its slot, 2 for the second, … */
  rank: number;
}

/**
 * The group commit's statement: every attempt of the batch takes a free counter of its slot
 * (the k-th attempt on a slot the k-th free counter) and its confirmation mail is written
 * with it, in one statement. The exclusion constraint still decides: an attempt whose insert
 * does nothing (a concurrent process took the counter, or a batch-mate of another offer in
 * the pool overlaps) gets no row and is retried or refused by the caller. Outcomes in input order.
 */
export async function insertBookingsOnFreeSeats(db: Executor, attempts: BatchAttempt[]): Promise<BatchOutcome[]> {
  const input = attempts.map((a, i) => ({
    i,
    ...a.booking,
    starts_at: new Date(a.booking.starts_at).toISOString(),
    ends_at: new Date(a.booking.ends_at).toISOString(),
    remind_at: a.booking.remind_at ? new Date(a.booking.remind_at).toISOString() : null,
    email: a.booking.email ?? '',
    phone: a.booking.phone ?? '',
    user_id: a.booking.user_id ?? null,
    booked_by_staff_id: a.booking.booked_by_staff_id ?? null,
    video_secret: a.booking.video_secret ?? null,
    counters: a.counters,
    mail_id: a.mail?.id ?? null,
    subject: a.mail?.subject ?? '',
    body: a.mail?.text ?? '',
    attachments: a.mail?.attachments ?? [],
  }));
  const query = sql<BookingRow & { i: number; seat_rank: number; free_before: number }>`
    with input as (
      select * from jsonb_to_recordset(${JSON.stringify(input)}::jsonb) as x(
        i int, id uuid, tenant_id uuid, offer_id uuid, location_id uuid, pool_id uuid, starts_at timestamptz,
        ends_at timestamptz, reference text, name text, email text, phone text, user_id uuid, booked_by_staff_id uuid,
        token_hash text, video_secret text, remind_at timestamptz, counters int, mail_id uuid, subject text, body text,
        attachments jsonb)
    ),
    ranked as (
      select input.*, row_number() over (partition by tenant_id, pool_id, starts_at, ends_at, counters order by i)::int as seat_rank
      from input
    ),
    slots as (select distinct tenant_id, pool_id, starts_at, ends_at, counters from input),
    free as (
      -- Per slot (lateral): the look uses the gist index of the exclusion constraint, as for one attempt.
      select s.tenant_id, s.pool_id, s.starts_at, s.ends_at, s.counters, f.seat, f.seat_rank
      from slots s cross join lateral (
        select g.seat, row_number() over (order by g.seat)::int as seat_rank
        from generate_series(1, s.counters) as g(seat)
        where not exists (
          select 1 from appointment_bookings b
          where b.pool_id = s.pool_id and b.seat_no = g.seat and b.status = 'booked'
            and tstzrange(b.starts_at, b.ends_at, '[)') && tstzrange(s.starts_at, s.ends_at, '[)')
            and b.tenant_id = s.tenant_id)
      ) f
    ),
    ins as (
      insert into appointment_bookings
        (id, tenant_id, offer_id, location_id, pool_id, starts_at, ends_at, seat_no, reference, name, email, phone,
         user_id, booked_by_staff_id, token_hash, video_secret, remind_at)
      select r.id, r.tenant_id, r.offer_id, r.location_id, r.pool_id, r.starts_at, r.ends_at, f.seat, r.reference, r.name,
             r.email, r.phone, r.user_id, r.booked_by_staff_id, r.token_hash, r.video_secret, r.remind_at
      from ranked r
      join free f on f.tenant_id = r.tenant_id and f.pool_id = r.pool_id and f.starts_at = r.starts_at
        and f.ends_at = r.ends_at and f.counters = r.counters and f.seat_rank = r.seat_rank
      -- Seats in one order in every batch: batches of two app processes wait on each other's seat, never in a cycle.
      order by r.tenant_id, r.pool_id, r.starts_at, f.seat, r.ends_at
      on conflict do nothing
      returning *
    ),
    mail as (
      insert into outgoing_mails (id, tenant_id, "to", subject, text, attachments)
      select r.mail_id, ins.tenant_id, ins.email, r.subject, r.body, r.attachments
      from ins join input r on r.id = ins.id
      where r.mail_id is not null and ins.email <> ''
      returning id
    )
    select ins.*, r.i, r.seat_rank,
           coalesce(c.n, 0) as free_before,
           (select count(*)::int from mail) as mails
    from ranked r left join ins on ins.id = r.id
    left join (
      select tenant_id, pool_id, starts_at, ends_at, counters, count(*)::int as n from free
      group by tenant_id, pool_id, starts_at, ends_at, counters
    ) c on c.tenant_id = r.tenant_id and c.pool_id = r.pool_id and c.starts_at = r.starts_at
      and c.ends_at = r.ends_at and c.counters = r.counters
    order by r.i`;
  const { rows } = await query.execute(db);
  return rows.map(({ i: _i, seat_rank, free_before, mails: _m, ...row }: any) => ({
    booking: row.id ? (row as BookingRow) : undefined,
    freeBefore: free_before,
    rank: seat_rank,
  }));
}

/** Counters of a slot held by active bookings (a cheap look before a transaction). */
export async function countTakenAt(
  db: Executor,
  tenantId: string,
  poolId: string,
  start: Date,
  end: Date,
  counters: number,
): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select ${counters}::int - count(*)::int as n from (${freeSeats(tenantId, poolId, start, end, counters, null)}) f`.execute(db);
  return rows[0].n;
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

/** The lowest counter of a slot not held by another active booking of the pool. */
export async function freeSeatAt(
  db: Executor,
  tenantId: string,
  poolId: string,
  start: Date,
  end: Date,
  counters: number,
  exceptId: string,
) {
  const { rows } = await sql<{ seat: number }>`
    ${freeSeats(tenantId, poolId, start, end, counters, exceptId)} order by s.seat limit 1`.execute(db);
  return rows[0]?.seat;
}

export const moveBookingRow = (
  db: Executor,
  tenantId: string,
  id: string,
  move: { start: Date; end: Date; seat: number; poolId: string; remindAt: Date | null },
) =>
  t(db)
    .updateTable('appointment_bookings')
    .set((eb) => ({
      starts_at: move.start,
      ends_at: move.end,
      seat_no: move.seat,
      pool_id: move.poolId,
      sequence: eb('sequence', '+', 1),
      reminded_at: null,
      remind_at: move.remindAt,
    }))
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

/**
 * Bookings whose reminder is due, of every tenant, locked for this run; a concurrent run
 * (another process) skips them instead of waiting, so each reminder goes out once.
 */
export const lockDueReminders = (db: Executor, now: Date, limit: number) =>
  t(db)
    .selectFrom('appointment_bookings')
    .selectAll()
    .where('status', '=', 'booked')
    .where('reminded_at', 'is', null)
    .where('remind_at', 'is not', null)
    .where('remind_at', '<=', now)
    .where('starts_at', '>', now)
    .orderBy('remind_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();

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

// --- offer editor ---

export interface OfferUpdate {
  title: string;
  description: string;
  virtual: boolean;
  active: boolean;
  minLeadMinutes: number;
  maxLeadDays: number;
  limitPerEmailDay: number | null;
}

export const updateOfferRow = (db: Executor, tenantId: string, id: string, o: OfferUpdate) =>
  t(db)
    .updateTable('appointment_offers')
    .set({
      title: o.title,
      description: o.description,
      virtual: o.virtual,
      active: o.active,
      min_lead_minutes: o.minLeadMinutes,
      max_lead_days: o.maxLeadDays,
      limit_per_email_day: o.limitPerEmailDay,
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();

export async function replaceOfferServices(
  db: Executor,
  tenantId: string,
  offerId: string,
  services: { slug: string; minutes: number }[],
) {
  await t(db)
    .deleteFrom('appointment_offer_services')
    .where('tenant_id', '=', tenantId)
    .where('offer_id', '=', offerId)
    .execute();
  if (services.length === 0) return;
  await t(db)
    .insertInto('appointment_offer_services')
    .values(
      services.map((s, position) => ({
        offer_id: offerId,
        tenant_id: tenantId,
        service_slug: s.slug,
        duration_minutes: s.minutes,
        position,
      })),
    )
    .execute();
}

export interface LocationFields {
  name: string;
  street: string;
  postalCode: string;
  city: string;
  directions: string;
  counters: number;
  counterPool: string | null;
  hours: WeeklyHours[];
}

const locationColumns = (l: LocationFields, position: number) => ({
  name: l.name,
  street: l.street,
  postal_code: l.postalCode,
  city: l.city,
  directions: l.directions,
  counters: l.counters,
  counter_pool: l.counterPool,
  hours: JSON.stringify(l.hours),
  position,
});

export const insertLocation = (db: Executor, tenantId: string, offerId: string, l: LocationFields, position: number) =>
  t(db)
    .insertInto('appointment_locations')
    .values({ tenant_id: tenantId, offer_id: offerId, ...locationColumns(l, position) })
    .returning('id')
    .executeTakeFirstOrThrow()
    .then((r) => r.id);

export const updateLocation = (
  db: Executor,
  tenantId: string,
  offerId: string,
  id: string,
  l: LocationFields,
  position: number,
) =>
  t(db)
    .updateTable('appointment_locations')
    .set(locationColumns(l, position))
    .where('tenant_id', '=', tenantId)
    .where('offer_id', '=', offerId)
    .where('id', '=', id)
    .executeTakeFirst();

/** Moves a location's active bookings to its (new) counter pool; the exclusion constraint refuses overlaps there. */
export const movePoolOfBookings = (db: Executor, tenantId: string, locationId: string, poolId: string) =>
  t(db)
    .updateTable('appointment_bookings')
    .set({ pool_id: poolId })
    .where('tenant_id', '=', tenantId)
    .where('location_id', '=', locationId)
    .where('pool_id', '<>', poolId)
    .execute();

export async function countBookingsAt(db: Executor, tenantId: string, locationId: string): Promise<number> {
  const row = await t(db)
    .selectFrom('appointment_bookings')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('tenant_id', '=', tenantId)
    .where('location_id', '=', locationId)
    .executeTakeFirstOrThrow();
  return row.n;
}

export const deleteLocation = (db: Executor, tenantId: string, offerId: string, id: string) =>
  t(db)
    .deleteFrom('appointment_locations')
    .where('tenant_id', '=', tenantId)
    .where('offer_id', '=', offerId)
    .where('id', '=', id)
    .execute();

/** A location's own exceptions from a date on (not the tenant-wide ones). */
export const listLocationExceptions = (
  db: Executor,
  tenantId: string,
  locationIds: string[],
  from: string,
): Promise<ExceptionRow[]> =>
  locationIds.length === 0
    ? Promise.resolve([])
    : (exceptionColumns(t(db))
        .where('tenant_id', '=', tenantId)
        .where('location_id', 'in', locationIds)
        .where('day', '>=', from)
        .orderBy('day')
        .orderBy('from_time')
        .execute() as Promise<ExceptionRow[]>);

export const deleteLocationExceptionsFrom = (db: Executor, tenantId: string, locationId: string, from: string) =>
  t(db)
    .deleteFrom('appointment_exceptions')
    .where('tenant_id', '=', tenantId)
    .where('location_id', '=', locationId)
    .where('day', '>=', from)
    .execute();

/** Locations (and their bookings) of one pool move to another. */
export async function repointPool(db: Executor, tenantId: string, from: string, to: string) {
  await t(db)
    .updateTable('appointment_locations')
    .set({ counter_pool: to })
    .where('tenant_id', '=', tenantId)
    .where('counter_pool', '=', from)
    .execute();
  await t(db)
    .updateTable('appointment_bookings')
    .set({ pool_id: to })
    .where('tenant_id', '=', tenantId)
    .where('pool_id', '=', from)
    .execute();
}
