import type { FastifyRequest } from 'fastify';
import { findTenantWithStamps, type TenantStamps } from '../tenancy/stamps.js';
import { notFound } from './errors.js';

const stampsOfRequest = new WeakMap<FastifyRequest, TenantStamps>();

/**
 * The version stamps modules registered (tenancy/stamps.ts), as read with this request's
 * tenant; undefined outside a tenant scope.
 */
export const tenantStampsOf = (request: FastifyRequest): TenantStamps | undefined => stampsOfRequest.get(request);

/**
 * onRequest hook for every route below /{tenant} and /api/v1/{tenant}: an unknown
 * tenant answers 404 before anything else is parsed or authorized.
 */
export async function resolveTenant(request: FastifyRequest) {
  const slug = (request.params as { tenant?: string }).tenant;
  const found = slug ? await findTenantWithStamps(request.server.platform.db, slug) : undefined;
  if (!found) throw notFound('Diese Gemeinde oder dieser Landkreis ist hier nicht bekannt.');
  request.tenant = found.tenant;
  stampsOfRequest.set(request, found.stamps);
}
