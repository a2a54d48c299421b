import pg from 'pg';
import type { Database } from '../db/database.js';
import { findTenantWithStamps, type TenantWithStamps } from './stamps.js';

/** Migration 0020 notifies it with the tenant id on every committed change of a tenant or a stamp. */
export const TENANT_STAMPS_CHANNEL = 'rathaus_tenant_stamps';

const MAX_TENANTS = 1000;
const RECONNECT_MS = 1000;

/**
 * The tenant row with its version stamps, kept in this process instead of read on every
 * request. A copy is only kept and served while this process hears the database's
 * notifications (migration 0020): a change committed by any process drops it here.
 *
 * PostgreSQL: one LISTEN connection per process; while it is down (or reconnecting)
 * nothing is served from memory, since notifications may be missed then. A notification
 * arrives a moment after the writer's commit; so that this process always sees its own
 * writes on the next request, any connection it has used since the last check makes the
 * next look-up wait for one round trip on the LISTEN connection (PostgreSQL sends the
 * pending notifications before that answer).
 * PGlite: one session, notifications arrive with the answer to the committing statement.
 */
export class TenantMemo {
  private readonly entries = new Map<string, TenantWithStamps>();
  /** Bumped by every drop: a look-up that overlapped one keeps nothing. */
  private generation = 0;
  private listening = false;
  private stopped = false;
  private listener?: pg.Client;
  private reconnectTimer?: NodeJS.Timeout;
  private unsubscribe?: () => void;
  /** Connections this process has given back to the pool, and how many a round trip covered. */
  private released = 0;
  private covered = 0;
  private roundTrip?: Promise<void>;
  private readonly onRelease = () => {
    this.released++;
  };

  constructor(
    private readonly database: Database,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  /** True while copies may be served (for tests and diagnostics). */
  get active() {
    return this.listening;
  }

  async start(): Promise<void> {
    if (this.database.pglite) {
      this.unsubscribe = this.database.pglite.onNotification((channel, payload) => {
        if (channel === TENANT_STAMPS_CHANNEL) this.drop(payload);
      });
      // Through the engine's gate: a LISTEN inside someone's transaction would end with it.
      await this.database.executor.executeSql(`listen ${TENANT_STAMPS_CHANNEL}`);
      if (!this.stopped) this.listening = true;
    } else if (this.database.pool) {
      this.database.pool.on('release', this.onRelease);
      await this.connect();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.goDeaf();
    clearTimeout(this.reconnectTimer);
    this.unsubscribe?.();
    this.database.pool?.off('release', this.onRelease);
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => {});
  }

  /** The tenant of `slug` with its stamps, as committed now (undefined: no such tenant). */
  async find(slug: string): Promise<TenantWithStamps | undefined> {
    if (!this.listening) return findTenantWithStamps(this.database.db, slug);
    if (this.covered !== this.released) await this.waitForNotifications();
    const hit = this.entries.get(slug);
    if (hit) return hit;
    const generation = this.generation;
    const found = await findTenantWithStamps(this.database.db, slug);
    // Unknown slugs are not kept: a scanner must not fill the memory.
    if (found && this.listening && generation === this.generation) {
      if (this.entries.size >= MAX_TENANTS) this.entries.clear();
      this.entries.set(slug, found);
    }
    return found;
  }

  /** Forgets the tenant `tenantId` (every tenant without it). */
  drop(tenantId?: string) {
    this.generation++;
    if (!tenantId) return this.entries.clear();
    for (const [slug, entry] of this.entries) if (entry.tenant.id === tenantId) this.entries.delete(slug);
  }

  /**
   * Waits until every notification committed before now has been heard (PostgreSQL; on
   * PGlite they already have). Look-ups do this themselves after this process's own writes;
   * a test calls it after writing through another connection.
   */
  catchUp(): Promise<void> {
    this.released++;
    return this.waitForNotifications();
  }

  private async waitForNotifications(): Promise<void> {
    while (this.listening && this.covered !== this.released) {
      if (!this.roundTrip) {
        const target = this.released;
        const listener = this.listener;
        this.roundTrip = (listener ? listener.query('select 1').then(() => {}) : Promise.resolve())
          .then(
            () => {
              if (this.listener === listener) this.covered = target;
            },
            (error) => this.lost(listener, error),
          )
          .finally(() => {
            this.roundTrip = undefined;
          });
      }
      await this.roundTrip;
    }
  }

  private async connect() {
    const pool = this.database.pool;
    if (!pool || this.stopped) return;
    // Named, so an operator sees what this connection is for (and a test can cut it).
    const client = new pg.Client({ ...(pool.options as pg.ClientConfig), application_name: 'rathaus-tenant-memo' });
    client.on('notification', (message) => {
      if (message.channel === TENANT_STAMPS_CHANNEL) this.drop(message.payload);
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    this.listener = client;
    try {
      await client.connect();
      await client.query(`listen ${TENANT_STAMPS_CHANNEL}`);
      if (this.listener !== client || this.stopped) return;
      // Whatever happened before the LISTEN may have gone unheard.
      this.drop();
      this.covered = this.released;
      this.listening = true;
    } catch (error) {
      this.lost(client, error);
    }
  }

  /** The LISTEN connection is gone: serve nothing from memory until it is back. */
  private lost(client: pg.Client | undefined, error?: unknown) {
    if (!client || this.listener !== client) return;
    this.listener = undefined;
    this.goDeaf();
    client.end().catch(() => {});
    if (this.stopped) return;
    if (error) this.onError(error);
    this.reconnectTimer = setTimeout(() => void this.connect(), RECONNECT_MS);
    this.reconnectTimer.unref();
  }

  private goDeaf() {
    this.listening = false;
    this.drop();
  }
}
