import { randomBytes } from 'node:crypto';
import type { Executor } from './db/database.js';

/**
 * A secret shared by every app process: taken from the configuration when given,
 * otherwise generated once and kept in the database (first writer wins).
 */
export async function sharedSecret(db: Executor, name: string, configured?: string): Promise<string> {
  if (configured) return configured;
  await db
    .insertInto('platform_secrets')
    .values({ name, value: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db.selectFrom('platform_secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow();
  return row.value;
}
