import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../db/database.js';
import type { Tenant } from './repo.js';

/**
 * Version tokens of module data (e.g. the catalog version), read in the same query as the
 * tenant at the start of every request below /{tenant}: a module whose memo must be checked
 * against the database per request (see catalog/read-cache.ts) saves a round trip. The
 * platform only runs the SQL a module registers; it knows nothing of the tables.
 */
const stamps = new Map<string, RawBuilder<string | null>>();

/** `expression` is SQL of one text value over the row `tenants` (e.g. a scalar subquery by `tenants.id`). */
export function registerTenantStamp(name: string, expression: RawBuilder<string | null>) {
  if (!/^[a-z][a-z_]*$/.test(name)) throw new Error(`Ungültiger Name für einen Mandanten-Stempel: ${name}`);
  stamps.set(name, expression);
}

export type TenantStamps = Readonly<Record<string, string | null>>;
export interface TenantWithStamps {
  tenant: Tenant;
  stamps: TenantStamps;
}

/**
 * The tenant of `slug` with every registered stamp as of this query. A stamp's table needs
 * the notify trigger of migration 0020, or processes keep serving its old value (tenant-memo.ts).
 */
export async function findTenantWithStamps(db: Executor, slug: string): Promise<TenantWithStamps | undefined> {
  const names = [...stamps.keys()];
  let query = db.selectFrom('tenants').selectAll('tenants').where('slug', '=', slug);
  for (const name of names) query = query.select(sql<string | null>`${stamps.get(name)}`.as(`stamp_${name}`)) as typeof query;
  const row = await query.executeTakeFirst();
  if (!row) return undefined;
  const all = row as Record<string, unknown>;
  const found: Record<string, string | null> = {};
  for (const name of names) {
    found[name] = (all[`stamp_${name}`] as string | null) ?? null;
    delete all[`stamp_${name}`];
  }
  return { tenant: row as Tenant, stamps: found };
}
