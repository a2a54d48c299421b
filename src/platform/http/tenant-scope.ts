import type { FastifyRequest } from 'fastify';
import { findTenantBySlug } from '../tenancy/repo.js';
import { notFound } from './errors.js';

/**
 * onRequest hook for every route below /{tenant} and /api/v1/{tenant}: an unknown
 * tenant answers 404 before anything else is parsed or authorized.
 */
export async function resolveTenant(request: FastifyRequest) {
  const slug = (request.params as { tenant?: string }).tenant;
  const tenant = slug ? await findTenantBySlug(request.server.platform.db, slug) : undefined;
  if (!tenant) throw notFound('Diese Gemeinde oder dieser Landkreis ist hier nicht bekannt.');
  request.tenant = tenant;
}
