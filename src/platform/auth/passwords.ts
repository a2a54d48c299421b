import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const MIN_PASSWORD_LENGTH = 10;
const MAX_PASSWORD_LENGTH = 256;

/** Current cost; stored in each hash, so raising it later keeps old hashes verifiable. */
const PARAMS = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 32;

/** A password hash that verifies nothing: accounts invited but without a password yet. */
export const NO_PASSWORD = '!kein-passwort';

function derive(password: string, salt: Buffer, N: number, r: number, p: number, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, length, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** `scrypt$N=32768,r=8,p=1$<salt>$<key>` (base64url): self-describing, so parameters can change. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS.N, PARAMS.r, PARAMS.p, KEY_LENGTH);
  return `scrypt$N=${PARAMS.N},r=${PARAMS.r},p=${PARAMS.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** True when the password matches; false for any malformed or placeholder hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const match = /^scrypt\$N=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/.exec(stored);
  if (!match || password.length > MAX_PASSWORD_LENGTH) {
    await burnTime(password);
    return false;
  }
  const [, n, r, p, salt, key] = match;
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p), expected.length);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the time of one verification without a real hash: a login for an unknown
 * address must not answer faster than one for a known address.
 */
export async function burnTime(password: string) {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  const stored = await dummyHash;
  const [, params, salt] = stored.split('$');
  const [n, r, p] = params.split(',').map((part) => Number(part.split('=')[1]));
  await derive(password.slice(0, MAX_PASSWORD_LENGTH), Buffer.from(salt, 'base64url'), n, r, p, KEY_LENGTH);
}

let common: Set<string> | undefined;

function commonPasswords(): Set<string> {
  common ??= new Set(
    readFileSync(join(import.meta.dirname, 'common-passwords.txt'), 'utf8')
      .split('\n')
      .map((line) => line.trim().toLowerCase())
      .filter((line) => line && !line.startsWith('#')),
  );
  return common;
}

export const isCommonPassword = (password: string) => commonPasswords().has(password.trim().toLowerCase());

/** German message when the password may not be used, else undefined. */
export function passwordProblem(password: string, context: { email?: string; name?: string } = {}): string | undefined {
  if (!password) return 'Bitte geben Sie ein Passwort ein.';
  if ([...password].length < MIN_PASSWORD_LENGTH) return `Das Passwort muss mindestens ${MIN_PASSWORD_LENGTH} Zeichen lang sein.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Das Passwort darf höchstens ${MAX_PASSWORD_LENGTH} Zeichen lang sein.`;
  if (isCommonPassword(password)) {
    return 'Dieses Passwort ist sehr verbreitet und leicht zu erraten. Bitte wählen Sie ein anderes.';
  }
  const lower = password.toLowerCase();
  if (context.email && lower === context.email.trim().toLowerCase()) {
    return 'Das Passwort darf nicht Ihre E-Mail-Adresse sein.';
  }
  if (context.name && context.name.trim().length > 0 && lower === context.name.trim().toLowerCase()) {
    return 'Das Passwort darf nicht Ihr Name sein.';
  }
  if (new Set(password).size < 3) return 'Das Passwort besteht aus zu wenigen verschiedenen Zeichen.';
  return undefined;
}
