import { sql } from 'kysely';
import { appendAudit } from '../../platform/audit.js';
import { hashToken, newToken } from '../../platform/auth/sessions.js';
import type { Executor } from '../../platform/db/database.js';
import { hitRateLimit } from '../../platform/http/rate-limit.js';
import { enqueueMail } from '../../platform/mail.js';
import type { Platform } from '../../platform/platform.js';
import type { Tenant } from '../../platform/tenancy/repo.js';
import { forgetAlertBanner } from './banner-cache.js';
import { FANOUT_JOB } from './job-names.js';
import { manageTokenSigner, subscriberIdOf, verifyManageToken } from './links.js';
import { confirmSubscriptionMail } from './mails.js';
import * as repo from './repo.js';
import * as scheduleRepo from './schedule-repo.js';
import type { Circle, MsgType, Polygon } from './tables.js';
import { checkMessage, checkPublishAt, type MessageValues, type RawMessage, UUID } from './validation.js';

const HOUR = 3600_000;
export const CONFIRM_LIFETIME = 48 * HOUR;
/** Subscription requests per client IP and tenant and hour (form and API together); more answer 429. */
export const SUBSCRIBE_LIMIT = { hits: 10, windowSeconds: 3600 };
/** Opt-in mails per address and hour: more requests get the same answer but no mail. */
const OPTIN_MAILS_PER_ADDRESS = 3;

export interface Topic {
  id: string;
  slug: string;
  title: string;
  description: string;
}

export interface AlertView {
  category: string;
  severity: string;
  urgency: string;
  certainty: string;
  instruction: string;
  areaDesc: string;
  circle: Circle | null;
  polygon: Polygon | null;
  validFrom: Date;
  validUntil: Date;
}

export interface ChannelMessage {
  id: string;
  title: string;
  bodyMd: string;
  publishedAt: Date;
  msgType: MsgType;
  referencesId: string | null;
  topics: { slug: string; title: string }[];
  alert: AlertView | null;
  recipients: number;
}

const toTopic = (t: repo.TopicRow): Topic => ({ id: t.id, slug: t.slug, title: t.title, description: t.description });

function toMessage(m: repo.MessageRow, topics: { slug: string; title: string }[]): ChannelMessage {
  return {
    id: m.id,
    title: m.title,
    bodyMd: m.body_md,
    publishedAt: m.published_at,
    msgType: m.msg_type,
    referencesId: m.references_id,
    topics,
    recipients: m.recipients,
    alert: m.category
      ? {
          category: m.category,
          severity: m.severity ?? 'Unknown',
          urgency: m.urgency ?? 'Unknown',
          certainty: m.certainty ?? 'Unknown',
          instruction: m.instruction,
          areaDesc: m.area_desc,
          circle: m.area_circle,
          polygon: m.area_polygon,
          validFrom: m.valid_from ?? m.published_at,
          validUntil: m.valid_until ?? m.published_at,
        }
      : null,
  };
}

async function withTopics(db: Executor, tenantId: string, rows: repo.MessageRow[]) {
  const topics = await repo.topicsOfMessages(
    db,
    tenantId,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toMessage(r, topics.get(r.id) ?? []));
}

export const isId = (id: string) => UUID.test(id);
export const normalizeEmail = (email: string) => email.trim().toLowerCase();
export const isValidEmail = (email: string) => email.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email);

// --- public reading ---

export async function listChannelTopics(db: Executor, tenantId: string): Promise<Topic[]> {
  return (await repo.listTopics(db, tenantId)).map(toTopic);
}

export async function loadTopicArchive(db: Executor, tenantId: string, slug: string, limit = 50) {
  const topic = /^[a-z0-9][a-z0-9-]{0,119}$/.test(slug) ? await repo.findTopicBySlug(db, tenantId, slug) : undefined;
  if (!topic) return undefined;
  const rows = await repo.listMessagesOfTopic(db, tenantId, topic.id, limit);
  return { topic: toTopic(topic), messages: await withTopics(db, tenantId, rows) };
}

export async function loadChannelMessage(db: Executor, tenantId: string, id: string): Promise<ChannelMessage | undefined> {
  if (!isId(id)) return undefined;
  const row = await repo.findMessage(db, tenantId, id);
  return row ? (await withTopics(db, tenantId, [row]))[0] : undefined;
}

