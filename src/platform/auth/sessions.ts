import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Config, isHttps } from '../config.js';
import type { Executor } from '../db/database.js';
import type { UserKind } from '../db/schema.js';
import type { Principal } from '../http/request-context.js';

/** One cookie per area, path-scoped to the tenant: a session never travels to another tenant. */
export const SESSION_COOKIES: Record<UserKind, string> = { citizen: 'rathaus_konto', staff: 'rathaus_verwaltung' };

export const sessionCookiePath = (kind: UserKind, tenantSlug: string) =>
  kind === 'citizen' ? `/${tenantSlug}` : `/${tenantSlug}/verwaltung`;

/** Only the hash is stored: a leaked sessions table does not log anyone in. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export const newToken = () => randomBytes(32).toString('base64url');

const MINUTE = 60_000;

export interface LoadedSession {
  idHash: string;
  pendingSecondFactor: boolean;
  principal: Principal;
}

/** Writes a new session row; returns the cookie value (never stored). */
export async function createSession(
  db: Executor,
  config: Config,
  s: { tenantId: string; userId: string; kind: UserKind; pendingSecondFactor?: boolean },
  now = new Date(),
): Promise<string> {
  const token = newToken();
  await db
    .insertInto('sessions')
    .values({
      id_hash: hashToken(token),
      tenant_id: s.tenantId,
      user_id: s.userId,
      kind: s.kind,
      pending_second_factor: s.pendingSecondFactor ?? false,
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + config.sessionAbsoluteHours * 60 * MINUTE),
    })
    .execute();
  return token;
}

/**
 * The session of this tenant and kind behind a cookie value, with its user; undefined
 * when unknown, idle too long or past its absolute lifetime (expired rows are removed).
 */
export async function findSession(
  db: Executor,
  config: Config,
  tenantId: string,
  kind: UserKind,
  token: string,
  now = new Date(),
): Promise<LoadedSession | undefined> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  const idHash = hashToken(token);
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.pending_second_factor',
      'sessions.created_at',
      'sessions.last_seen_at',
      'sessions.expires_at',
      'users.id as user_id',
      'users.email',
      'users.name',
      'users.role',
      'users.department_id',
    ])
    .where('sessions.id_hash', '=', idHash)
    .where('sessions.tenant_id', '=', tenantId)
    .where('sessions.kind', '=', kind)
    .where('users.tenant_id', '=', tenantId)
    .where('users.kind', '=', kind)
    .executeTakeFirst();
  if (!row) return undefined;
  const idleSince = now.getTime() - new Date(row.last_seen_at).getTime();
  const age = now.getTime() - new Date(row.created_at).getTime();
  if (
    idleSince > config.sessionIdleMinutes * MINUTE ||
    age > config.sessionAbsoluteHours * 60 * MINUTE ||
    new Date(row.expires_at).getTime() <= now.getTime()
  ) {
    await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
    return undefined;
  }
  // One write per minute at most: enough for the idle timeout, cheap for busy pages.
  if (idleSince > MINUTE) {
    await db.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
  }
  return {
    idHash,
    pendingSecondFactor: row.pending_second_factor,
    principal: {
      userId: row.user_id,
      tenantId,
      kind,
      email: row.email,
      name: row.name,
      role: row.role,
      departmentId: row.department_id,
      via: 'session',
    },
  };
}

export const deleteSessionByHash = (db: Executor, tenantId: string, idHash: string) =>
  db.deleteFrom('sessions').where('tenant_id', '=', tenantId).where('id_hash', '=', idHash).execute();

/** Ends every session of a user (password reset, account changes), optionally keeping one. */
export async function deleteUserSessions(db: Executor, tenantId: string, userId: string, keepIdHash?: string) {
  let query = db.deleteFrom('sessions').where('tenant_id', '=', tenantId).where('user_id', '=', userId);
  if (keepIdHash) query = query.where('id_hash', '<>', keepIdHash);
  await query.execute();
}

export function setSessionCookie(reply: FastifyReply, config: Config, kind: UserKind, tenantSlug: string, token: string) {
  reply.setCookie(SESSION_COOKIES[kind], token, {
    path: sessionCookiePath(kind, tenantSlug),
    httpOnly: true,
    sameSite: 'lax',
    secure: isHttps(config),
  });
}

export function clearSessionCookie(reply: FastifyReply, config: Config, kind: UserKind, tenantSlug: string) {
  reply.clearCookie(SESSION_COOKIES[kind], {
    path: sessionCookiePath(kind, tenantSlug),
    httpOnly: true,
    sameSite: 'lax',
    secure: isHttps(config),
  });
}

/**
 * Logs a user in on this request: drops whatever session the browser brought along
 * (never reuse a pre-login id), writes a new one and sets its cookie.
 */
export async function startSession(
  request: FastifyRequest,
  reply: FastifyReply,
  db: Executor,
  s: { userId: string; kind: UserKind; pendingSecondFactor?: boolean },
) {
  const { config } = request.server.platform;
  const previous = request.cookies[SESSION_COOKIES[s.kind]];
  if (previous) await deleteSessionByHash(db, request.tenant.id, hashToken(previous));
  const token = await createSession(db, config, { tenantId: request.tenant.id, ...s });
  setSessionCookie(reply, config, s.kind, request.tenant.slug, token);
  return token;
}

/** Logs out: deletes the session row behind the cookie and clears the cookie. */
export async function endSession(request: FastifyRequest, reply: FastifyReply, kind: UserKind) {
  const { db, config } = request.server.platform;
  const token = request.cookies[SESSION_COOKIES[kind]];
  if (token) await deleteSessionByHash(db, request.tenant.id, hashToken(token));
  clearSessionCookie(reply, config, kind, request.tenant.slug);
}
