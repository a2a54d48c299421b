import type { Executor } from '../../platform/db/database.js';
import { hitRateLimit, peekRateLimit } from '../../platform/http/rate-limit.js';

const WINDOW_SECONDS = 15 * 60;

export interface ThrottleKey {
  key: string;
  limit: number;
}

/** Failed logins: 5 per address (per tenant and area) and 30 per client IP in 15 minutes. */
export const loginKeys = (area: string, tenantId: string, email: string, ip: string): ThrottleKey[] => [
  { key: `login:${area}:${tenantId}:${email.trim().toLowerCase()}`, limit: 5 },
  { key: `login:ip:${ip}`, limit: 30 },
];

/** Wrong second-factor codes: 5 per staff member in 15 minutes. */
export const secondFactorKeys = (tenantId: string, userId: string): ThrottleKey[] => [
  { key: `totp:${tenantId}:${userId}`, limit: 5 },
];

/**
 * True while a key has used up its failures. Only failures are counted (a user who
 * logs in often is never locked out), so this reads the shared counter without
 * adding a hit.
 */
export async function isThrottled(db: Executor, keys: ThrottleKey[]): Promise<boolean> {
  for (const k of keys) if ((await peekRateLimit(db, k.key)) >= k.limit) return true;
  return false;
}

/** Counts one failure on every key; false when that used up a limit. */
export async function recordFailure(db: Executor, keys: ThrottleKey[]): Promise<boolean> {
  let allowed = true;
  for (const k of keys) {
    const result = await hitRateLimit(db, k.key, k.limit, WINDOW_SECONDS);
    // The hit that reaches the limit is still a normal failure; the next attempt is refused.
    if (!result.allowed) allowed = false;
  }
  return allowed;
}

/** Mails that anyone can trigger for an address (reset, confirmation): a few per hour, then silently none. */
export async function mayMailAddress(db: Executor, purpose: string, tenantId: string, email: string): Promise<boolean> {
  const { allowed } = await hitRateLimit(db, `mail:${purpose}:${tenantId}:${email.trim().toLowerCase()}`, 5, 60 * 60);
  return allowed;
}
