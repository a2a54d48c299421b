/** Wall-clock time in Europe/Berlin, the zone every tenant of Rathaus lives in. */
export const BERLIN = 'Europe/Berlin';

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: BERLIN,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

export function berlinParts(date: Date): LocalParts {
  const out: Record<string, number> = {};
  for (const p of partsFormat.formatToParts(date)) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return {
    year: out.year ?? 0,
    month: out.month ?? 0,
    day: out.day ?? 0,
    hour: out.hour ?? 0,
    minute: out.minute ?? 0,
    second: out.second ?? 0,
  };
}

/** Offset of Berlin local time from UTC at this instant, in minutes (60 or 120). */
export function berlinOffsetMinutes(date: Date): number {
  const p = berlinParts(date);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60000);
}

/**
 * The instant of a Berlin wall-clock time. A time skipped by the spring change
 * (02:30 on the last Sunday of March) moves forward by an hour; an ambiguous
 * autumn time (02:30 twice) takes the first (summer-time) occurrence.
 */
export function berlinToUtc(year: number, month: number, day: number, hour = 0, minute = 0): Date {
  const naive = Date.UTC(year, month - 1, day, hour, minute);
  // Try the summer offset first so that an ambiguous time resolves to its first occurrence.
  for (const offset of [120, 60]) {
    const candidate = new Date(naive - offset * 60000);
    if (berlinOffsetMinutes(candidate) === offset) return candidate;
  }
  return new Date(naive - 60 * 60000);
}

/** ISO 8601 with the Berlin offset, e.g. 2025-03-30T10:00:00+02:00. */
export function toBerlinIso(date: Date): string {
  const p = berlinParts(date);
  const off = berlinOffsetMinutes(date);
  const pad = (n: number) => String(n).padStart(2, '0');
  const sign = off >= 0 ? '+' : '-';
  const abs = Math.abs(off);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** YYYY-MM-DD of the Berlin calendar day this instant falls on. */
export function berlinDateKey(date: Date): string {
  const p = berlinParts(date);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

// Formatters are built once: `toLocaleString` with options builds a new one per call,
// which costs more than the rest of a submission's text work together.
const isoDateFormat = new Intl.DateTimeFormat('sv-SE', { timeZone: BERLIN });
const longDateTimeFormat = new Intl.DateTimeFormat('de-DE', { timeZone: BERLIN, dateStyle: 'long', timeStyle: 'short' });

/** The Berlin calendar day of an instant, as YYYY-MM-DD. */
export const berlinIsoDate = (date: Date = new Date()) => isoDateFormat.format(date);

/** "23. November 2026 um 09:15" (the form German letters and mails use). */
export const berlinLongDateTime = (date: Date) => longDateTimeFormat.format(date);