/** Alerts in force now, newest first: for the banner on every public page, the feed and the app API. */
export async function loadActiveAlerts(db: Executor, tenantId: string, now = new Date()): Promise<ChannelMessage[]> {
  return withTopics(db, tenantId, await repo.listActiveAlerts(db, tenantId, now));
}

// --- subscribing ---

export type FieldErrors = Record<string, string>;
export type SubscribeResult = { ok: true } | { ok: false; errors: FieldErrors } | { ok: false; retryAfterSeconds: number };

function checkTopicChoice(all: repo.TopicRow[], slugs: string[], errors: FieldErrors) {
  const bySlug = new Map(all.map((t) => [t.slug, t]));
  const unknown = slugs.filter((s) => !bySlug.has(s));
  if (slugs.length === 0) errors.topics = 'Bitte wählen Sie mindestens ein Thema.';
  else if (unknown.length > 0) errors.topics = `Unbekanntes Thema: ${unknown.slice(0, 3).join(', ').slice(0, 120)}.`;
  return [...new Set(slugs)].map((s) => bySlug.get(s)).filter((t): t is repo.TopicRow => t !== undefined);
}

/**
 * Double opt-in: records the wish and mails a confirmation link; nothing else is sent
 * to the address until it is confirmed. Known and unknown addresses get the same
 * answer (and a known one keeps its topics until the link is used).
 */
export async function requestSubscription(
  platform: Platform,
  tenant: Tenant,
  input: { email: string; topics: string[] },
  clientIp: string,
): Promise<SubscribeResult> {
  const errors: FieldErrors = {};
  const email = normalizeEmail(input.email);
  if (!email) errors.email = 'Bitte geben Sie Ihre E-Mail-Adresse ein.';
  else if (!isValidEmail(email)) errors.email = 'Bitte geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel name@example.org.';
  const topics = checkTopicChoice(await repo.listTopics(platform.db, tenant.id), input.topics, errors);
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const perIp = await hitRateLimit(
    platform.db,
    `channel:subscribe:${tenant.id}:${clientIp}`,
    SUBSCRIBE_LIMIT.hits,
    SUBSCRIBE_LIMIT.windowSeconds,
  );
  if (!perIp.allowed) return { ok: false, retryAfterSeconds: perIp.retryAfterSeconds };
  const perAddress = await hitRateLimit(platform.db, `channel:optin:${tenant.id}:${email}`, OPTIN_MAILS_PER_ADDRESS, 3600);
  if (!perAddress.allowed) return { ok: true };

  const token = newToken();
  await platform.db.transaction().execute(async (tx) => {
    await repo.upsertPendingSubscriber(tx, tenant.id, {
      email,
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + CONFIRM_LIFETIME),
      topicIds: topics.map((t) => t.id),
    });
    const link = `${platform.config.publicUrl}/${tenant.slug}/infokanal/bestaetigen?token=${encodeURIComponent(token)}`;
    await enqueueMail(platform, tx, {
      tenantId: tenant.id,
      to: email,
      ...confirmSubscriptionMail(
        tenant,
        link,
        topics.map((t) => t.title),
      ),
    });
  });
  return { ok: true };
}

export type LinkProblem = 'unknown' | 'expired';

export async function checkConfirmationLink(db: Executor, tenantId: string, token: string): Promise<LinkProblem | undefined> {
  if (!token || token.length > 100) return 'unknown';
  const row = await repo.findConfirmToken(db, tenantId, hashToken(token));
  if (!row) return 'unknown';
  return row.confirm_expires_at && row.confirm_expires_at.getTime() > Date.now() ? undefined : 'expired';
}

/** Uses the link once: the address is confirmed and the chosen topics are added. Returns the manage token. */
export async function confirmSubscription(
  platform: Platform,
  tenant: Tenant,
  token: string,
): Promise<{ ok: true; manageToken: string } | { ok: false; problem: LinkProblem }> {
  const problem = await checkConfirmationLink(platform.db, tenant.id, token);
  if (problem) return { ok: false, problem };
  const sign = await manageTokenSigner(platform);
  const result = await platform.db.transaction().execute(async (tx) => {
    const used = await repo.consumeConfirmToken(tx, tenant.id, hashToken(token), new Date());
    if (!used) return undefined;
    const existing = new Set((await repo.listTopics(tx, tenant.id)).map((t) => t.id));
    await repo.addSubscriptions(
      tx,
      used.id,
      used.topic_ids.filter((id) => existing.has(id)),
    );
    return repo.findSubscriberById(tx, tenant.id, used.id);
  });
  // Lost a race with a second click on the same link.
  if (!result) return { ok: false, problem: 'unknown' };
  return { ok: true, manageToken: sign(tenant.id, result) };
}

