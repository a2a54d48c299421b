/** SQL for scheduled messages (table channel_scheduled_messages, migration 0021). */
import type { ColumnType, Generated, Kysely, Selectable } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import type { PlatformTables } from '../../platform/db/schema.js';
import type { MsgType } from './tables.js';

export type ScheduleStatus = 'scheduled' | 'published' | 'cancelled' | 'failed';

export interface ChannelScheduledMessagesTable {
  id: ColumnType<string, string | undefined, never>;
  tenant_id: string;
  author_id: ColumnType<string | null, string | null | undefined, string | null>;
  title: string;
  is_alert: ColumnType<boolean, boolean | undefined, boolean>;
  msg_type: ColumnType<MsgType, MsgType | undefined, MsgType>;
  payload: ColumnType<Record<string, unknown>, string, string>;
  publish_at: ColumnType<Date, Date, Date>;
  status: ColumnType<ScheduleStatus, ScheduleStatus | undefined, ScheduleStatus>;
  error: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Generated<Date>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

type ScheduleTables = { channel_scheduled_messages: ChannelScheduledMessagesTable };
export type ScheduledRow = Selectable<ChannelScheduledMessagesTable>;

const t = (db: Executor): Kysely<PlatformTables & ScheduleTables> => db.withTables<ScheduleTables>();

export const insertScheduled = (
  db: Executor,
  row: {
    tenantId: string;
    authorId: string;
    title: string;
    isAlert: boolean;
    msgType: MsgType;
    payload: Record<string, unknown>;
    publishAt: Date;
  },
) =>
  t(db)
    .insertInto('channel_scheduled_messages')
    .values({
      tenant_id: row.tenantId,
      author_id: row.authorId,
      title: row.title,
      is_alert: row.isAlert,
      msg_type: row.msgType,
      payload: JSON.stringify(row.payload),
      publish_at: row.publishAt,
    })
    .returning(['id', 'publish_at'])
    .executeTakeFirstOrThrow();

export const findScheduled = (db: Executor, tenantId: string, id: string) =>
  t(db)
    .selectFrom('channel_scheduled_messages')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();

/** Messages still waiting for their time (and those that could not go out), soonest first. */
export const listOpenScheduled = (db: Executor, tenantId: string) =>
  t(db)
    .selectFrom('channel_scheduled_messages')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('status', 'in', ['scheduled', 'failed'])
    .orderBy('publish_at')
    .limit(100)
    .execute();

/**
 * Moves a scheduled message on from 'scheduled' (once: the row lock makes publishing
 * and cancelling exclude each other). Returns the row as it was, or undefined when it
 * was no longer scheduled.
 */
export async function leaveScheduled(
  db: Executor,
  tenantId: string,
  id: string,
  status: Exclude<ScheduleStatus, 'scheduled'>,
  error: string | null = null,
) {
  return t(db)
    .updateTable('channel_scheduled_messages')
    .set({ status, error, updated_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', '=', 'scheduled')
    .returningAll()
    .executeTakeFirst();
}

/** The scheduled message, locked until the transaction ends, if it is still waiting. */
export const lockScheduled = (db: Executor, tenantId: string, id: string) =>
  t(db)
    .selectFrom('channel_scheduled_messages')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', '=', 'scheduled')
    .forUpdate()
    .executeTakeFirst();

export const setScheduleStatus = (
  db: Executor,
  tenantId: string,
  id: string,
  status: ScheduleStatus,
  error: string | null = null,
) =>
  t(db)
    .updateTable('channel_scheduled_messages')
    .set({ status, error, updated_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
