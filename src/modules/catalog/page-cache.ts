import type { FastifyRequest } from 'fastify';
import type { Executor } from '../../platform/db/database.js';
import { tenantStampsOf } from '../../platform/http/tenant-scope.js';
import type { Tenant } from '../../platform/tenancy/repo.js';
import { toTenantView } from '../../platform/views/tenant-view.js';
import { CATALOG_STAMP, CatalogMemo } from './read-cache.js';
import { serviceActionVersions } from './service-actions.js';

/**
 * Rendered public pages for visitors without a login, memoized like every catalog read:
 * per catalog version (as read with this request's tenant, so a change by any process
 * shows at once), and keyed by everything else the HTML shows: the tenant's data as this
 * request read it (settings changed anywhere show at once), the versions of what other
 * modules add (service-actions.ts) and the frame extras' key (the warning banner, itself
 * at most a second old). A page for a logged-in citizen names them and is never cached.
 */
export interface CachedPage {
  /** UTF-8, sent as is. */
  html: Buffer;
  /** What the route still does per request (e.g. count the visit). */
  serviceId: string;
}

// Only pages that exist are kept: unknown slugs (a scanner) must not fill the memory.
const pages = new CatalogMemo<CachedPage | null>(2000, (page) => page !== null);

/** Tenant data as the pages show it, named by a short number (the JSON is long). */
const tenantStamps = new Map<string, number>();
/** The tenant row is shared by requests while it is unchanged (tenancy/tenant-memo.ts): no JSON per request. */
const stampOfRow = new WeakMap<Tenant, number>();
let nextStamp = 0;
function tenantStamp(tenant: Tenant): number {
  const known = stampOfRow.get(tenant);
  if (known !== undefined) return known;
  const json = JSON.stringify(toTenantView(tenant));
  let stamp = tenantStamps.get(json);
  if (stamp === undefined) {
    if (tenantStamps.size >= 1000) tenantStamps.clear();
    stamp = nextStamp++;
    tenantStamps.set(json, stamp);
  }
  stampOfRow.set(tenant, stamp);
  return stamp;
}

/** True when the page this request gets is the same for every visitor without a login. */
export const isCacheable = (request: FastifyRequest) =>
  !request.citizen && !request.staff && (!request.frameExtras?.banner || request.frameExtras.key !== undefined);

/** The cached page for `path`, or what `render()` produces (null: no such page, never kept). */
export function cachedPage(
  db: Executor,
  request: FastifyRequest,
  path: string,
  render: () => Promise<CachedPage | null>,
): Promise<CachedPage | null> {
  const stamps = tenantStampsOf(request);
  const key = `${path}\u0000${tenantStamp(request.tenant)}\u0000${serviceActionVersions(stamps)}\u0000${request.frameExtras?.key ?? ''}`;
  return pages.get(db, request.tenant.id, key, render, stamps?.[CATALOG_STAMP]);
}

/** How many pages are kept (tests: unknown slugs must not add any). */
export const cachedPageCount = () => pages.size;
