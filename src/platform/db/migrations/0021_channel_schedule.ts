import { type Kysely, sql } from 'kysely';

/**
 * Scheduled messages of the info channel: the checked form or API input waits here
 * until its time; a job then publishes it as a channel message with the same id.
 * Nothing of it is public before that (it is no channel_messages row yet).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('channel_scheduled_messages')
    // Becomes the id of the published message: links to it keep working.
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('author_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('is_alert', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('msg_type', 'text', (c) => c.notNull().defaultTo('Alert'))
    // The raw input, checked again at publishing time (topics or the referenced alert may have changed).
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('publish_at', 'timestamptz', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('scheduled').check(sql`status in ('scheduled','published','cancelled','failed')`),
    )
    .addColumn('error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index channel_scheduled_messages_tenant on channel_scheduled_messages (tenant_id, publish_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('channel_scheduled_messages').execute();
}
