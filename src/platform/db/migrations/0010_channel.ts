import { type Kysely, sql } from 'kysely';

/**
 * The info channel (Infokanal): topics, subscribers with double opt-in, messages and
 * alerts, and one delivery row per message and subscriber (the fan-out's own state).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('channel_topics')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('slug', 'text', (c) => c.notNull().check(sql`slug ~ '^[a-z0-9][a-z0-9-]{0,119}$'`))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('channel_topics_tenant_slug', ['tenant_id', 'slug'])
    .execute();

  await db.schema
    .createTable('channel_subscribers')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    // Stored lower-cased: one subscriber per address and tenant.
    .addColumn('email', 'text', (c) => c.notNull())
    // A citizen account's subscription goes with the account (no personal data left behind).
    .addColumn('user_id', 'uuid', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('confirmed_at', 'timestamptz')
    // Double opt-in: the hash of the newest confirmation link and the topics it would add.
    .addColumn('confirm_token_hash', 'text')
    .addColumn('confirm_expires_at', 'timestamptz')
    .addColumn('pending_topic_ids', sql`uuid[]`, (c) => c.notNull().defaultTo(sql`'{}'::uuid[]`))
    // Bumped to invalidate every manage/unsubscribe link sent so far (links are HMACs over it).
    .addColumn('link_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('channel_subscribers_tenant_email', ['tenant_id', 'email'])
    .execute();
  await sql`create unique index channel_subscribers_confirm on channel_subscribers (confirm_token_hash) where confirm_token_hash is not null`.execute(
    db,
  );
  await sql`create index channel_subscribers_user on channel_subscribers (user_id) where user_id is not null`.execute(db);

  await db.schema
    .createTable('channel_subscriptions')
    .addColumn('subscriber_id', 'uuid', (c) => c.notNull().references('channel_subscribers.id').onDelete('cascade'))
    .addColumn('topic_id', 'uuid', (c) => c.notNull().references('channel_topics.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('channel_subscriptions_pk', ['subscriber_id', 'topic_id'])
    .execute();
  // The fan-out walks a topic's subscribers.
  await sql`create index channel_subscriptions_topic on channel_subscriptions (topic_id, subscriber_id)`.execute(db);

  await db.schema
    .createTable('channel_messages')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body_md', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('author_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('published_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // Alert fields (CAP 1.2); category is null for a plain message.
    .addColumn('msg_type', 'text', (c) => c.notNull().defaultTo('Alert').check(sql`msg_type in ('Alert','Update','Cancel')`))
    .addColumn('references_id', 'uuid', (c) => c.references('channel_messages.id').onDelete('set null'))
    .addColumn('category', 'text', (c) =>
      c.check(sql`category in ('Unwetter','Brand','Hochwasser','Straßensperrung','Gefahrstoff','Sonstiges')`),
    )
    .addColumn('severity', 'text', (c) => c.check(sql`severity in ('Extreme','Severe','Moderate','Minor','Unknown')`))
    .addColumn('urgency', 'text', (c) => c.check(sql`urgency in ('Immediate','Expected','Future','Past','Unknown')`))
    .addColumn('certainty', 'text', (c) => c.check(sql`certainty in ('Observed','Likely','Possible','Unlikely','Unknown')`))
    .addColumn('instruction', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('area_desc', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('area_polygon', 'jsonb')
    .addColumn('area_circle', 'jsonb')
    .addColumn('valid_from', 'timestamptz')
    .addColumn('valid_until', 'timestamptz')
    // Set by the fan-out job in the transaction that creates the deliveries: it runs once.
    .addColumn('fanned_out_at', 'timestamptz')
    .addColumn('recipients', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`create index channel_messages_tenant_published on channel_messages (tenant_id, published_at desc)`.execute(db);
  await sql`create index channel_messages_alerts on channel_messages (tenant_id, valid_until) where category is not null`.execute(
    db,
  );
  await sql`create index channel_messages_references on channel_messages (references_id) where references_id is not null`.execute(
    db,
  );

  await db.schema
    .createTable('channel_message_topics')
    .addColumn('message_id', 'uuid', (c) => c.notNull().references('channel_messages.id').onDelete('cascade'))
    .addColumn('topic_id', 'uuid', (c) => c.notNull().references('channel_topics.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('channel_message_topics_pk', ['message_id', 'topic_id'])
    .execute();
  await sql`create index channel_message_topics_topic on channel_message_topics (topic_id, message_id)`.execute(db);

  await db.schema
    .createTable('channel_deliveries')
    .addColumn('message_id', 'uuid', (c) => c.notNull().references('channel_messages.id').onDelete('cascade'))
    .addColumn('subscriber_id', 'uuid', (c) => c.notNull().references('channel_subscribers.id').onDelete('cascade'))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('batch', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending').check(sql`status in ('pending','sent','failed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('sent_at', 'timestamptz')
    // Exactly one delivery per message and subscriber, however many topics they share.
    .addPrimaryKeyConstraint('channel_deliveries_pk', ['message_id', 'subscriber_id'])
    .execute();
  await sql`create index channel_deliveries_pending on channel_deliveries (message_id, batch) where status = 'pending'`.execute(
    db,
  );
}

export async function down(): Promise<void> {
  throw new Error('Migrationen werden nicht zurückgenommen.');
}
