import { randomBytes, randomUUID } from 'node:crypto';

/**
 * A complete MIME message (text and HTML alternatives, UTF-8, base64) as one buffer, for
 * mass mailings. nodemailer composes through a chain of streams and hands the socket a
 * chunk per header and line block: about a millisecond and dozens of writes per mail,
 * which caps a fan-out at a few hundred mails per second. This writer needs a few
 * microseconds and one write; nodemailer still does the SMTP part (pool, envelope, dots).
 */
export interface RawMailParts {
  /** The From header as configured (MAIL_FROM), e.g. `Landratsamt <noreply@example.org>`. */
  from: string;
  to: string;
  subject: string;
  text: string;
  html?: string | null;
  /** Extra headers (values without line breaks). */
  headers?: Record<string, string>;
  date?: Date;
}

const CRLF = '\r\n';
const BOUNDARY_PREFIX = randomBytes(8).toString('hex');
let boundaries = 0;
const ASCII = /^[\x20-\x7e]*$/;

/**
 * RFC 2047 encoded words (base64, at most 45 bytes each, never splitting a character), folded.
 * Plain ASCII stays as it is (a List-Unsubscribe URL must), unless it would break the
 * 998-octet line limit of RFC 5322; then it is encoded and folded like any other text.
 */
export function encodeHeaderText(value: string): string {
  if (ASCII.test(value) && value.length <= 900) return value;
  // A mailing encodes the same subject for every recipient.
  const known = encoded.get(value);
  if (known !== undefined) return known;
  const result = encodeWords(value);
  if (encoded.size >= 64) encoded.clear();
  encoded.set(value, result);
  return result;
}

const encoded = new Map<string, string>();

function encodeWords(value: string): string {
  const words: string[] = [];
  let chunk = '';
  for (const char of value) {
    if (Buffer.byteLength(chunk + char) > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w).toString('base64')}?=`).join(`${CRLF} `);
}

/** `Name <addr>` with the name encoded when it is not plain ASCII; a bare address stays as it is. */
export function encodeAddress(value: string): string {
  const match = /^\s*"?([^"<]*?)"?\s*<([^<>\s]+)>\s*$/.exec(value);
  if (!match) return value.trim();
  const [, name, address] = match;
  if (!name) return `<${address}>`;
  const quoted = /^[\w !#$%&'*+\-/=?^`{|}~.]*$/.test(name) ? name : `"${name.replace(/(["\\])/g, '\\$1')}"`;
  return `${ASCII.test(name) ? quoted : encodeHeaderText(name)} <${address}>`;
}

/** The bare address of a From header, for the SMTP envelope. */
export const envelopeAddress = (from: string) => /<([^<>\s]+)>\s*$/.exec(from)?.[1] ?? from.trim();

/** Base64 in lines of 76 characters. */
function base64Lines(text: string): string {
  const encoded = Buffer.from(text, 'utf8').toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < encoded.length; i += 76) lines.push(encoded.slice(i, i + 76));
  return lines.join(CRLF);
}

export function buildRawMessage(mail: RawMailParts): Buffer {
  for (const value of [
    mail.from,
    mail.to,
    mail.subject,
    ...Object.keys(mail.headers ?? {}),
    ...Object.values(mail.headers ?? {}),
  ])
    if (/[\r\n]/.test(value)) throw new Error('buildRawMessage: Zeilenumbruch in einem Header');
  const domain = envelopeAddress(mail.from).split('@')[1] ?? 'localhost';
  const head = [
    `From: ${encodeAddress(mail.from)}`,
    `To: ${encodeAddress(mail.to)}`,
    `Subject: ${encodeHeaderText(mail.subject)}`,
    `Date: ${(mail.date ?? new Date()).toUTCString()}`,
    `Message-ID: <${randomUUID()}@${domain}>`,
    'MIME-Version: 1.0',
    ...Object.entries(mail.headers ?? {}).map(([name, value]) => `${name}: ${encodeHeaderText(value)}`),
  ];
  const part = (type: string, body: string) =>
    [`Content-Type: ${type}; charset=utf-8`, 'Content-Transfer-Encoding: base64', '', base64Lines(body)].join(CRLF);
  if (!mail.html) return Buffer.from([...head, part('text/plain', mail.text), ''].join(CRLF), 'utf8');
  // Base64 never contains "-": a per-process prefix and a counter cannot occur in the parts.
  const boundary = `----rathaus-${BOUNDARY_PREFIX}-${(boundaries++).toString(36)}`;
  const message = [
    ...head,
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    part('text/plain', mail.text),
    `--${boundary}`,
    part('text/html', mail.html),
    `--${boundary}--`,
    '',
  ].join(CRLF);
  return Buffer.from(message, 'utf8');
}
