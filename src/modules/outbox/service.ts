import { findMail, listMails, type OutgoingMail, type OutgoingMailSummary } from '../../platform/mail.js';
import type { Platform } from '../../platform/platform.js';

export type { OutgoingMail, OutgoingMailSummary };

/** The Postausgang shows this many of the newest mails. */
export const OUTBOX_PAGE_SIZE = 100;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The tenant's newest mails, newest first. */
export const listOutgoingMails = (platform: Platform, tenantId: string, limit = OUTBOX_PAGE_SIZE) =>
  listMails(platform.db, tenantId, limit);

/** One mail of this tenant; undefined for another tenant's mail or an id that is none. */
export async function showOutgoingMail(platform: Platform, tenantId: string, mailId: string): Promise<OutgoingMail | undefined> {
  if (!UUID.test(mailId)) return undefined;
  return findMail(platform.db, tenantId, mailId);
}

/** Whether mails leave the system or stay in the Postausgang only. */
export const mailDeliveryMode = (platform: Platform) => platform.mail.transport.kind;
