/**
 * Drafts hold what a citizen typed (names, addresses, uploads) and expire 30 days after
 * their last save. Expired ones cannot be opened any more, so they are deleted: their
 * e-mail links go with them (foreign key), their uploads become orphans for the daily
 * file sweep.
 */
import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import type { FormsTables } from './tables.js';

export const DRAFT_PURGE_JOB = 'forms.purge_expired_drafts';

/** Deletes every expired draft of every tenant; returns how many. */
export async function purgeExpiredDrafts(db: Executor, now = new Date()): Promise<number> {
  const result = await db
    .withTables<FormsTables>()
    .deleteFrom('forms_drafts')
    .where('expires_at', '<=', sql<Date>`${now}`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
