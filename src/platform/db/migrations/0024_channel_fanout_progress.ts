import { type Kysely, sql } from 'kysely';

/**
 * The fan-out of a message writes its deliveries in steps, each its own transaction, so
 * the first mails go out while the rest is still being written. The message row keeps
 * where the next step goes on: the last subscriber written (deliveries are written in
 * subscriber id order) and the number of batches queued so far. A step locks the row,
 * so a retried or doubled fan-out job continues instead of repeating; `fanned_out_at`
 * now says the fan-out is complete.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table channel_messages
      add column fanout_cursor uuid,
      add column fanout_batches integer not null default 0`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table channel_messages drop column fanout_cursor, drop column fanout_batches`.execute(db);
}
