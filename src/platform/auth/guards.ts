import type { FastifyRequest } from 'fastify';
import type { StaffRole } from '../db/schema.js';
import { HttpError, notFound } from '../http/errors.js';
import type { Principal } from '../http/request-context.js';

/** Thrown for a back-office page without a staff session: the handler redirects to login. */
export class StaffLoginRequired extends HttpError {
  constructor(readonly returnTo: string) {
    super(401, 'unauthorized', 'Bitte melden Sie sich an.');
  }
}

/**
 * The logged-in staff member of this request's tenant with one of the roles.
 * A session of another tenant never reaches here (sessions are looked up per tenant),
 * so another tenant's staff see "login", and a wrong role sees 404: the back office
 * does not reveal which pages exist.
 */
export function requireStaff(request: FastifyRequest, ...roles: StaffRole[]): Principal {
  const staff = request.staff;
  if (!staff || staff.tenantId !== request.tenant.id) {
    if (request.url.startsWith('/api/')) throw new HttpError(401, 'unauthorized', 'Ein gültiges API-Token ist erforderlich.');
    throw new StaffLoginRequired(request.url);
  }
  if (roles.length > 0 && (!staff.role || !roles.includes(staff.role))) throw notFound();
  return staff;
}

/** The logged-in citizen of this tenant, or a redirect to the citizen login. */
export function requireCitizen(request: FastifyRequest): Principal {
  const citizen = request.citizen;
  if (!citizen || citizen.tenantId !== request.tenant.id) {
    throw new HttpError(401, 'citizen_login_required', 'Bitte melden Sie sich an.');
  }
  return citizen;
}

/** Where to send someone who must log in first (used by the error handler). */
export function loginRedirectFor(request: FastifyRequest, error: unknown): string | undefined {
  if (request.url.startsWith('/api/') || !request.tenant) return undefined;
  const back = encodeURIComponent(request.url);
  if (error instanceof StaffLoginRequired) return `/${request.tenant.slug}/verwaltung/anmelden?zurueck=${back}`;
  if (error instanceof HttpError && error.code === 'citizen_login_required') return `/${request.tenant.slug}/konto/anmelden?zurueck=${back}`;
  return undefined;
}
