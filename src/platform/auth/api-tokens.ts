import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Executor } from '../db/database.js';
import { HttpError } from '../http/errors.js';
import { hashToken } from './sessions.js';

const PREFIX = 'rh_';

/** Creates a token for a staff user; returns it once (only its hash is stored). */
export async function createApiToken(db: Executor, t: { tenantId: string; userId: string; name: string }) {
  const token = `${PREFIX}${randomBytes(32).toString('base64url')}`;
  const row = await db
    .insertInto('api_tokens')
    .values({ tenant_id: t.tenantId, user_id: t.userId, name: t.name, token_hash: hashToken(token) })
    .returning(['id', 'name', 'created_at'])
    .executeTakeFirstOrThrow();
  return { ...row, token };
}

export const revokeApiToken = (db: Executor, tenantId: string, tokenId: string) =>
  db
    .updateTable('api_tokens')
    .set({ revoked_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', tokenId)
    .where('revoked_at', 'is', null)
    .execute();

const invalidToken = () => new HttpError(401, 'invalid_token', 'Das API-Token ist ungültig oder wurde widerrufen.');

/**
 * onRequest hook below /api/v1/{tenant}, after resolveTenant: a Bearer token makes its
 * staff user the request's principal. A token that is unknown, revoked or belongs to
 * another tenant is rejected with 401 (never silently ignored).
 */
export async function loadApiToken(request: FastifyRequest) {
  const header = request.headers.authorization;
  if (!header) return;
  const token = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
  if (!token?.startsWith(PREFIX) || token.length > 200) throw invalidToken();
  const { db } = request.server.platform;
  const tokenHash = hashToken(token);
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select([
      'api_tokens.id',
      'api_tokens.last_used_at',
      'users.id as user_id',
      'users.email',
      'users.name',
      'users.role',
      'users.department_id',
    ])
    .where('api_tokens.token_hash', '=', tokenHash)
    .where('api_tokens.tenant_id', '=', request.tenant.id)
    .where('api_tokens.revoked_at', 'is', null)
    .where('users.tenant_id', '=', request.tenant.id)
    .where('users.kind', '=', 'staff')
    .executeTakeFirst();
  if (!row) throw invalidToken();
  const now = new Date();
  if (!row.last_used_at || now.getTime() - new Date(row.last_used_at).getTime() > 60_000) {
    await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
  }
  request.staff = {
    userId: row.user_id,
    tenantId: request.tenant.id,
    kind: 'staff',
    email: row.email,
    name: row.name,
    role: row.role,
    departmentId: row.department_id,
    via: 'token',
  };
}
