import type { FastifyRequest } from 'fastify';
import type { UserKind } from '../../platform/db/schema.js';
import type { Platform } from '../../platform/platform.js';
import type { FieldErrors } from '../../platform/views/forms.js';
import { queryParam } from './context.js';
import { authenticate, type LoginResult } from './service.js';
import { field, safeReturnPath, secretField } from './validation.js';

const LOGIN_FAILED = 'E-Mail-Adresse oder Passwort ist falsch.';
const THROTTLED = `${LOGIN_FAILED} Bitte warten Sie einige Minuten.`;

const areaOf = (kind: UserKind) => (kind === 'staff' ? 'staff' : 'site');

/** Where to go after logging in, from `?zurueck=` (GET) — only a path of this tenant's area. */
export const returnPathFromQuery = (request: FastifyRequest, kind: UserKind) =>
  safeReturnPath(queryParam(request, 'zurueck'), request.tenant.slug, areaOf(kind));

/** Where to go after logging in, from a posted `zurueck` field. */
export const returnPathFromForm = (request: FastifyRequest, kind: UserKind) =>
  safeReturnPath(field(request.body, 'zurueck'), request.tenant.slug, areaOf(kind));

export interface LoginAttempt {
  email: string;
  returnTo: string | undefined;
  result: LoginResult;
}

/** Reads a posted login form (citizen or staff: the same fields) and checks it. */
export async function attemptLogin(platform: Platform, request: FastifyRequest, kind: UserKind): Promise<LoginAttempt> {
  const email = field(request.body, 'email');
  const returnTo = returnPathFromForm(request, kind);
  const result = await authenticate(platform, request.tenant, kind, email, secretField(request.body, 'password'), request.ip);
  return { email, returnTo, result };
}

/** The form errors and status for a refused login: the same words whatever went wrong, 429 when throttled. */
export function loginRefusal(result: Exclude<LoginResult, { status: 'ok' }>): { errors: FieldErrors; status: 422 | 429 } {
  const throttled = result.status === 'throttled';
  return { errors: { email: throttled ? THROTTLED : LOGIN_FAILED }, status: throttled ? 429 : 422 };
}