/** A logged-in citizen's address is confirmed by the account: their choice applies at once. */
export async function setCitizenSubscriptions(
  platform: Platform,
  tenant: Tenant,
  citizen: { userId: string; email: string },
  slugs: string[],
) {
  const all = await repo.listTopics(platform.db, tenant.id);
  const bySlug = new Map(all.map((t) => [t.slug, t.id]));
  const topicIds = [...new Set(slugs)].map((s) => bySlug.get(s)).filter((id): id is string => id !== undefined);
  await platform.db.transaction().execute(async (tx) => {
    const { id } = await repo.upsertCitizenSubscriber(tx, tenant.id, normalizeEmail(citizen.email), citizen.userId);
    if (topicIds.length === 0) await repo.deleteSubscriber(tx, tenant.id, id);
    else await repo.replaceSubscriptions(tx, id, topicIds);
  });
}

/** Topic slugs the address follows (confirmed subscribers only). */
export async function subscribedSlugs(db: Executor, tenantId: string, subscriberId: string) {
  const ids = new Set(await repo.subscribedTopicIds(db, subscriberId));
  return (await repo.listTopics(db, tenantId)).filter((t) => ids.has(t.id)).map((t) => t.slug);
}

export async function citizenSubscribedSlugs(db: Executor, tenantId: string, email: string) {
  const s = await repo.findSubscriberByEmail(db, tenantId, normalizeEmail(email));
  return s?.confirmed_at ? subscribedSlugs(db, tenantId, s.id) : [];
}

/** The confirmed subscriber a manage/unsubscribe link belongs to, if the link is genuine. */
export async function subscriberForLink(platform: Platform, tenantId: string, token: string) {
  const id = subscriberIdOf(token);
  const s = id ? await repo.findSubscriberById(platform.db, tenantId, id) : undefined;
  if (!s?.confirmed_at || !(await verifyManageToken(platform, tenantId, token, s))) return undefined;
  return s;
}

/** Replaces the topics of the link's subscriber; none left means unsubscribed. False for a bad link. */
export async function updateSubscriptionsByLink(platform: Platform, tenant: Tenant, token: string, slugs: string[]) {
  const s = await subscriberForLink(platform, tenant.id, token);
  if (!s) return false;
  const all = await repo.listTopics(platform.db, tenant.id);
  const bySlug = new Map(all.map((t) => [t.slug, t.id]));
  const topicIds = [...new Set(slugs)].map((x) => bySlug.get(x)).filter((id): id is string => id !== undefined);
  await platform.db.transaction().execute(async (tx) => {
    if (topicIds.length === 0) await repo.deleteSubscriber(tx, tenant.id, s.id);
    else await repo.replaceSubscriptions(tx, s.id, topicIds);
  });
  return true;
}

/**
 * One-click unsubscribe (RFC 8058): the subscriber and everything about them is deleted,
 * including deliveries not yet sent. True also when the link was already used.
 */
export async function unsubscribeByLink(platform: Platform, tenant: Tenant, token: string): Promise<boolean> {
  const id = subscriberIdOf(token);
  if (!id) return false;
  const s = await repo.findSubscriberById(platform.db, tenant.id, id);
  if (!s) return true;
  if (!(await verifyManageToken(platform, tenant.id, token, s))) return false;
  await repo.deleteSubscriber(platform.db, tenant.id, s.id);
  return true;
}

// --- publishing ---

/** Job that publishes a scheduled message at its time (startAfter). */
export const PUBLISH_SCHEDULED_JOB = 'channel.publish-scheduled';

/** `scheduledFor`: the time a scheduled message goes out (then nobody has received it yet); null when published now. */
export type PublishResult =
  | { ok: true; id: string; recipients: number; scheduledFor: Date | null }
  | { ok: false; errors: FieldErrors };

/** Checks raw input against the tenant's topics and the alert it refers to; `now` is when it goes out. */
async function checkRawMessage(db: Executor, tenantId: string, raw: RawMessage, now: Date) {
  const topics = await repo.listTopics(db, tenantId);
  const refText = typeof raw.references === 'string' ? raw.references.trim() : '';
  const referenced = isId(refText) ? await repo.findMessage(db, tenantId, refText.toLowerCase()) : undefined;
  return checkMessage(raw, { topics, referenced, now });
}

