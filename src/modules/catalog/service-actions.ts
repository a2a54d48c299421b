import type { Executor } from '../../platform/db/database.js';
import type { TenantStamps } from '../../platform/tenancy/stamps.js';

/** A link on a service page that another module offers, e.g. "Termin buchen". */
export interface ServiceAction {
  label: string;
  href: string;
}

/**
 * Other modules contribute actions to service pages through this registry, so the catalog
 * needs no import of them (they import the catalog). A provider's actions may only depend
 * on data its tenant stamp versions: the stamp is part of the cached page's key.
 */
export interface ServiceActionProvider {
  /** Name of the tenant stamp (tenancy/stamps.ts) that changes whenever the provider's answer may. */
  stamp: string;
  actionsFor(
    db: Executor,
    tenant: { id: string; slug: string },
    serviceSlug: string,
    stamps: TenantStamps | undefined,
  ): Promise<ServiceAction[]>;
}

const providers: ServiceActionProvider[] = [];

export function registerServiceActions(provider: ServiceActionProvider) {
  providers.push(provider);
}

/** Every registered action for the service `serviceSlug`, in registration order. */
export async function serviceActionsFor(
  db: Executor,
  tenant: { id: string; slug: string },
  serviceSlug: string,
  stamps: TenantStamps | undefined,
): Promise<ServiceAction[]> {
  const lists = await Promise.all(providers.map((p) => p.actionsFor(db, tenant, serviceSlug, stamps)));
  return lists.flat();
}

/** The versions of everything the actions show, for a cache key. */
export const serviceActionVersions = (stamps: TenantStamps | undefined) =>
  providers.map((p) => stamps?.[p.stamp] ?? '-').join(',');
