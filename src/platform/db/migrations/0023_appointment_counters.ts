import { type Kysely, sql } from 'kysely';

/**
 * Appointments, issue 8.
 *
 * Shared counters: locations of different offers (Personalausweis and Reisepass at the
 * Bürgerbüro) may draw on the same counters. A location names its counter pool
 * (`counter_pool`, null: its own); a booking carries the pool, and an exclusion constraint
 * forbids two active bookings on one counter of a pool whose times overlap, whatever
 * their durations. It replaces the unique (location, start, seat) index, which it implies.
 *
 * Reminders: no job per booking any more. `remind_at` (start − 24 h, null when no reminder
 * is owed) is swept by one periodic job; `reminded_at` says it went out (idempotent).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists btree_gist`.execute(db);
  await sql`alter table appointment_locations add column counter_pool uuid`.execute(db);

  await sql`alter table appointment_bookings add column pool_id uuid`.execute(db);
  await sql`
    update appointment_bookings b set pool_id = coalesce(l.counter_pool, l.id)
    from appointment_locations l where l.id = b.location_id`.execute(db);
  await sql`alter table appointment_bookings alter column pool_id set not null`.execute(db);
  await sql`
    alter table appointment_bookings add constraint appointment_bookings_counter_free
      exclude using gist (pool_id with =, seat_no with =, tstzrange(starts_at, ends_at, '[)') with &&)
      where (status = 'booked')`.execute(db);
  await sql`drop index appointment_bookings_seat`.execute(db);

  await sql`alter table appointment_bookings add column remind_at timestamptz`.execute(db);
  // What the per-booking reminder jobs would still have sent.
  await sql`
    update appointment_bookings set remind_at = starts_at - interval '24 hours'
    where status = 'booked' and reminded_at is null and email <> ''
      and starts_at > now() and created_at < starts_at - interval '24 hours'`.execute(db);
  await sql`
    create index appointment_bookings_reminders on appointment_bookings (remind_at)
    where status = 'booked' and reminded_at is null and remind_at is not null`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrationen werden nicht zurückgenommen.');
}
