import { sql } from 'kysely';
import type { Executor } from './db/database.js';

/**
 * Blobs are stored once per content hash and shared: a catalog PDF, a room photo and a
 * document in a case file may be the same bytes, in different tenants. Before a module
 * deletes a blob (the retention job does), every table that can name a blob is asked.
 * Each module registers the question for its own tables in its `setup`.
 */
export type BlobReferenceCheck = (db: Executor, sha256: string) => Promise<boolean>;

const checks = new Map<string, BlobReferenceCheck>([
  [
    'tenants.logo',
    async (db, sha256) =>
      (await sql<{ one: number }>`select 1 as one from tenants where logo_sha256 = ${sha256} limit 1`.execute(db)).rows.length >
      0,
  ],
]);

/** Registers (or replaces) the check of one module's tables; `name` keeps it idempotent. */
export function registerBlobReferences(name: string, check: BlobReferenceCheck): void {
  checks.set(name, check);
}

/** Whether any table of any module, in any tenant, still names this blob. */
export async function isBlobReferencedAnywhere(db: Executor, sha256: string): Promise<boolean> {
  for (const check of checks.values()) if (await check(db, sha256)) return true;
  return false;
}

/** A check for a plain `sha256`-style column: `exists (select 1 from table where column = hash)`. */
export const columnNames =
  (table: string, column: string): BlobReferenceCheck =>
  async (db, sha256) =>
    (
      await sql<{ one: number }>`select 1 as one from ${sql.table(table)} where ${sql.ref(column)} = ${sha256} limit 1`.execute(
        db,
      )
    ).rows.length > 0;
