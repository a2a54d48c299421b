import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import type { PlatformTables } from '../../platform/db/schema.js';
import type { ChannelMessagesTable, ChannelTables, ChannelTopicsTable } from './tables.js';

type ChannelDb = Kysely<PlatformTables & ChannelTables>;
const t = (db: Executor): ChannelDb => db.withTables<ChannelTables>();

export type TopicRow = Selectable<ChannelTopicsTable>;
export type MessageRow = Selectable<ChannelMessagesTable>;

// --- topics ---

export const listTopics = (db: Executor, tenantId: string) =>
  t(db).selectFrom('channel_topics').selectAll().where('tenant_id', '=', tenantId).orderBy('position').orderBy('title').execute();

export const findTopicBySlug = (db: Executor, tenantId: string, slug: string) =>
  t(db).selectFrom('channel_topics').selectAll().where('tenant_id', '=', tenantId).where('slug', '=', slug).executeTakeFirst();

export const insertTopics = (db: Executor, rows: Insertable<ChannelTopicsTable>[]) =>
  rows.length === 0 ? Promise.resolve([]) : t(db).insertInto('channel_topics').values(rows).returning(['id', 'slug']).execute();

/** Confirmed subscribers per topic id (staff overview). */
export async function confirmedSubscribersPerTopic(db: Executor, tenantId: string): Promise<Map<string, number>> {
  const rows = await t(db)
    .selectFrom('channel_subscriptions as x')
    .innerJoin('channel_subscribers as s', 's.id', 'x.subscriber_id')
    .select(['x.topic_id', sql<number>`count(*)::int`.as('n')])
    .where('s.tenant_id', '=', tenantId)
    .where('s.confirmed_at', 'is not', null)
    .groupBy('x.topic_id')
    .execute();
  return new Map(rows.map((r) => [r.topic_id, r.n]));
}

// --- subscribers ---

const subscriberColumns = ['id', 'tenant_id', 'email', 'user_id', 'confirmed_at', 'link_version'] as const;

export const findSubscriberById = (db: Executor, tenantId: string, id: string) =>
  t(db)
    .selectFrom('channel_subscribers')
    .select(subscriberColumns)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();

export const findSubscriberByEmail = (db: Executor, tenantId: string, email: string) =>
  t(db)
    .selectFrom('channel_subscribers')
    .select(subscriberColumns)
    .where('tenant_id', '=', tenantId)
    .where('email', '=', email)
    .executeTakeFirst();

/**
 * Records a subscription request: a new, unconfirmed subscriber or a new confirmation
 * token on a known one. A known subscriber stays as they are until the link is used.
 */
export const upsertPendingSubscriber = (
  db: Executor,
  tenantId: string,
  v: { email: string; tokenHash: string; expiresAt: Date; topicIds: string[] },
) =>
  t(db)
    .insertInto('channel_subscribers')
    .values({
      tenant_id: tenantId,
      email: v.email,
      confirm_token_hash: v.tokenHash,
      confirm_expires_at: v.expiresAt,
      pending_topic_ids: v.topicIds,
    })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'email']).doUpdateSet((eb) => ({
        confirm_token_hash: eb.ref('excluded.confirm_token_hash'),
        confirm_expires_at: eb.ref('excluded.confirm_expires_at'),
        pending_topic_ids: eb.ref('excluded.pending_topic_ids'),
      })),
    )
    .returning('id')
    .executeTakeFirstOrThrow();

/** Uses a confirmation token once (atomically); returns the subscriber and the topics it adds. */
export async function consumeConfirmToken(db: Executor, tenantId: string, tokenHash: string, now: Date) {
  const { rows } = await sql<{ id: string; topic_ids: string[] }>`
    update channel_subscribers s
    set confirmed_at = coalesce(s.confirmed_at, ${now}::timestamptz), confirm_token_hash = null,
        confirm_expires_at = null, pending_topic_ids = '{}'
    from (select id, pending_topic_ids from channel_subscribers
          where tenant_id = ${tenantId} and confirm_token_hash = ${tokenHash} and confirm_expires_at > ${now}::timestamptz
          for update) old
    where s.id = old.id
    returning s.id, old.pending_topic_ids as topic_ids`.execute(db);
  return rows[0];
}

export const findConfirmToken = (db: Executor, tenantId: string, tokenHash: string) =>
  t(db)
    .selectFrom('channel_subscribers')
    .select(['id', 'confirm_expires_at'])
    .where('tenant_id', '=', tenantId)
    .where('confirm_token_hash', '=', tokenHash)
    .executeTakeFirst();

/** A citizen's address is confirmed by their account: subscribed without opt-in mail. */
export const upsertCitizenSubscriber = (db: Executor, tenantId: string, email: string, userId: string) =>
  t(db)
    .insertInto('channel_subscribers')
    .values({ tenant_id: tenantId, email, user_id: userId, confirmed_at: new Date() })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'email']).doUpdateSet((eb) => ({
        user_id: eb.ref('excluded.user_id'),
        confirmed_at: eb.fn.coalesce('channel_subscribers.confirmed_at', eb.ref('excluded.confirmed_at')),
      })),
    )
    .returning('id')
    .executeTakeFirstOrThrow();

