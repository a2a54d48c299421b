import type { Config } from './config.js';
import type { Executor } from './db/database.js';
import type { MailAttachment } from './db/schema.js';
import type { JobRun } from './jobs.js';
import { buildRawMessage } from './mail/raw-message.js';
import {
  findMail,
  insertMails,
  markAttemptFailed,
  markMailDelivered,
  recordAttempt,
  replaceMailAttachments,
} from './mail/repo.js';
import { createMailTransport, describeMailError, type MailTransport } from './mail/transport.js';
import type { Platform } from './platform.js';

export { findMail, findMailForOperator, listMails, type OutgoingMail, type OutgoingMailSummary } from './mail/repo.js';

export const MAIL_JOB = 'mail.send';

interface MailJobData {
  tenantId: string;
  mailId: string;
}

/** The platform's mail delivery: the transport and how often a failed delivery is retried. */
export class MailService {
  readonly transport: MailTransport;
  /** Retries after the first try; with the delay doubling, the last one comes after about an hour. */
  retryLimit = 6;
  /** Seconds before the first retry (tests shorten it). */
  retryDelaySeconds = 30;

  constructor(config: Pick<Config, 'smtpUrl' | 'mailFrom'> & Partial<Pick<Config, 'smtpPoolSize' | 'mailRatePerSecond'>>) {
    this.transport = createMailTransport(config);
  }
}

export interface QueuedMail {
  tenantId: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: MailAttachment[];
}

/**
 * Queues a mail in the caller's transaction (outbox): it exists exactly when the change
 * that caused it commits. The worker delivers it; the Postausgang shows it.
 */
export async function enqueueMail(platform: Platform, tx: Executor, mail: QueuedMail): Promise<void> {
  await enqueueMails(platform, tx, [mail]);
}

/** Several mails as `enqueueMail` queues one, in one insert and one job insert (a group commit's receipts). */
export async function enqueueMails(platform: Platform, tx: Executor, mails: QueuedMail[]): Promise<void> {
  if (mails.length === 0) return;
  for (const mail of mails) {
    // A line break in a header would let a caller smuggle in headers or recipients.
    if (/[\r\n]/.test(mail.to) || !mail.to.includes('@')) throw new Error('enqueueMail: ungültige Empfängeradresse');
    if (/[\r\n]/.test(mail.subject)) throw new Error('enqueueMail: der Betreff darf keinen Zeilenumbruch enthalten');
  }
  const ids = await insertMails(
    tx,
    mails.map((mail) => ({
      tenantId: mail.tenantId,
      to: mail.to.trim(),
      subject: mail.subject,
      text: mail.text,
      html: mail.html ?? null,
      attachments: mail.attachments,
    })),
  );
  const jobs: MailJobData[] = mails.map((mail, i) => ({ tenantId: mail.tenantId, mailId: ids[i] }));
  const options = { tx, retryLimit: platform.mail.retryLimit, retryDelay: platform.mail.retryDelaySeconds };
  await platform.jobs.sendMany(MAIL_JOB, jobs, options);
}

/** A mail of a bulk sending whose sender keeps the per-recipient state itself (e.g. the info channel). */
export interface BulkMail {
  tenantId: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** E.g. List-Unsubscribe and List-Unsubscribe-Post (RFC 8058). */
  headers?: Record<string, string>;
}

export type BulkMailResult = { ok: true } | { ok: false; error: string };

/**
 * Delivers mails now, `concurrency` at a time, without an outgoing_mails row and job
 * per mail: a fan-out to 100,000 subscribers cannot afford two writes per mail, and its
 * caller retries from its own delivery table. In capture mode (no SMTP_URL) the mails
 * are stored as captured in one insert, so the Postausgang shows them as before.
 */
export async function deliverMailsNow(platform: Platform, mails: BulkMail[], concurrency = 8): Promise<BulkMailResult[]> {
  for (const mail of mails) {
    if (/[\r\n]/.test(mail.to) || !mail.to.includes('@') || /[\r\n]/.test(mail.subject))
      throw new Error('deliverMailsNow: ungültige Adresse oder Betreff');
    for (const value of Object.values(mail.headers ?? {}))
      if (/[\r\n]/.test(value)) throw new Error('deliverMailsNow: ungültiger Header');
  }
  const { transport } = platform.mail;
  if (transport.kind === 'capture') {
    if (mails.length > 0) {
      await platform.db
        .insertInto('outgoing_mails')
        .values(
          mails.map((m) => ({
            tenant_id: m.tenantId,
            to: m.to,
            subject: m.subject,
            text: m.text,
            html: m.html ?? null,
            status: 'captured' as const,
            attempts: 1,
            sent_at: new Date(),
          })),
        )
        .execute();
    }
    return mails.map(() => ({ ok: true }));
  }
  const results: BulkMailResult[] = new Array(mails.length);
  const { mailFrom } = platform.config;
  let next = 0;
  const worker = async () => {
    while (next < mails.length) {
      const i = next++;
      const m = mails[i];
      try {
        if (transport.deliverRaw) {
          // The same headers as deliver() adds; composed here in one buffer (raw-message.ts).
          const headers = { ...m.headers, 'Auto-Submitted': 'auto-generated' };
          await transport.deliverRaw(
            m.to,
            buildRawMessage({ from: mailFrom, to: m.to, subject: m.subject, text: m.text, html: m.html, headers }),
          );
        } else {
          await transport.deliver({ to: m.to, subject: m.subject, text: m.text, html: m.html ?? null, headers: m.headers });
        }
        results[i] = { ok: true };
      } catch (error) {
        results[i] = { ok: false, error: describeMailError(error, platform.config.smtpUrl) };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, mails.length)) }, worker));
  return results;
}

