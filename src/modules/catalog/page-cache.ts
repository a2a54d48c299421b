import type { FastifyRequest } from 'fastify';
import type { Executor } from '../../platform/db/database.js';
import { tenantStampsOf } from '../../platform/http/tenant-scope.js';
import type { Tenant } from '../../platform/tenancy/repo.js';
import { toTenantView } from '../../platform/views/tenant-view.js';
import { CATALOG_STAMP, CatalogMemo } from './read-cache.js';

/**
 * Rendered public pages for visitors without a login, memoized like every catalog read:
 * per catalog version (checked in PostgreSQL on each request, so a change by any process
 * shows at once), and keyed by everything else the HTML shows: the tenant's data as this
 * request read it (settings changed anywhere show at once) and the frame extras' key
 * (the warning banner, itself at most a second old). A page for a logged-in citizen names
 * them and is never cached.
 */
export interface CachedPage {
  /** UTF-8, sent as is. */
  html: Buffer;
  /** What the route still does per request (e.g. count the visit). */
  serviceId: string;
}

const pages = new CatalogMemo<CachedPage | null>(2000);

/** Tenant data as the pages show it, named by a short number (the JSON is long). */
const tenantStamps = new Map<string, number>();
let nextStamp = 0;
function tenantStamp(tenant: Tenant): number {
  const json = JSON.stringify(toTenantView(tenant));
  let stamp = tenantStamps.get(json);
  if (stamp === undefined) {
    if (tenantStamps.size >= 1000) tenantStamps.clear();
    stamp = nextStamp++;
    tenantStamps.set(json, stamp);
  }
  return stamp;
}

/** True when the page this request gets is the same for every visitor without a login. */
export const isCacheable = (request: FastifyRequest) =>
  !request.citizen && !request.staff && (!request.frameExtras?.banner || request.frameExtras.key !== undefined);

/** The cached page for `path`, or what `render()` produces (null: no such page, not cached as HTML). */
export function cachedPage(
  db: Executor,
  request: FastifyRequest,
  path: string,
  render: () => Promise<CachedPage | null>,
): Promise<CachedPage | null> {
  const key = `${path}\u0000${tenantStamp(request.tenant)}\u0000${request.frameExtras?.key ?? ''}`;
  return pages.get(db, request.tenant.id, key, render, tenantStampsOf(request)?.[CATALOG_STAMP]);
}
