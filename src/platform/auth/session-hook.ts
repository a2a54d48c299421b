import type { FastifyRequest } from 'fastify';
import { findSession, type LoadedSession, SESSION_COOKIES } from './sessions.js';

/** Staff sessions that passed the password but still owe the second factor. */
const pending = new WeakMap<FastifyRequest, LoadedSession>();

/** The half-finished staff login of this request (password ok, TOTP code missing). */
export const pendingSecondFactor = (request: FastifyRequest) => pending.get(request);

/**
 * onRequest hook below /{tenant}, after resolveTenant: loads the citizen and staff
 * sessions of this tenant from their cookies. A session of another tenant is simply
 * not found, so nobody carries a login across tenants.
 */
export async function loadSessions(request: FastifyRequest) {
  const { db, config } = request.server.platform;
  const tenantId = request.tenant.id;
  const citizenToken = request.cookies[SESSION_COOKIES.citizen];
  if (citizenToken) {
    const session = await findSession(db, config, tenantId, 'citizen', citizenToken);
    if (session) request.citizen = session.principal;
  }
  const staffToken = request.cookies[SESSION_COOKIES.staff];
  if (staffToken) {
    const session = await findSession(db, config, tenantId, 'staff', staffToken);
    if (session?.pendingSecondFactor) pending.set(request, session);
    else if (session) request.staff = session.principal;
  }
}
