import type { Selectable } from 'kysely';
import type { Executor } from '../db/database.js';
import type { OneTimeTokenPurpose, OneTimeTokensTable } from '../db/schema.js';
import { hashToken, newToken } from './sessions.js';

export type OneTimeToken = Selectable<OneTimeTokensTable>;

const HOUR = 60 * 60 * 1000;

/** How long a link in a mail stays valid. */
export const TOKEN_LIFETIME: Record<OneTimeTokenPurpose, number> = {
  confirm_email: 24 * HOUR,
  password_reset: 1 * HOUR,
  email_change: 24 * HOUR,
  staff_invitation: 24 * HOUR,
};

/**
 * Issues a single-use token; an older unused token of the same user and purpose stops
 * working (only the newest link in the mailbox counts). Returns the token (stored hashed).
 */
export async function issueOneTimeToken(
  db: Executor,
  t: { tenantId: string; userId: string; purpose: OneTimeTokenPurpose; payload?: Record<string, string> },
  now = new Date(),
): Promise<string> {
  await db
    .updateTable('one_time_tokens')
    .set({ used_at: now })
    .where('tenant_id', '=', t.tenantId)
    .where('user_id', '=', t.userId)
    .where('purpose', '=', t.purpose)
    .where('used_at', 'is', null)
    .execute();
  const token = newToken();
  await db
    .insertInto('one_time_tokens')
    .values({
      tenant_id: t.tenantId,
      user_id: t.userId,
      purpose: t.purpose,
      token_hash: hashToken(token),
      payload: JSON.stringify(t.payload ?? {}),
      created_at: now,
      expires_at: new Date(now.getTime() + TOKEN_LIFETIME[t.purpose]),
    })
    .execute();
  return token;
}

export type TokenCheck = { status: 'valid'; token: OneTimeToken } | { status: 'used' | 'expired' | 'unknown' };

/** Looks a token up without using it (the GET page before the confirming POST). */
export async function checkOneTimeToken(
  db: Executor,
  tenantId: string,
  purpose: OneTimeTokenPurpose,
  token: string,
  now = new Date(),
): Promise<TokenCheck> {
  if (!token || token.length > 100) return { status: 'unknown' };
  const row = await db
    .selectFrom('one_time_tokens')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('purpose', '=', purpose)
    .where('token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row) return { status: 'unknown' };
  if (row.used_at) return { status: 'used' };
  if (new Date(row.expires_at).getTime() <= now.getTime()) return { status: 'expired' };
  return { status: 'valid', token: row };
}

/** Marks a valid token used, atomically: two concurrent requests cannot both use it. */
export async function consumeOneTimeToken(
  db: Executor,
  tenantId: string,
  purpose: OneTimeTokenPurpose,
  token: string,
  now = new Date(),
): Promise<TokenCheck> {
  if (!token || token.length > 100) return { status: 'unknown' };
  const row = await db
    .updateTable('one_time_tokens')
    .set({ used_at: now })
    .where('tenant_id', '=', tenantId)
    .where('purpose', '=', purpose)
    .where('token_hash', '=', hashToken(token))
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returningAll()
    .executeTakeFirst();
  if (row) return { status: 'valid', token: row };
  return checkOneTimeToken(db, tenantId, purpose, token, now);
}
