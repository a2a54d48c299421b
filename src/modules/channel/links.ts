import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Platform } from '../../platform/platform.js';
import { sharedSecret } from '../../platform/secrets.js';
import { UUID } from './validation.js';

/**
 * Manage and unsubscribe links: "<subscriber id>.<HMAC over tenant, subscriber and
 * link_version>". Nothing secret is stored, so every mail of a fan-out can carry a link
 * without a write per recipient; bumping link_version revokes all links sent so far.
 */
const secrets = new WeakMap<Platform, Promise<string>>();

function secretOf(platform: Platform): Promise<string> {
  let secret = secrets.get(platform);
  if (!secret) {
    secret = sharedSecret(platform.db, 'channel-links', platform.config.sessionSecret);
    secrets.set(platform, secret);
  }
  return secret;
}

const mac = (secret: string, tenantId: string, subscriberId: string, version: number) =>
  createHmac('sha256', secret).update(`channel-manage:${tenantId}:${subscriberId}:${version}`).digest('base64url').slice(0, 32);

/** A link maker for many mails at once (one secret lookup). */
export async function manageTokenSigner(platform: Platform) {
  const secret = await secretOf(platform);
  return (tenantId: string, subscriber: { id: string; link_version: number }) =>
    `${subscriber.id}.${mac(secret, tenantId, subscriber.id, subscriber.link_version)}`;
}

/** The subscriber id named by a token, if the token's form is right (check it with verifyManageToken). */
export function subscriberIdOf(token: string): string | undefined {
  const [id, given] = token.split('.');
  return id && given && UUID.test(id) && token.length < 120 ? id.toLowerCase() : undefined;
}

export async function verifyManageToken(
  platform: Platform,
  tenantId: string,
  token: string,
  subscriber: { id: string; link_version: number },
) {
  const given = Buffer.from(token.split('.')[1] ?? '');
  const expected = Buffer.from(mac(await secretOf(platform), tenantId, subscriber.id, subscriber.link_version));
  return given.length === expected.length && timingSafeEqual(given, expected);
}
