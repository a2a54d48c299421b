import { findMailForOperator, listMails } from '../../platform/mail.js';
import type { Platform } from '../../platform/platform.js';
import { findTenantBySlug, listTenants } from '../../platform/tenancy/repo.js';
import { formatDateTime, STATUS_LABELS } from './format.js';

/** What `rathaus mail list|show` asks, locally or through the running server's control channel. */
export type MailRequest = { type: 'mail.list'; tenant?: string; limit: number } | { type: 'mail.show'; id: string };

/** The printed lines, or a mistake of the caller (unknown tenant or mail: exit code 2). */
export type MailAnswer = { lines: string[] } | { usageError: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isMailRequest(req: unknown): req is MailRequest {
  const r = req as { type?: unknown; tenant?: unknown; limit?: unknown; id?: unknown } | null;
  if (typeof r !== 'object' || r === null) return false;
  if (r.type === 'mail.list') {
    return (r.tenant === undefined || typeof r.tenant === 'string') && Number.isInteger(r.limit) && (r.limit as number) > 0;
  }
  return r.type === 'mail.show' && typeof r.id === 'string';
}

/**
 * Answers a mail request on an open platform. The server registers this for the
 * control channel (types 'mail.list' and 'mail.show'); it returns undefined for others.
 */
export async function answerMailRequest(platform: Platform, req: unknown): Promise<MailAnswer | undefined> {
  if (!isMailRequest(req)) return undefined;
  return req.type === 'mail.list' ? listLines(platform, req.tenant, req.limit) : showLines(platform, req.id);
}

async function listLines(platform: Platform, slug: string | undefined, limit: number): Promise<MailAnswer> {
  let tenantId: string | undefined;
  if (slug !== undefined) {
    const tenant = await findTenantBySlug(platform.db, slug);
    if (!tenant) return { usageError: `Unbekannter Mandant „${slug}“. Die Mandanten zeigt: rathaus tenant list` };
    tenantId = tenant.id;
  }
  const slugs = new Map((await listTenants(platform.db)).map((t) => [t.id, t.slug]));
  const mails = await listMails(platform.db, tenantId, limit);
  if (mails.length === 0) return { lines: ['Keine E-Mails.'] };
  return {
    lines: mails.map((m) =>
      [m.id, formatDateTime(m.created_at), m.status.padEnd(8), (slugs.get(m.tenant_id) ?? '?').padEnd(16), m.to, m.subject].join(
        '  ',
      ),
    ),
  };
}

async function showLines(platform: Platform, id: string): Promise<MailAnswer> {
  const mail = UUID.test(id) ? await findMailForOperator(platform.db, id) : undefined;
  if (!mail) return { usageError: `Keine E-Mail mit der Kennung „${id}“. Die Kennungen zeigt: rathaus mail list` };
  const tenant = (await listTenants(platform.db)).find((t) => t.id === mail.tenant_id);
  return {
    lines: [
      `Kennung:   ${mail.id}`,
      `Mandant:   ${tenant?.slug ?? mail.tenant_id}`,
      `An:        ${mail.to}`,
      `Betreff:   ${mail.subject}`,
      `Status:    ${STATUS_LABELS[mail.status].text} (${mail.status}), ${mail.attempts} Versuch${mail.attempts === 1 ? '' : 'e'}`,
      `Erstellt:  ${formatDateTime(mail.created_at)}`,
      ...(mail.sent_at ? [`${mail.status === 'captured' ? 'Gespeichert' : 'Versendet'}: ${formatDateTime(mail.sent_at)}`] : []),
      ...(mail.last_error ? [`Fehler:    ${mail.last_error}`] : []),
      '',
      mail.text,
    ],
  };
}
