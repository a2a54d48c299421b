import type { Config } from './config.js';
import type { Executor } from './db/database.js';
import type { JobRun } from './jobs.js';
import { findMail, insertMail, markAttemptFailed, markMailDelivered, recordAttempt } from './mail/repo.js';
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

  constructor(config: Pick<Config, 'smtpUrl' | 'mailFrom'>) {
    this.transport = createMailTransport(config);
  }
}

/**
 * Queues a mail in the caller's transaction (outbox): it exists exactly when the change
 * that caused it commits. The worker delivers it; the Postausgang shows it.
 */
export async function enqueueMail(
  platform: Platform,
  tx: Executor,
  mail: { tenantId: string; to: string; subject: string; text: string; html?: string },
): Promise<void> {
  // A line break in a header would let a caller smuggle in headers or recipients.
  if (/[\r\n]/.test(mail.to) || !mail.to.includes('@')) throw new Error('enqueueMail: ungültige Empfängeradresse');
  if (/[\r\n]/.test(mail.subject)) throw new Error('enqueueMail: der Betreff darf keinen Zeilenumbruch enthalten');
  const { id } = await insertMail(tx, mail.tenantId, {
    to: mail.to.trim(),
    subject: mail.subject,
    text: mail.text,
    html: mail.html ?? null,
  });
  const data: MailJobData = { tenantId: mail.tenantId, mailId: id };
  await platform.jobs.send(MAIL_JOB, data, {
    tx,
    retryLimit: platform.mail.retryLimit,
    retryDelay: platform.mail.retryDelaySeconds,
  });
}

/** Defines the delivery worker; called by preparePlatform. */
export function defineMailJobs(platform: Platform) {
  platform.jobs.define<MailJobData>({
    name: MAIL_JOB,
    retryLimit: platform.mail.retryLimit,
    retryDelay: platform.mail.retryDelaySeconds,
    // The promise is "e-mails in seconds"; commits wake the worker, polling is the fallback.
    pollingIntervalSeconds: 2,
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
    result = await platform.mail.transport.deliver(mail);
  } catch (error) {
    const message = describeMailError(error, platform.config.smtpUrl);
    await markAttemptFailed(db, tenantId, mailId, message, run.lastAttempt);
    // pg-boss keeps the thrown error in the job row: the cleaned text, not nodemailer's error object.
    throw new Error(message);
  }
  await markMailDelivered(db, tenantId, mailId, result.status, result.messageId);
}
