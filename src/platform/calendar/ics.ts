/**
 * iCalendar (RFC 5545) writer for invitations, cancellations and feeds.
 * Times are written as Europe/Berlin wall-clock time with a VTIMEZONE, so that
 * calendar clients show the appointment at the hour the citizen booked even
 * across the daylight-saving change.
 */
import { BERLIN, berlinParts } from './berlin-time.js';

export interface IcsEvent {
  uid: string;
  sequence?: number;
  start: Date;
  end: Date;
  summary: string;
  description?: string;
  location?: string;
  url?: string;
  status?: 'CONFIRMED' | 'CANCELLED' | 'TENTATIVE';
  organizer?: { name: string; email: string };
  attendee?: { name?: string; email: string };
}

export interface CalendarOptions {
  method?: 'REQUEST' | 'CANCEL' | 'PUBLISH';
  prodId?: string;
  name?: string;
  events: IcsEvent[];
}

const DEFAULT_PROD_ID = '-//Rathaus//Rathaus//DE';

// EU rule since 1996: summer time from the last Sunday of March 02:00 CET
// to the last Sunday of October 03:00 CEST.
const BERLIN_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  `TZID:${BERLIN}`,
  `X-LIC-LOCATION:${BERLIN}`,
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

export function buildCalendar(opts: CalendarOptions): string {
  const lines: string[] = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${escapeText(opts.prodId ?? DEFAULT_PROD_ID)}`,
    'CALSCALE:GREGORIAN',
  ];
  if (opts.method) lines.push(`METHOD:${opts.method}`);
  if (opts.name) {
    lines.push(`NAME:${escapeText(opts.name)}`, `X-WR-CALNAME:${escapeText(opts.name)}`);
  }
  if (opts.events.length > 0) lines.push(...BERLIN_VTIMEZONE);
  const stamp = utcStamp(new Date());
  for (const event of opts.events) lines.push(...eventLines(event, stamp, opts.method));
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}

function eventLines(event: IcsEvent, stamp: string, method: CalendarOptions['method']): string[] {
  const lines = [
    'BEGIN:VEVENT',
    `UID:${escapeText(event.uid)}`,
    `SEQUENCE:${Math.max(0, Math.trunc(event.sequence ?? 0))}`,
    `DTSTAMP:${stamp}`,
    `DTSTART;TZID=${BERLIN}:${localStamp(event.start)}`,
    `DTEND;TZID=${BERLIN}:${localStamp(event.end)}`,
    `SUMMARY:${escapeText(event.summary)}`,
  ];
  if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
  if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`);
  if (event.url) lines.push(`URL:${stripControl(event.url)}`);
  // A cancellation that does not say so would be shown as a still-valid event.
  const status = event.status ?? (method === 'CANCEL' ? 'CANCELLED' : undefined);
  if (status) lines.push(`STATUS:${status}`);
  if (event.organizer) {
    lines.push(`ORGANIZER;CN=${paramValue(event.organizer.name)}:mailto:${mailAddress(event.organizer.email)}`);
  }
  if (event.attendee) {
    const cn = event.attendee.name ? `;CN=${paramValue(event.attendee.name)}` : '';
    lines.push(`ATTENDEE${cn};ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:${mailAddress(event.attendee.email)}`);
  }
  lines.push('END:VEVENT');
  return lines;
}

/** TEXT value escaping (RFC 5545 3.3.11). */
export function escapeText(value: string): string {
  return stripControl(value.replace(/\r\n|\r/g, '\n'), true)
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\n/g, '\\n');
}

// Control characters are not allowed in content lines; a newline survives only in TEXT (escaped).
function stripControl(value: string, keepNewline = false): string {
  let out = '';
  for (const ch of value) {
    const code = ch.charCodeAt(0);
    // Keeps HTAB (9) and, when asked, LF (10).
    if ((code < 0x20 && code !== 9 && !(keepNewline && code === 10)) || code === 0x7f) continue;
    out += ch;
  }
  return out;
}

// Parameter values cannot contain DQUOTE; quoting allows ':', ';' and ','.
function paramValue(value: string): string {
  return `"${stripControl(value).replace(/"/g, "'")}"`;
}

function mailAddress(email: string): string {
  return stripControl(email).replace(/[\s"]/g, '');
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function localStamp(date: Date): string {
  const p = berlinParts(date);
  return `${pad(p.year, 4)}${pad(p.month)}${pad(p.day)}T${pad(p.hour)}${pad(p.minute)}${pad(p.second)}`;
}

function utcStamp(date: Date): string {
  return `${pad(date.getUTCFullYear(), 4)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}T${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`;
}

/**
 * Folds a content line at 75 octets (RFC 5545 3.1): continuation lines start
 * with one space, which counts towards their 75 octets. Splits only between
 * code points so a multi-byte UTF-8 character is never cut in half.
 */
export function foldLine(line: string): string {
  if (Buffer.byteLength(line, 'utf8') <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let currentBytes = 0;
  let limit = 75;
  for (const ch of line) {
    const bytes = Buffer.byteLength(ch, 'utf8');
    if (currentBytes + bytes > limit) {
      parts.push(current);
      current = '';
      currentBytes = 0;
      limit = 74;
    }
    current += ch;
    currentBytes += bytes;
  }
  parts.push(current);
  return parts.join('\r\n ');
}
