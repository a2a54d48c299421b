import nodemailer from 'nodemailer';
import type { Config } from '../config.js';
import { envelopeAddress } from './raw-message.js';
import { PipelinedSmtpPool, pipelineOptions, UnsupportedSmtp } from './smtp-pipeline.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string | null;
  /** Extra headers of this mail, e.g. List-Unsubscribe for a mailing (no line breaks in values). */
  headers?: Record<string, string>;
  /** Attachments, e.g. an iCalendar invitation; binary ones carry their bytes in base64. */
  attachments?: { filename: string; contentType: string; content: string; encoding?: 'base64' }[];
}

/** Delivers one message; `captured` means it was only kept in the database. */
export interface MailTransport {
  kind: 'smtp' | 'capture';
  deliver(message: MailMessage): Promise<{ status: 'sent' | 'captured'; messageId: string | null }>;
  /**
   * SMTP only: sends a finished MIME message (see raw-message.ts) to one recipient, over
   * the pipelining pool of smtp-pipeline.ts (nodemailer where that cannot serve).
   */
  deliverRaw?(to: string, raw: Buffer): Promise<void>;
  close(): void;
}

/** SMTP when SMTP_URL is set; otherwise mails stay in the database (Postausgang). */
export function createMailTransport(
  config: Pick<Config, 'smtpUrl' | 'mailFrom'> & Partial<Pick<Config, 'smtpPoolSize' | 'mailRatePerSecond'>>,
): MailTransport {
  if (!config.smtpUrl) {
    return { kind: 'capture', deliver: async () => ({ status: 'captured', messageId: null }), close: () => {} };
  }
  const transporter = nodemailer.createTransport({
    url: config.smtpUrl,
    // A mass mailing must not open a connection per mail: a few stay open and carry them all.
    pool: true,
    maxConnections: config.smtpPoolSize ?? 10,
    maxMessages: 1000,
    // MAIL_RATE_PER_SECOND: nodemailer's pool holds back what exceeds the rate (per process).
    ...(config.mailRatePerSecond ? { rateDelta: 1000, rateLimit: config.mailRatePerSecond } : {}),
    // The defaults (up to 10 minutes) would hold a worker long after a server stopped answering.
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
  const envelopeFrom = envelopeAddress(config.mailFrom);
  const limits = { maxConnections: config.smtpPoolSize ?? 10, maxMessages: 1000, ratePerSecond: config.mailRatePerSecond ?? 0 };
  let pipelined: PipelinedSmtpPool | undefined;
  try {
    pipelined = new PipelinedSmtpPool(pipelineOptions(config.smtpUrl), envelopeFrom, limits);
  } catch (error) {
    if (!(error instanceof UnsupportedSmtp)) throw error;
  }
  return {
    kind: 'smtp',
    async deliver(message) {
      const info = await transporter.sendMail({
        from: config.mailFrom,
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.html ? { html: message.html } : {}),
        ...(message.attachments?.length
          ? {
              attachments: message.attachments.map((a) => ({
                filename: a.filename,
                contentType: a.contentType,
                content: a.content,
                ...(a.encoding ? { encoding: a.encoding } : {}),
              })),
            }
          : {}),
        // Keeps vacation replies and the like away from the sender address.
        headers: { ...message.headers, 'Auto-Submitted': 'auto-generated' },
      });
      return { status: 'sent', messageId: info.messageId ?? null };
    },
    async deliverRaw(to, raw) {
      if (pipelined) {
        try {
          return await pipelined.send(to, raw);
        } catch (error) {
          if (!(error instanceof UnsupportedSmtp)) throw error;
          // The server wants what only nodemailer speaks (e.g. another AUTH method): nodemailer from now on.
          if (error.scope === 'server') {
            pipelined.close();
            pipelined = undefined;
          }
        }
      }
      await transporter.sendMail({ envelope: { from: envelopeFrom, to: [to] }, raw });
    },
    close: () => {
      pipelined?.close();
      transporter.close();
    },
  };
}

/** The error text kept with the mail: never the password of SMTP_URL, bounded length. */
export function describeMailError(error: unknown, smtpUrl: string | undefined): string {
  let text = error instanceof Error ? error.message : String(error);
  if (smtpUrl) {
    try {
      const url = new URL(smtpUrl);
      for (const secret of [url.password, decodeURIComponent(url.password)]) {
        if (secret) text = text.split(secret).join('***');
      }
    } catch {
      // config validated the URL already
    }
  }
  text = text.replace(/\s+/g, ' ').trim();
  return text.length > 500 ? `${text.slice(0, 497)}...` : text || 'Unbekannter Fehler';
}
