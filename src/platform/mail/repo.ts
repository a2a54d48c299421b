import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Executor } from '../db/database.js';
import type { MailAttachment, OutgoingMailsTable } from '../db/schema.js';

export type OutgoingMail = Selectable<OutgoingMailsTable>;
/** A row of the Postausgang list: everything but the bodies. */
export type OutgoingMailSummary = Pick<
  OutgoingMail,
  'id' | 'tenant_id' | 'to' | 'subject' | 'status' | 'attempts' | 'created_at' | 'sent_at'
>;

/** New outbox rows; the ids come back in the order of `mails` (they are chosen here, not by the database). */
export async function insertMails(
  db: Executor,
  mails: { tenantId: string; to: string; subject: string; text: string; html: string | null; attachments?: MailAttachment[] }[],
): Promise<string[]> {
  const ids = mails.map(() => randomUUID());
  await db
    .insertInto('outgoing_mails')
    .values(
      mails.map((mail, i) => ({
        id: ids[i],
        tenant_id: mail.tenantId,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        ...(mail.attachments?.length ? { attachments: JSON.stringify(mail.attachments) } : {}),
      })),
    )
    .execute();
  return ids;
}

export const findMail = (db: Executor, tenantId: string, mailId: string) =>
  db.selectFrom('outgoing_mails').selectAll().where('tenant_id', '=', tenantId).where('id', '=', mailId).executeTakeFirst();

/** Newest first; `tenantId` undefined lists every tenant (CLI of the operator only). */
export const listMails = (db: Executor, tenantId: string | undefined, limit: number): Promise<OutgoingMailSummary[]> => {
  let query = db
    .selectFrom('outgoing_mails')
    .select(['id', 'tenant_id', 'to', 'subject', 'status', 'attempts', 'created_at', 'sent_at'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit);
  if (tenantId !== undefined) query = query.where('tenant_id', '=', tenantId);
  return query.execute();
};

/** Counts a try before it starts: a crash mid-delivery still shows as an attempt. */
export const recordAttempt = (db: Executor, tenantId: string, mailId: string) =>
  db
    .updateTable('outgoing_mails')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', mailId)
    .execute();

export const markMailDelivered = (
  db: Executor,
  tenantId: string,
  mailId: string,
  status: 'sent' | 'captured',
  messageId: string | null,
) =>
  db
    .updateTable('outgoing_mails')
    .set({ status, message_id: messageId, sent_at: new Date(), last_error: null })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', mailId)
    .execute();

/** `final`: no retry follows, the mail is given up. */
export const markAttemptFailed = (db: Executor, tenantId: string, mailId: string, error: string, final: boolean) =>
  db
    .updateTable('outgoing_mails')
    .set({ last_error: error, ...(final ? { status: 'failed' as const } : {}) })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', mailId)
    .execute();

/** Any tenant's mail by id: only for the operator's CLI, which spans every tenant. */
export const findMailForOperator = (db: Executor, mailId: string) =>
  db.selectFrom('outgoing_mails').selectAll().where('id', '=', mailId).executeTakeFirst();

/** The attachments once made at delivery (deferred ones rendered; see mail.ts). */
export const replaceMailAttachments = (db: Executor, tenantId: string, mailId: string, attachments: MailAttachment[]) =>
  db
    .updateTable('outgoing_mails')
    .set({ attachments: JSON.stringify(attachments) })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', mailId)
    .execute();