/**
 * Makes an attachment when the mail is sent, not when it is queued: e.g. a PDF that is
 * too slow to render inside the request that queues the mail. `undefined`: the
 * attachment is gone (e.g. its case was erased) and the mail goes without it.
 */
export type MailAttachmentRenderer = (
  platform: Platform,
  tenantId: string,
  args: Record<string, unknown>,
) => Promise<MailAttachment | undefined>;

const attachmentRenderers = new Map<string, MailAttachmentRenderer>();

export function defineMailAttachment(name: string, render: MailAttachmentRenderer) {
  attachmentRenderers.set(name, render);
}

/** The longest a deferred attachment waits for the process to have no request in flight. */
export const DEFERRED_RENDER_MAX_WAIT_MS = 3000;

/** What the outbox row holds until delivery: a marker the renderer `name` turns into the file. */
type DeferredAttachment = MailAttachment & { deferred: { renderer: string; args: Record<string, unknown> } };

/** An attachment for enqueueMail that the renderer `name` (defineMailAttachment) makes at delivery. */
export const deferredAttachment = (
  name: string,
  args: Record<string, unknown>,
  file: { filename: string; contentType: string },
): MailAttachment => ({ ...file, content: '', deferred: { renderer: name, args } }) as DeferredAttachment;

const isDeferred = (a: MailAttachment): a is DeferredAttachment => 'deferred' in a && Boolean((a as DeferredAttachment).deferred);

/**
 * Renders the deferred attachments of a mail and stores them in its row before the
 * delivery: a retry sends the same bytes, and the Postausgang shows what was sent.
 */
async function renderDeferredAttachments(platform: Platform, tenantId: string, mailId: string, attachments: MailAttachment[]) {
  if (!attachments.some(isDeferred)) return attachments;
  // Rendering (a PDF) is the heavy part of a mail: in a burst of requests it waits for a
  // quiet moment, at most DEFERRED_RENDER_MAX_WAIT_MS, so the burst is answered first.
  await platform.foreground.whenQuiet(DEFERRED_RENDER_MAX_WAIT_MS);
  const rendered: MailAttachment[] = [];
  for (const a of attachments) {
    if (!isDeferred(a)) {
      rendered.push(a);
      continue;
    }
    const render = attachmentRenderers.get(a.deferred.renderer);
    // Thrown, not dropped: the job retries, e.g. after a process that knows the renderer took over.
    if (!render) throw new Error(`Kein Renderer für den Mail-Anhang „${a.deferred.renderer}“`);
    const file = await render(platform, tenantId, a.deferred.args);
    if (file) rendered.push(file);
  }
  await replaceMailAttachments(platform.db, tenantId, mailId, rendered);
  return rendered;
}

/**
 * Delivers one queued mail now, as the worker does (its deferred attachments rendered);
 * for tests and tools that run without job workers.
 */
export const deliverQueuedMail = (platform: Platform, tenantId: string, mailId: string) =>
  deliverMail(platform, { tenantId, mailId }, { id: 'direct', retryCount: 0, retryLimit: 0, lastAttempt: false });

/** Defines the delivery worker; called by preparePlatform. */
export function defineMailJobs(platform: Platform) {
  platform.jobs.define<MailJobData>({
    name: MAIL_JOB,
    retryLimit: platform.mail.retryLimit,
    retryDelay: platform.mail.retryDelaySeconds,
    // The promise is "e-mails in seconds"; commits wake the worker, polling is the fallback.
    pollingIntervalSeconds: 2,
    concurrency: platform.config.mailJobConcurrency,
    handle: (data, run) => deliverMail(platform, data, run),
  });
}

async function deliverMail(platform: Platform, { tenantId, mailId }: MailJobData, run: JobRun) {
  const { db } = platform;
  const mail = await findMail(db, tenantId, mailId);
  // Gone with its tenant, or delivered by a run that ended before pg-boss marked the job done.
  if (mail?.status !== 'queued') return;
  await recordAttempt(db, tenantId, mailId);
  let result: Awaited<ReturnType<MailTransport['deliver']>>;
  try {
    const attachments = await renderDeferredAttachments(platform, tenantId, mailId, mail.attachments ?? []);
    result = await platform.mail.transport.deliver({ ...mail, attachments });
  } catch (error) {
    const message = describeMailError(error, platform.config.smtpUrl);
    await markAttemptFailed(db, tenantId, mailId, message, run.lastAttempt);
    // pg-boss keeps the thrown error in the job row: the cleaned text, not nodemailer's error object.
    throw new Error(message);
  }
  await markMailDelivered(db, tenantId, mailId, result.status, result.messageId);
}
