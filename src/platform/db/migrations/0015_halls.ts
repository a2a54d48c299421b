import { type Kysely, sql } from 'kysely';

/**
 * Community halls and other rooms (Dorfgemeinschaftshäuser): bookable resources with
 * photos, and booking requests. An approved booking blocks its time range: the
 * exclusion constraint refuses a second approved booking that overlaps it, whatever
 * the number of app processes (btree_gist lets the gist index compare the resource id).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists btree_gist`.execute(db);

  await db.schema
    .createTable('hall_resources')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('slug', 'text', (c) => c.notNull().check(sql`slug ~ '^[a-z0-9][a-z0-9-]{0,79}$'`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('address', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('capacity', 'integer', (c) => c.notNull().check(sql`capacity > 0`))
    .addColumn('equipment', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    // Prices in cent; null = not offered at that rate.
    .addColumn('price_hour_club', 'integer', (c) => c.check(sql`price_hour_club >= 0`))
    .addColumn('price_hour_private', 'integer', (c) => c.check(sql`price_hour_private >= 0`))
    .addColumn('price_day_club', 'integer', (c) => c.check(sql`price_day_club >= 0`))
    .addColumn('price_day_private', 'integer', (c) => c.check(sql`price_day_private >= 0`))
    .addColumn('price_note', 'text', (c) => c.notNull().defaultTo(''))
    // House rules PDF in the blob store (content-addressed).
    .addColumn('rules_sha256', 'text')
    .addColumn('rules_size', 'integer')
    .addColumn('rules_filename', 'text')
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    // Part of the HMAC of the staff feed URL: bumping it invalidates the old URL.
    .addColumn('feed_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('hall_resources_tenant_slug', ['tenant_id', 'slug'])
    .execute();

  await db.schema
    .createTable('hall_photos')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('resource_id', 'uuid', (c) => c.notNull().references('hall_resources.id').onDelete('cascade'))
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) =>
      c.notNull().check(sql`content_type in ('image/png','image/jpeg','image/gif','image/webp')`),
    )
    .addColumn('alt', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index hall_photos_resource on hall_photos (resource_id, position)`.execute(db);

  await db.schema
    .createTable('hall_bookings')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('resource_id', 'uuid', (c) => c.notNull().references('hall_resources.id').onDelete('cascade'))
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('requester_name', 'text', (c) => c.notNull())
    .addColumn('requester_email', 'text', (c) => c.notNull())
    .addColumn('organisation', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('rate', 'text', (c) => c.notNull().check(sql`rate in ('private','club')`))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('guests', 'integer', (c) => c.notNull().check(sql`guests > 0`))
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
    .addColumn('state', 'text', (c) =>
      c.notNull().defaultTo('requested').check(sql`state in ('requested','approved','declined','cancelled')`),
    )
    .addColumn('staff_message', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('fee', 'integer', (c) => c.check(sql`fee >= 0`))
    .addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decided_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('hall_bookings_range', sql`ends_at > starts_at`)
    .addUniqueConstraint('hall_bookings_tenant_reference', ['tenant_id', 'reference'])
    .execute();
  await sql`
    alter table hall_bookings add constraint hall_bookings_no_overlap
    exclude using gist (resource_id with =, tstzrange(starts_at, ends_at, '[)') with &&)
    where (state = 'approved')`.execute(db);
  await sql`create index hall_bookings_resource_time on hall_bookings (tenant_id, resource_id, starts_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('hall_bookings').execute();
  await db.schema.dropTable('hall_photos').execute();
  await db.schema.dropTable('hall_resources').execute();
}
