import { type Kysely, sql } from 'kysely';

/**
 * Rate-limit counters shared by every app process. Unlogged: a counter lost in a
 * crash only gives a client a fresh window, and skipping the WAL keeps the
 * write on every API request cheap.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create unlogged table rate_limits (
      key text primary key,
      hits integer not null,
      expires_at timestamptz not null
    )`.execute(db);
  await sql`create index rate_limits_expires_at on rate_limits (expires_at)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrationen werden nicht zurückgenommen.');
}
