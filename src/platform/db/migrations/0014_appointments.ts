import { type Kysely, sql } from 'kysely';

/**
 * Appointments (Terminbuchung): offers of catalog services, their locations with
 * counters and weekly hours, exceptions (closures, holidays, blocked times, extra
 * days) and bookings. Double booking is impossible in the database: an active booking
 * holds one seat (counter) of its slot, and (location, start, seat) is unique among
 * active bookings. Also: text attachments for outgoing mails (the .ics invitations).
 */
export async function up(db: Kysely<any>): Promise<void> {
  // Platform: mails may carry small text attachments; idempotent in case another migration added it.
  await sql`alter table outgoing_mails add column if not exists attachments jsonb not null default '[]'::jsonb`.execute(db);

  await db.schema
    .createTable('appointment_settings')
    .addColumn('tenant_id', 'uuid', (c) => c.primaryKey().references('tenants.id').onDelete('cascade'))
    // E.g. https://meet.example/rathaus-{secret}; {secret} is replaced per booking.
    .addColumn('video_link_template', 'text', (c) => c.notNull().defaultTo(''))
    .execute();

  await db.schema
    .createTable('appointment_offers')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('virtual', 'boolean', (c) => c.notNull().defaultTo(false))
    // How late one may book: at least this many minutes before the start.
    .addColumn('min_lead_minutes', 'integer', (c) => c.notNull().defaultTo(60).check(sql`min_lead_minutes >= 0`))
    // How far ahead one may book.
    .addColumn('max_lead_days', 'integer', (c) => c.notNull().defaultTo(60).check(sql`max_lead_days between 1 and 730`))
    .addColumn('limit_per_email_day', 'integer', (c) => c.check(sql`limit_per_email_day > 0`))
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index appointment_offers_tenant on appointment_offers (tenant_id, position)`.execute(db);

  // Catalog services by slug: the catalog owns its tables, this module keeps the reference.
  await db.schema
    .createTable('appointment_offer_services')
    .addColumn('offer_id', 'uuid', (c) => c.notNull().references('appointment_offers.id').onDelete('cascade'))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('service_slug', 'text', (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.notNull().check(sql`duration_minutes between 5 and 480`))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('appointment_offer_services_pk', ['offer_id', 'service_slug'])
    .execute();
  await sql`create index appointment_offer_services_slug on appointment_offer_services (tenant_id, service_slug)`.execute(db);

  await db.schema
    .createTable('appointment_locations')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('offer_id', 'uuid', (c) => c.notNull().references('appointment_offers.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('street', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('postal_code', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('city', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('directions', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('counters', 'integer', (c) => c.notNull().check(sql`counters between 1 and 100`))
    // [{ day: 1..7, from: "HH:MM", to: "HH:MM" }], Europe/Berlin local time.
    .addColumn('hours', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`create index appointment_locations_offer on appointment_locations (offer_id, position)`.execute(db);

  // A closure (whole day without times, or a blocked range) or extra opening hours.
  await db.schema
    .createTable('appointment_exceptions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    // Null: every location of the tenant (a public holiday).
    .addColumn('location_id', 'uuid', (c) => c.references('appointment_locations.id').onDelete('cascade'))
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('closed', 'extra')`))
    .addColumn('from_time', 'text', (c) => c.check(sql`from_time ~ '^[0-2][0-9]:[0-5][0-9]$'`))
    .addColumn('to_time', 'text', (c) => c.check(sql`to_time ~ '^[0-2][0-9]:[0-5][0-9]$'`))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'appointment_exceptions_times',
      sql`(from_time is null) = (to_time is null) and (from_time is null or from_time < to_time)`,
    )
    .addCheckConstraint('appointment_exceptions_extra_times', sql`kind = 'closed' or from_time is not null`)
    .execute();
  await sql`create index appointment_exceptions_day on appointment_exceptions (tenant_id, day)`.execute(db);

  await db.schema
    .createTable('appointment_bookings')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('offer_id', 'uuid', (c) => c.notNull().references('appointment_offers.id').onDelete('cascade'))
    .addColumn('location_id', 'uuid', (c) => c.notNull().references('appointment_locations.id').onDelete('cascade'))
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
    // The counter this booking holds; unique per slot among active bookings (index below).
    .addColumn('seat_no', 'integer', (c) => c.notNull().check(sql`seat_no >= 1`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('booked').check(sql`status in ('booked', 'cancelled')`))
    .addColumn('attendance', 'text', (c) => c.check(sql`attendance in ('arrived', 'done', 'no_show')`))
    // Shown to the citizen and the front desk, e.g. T-7K3M9Q.
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    // Lower-cased; empty when the front desk booked for a caller without e-mail.
    .addColumn('email', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('phone', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('booked_by_staff_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    // SHA-256 of the secret in the citizen's view/cancel link; the secret is never stored.
    .addColumn('token_hash', 'text', (c) => c.notNull())
    // Per-booking secret of the video room (virtual offers).
    .addColumn('video_secret', 'text')
    // iCalendar SEQUENCE: bumped when the appointment moves or is cancelled.
    .addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('cancelled_at', 'timestamptz')
    .addColumn('reminded_at', 'timestamptz')
    .execute();
  await sql`create unique index appointment_bookings_seat on appointment_bookings (location_id, starts_at, seat_no) where status = 'booked'`.execute(
    db,
  );
  await sql`create unique index appointment_bookings_reference on appointment_bookings (tenant_id, reference)`.execute(db);
  await sql`create index appointment_bookings_day on appointment_bookings (tenant_id, starts_at)`.execute(db);
  await sql`create index appointment_bookings_email on appointment_bookings (tenant_id, email, starts_at) where status = 'booked'`.execute(
    db,
  );
  await sql`create index appointment_bookings_user on appointment_bookings (user_id, starts_at) where user_id is not null`.execute(
    db,
  );
}

export async function down(): Promise<void> {
  throw new Error('Migrationen werden nicht zurückgenommen.');
}
