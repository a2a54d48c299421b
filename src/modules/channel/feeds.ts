import type { Tenant } from '../../platform/tenancy/repo.js';
import { markdownToText, renderMarkdown } from '../catalog/index.js';
import { CAP_CATEGORY, type CapAlert, capDocument, capTime, xmlEscape } from './cap.js';
import type { ChannelMessage } from './service.js';
import { msgTypePrefix } from './text.js';

const siteOf = (publicUrl: string, tenant: Pick<Tenant, 'slug'>) => `${publicUrl.replace(/\/+$/, '')}/${tenant.slug}`;

/** The sender in CAP terms: the tenant at this installation's host (no spaces or commas). */
export const capSender = (publicUrl: string, tenant: Pick<Tenant, 'slug'>) => `${tenant.slug}@${new URL(publicUrl).hostname}`;
export const capIdentifier = (messageId: string) => `urn:uuid:${messageId}`;

/** The CAP 1.2 document of an alert; `referenced` is the alert an update or cancellation replaces. */
export function capForMessage(
  publicUrl: string,
  tenant: Pick<Tenant, 'slug' | 'name'>,
  m: ChannelMessage,
  referenced?: ChannelMessage,
): string {
  const a = m.alert;
  if (!a) throw new Error('capForMessage: keine Warnung');
  const sender = capSender(publicUrl, tenant);
  const doc: CapAlert = {
    identifier: capIdentifier(m.id),
    sender,
    sent: m.publishedAt,
    msgType: m.msgType,
    references: referenced ? [`${sender},${capIdentifier(referenced.id)},${capTime(referenced.publishedAt)}`] : [],
    info: {
      category: CAP_CATEGORY[a.category as keyof typeof CAP_CATEGORY] ?? 'Other',
      event: a.category,
      urgency: a.urgency,
      severity: a.severity,
      certainty: a.certainty,
      effective: a.validFrom,
      expires: a.validUntil,
      senderName: tenant.name,
      headline: m.title,
      description: markdownToText(m.bodyMd),
      instruction: a.instruction,
      web: `${siteOf(publicUrl, tenant)}/infokanal/meldung/${m.id}`,
      area: { areaDesc: a.areaDesc, polygon: a.polygon, circle: a.circle },
    },
  };
  return capDocument(doc);
}

/** An Atom 1.0 feed of messages; alerts link their CAP document (rel alternate, application/cap+xml). */
export function channelAtomFeed(
  publicUrl: string,
  tenant: Pick<Tenant, 'slug' | 'name'>,
  feed: { path: string; title: string; subtitle: string },
  messages: ChannelMessage[],
  now = new Date(),
): string {
  const site = siteOf(publicUrl, tenant);
  const updated = messages.reduce(
    (latest, m) => (m.publishedAt > latest ? m.publishedAt : latest),
    messages[0]?.publishedAt ?? now,
  );
  const entries = messages.map((m) => {
    const url = `${site}/infokanal/meldung/${m.id}`;
    return [
      '  <entry>',
      `    <title type="text">${xmlEscape(`${msgTypePrefix(m.msgType)}${m.title}`)}</title>`,
      `    <link rel="alternate" type="text/html" href="${xmlEscape(url)}"/>`,
      ...(m.alert
        ? [`    <link rel="alternate" type="application/cap+xml" href="${xmlEscape(`${site}/feeds/cap/${m.id}.xml`)}"/>`]
        : []),
      `    <id>${xmlEscape(capIdentifier(m.id))}</id>`,
      `    <published>${m.publishedAt.toISOString()}</published>`,
      `    <updated>${m.publishedAt.toISOString()}</updated>`,
      ...m.topics.map((t) => `    <category term="${xmlEscape(t.slug)}" label="${xmlEscape(t.title)}"/>`),
      `    <content type="html">${xmlEscape(renderMarkdown(m.bodyMd))}</content>`,
      '  </entry>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de">',
    `  <title type="text">${xmlEscape(feed.title)}</title>`,
    `  <subtitle type="text">${xmlEscape(feed.subtitle)}</subtitle>`,
    `  <id>${xmlEscape(`${site}${feed.path}`)}</id>`,
    `  <link rel="self" type="application/atom+xml" href="${xmlEscape(`${site}${feed.path}`)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xmlEscape(`${site}/infokanal`)}"/>`,
    `  <updated>${updated.toISOString()}</updated>`,
    `  <author><name>${xmlEscape(tenant.name)}</name></author>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
