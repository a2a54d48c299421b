import type { FastifyRequest } from 'fastify';
import type { Platform } from '../platform.js';
import type { TenantStamps } from '../tenancy/stamps.js';
import { TenantMemo } from '../tenancy/tenant-memo.js';
import { notFound } from './errors.js';

const stampsOfRequest = new WeakMap<FastifyRequest, TenantStamps>();

/**
 * The version stamps modules registered (tenancy/stamps.ts), as read with this request's
 * tenant; undefined outside a tenant scope.
 */
export const tenantStampsOf = (request: FastifyRequest): TenantStamps | undefined => stampsOfRequest.get(request);

const memos = new WeakMap<Platform, TenantMemo>();

/** This process's memo of tenants and their stamps, started on first use and stopped with the platform. */
export function tenantMemoOf(platform: Platform): TenantMemo {
  let memo = memos.get(platform);
  if (!memo) {
    const created = new TenantMemo(platform.database);
    memo = created;
    memos.set(platform, created);
    platform.onStop.push(() => created.stop());
    // Until it listens, every look-up reads the database.
    created.start().catch(() => {});
  }
  return memo;
}

/**
 * onRequest hook for every route below /{tenant} and /api/v1/{tenant}: an unknown
 * tenant answers 404 before anything else is parsed or authorized.
 */
export async function resolveTenant(request: FastifyRequest) {
  const slug = (request.params as { tenant?: string }).tenant;
  const found = slug ? await tenantMemoOf(request.server.platform).find(slug) : undefined;
  if (!found) throw notFound('Diese Gemeinde oder dieser Landkreis ist hier nicht bekannt.');
  request.tenant = found.tenant;
  stampsOfRequest.set(request, found.stamps);
}
