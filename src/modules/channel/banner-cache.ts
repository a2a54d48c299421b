import type { VNode } from 'preact';
import type { Executor } from '../../platform/db/database.js';
import { loadActiveAlerts } from './service.js';
import { AlertBanner } from './views/AlertBanner.js';

/**
 * The warning banner stands on every public page, so its query ran on every request.
 * It is memoized per process for at most MAX_AGE_MS: an alert published or cancelled by
 * another process (or reaching its validity bounds) shows within that second; one
 * published by this process shows at once (publishMessage calls forgetAlertBanner).
 */
export const BANNER_MAX_AGE_MS = 1000;

export interface AlertBannerState {
  banner: VNode | null;
  /** Names the banner's content: equal keys render equal HTML (page caches use it). */
  key: string;
}

interface Entry {
  loadedAt: number;
  state: Promise<AlertBannerState>;
}

/** Per database handle (tests run several apps in one process), then per tenant. */
const entries = new WeakMap<Executor, Map<string, Entry>>();
/** Bumped by forgetAlertBanner: a load that started before must not store its result. */
const generations = new WeakMap<Executor, Map<string, number>>();

const generationOf = (db: Executor, tenantId: string) => generations.get(db)?.get(tenantId) ?? 0;

/** The banner of the tenant's active alerts (null without any), at most a second old. */
export function loadAlertBanner(db: Executor, tenant: { id: string; slug: string }, now = Date.now()): Promise<AlertBannerState> {
  if (db.isTransaction) return buildBanner(db, tenant);
  let perTenant = entries.get(db);
  if (!perTenant) {
    perTenant = new Map();
    entries.set(db, perTenant);
  }
  const hit = perTenant.get(tenant.id);
  if (hit && now - hit.loadedAt < BANNER_MAX_AGE_MS) return hit.state;
  const generation = generationOf(db, tenant.id);
  // Concurrent requests share one query; a failed one is not kept.
  const state = buildBanner(db, tenant);
  const entry = { loadedAt: now, state };
  perTenant.set(tenant.id, entry);
  state.then(
    () => {
      if (generationOf(db, tenant.id) !== generation && perTenant.get(tenant.id) === entry) perTenant.delete(tenant.id);
    },
    () => {
      if (perTenant.get(tenant.id) === entry) perTenant.delete(tenant.id);
    },
  );
  return state;
}

/** After this process committed a change to the tenant's alerts: the next page reads them anew. */
export function forgetAlertBanner(db: Executor, tenantId: string) {
  let perTenant = generations.get(db);
  if (!perTenant) {
    perTenant = new Map();
    generations.set(db, perTenant);
  }
  perTenant.set(tenantId, generationOf(db, tenantId) + 1);
  entries.get(db)?.delete(tenantId);
}

async function buildBanner(db: Executor, tenant: { id: string; slug: string }): Promise<AlertBannerState> {
  const alerts = await loadActiveAlerts(db, tenant.id);
  if (alerts.length === 0) return { banner: null, key: '' };
  // Everything the banner shows comes from these rows; an update or cancel is a new message id.
  const key = alerts.map((a) => `${a.id}:${a.alert?.validUntil.getTime() ?? ''}`).join(',');
  return { banner: AlertBanner({ tenantSlug: tenant.slug, alerts }), key };
}
