import type { Tenant } from '../../platform/tenancy/repo.js';
import type { BookingRow, ResourceRow } from './repo.js';
import { euro, germanRange } from './text.js';

const signature = (tenant: Tenant) =>
  `\n\nMit freundlichen Grüßen\n${tenant.name}${tenant.phone ? `\nTelefon: ${tenant.phone}` : ''}${tenant.email ? `\nE-Mail: ${tenant.email}` : ''}\n\nDiese Nachricht wurde automatisch erstellt.`;

const details = (resource: ResourceRow, b: BookingRow) =>
  [
    `Raum: ${resource.name}`,
    ...(resource.address ? [`Adresse: ${resource.address}`] : []),
    `Zeit: ${germanRange(b.starts_at, b.ends_at)}`,
    `Anlass: ${b.purpose}`,
    `Gäste: ${b.guests}`,
    ...(b.organisation ? [`Verein/Organisation: ${b.organisation}`] : []),
    `Vorgangsnummer: ${b.reference}`,
  ].join('\n');

export const receiptMail = (tenant: Tenant, resource: ResourceRow, b: BookingRow, estimate: number | null, pageUrl: string) => ({
  subject: `Ihre Anfrage ${b.reference}: ${resource.name}`,
  text:
    `Guten Tag ${b.requester_name},\n\nIhre Anfrage zur Nutzung des Raums ist bei uns eingegangen:\n\n${details(resource, b)}\n\n` +
    (estimate !== null ? `Voraussichtliches Nutzungsentgelt nach der Entgeltordnung: ${euro(estimate)}\n\n` : '') +
    'Bitte beachten Sie: Die Anfrage ist noch keine Zusage. Wir prüfen sie und schreiben Ihnen, ob der Raum für Sie reserviert ist.\n\n' +
    `Informationen und Hausordnung: ${pageUrl}` +
    signature(tenant),
});

export const approvalMail = (tenant: Tenant, resource: ResourceRow, b: BookingRow, pageUrl: string) => ({
  subject: `Zusage ${b.reference}: ${resource.name}`,
  text:
    `Guten Tag ${b.requester_name},\n\nIhre Anfrage ist genehmigt. Der Raum ist für Sie reserviert:\n\n${details(resource, b)}\n\n` +
    `Nutzungsentgelt: ${b.fee !== null ? euro(b.fee) : 'nach Vereinbarung'}\n` +
    (b.staff_message ? `\nHinweis der Verwaltung:\n${b.staff_message}\n` : '') +
    `\nBitte beachten Sie die Hausordnung: ${pageUrl}\n` +
    'Den Termin finden Sie als Kalenderdatei (buchung.ics) im Anhang.' +
    signature(tenant),
});

export const declineMail = (tenant: Tenant, resource: ResourceRow, b: BookingRow) => ({
  subject: `Absage ${b.reference}: ${resource.name}`,
  text:
    `Guten Tag ${b.requester_name},\n\nleider können wir Ihnen den Raum für diese Anfrage nicht zur Verfügung stellen:\n\n${details(resource, b)}\n\n` +
    `Begründung:\n${b.staff_message}` +
    signature(tenant),
});

export const cancellationMail = (tenant: Tenant, resource: ResourceRow, b: BookingRow) => ({
  subject: `Buchung aufgehoben ${b.reference}: ${resource.name}`,
  text:
    `Guten Tag ${b.requester_name},\n\ndie folgende Buchung ist aufgehoben:\n\n${details(resource, b)}\n\n` +
    (b.staff_message ? `Begründung:\n${b.staff_message}\n\n` : '') +
    'Die Kalenderdatei im Anhang entfernt den Termin aus Ihrem Kalender.' +
    signature(tenant),
});
