import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import { registerTenantStamp } from '../../platform/tenancy/stamps.js';
import { readCatalogVersion } from './repo.js';

/** The catalog version comes with the tenant of each request (one round trip instead of two). */
export const CATALOG_STAMP = 'catalog';
registerTenantStamp(
  CATALOG_STAMP,
  sql<string | null>`(select v.token::text from catalog_versions v where v.tenant_id = tenants.id)`,
);

/**
 * Public catalog reads memoized in this process, but only ever served for the catalog
 * version PostgreSQL names right now (migration 0011 replaces the token on every committed
 * catalog change): so no process serves what another process has changed, and the truth
 * stays in the database. Costs one primary-key read per request instead of the search.
 */
export class CatalogMemo<V> {
  private readonly entries = new Map<string, V>();

  /** `keep`: whether a loaded value is memoized (e.g. not "not found", whose keys are unbounded). */
  constructor(
    private readonly maxEntries: number,
    private readonly keep: (value: V) => boolean = () => true,
  ) {}

  get size() {
    return this.entries.size;
  }

  /**
   * The memoized value for (tenant, key) at the tenant's current catalog version, or
   * `load()`'s. Inside a transaction it always loads: the transaction may see its own
   * uncommitted changes, which must never be memoized. `knownVersion`: the version read
   * earlier in this request (see catalogVersionStamp); what `load()` reads is at least as new.
   */
  async get(db: Executor, tenantId: string, key: string, load: () => Promise<V>, knownVersion?: string | null): Promise<V> {
    if (db.isTransaction) return load();
    // Read with the tenant in this request (tenant stamp), or now.
    const version = knownVersion !== undefined ? knownVersion : await readCatalogVersion(db, tenantId);
    const fullKey = `${tenantId}\u0000${version ?? 'initial'}\u0000${key}`;
    const hit = this.entries.get(fullKey);
    if (hit !== undefined) {
      // Map order is insertion order: re-inserting keeps recently used entries last.
      this.entries.delete(fullKey);
      this.entries.set(fullKey, hit);
      return hit;
    }
    const value = await load();
    if (!this.keep(value)) return value;
    this.entries.set(fullKey, value);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }
}