export const subscribedTopicIds = async (db: Executor, subscriberId: string) =>
  (await t(db).selectFrom('channel_subscriptions').select('topic_id').where('subscriber_id', '=', subscriberId).execute()).map(
    (r) => r.topic_id,
  );

export async function addSubscriptions(db: Executor, subscriberId: string, topicIds: string[]) {
  if (topicIds.length === 0) return;
  await t(db)
    .insertInto('channel_subscriptions')
    .values(topicIds.map((topic_id) => ({ subscriber_id: subscriberId, topic_id })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function replaceSubscriptions(db: Executor, subscriberId: string, topicIds: string[]) {
  let remove = t(db).deleteFrom('channel_subscriptions').where('subscriber_id', '=', subscriberId);
  if (topicIds.length > 0) remove = remove.where('topic_id', 'not in', topicIds);
  await remove.execute();
  await addSubscriptions(db, subscriberId, topicIds);
}

export const deleteSubscriber = (db: Executor, tenantId: string, id: string) =>
  t(db).deleteFrom('channel_subscribers').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();

// --- messages ---

export const insertMessage = (db: Executor, row: Insertable<ChannelMessagesTable>) =>
  t(db).insertInto('channel_messages').values(row).returning(['id', 'published_at']).executeTakeFirstOrThrow();

export const insertMessageTopics = (db: Executor, messageId: string, topicIds: string[]) =>
  t(db)
    .insertInto('channel_message_topics')
    .values(topicIds.map((topic_id) => ({ message_id: messageId, topic_id })))
    .execute();

export const findMessage = (db: Executor, tenantId: string, id: string) =>
  t(db).selectFrom('channel_messages').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();

/** Topic slugs and titles of the messages, by message id. */
export async function topicsOfMessages(db: Executor, tenantId: string, messageIds: string[]) {
  const map = new Map<string, { slug: string; title: string }[]>();
  if (messageIds.length === 0) return map;
  const rows = await t(db)
    .selectFrom('channel_message_topics as mt')
    .innerJoin('channel_topics as tp', 'tp.id', 'mt.topic_id')
    .select(['mt.message_id', 'tp.slug', 'tp.title'])
    .where('tp.tenant_id', '=', tenantId)
    .where('mt.message_id', 'in', messageIds)
    .orderBy('tp.position')
    .execute();
  for (const r of rows) map.set(r.message_id, [...(map.get(r.message_id) ?? []), { slug: r.slug, title: r.title }]);
  return map;
}

export const listMessages = (db: Executor, tenantId: string, limit: number) =>
  t(db)
    .selectFrom('channel_messages')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('published_at', 'desc')
    .limit(limit)
    .execute();

export const listMessagesOfTopic = (db: Executor, tenantId: string, topicId: string, limit: number) =>
  t(db)
    .selectFrom('channel_messages as m')
    .selectAll('m')
    .where('m.tenant_id', '=', tenantId)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('channel_message_topics as mt')
          .select('mt.topic_id')
          .whereRef('mt.message_id', '=', 'm.id')
          .where('mt.topic_id', '=', topicId),
      ),
    )
    .orderBy('m.published_at', 'desc')
    .limit(limit)
    .execute();

/**
 * Alerts in force: within their validity, not a cancellation, and not superseded by a
 * later update or cancellation that references them.
 */
export const listActiveAlerts = (db: Executor, tenantId: string, now: Date) =>
  t(db)
    .selectFrom('channel_messages as m')
    .selectAll('m')
    .where('m.tenant_id', '=', tenantId)
    .where('m.category', 'is not', null)
    .where('m.msg_type', '!=', 'Cancel')
    .where((eb) => eb.or([eb('m.valid_from', 'is', null), eb('m.valid_from', '<=', now)]))
    .where((eb) => eb.or([eb('m.valid_until', 'is', null), eb('m.valid_until', '>', now)]))
    .where((eb) =>
      eb.not(
        eb.exists(eb.selectFrom('channel_messages as later').select('later.id').whereRef('later.references_id', '=', 'm.id')),
      ),
    )
    .orderBy('m.published_at', 'desc')
    .limit(20)
    .execute();

export interface DeliveryCounts {
  sent: number;
  pending: number;
  failed: number;
}

export async function deliveryCounts(db: Executor, tenantId: string, messageIds: string[]): Promise<Map<string, DeliveryCounts>> {
  const map = new Map<string, DeliveryCounts>();
  if (messageIds.length === 0) return map;
  const rows = await t(db)
    .selectFrom('channel_deliveries')
    .select([
      'message_id',
      sql<number>`count(*) filter (where status = 'sent')::int`.as('sent'),
      sql<number>`count(*) filter (where status = 'pending')::int`.as('pending'),
      sql<number>`count(*) filter (where status = 'failed')::int`.as('failed'),
    ])
    .where('tenant_id', '=', tenantId)
    .where('message_id', 'in', messageIds)
    .groupBy('message_id')
    .execute();
  for (const r of rows) map.set(r.message_id, { sent: r.sent, pending: r.pending, failed: r.failed });
  return map;
}

// --- fan-out and delivery ---

/**
 * Locks the message for one step of its fan-out and says where the step goes on;
 * undefined when the fan-out is complete (or the message is gone). The lock makes a
 * doubled fan-out job wait and then continue from the cursor instead of repeating.
 */
export const lockFanOut = (db: Executor, tenantId: string, messageId: string) =>
  t(db)
    .selectFrom('channel_messages')
    .select(['fanout_cursor', 'fanout_batches'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', messageId)
    .where('fanned_out_at', 'is', null)
    .forUpdate()
    .executeTakeFirst();

/**
 * One delivery row for each of the next `limit` confirmed subscribers (in id order, after
 * `after`) of any of the message's topics: EXISTS counts a subscriber once however many
 * of the topics they follow, and the primary key would refuse a second row. Subscribers
 * confirmed after the message was published are not its addressees. They are
 * numbered into batches from `firstBatch` on. Returns how many and the last one.
 */
export async function insertDeliveryStep(
  db: Executor,
  tenantId: string,
  messageId: string,
  step: { after: string | null; firstBatch: number; limit: number; batchSize: number },
) {
  const after = step.after === null ? sql`` : sql`and s.id > ${step.after}::uuid`;
  const { rows } = await sql<{ n: number; last: string | null }>`
    with candidates as (
      select s.id from channel_subscribers s
      where s.tenant_id = ${tenantId} and s.confirmed_at is not null ${after}
        -- The fan-out runs in steps: someone confirmed after publishing is not an addressee.
        and s.confirmed_at <= (select published_at from channel_messages where id = ${messageId})
        and exists (
          select 1 from channel_subscriptions x
          join channel_message_topics mt on mt.topic_id = x.topic_id and mt.message_id = ${messageId}
          where x.subscriber_id = s.id
        )
      order by s.id
      limit ${step.limit}::int
    ), inserted as (
      insert into channel_deliveries (message_id, subscriber_id, tenant_id, batch)
      select ${messageId}::uuid, c.id, ${tenantId}::uuid,
             ${step.firstBatch}::int + ((row_number() over (order by c.id)) - 1)::int / ${step.batchSize}::int
      from candidates c
      on conflict do nothing
    )
    select (select count(*)::int from candidates) as n, (select c.id from candidates c order by c.id desc limit 1) as last`.execute(
    db,
  );
  return rows[0];
}

/** Moves the cursor on; the last step marks the fan-out complete with the number of deliveries. */
export async function recordFanOutStep(
  db: Executor,
  tenantId: string,
  messageId: string,
  step: { cursor: string | null; batches: number; complete: boolean },
) {
  await t(db)
    .updateTable('channel_messages')
    .set((eb) => ({
      fanout_cursor: step.cursor,
      fanout_batches: step.batches,
      ...(step.complete
        ? {
            fanned_out_at: new Date(),
            recipients: eb
              .selectFrom('channel_deliveries')
              .select(sql<number>`count(*)::int`.as('n'))
              .where('message_id', '=', messageId)
              .where('tenant_id', '=', tenantId),
          }
        : {}),
    }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', messageId)
    .execute();
}

export const setRecipients = (db: Executor, tenantId: string, messageId: string, recipients: number) =>
  t(db)
    .updateTable('channel_messages')
    .set({ recipients })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', messageId)
    .execute();

/** The batch's deliveries still to send, with what each mail needs. */
export const pendingDeliveries = (db: Executor, tenantId: string, messageId: string, batch: number) =>
  t(db)
    .selectFrom('channel_deliveries as d')
    .innerJoin('channel_subscribers as s', 's.id', 'd.subscriber_id')
    .select(['d.subscriber_id', 'd.attempts', 's.email', 's.link_version'])
    .where('d.tenant_id', '=', tenantId)
    .where('d.message_id', '=', messageId)
    .where('d.batch', '=', batch)
    .where('d.status', '=', 'pending')
    .orderBy('d.subscriber_id')
    .execute();

export async function markDeliveriesSent(db: Executor, tenantId: string, messageId: string, subscriberIds: string[]) {
  if (subscriberIds.length === 0) return;
  await t(db)
    .updateTable('channel_deliveries')
    .set((eb) => ({ status: 'sent', sent_at: new Date(), attempts: eb('attempts', '+', 1), last_error: null }))
    .where('tenant_id', '=', tenantId)
    .where('message_id', '=', messageId)
    .where('subscriber_id', 'in', subscriberIds)
    .execute();
}

/** `final`: no retry follows, the deliveries are given up. */
export async function markDeliveriesFailed(
  db: Executor,
  tenantId: string,
  messageId: string,
  failures: { subscriberId: string; error: string }[],
  final: boolean,
) {
  for (const f of failures) {
    await t(db)
      .updateTable('channel_deliveries')
      .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: f.error, ...(final ? { status: 'failed' as const } : {}) }))
      .where('tenant_id', '=', tenantId)
      .where('message_id', '=', messageId)
      .where('subscriber_id', '=', f.subscriberId)
      .execute();
  }
}