/**
 * Writes a checked message in the caller's transaction: the message, its topics and the
 * fan-out job (outbox), so a message exists exactly when its delivery is queued.
 */
async function writeMessage(
  platform: Platform,
  tx: Executor,
  tenantId: string,
  actorId: string | null,
  v: MessageValues,
  id?: string,
) {
  const a = v.alert;
  const row = await repo.insertMessage(tx, {
    ...(id ? { id } : {}),
    tenant_id: tenantId,
    title: v.title,
    body_md: v.body,
    author_id: actorId,
    msg_type: v.msgType,
    references_id: v.referencesId,
    ...(a
      ? {
          category: a.category,
          severity: a.severity,
          urgency: a.urgency,
          certainty: a.certainty,
          instruction: a.instruction,
          area_desc: a.areaDesc,
          area_circle: a.circle ? JSON.stringify(a.circle) : null,
          area_polygon: a.polygon ? JSON.stringify(a.polygon) : null,
          valid_from: a.validFrom,
          valid_until: a.validUntil,
        }
      : {}),
  });
  await repo.insertMessageTopics(tx, row.id, v.topicIds);
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from channel_subscribers s
    where s.tenant_id = ${tenantId} and s.confirmed_at is not null
      and exists (select 1 from channel_subscriptions x where x.subscriber_id = s.id and x.topic_id = any(${v.topicIds}::uuid[]))`.execute(
    tx,
  );
  const recipients = rows[0].n;
  await repo.setRecipients(tx, tenantId, row.id, recipients);
  await platform.jobs.send(FANOUT_JOB, { tenantId, messageId: row.id }, { tx });
  await appendAudit(tx, {
    tenantId,
    actorId,
    action: a ? 'channel.alert_published' : 'channel.message_published',
    subject: row.id,
    details: { msgType: v.msgType, topics: v.topicIds.length, recipients },
  });
  return { id: row.id, recipients };
}

/**
 * Checks and publishes a message now, or, with `publishAt`, schedules it: then nothing is
 * public or sent before that time, when a job publishes it under the same id.
 */
export async function publishMessage(
  platform: Platform,
  tenant: Tenant,
  actorId: string,
  raw: RawMessage,
): Promise<PublishResult> {
  const { db } = platform;
  const now = new Date();
  const when = checkPublishAt(raw.publishAt, now);
  const { publishAt: _, ...content } = raw;
  // A scheduled alert without its own start is valid from its publishing time.
  const checked = await checkRawMessage(db, tenant.id, content, when.ok && when.at ? when.at : now);
  const errors = checked.ok ? {} : { ...checked.errors };
  if (!when.ok) errors.publishAt = when.error;
  else if (when.at && checked.ok && checked.values.alert && checked.values.alert.validUntil <= when.at)
    errors['alert.validUntil'] = 'Die Warnung muss nach dem geplanten Zeitpunkt der Veröffentlichung noch gelten.';
  if (!checked.ok || Object.keys(errors).length > 0) return { ok: false, errors };
  const v = checked.values;

  if (when.ok && when.at) {
    const publishAt = when.at;
    const id = await db.transaction().execute(async (tx) => {
      const row = await scheduleRepo.insertScheduled(tx, {
        tenantId: tenant.id,
        authorId: actorId,
        title: v.title,
        isAlert: v.alert !== null,
        msgType: v.msgType,
        payload: content as Record<string, unknown>,
        publishAt,
      });
      await platform.jobs.send(PUBLISH_SCHEDULED_JOB, { tenantId: tenant.id, scheduleId: row.id }, { tx, startAfter: publishAt });
      await appendAudit(tx, {
        tenantId: tenant.id,
        actorId,
        action: 'channel.message_scheduled',
        subject: row.id,
        details: { msgType: v.msgType, publishAt: publishAt.toISOString() },
      });
      return row.id;
    });
    return { ok: true, id, recipients: 0, scheduledFor: publishAt };
  }

  const published = await db.transaction().execute((tx) => writeMessage(platform, tx, tenant.id, actorId, v));
  // Committed: this process shows the new banner (or its end) at once, others within a second.
  forgetAlertBanner(db, tenant.id);
  return { ok: true, ...published, scheduledFor: null };
}

export interface ScheduledMessage {
  id: string;
  title: string;
  isAlert: boolean;
  msgType: MsgType;
  publishAt: Date;
  status: scheduleRepo.ScheduleStatus;
  error: string | null;
}

const toScheduled = (r: scheduleRepo.ScheduledRow): ScheduledMessage => ({
  id: r.id,
  title: r.title,
  isAlert: r.is_alert,
  msgType: r.msg_type,
  publishAt: r.publish_at,
  status: r.status,
  error: r.error,
});

export async function loadScheduledMessage(db: Executor, tenantId: string, id: string) {
  if (!isId(id)) return undefined;
  const row = await scheduleRepo.findScheduled(db, tenantId, id.toLowerCase());
  return row ? toScheduled(row) : undefined;
}

/**
 * Publishes a scheduled message (the job at its time): checked again against the topics
 * and alerts as they are now; if that fails it stays unpublished, marked with the reason.
 * Runs once: a cancelled or already published one is left alone.
 */
export async function publishScheduledMessage(platform: Platform, data: { tenantId: string; scheduleId: string }) {
  const { db } = platform;
  const outcome = await db.transaction().execute(async (tx) => {
    const row = await scheduleRepo.lockScheduled(tx, data.tenantId, data.scheduleId);
    if (!row) return 'nothing';
    const checked = await checkRawMessage(tx, data.tenantId, row.payload as RawMessage, new Date());
    if (!checked.ok) {
      const reason = Object.values(checked.errors).join(' ').slice(0, 1000);
      await scheduleRepo.setScheduleStatus(tx, data.tenantId, row.id, 'failed', reason);
      return 'failed';
    }
    await writeMessage(platform, tx, data.tenantId, row.author_id, checked.values, row.id);
    await scheduleRepo.setScheduleStatus(tx, data.tenantId, row.id, 'published');
    return 'published';
  });
  if (outcome === 'published') forgetAlertBanner(db, data.tenantId);
  return outcome;
}

/** Cancels a scheduled message before it goes out; false when it is no longer waiting. */
export async function cancelScheduledMessage(platform: Platform, tenantId: string, actorId: string, id: string) {
  if (!isId(id)) return false;
  return platform.db.transaction().execute(async (tx) => {
    const row = await scheduleRepo.leaveScheduled(tx, tenantId, id.toLowerCase(), 'cancelled');
    if (!row) return false;
    await appendAudit(tx, { tenantId, actorId, action: 'channel.schedule_cancelled', subject: row.id });
    return true;
  });
}

export async function loadDeliveryStatus(db: Executor, tenantId: string, messageId: string) {
  const counts = (await repo.deliveryCounts(db, tenantId, [messageId])).get(messageId) ?? { sent: 0, pending: 0, failed: 0 };
  return counts;
}

export interface DeliveryProgress {
  recipients: number;
  sent: number;
  pending: number;
  failed: number;
  /** The fan-out has run and no mail is pending any more: nothing will change. */
  done: boolean;
}

/** Delivery counts of a message for the back office (and its live refresh); undefined if there is no such message. */
export async function loadDeliveryProgress(
  db: Executor,
  tenantId: string,
  messageId: string,
): Promise<DeliveryProgress | undefined> {
  if (!isId(messageId)) return undefined;
  const row = await repo.findMessage(db, tenantId, messageId.toLowerCase());
  if (!row) return undefined;
  const counts = await loadDeliveryStatus(db, tenantId, row.id);
  return { recipients: row.recipients, ...counts, done: row.fanned_out_at !== null && counts.pending === 0 };
}

/** The back office's overview: topics with confirmed subscribers, recent messages with delivery counts. */
export async function loadChannelOverview(db: Executor, tenantId: string) {
  const [topics, perTopic, rows, scheduled] = await Promise.all([
    repo.listTopics(db, tenantId),
    repo.confirmedSubscribersPerTopic(db, tenantId),
    repo.listMessages(db, tenantId, 100),
    scheduleRepo.listOpenScheduled(db, tenantId),
  ]);
  const messages = await withTopics(db, tenantId, rows);
  const counts = await repo.deliveryCounts(
    db,
    tenantId,
    rows.map((r) => r.id),
  );
  return {
    topics: topics.map((t) => ({ ...toTopic(t), subscribers: perTopic.get(t.id) ?? 0 })),
    messages: messages.map((m) => ({ ...m, counts: counts.get(m.id) ?? { sent: 0, pending: 0, failed: 0 } })),
    scheduled: scheduled.map(toScheduled),
  };
}
