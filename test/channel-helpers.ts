import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { ParsedMail } from 'mailparser';
import { seedChannelDemo } from '../src/demo/channel/seed.js';
import type { Platform } from '../src/platform/platform.js';
import type { Tenant } from '../src/platform/tenancy/repo.js';
import type { Browser } from './accounts-helpers.js';

/** The eight demo topics for a test tenant. */
export const seedTopics = (platform: Platform, tenant: Tenant) => seedChannelDemo(platform, tenant, new Map());

const ch = (platform: Platform) => platform.db.withTables<import('../src/modules/channel/tables.js').ChannelTables>();

/** Confirmed (or not) subscribers of the topics, written directly: the fan-out tests need many quickly. */
export async function addSubscribers(platform: Platform, tenant: Tenant, emails: string[], slugs: string[], confirmed = true) {
  const db = ch(platform);
  const topics = await db
    .selectFrom('channel_topics')
    .select(['id', 'slug'])
    .where('tenant_id', '=', tenant.id)
    .where('slug', 'in', slugs)
    .execute();
  assert.equal(topics.length, slugs.length);
  if (emails.length === 0) return;
  const subs = await db
    .insertInto('channel_subscribers')
    .values(emails.map((email) => ({ tenant_id: tenant.id, email, confirmed_at: confirmed ? new Date() : null })))
    .returning('id')
    .execute();
  for (let i = 0; i < subs.length; i += 5000) {
    const rows = subs.slice(i, i + 5000).flatMap((s) => topics.map((t) => ({ subscriber_id: s.id, topic_id: t.id })));
    await db.insertInto('channel_subscriptions').values(rows).execute();
  }
}

export const deliveriesOf = (platform: Platform, messageId: string) =>
  ch(platform).selectFrom('channel_deliveries').selectAll().where('message_id', '=', messageId).execute();

export const subscriberByEmail = (platform: Platform, tenant: Tenant, email: string) =>
  ch(platform)
    .selectFrom('channel_subscribers')
    .selectAll()
    .where('tenant_id', '=', tenant.id)
    .where('email', '=', email)
    .executeTakeFirst();

/** POSTs form fields that may repeat (checkboxes), with the browser's cookies. */
export async function postPairs(app: FastifyInstance, browser: Browser, url: string, pairs: [string, string][]) {
  const cookie = browser.cookieHeader(url);
  return app.inject({
    method: 'POST',
    url,
    remoteAddress: browser.ip,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
    payload: new URLSearchParams(pairs).toString(),
  });
}

/** Addresses a parsed mail went to. */
export const recipientsOf = (mail: ParsedMail) =>
  (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((a) => a.value.map((v) => v.address));

/** A raw header line of a received mail ("List-Unsubscribe: <…>"), value only. */
export const headerOf = (mail: ParsedMail, name: string) =>
  mail.headerLines.find((h) => h.key === name.toLowerCase())?.line.replace(/^[^:]+:\s*/, '');

export const testAlert = (overrides: Record<string, unknown> = {}) => ({
  title: 'Großbrand am Bahndamm: Fenster geschlossen halten',
  body: 'Starke Rauchentwicklung im Ortsteil Nord.\n\n<script>alert(1)</script>',
  topics: ['gefahrenhinweise'],
  alert: {
    category: 'Brand',
    severity: 'Severe',
    urgency: 'Immediate',
    certainty: 'Observed',
    instruction: 'Fenster und Türen geschlossen halten.',
    area: { description: 'Ortsteil Nord', circle: { lat: 48.25, lon: 12.52, radiusKm: 3 } },
    validFrom: new Date(Date.now() - 60_000).toISOString(),
    validUntil: new Date(Date.now() + 3 * 3600_000).toISOString(),
  },
  ...overrides,
});
