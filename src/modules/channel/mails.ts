import type { Tenant } from '../../platform/tenancy/repo.js';
import { renderMarkdown } from '../catalog/index.js';
import type { ChannelMessage } from './service.js';
import { escapeHtml, germanDateTime, msgTypePrefix, severityLabel } from './text.js';

const signature = (tenant: Tenant) =>
  `\n\nMit freundlichen Grüßen\n${tenant.name}\n\nDiese Nachricht wurde automatisch erstellt. Bitte antworten Sie nicht darauf.`;

export const confirmSubscriptionMail = (tenant: Tenant, link: string, topics: string[]) => ({
  subject: `Bitte bestätigen Sie Ihr Abonnement – ${tenant.name}`,
  text:
    `Guten Tag,\n\nfür diese E-Mail-Adresse wurde der Infokanal von ${tenant.name} abonniert, mit diesen Themen:\n\n` +
    `${topics.map((t) => `- ${t}`).join('\n')}\n\n` +
    `Bitte bestätigen Sie das Abonnement über diesen Link:\n\n${link}\n\n` +
    'Der Link ist 48 Stunden gültig und kann einmal verwendet werden. Erst nach der Bestätigung erhalten Sie Nachrichten. ' +
    'Wenn Sie nichts abonniert haben, ignorieren Sie diese Nachricht; es werden Ihnen dann keine Nachrichten geschickt.' +
    signature(tenant),
});

export interface MailLinks {
  web: string;
  manage: string;
  unsubscribe: string;
}

/** The lines of an alert that must be seen before the text. */
function alertLines(m: ChannelMessage): string[] {
  const a = m.alert;
  if (!a) return [];
  return [
    `${m.msgType === 'Cancel' ? 'Aufgehoben' : 'Warnung'}: ${a.category} · ${severityLabel(a.severity)}`,
    `Gebiet: ${a.areaDesc}`,
    `Gültig von ${germanDateTime(a.validFrom)} bis ${germanDateTime(a.validUntil)}`,
    ...(a.instruction ? ['', `Was Sie tun sollten: ${a.instruction}`] : []),
  ];
}

/** One subscriber's mail of a message: the text as written (Markdown is readable), the HTML rendered safely. */
export const channelMessageMail = (tenant: Tenant, m: ChannelMessage, links: MailLinks) => channelMessageMailer(tenant, m)(links);

/**
 * The mails of a message for many subscribers: everything but the personal links is
 * built once (a fan-out renders the Markdown once, not 100,000 times).
 */
export function channelMessageMailer(tenant: Tenant, m: ChannelMessage) {
  const subject = `${msgTypePrefix(m.msgType)}${m.title}`;
  const topics = m.topics.map((t) => t.title).join(', ');
  const why = `Sie erhalten diese Nachricht, weil Sie beim Infokanal von ${tenant.name} Themen abonniert haben (diese Nachricht: ${topics}).`;
  const alert = alertLines(m);
  const textHead = [m.title, '', ...(alert.length > 0 ? [...alert, ''] : []), m.bodyMd, ''].join('\n');
  const htmlHead = [
    '<!doctype html><html lang="de"><head><meta charset="utf-8"></head><body>',
    `<h1>${escapeHtml(m.title)}</h1>`,
    ...(alert.length > 0 ? [`<p><strong>${alert.filter(Boolean).map(escapeHtml).join('<br>')}</strong></p>`] : []),
    // renderMarkdown escapes everything first: a script in the text stays text.
    renderMarkdown(m.bodyMd),
  ].join('\n');
  return (links: MailLinks) => {
    const text = [
      textHead,
      `Online lesen: ${links.web}`,
      '',
      '--',
      why,
      `Themen ändern: ${links.manage}`,
      `Abmelden: ${links.unsubscribe}`,
    ].join('\n');
    const html = [
      htmlHead,
      `<p><a href="${escapeHtml(links.web)}">Online lesen</a></p>`,
      `<hr><p>${escapeHtml(why)}<br><a href="${escapeHtml(links.manage)}">Themen ändern</a> · <a href="${escapeHtml(links.unsubscribe)}">Abmelden</a></p>`,
      '</body></html>',
    ].join('\n');
    return { subject, text, html };
  };
}
