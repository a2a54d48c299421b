import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Executor } from '../../platform/db/database.js';
import type { Platform } from '../../platform/platform.js';
import { sharedSecret } from '../../platform/secrets.js';

/**
 * The secret of a booking's view/move/cancel links. Derived from the booking id under a
 * secret shared by every process, so the reminder or a move by the front desk can send
 * the same links again; the database keeps only its SHA-256 (a copy of the table
 * alone opens no appointment).
 */
const secrets = new WeakMap<Platform, Promise<string>>();

/** Inside a transaction pass its handle: on PGlite the root handle would wait for the transaction. */
export function linkSecret(platform: Platform, db: Executor): Promise<string> {
  let secret = secrets.get(platform);
  if (!secret) {
    secret = sharedSecret(db, 'appointment-links', platform.config.sessionSecret);
    secrets.set(platform, secret);
    secret.catch(() => secrets.delete(platform));
  }
  return secret;
}

export async function bookingToken(platform: Platform, bookingId: string, db: Executor = platform.db): Promise<string> {
  return createHmac('sha256', await linkSecret(platform, db))
    .update(`appointment-link:${bookingId}`)
    .digest('base64url');
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Constant-time comparison of a presented token with the stored hash. */
export function tokenMatches(token: unknown, storedHash: string): boolean {
  if (typeof token !== 'string' || token.length < 20 || token.length > 100) return false;
  const given = Buffer.from(hashToken(token));
  const stored = Buffer.from(storedHash);
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/** The per-booking secret of a video room. */
export const newVideoSecret = () => randomBytes(12).toString('base64url').replace(/[-_]/g, 'x');

const REFERENCE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A short reference for phone calls and the front desk, e.g. T-7K3M9Q (no 0/O, 1/I). */
export function newReference(): string {
  const bytes = randomBytes(6);
  return `T-${[...bytes].map((b) => REFERENCE_ALPHABET[b % REFERENCE_ALPHABET.length]).join('')}`;
}

export interface BookingLinks {
  view: string;
  cancel: string;
  move: string;
  ics: string;
}

export function bookingLinks(publicUrl: string, tenantSlug: string, bookingId: string, token: string): BookingLinks {
  const base = `${publicUrl}/${tenantSlug}/termine/buchung/${bookingId}`;
  const q = `?token=${encodeURIComponent(token)}`;
  return { view: `${base}${q}`, cancel: `${base}/absagen${q}`, move: `${base}/verschieben${q}`, ics: `${base}/termin.ics${q}` };
}
