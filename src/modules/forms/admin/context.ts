import type { FastifyReply, FastifyRequest } from 'fastify';
import { csrfToken } from '../../../platform/auth/csrf.js';
import { requireStaff } from '../../../platform/auth/guards.js';
import { notFound } from '../../../platform/http/errors.js';
import type { StaffNavItem } from '../../../platform/views/StaffFrame.js';
import { toTenantView } from '../../../platform/views/tenant-view.js';
import { FIELD_KEY } from '../definition.js';
import { BUILDER_NOTICES, type BuilderContext } from '../views/builder-parts.js';

export const formsStaffNav: StaffNavItem[] = [{ path: '/verfahren', label: 'Online-Verfahren', roles: ['admin', 'editor'] }];

/** Editors and administrators build procedures; clerks and others get 404, like the other back-office modules. */
export const requireBuilder = (request: FastifyRequest) => requireStaff(request, 'admin', 'editor');

export function builderContext(request: FastifyRequest, reply: FastifyReply): BuilderContext {
  const staff = request.staff;
  const key = (request.query as Record<string, unknown> | undefined)?.hinweis;
  return {
    tenant: toTenantView(request.tenant),
    staff: staff ? { name: staff.name, email: staff.email, role: staff.role } : null,
    csrf: csrfToken(request, reply),
    nav: request.server.staffNav,
    base: `/${request.tenant.slug}/verwaltung/verfahren`,
    notice: typeof key === 'string' ? BUILDER_NOTICES[key] : undefined,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID route parameter, or 404 (a malformed id must not reach PostgreSQL as a uuid). */
export function idParam(value: string | undefined): string {
  if (!value || !UUID.test(value)) throw notFound();
  return value.toLowerCase();
}

/** "3" → page index 2; 404 for anything else. */
export function pageParam(value: string | undefined): number {
  if (!value || !/^[1-9]\d?$/.test(value)) throw notFound();
  return Number(value) - 1;
}

export function keyParam(value: string | undefined): string {
  if (!value || !FIELD_KEY.test(value)) throw notFound();
  return value;
}

/** A form field as a trimmed string. */
export const field = (body: unknown, name: string): string => {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first.trim() : '';
};
