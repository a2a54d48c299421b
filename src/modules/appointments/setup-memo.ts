import { sql } from 'kysely';
import { registerTenantStamp } from '../../platform/tenancy/stamps.js';

/** The set-up version comes with the tenant of each request (migration 0018). */
export const APPOINTMENTS_STAMP = 'appointments';
registerTenantStamp(
  APPOINTMENTS_STAMP,
  sql<string | null>`(select v.token::text from appointment_versions v where v.tenant_id = tenants.id)`,
);

/**
 * One value per tenant, memoized in this process but only ever served for the version
 * PostgreSQL names right now (and the `stamp`, e.g. today's date): a change committed by any
 * process replaces the version, so it is seen by the next read everywhere. Concurrent misses
 * share one load. Inside a transaction the caller must not use it (it may see its own
 * uncommitted changes).
 */
export class VersionMemo<V> {
  private readonly entries = new Map<string, { key: string; value: Promise<V> }>();

  constructor(private readonly maxTenants: number) {}

  get(tenantId: string, version: string | null, stamp: string, load: () => Promise<V>): Promise<V> {
    const key = `${version ?? 'initial'}\u0000${stamp}`;
    const hit = this.entries.get(tenantId);
    if (hit && hit.key === key) return hit.value;
    const value = load();
    const entry = { key, value };
    this.entries.delete(tenantId);
    this.entries.set(tenantId, entry);
    // A failed load is not kept.
    value.catch(() => {
      if (this.entries.get(tenantId) === entry) this.entries.delete(tenantId);
    });
    if (this.entries.size > this.maxTenants) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }

  /** Fine for tests and the bench: the next read loads again. */
  clear() {
    this.entries.clear();
  }
}

/**
 * Concurrent reads of one value, shared but never stale: every caller gets the result of a
 * read that started after it called. While a read runs, later callers wait for one next read
 * together. So a burst of 500 bookings costs a couple of version reads, not 500, and a
 * change committed before a caller arrived is always seen.
 */
export class FreshReads<K, T> {
  private readonly running = new Map<K, Promise<T>>();
  private readonly queued = new Map<K, Promise<T>>();

  read(key: K, load: () => Promise<T>): Promise<T> {
    const running = this.running.get(key);
    if (!running) return this.start(key, load);
    let next = this.queued.get(key);
    if (!next) {
      next = running.then(
        () => this.next(key, load),
        () => this.next(key, load),
      );
      this.queued.set(key, next);
    }
    return next;
  }

  private next(key: K, load: () => Promise<T>): Promise<T> {
    this.queued.delete(key);
    return this.start(key, load);
  }

  private start(key: K, load: () => Promise<T>): Promise<T> {
    const read = load();
    this.running.set(key, read);
    const done = () => {
      if (this.running.get(key) === read) this.running.delete(key);
    };
    read.then(done, done);
    return read;
  }
}
