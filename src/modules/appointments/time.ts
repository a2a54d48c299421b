/** Calendar arithmetic on Berlin dates (YYYY-MM-DD) and wall-clock times for the slot grid. */
import { BERLIN, berlinOffsetMinutes as offsetByIntl } from '../../platform/calendar/berlin-time.js';

export const ZONE = BERLIN;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * Berlin's offset per UTC hour, memoized: the offset only changes on a whole UTC hour,
 * and Intl costs tens of microseconds per call (a 30-day slot list needs thousands).
 */
const offsets = new Map<number, number>();

/** Minutes Berlin is ahead of UTC at this instant (60 in winter, 120 in summer). */
export function berlinOffsetMinutes(instant: Date | number): number {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  const hour = Math.floor(ms / 3_600_000);
  let offset = offsets.get(hour);
  if (offset === undefined) {
    if (offsets.size > 100_000) offsets.clear();
    offset = offsetByIntl(new Date(hour * 3_600_000));
    offsets.set(hour, offset);
  }
  return offset;
}

/** The wall-clock reading in Berlin, as an ISO string without zone (YYYY-MM-DDTHH:MM:SS). */
const wallClock = (instant: Date) =>
  new Date(instant.getTime() + berlinOffsetMinutes(instant) * 60_000).toISOString().slice(0, 19);

/** The Berlin calendar date of an instant, YYYY-MM-DD. */
export const berlinDate = (instant: Date): string => wallClock(instant).slice(0, 10);

/** The Berlin wall-clock time of an instant, HH:MM. */
export const berlinTime = (instant: Date): string => wallClock(instant).slice(11, 16);

/** ISO 8601 with the Berlin offset, e.g. 2026-03-30T08:00:00+02:00 (what the API returns). */
export function berlinIso(instant: Date): string {
  const offset = berlinOffsetMinutes(instant);
  return `${wallClock(instant)}+${pad(Math.floor(offset / 60))}:${pad(offset % 60)}`;
}

/** "HH:MM" → minutes after midnight; NaN when malformed. */
export function minutesOf(time: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time) ?? (time === '24:00' ? [time, '24', '00'] : null);
  return m ? Number(m[1]) * 60 + Number(m[2]) : Number.NaN;
}

export const timeOf = (minutes: number) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

/**
 * The instant of a Berlin wall-clock time, or undefined when that local time does not
 * exist (the hour skipped when clocks go forward in March). In the repeated hour of
 * October the earlier instant (summer time) is taken.
 */
export function berlinInstant(date: string, minutes: number): Date | undefined {
  const [y, m, d] = date.split('-').map(Number);
  const wall = Date.UTC(y, m - 1, d, 0, minutes);
  // Try both offsets Berlin uses; keep those that map back to the same wall time.
  for (const offset of [120, 60]) {
    const candidate = new Date(wall - offset * 60_000);
    if (berlinOffsetMinutes(candidate) === offset) return candidate;
  }
  return undefined;
}

/**
 * Instants of wall-clock minutes on one Berlin date: on the ~363 days without a clock
 * change a plain subtraction, otherwise berlinInstant for each (slot lists call this a lot).
 */
export function berlinDayClock(date: string): (minutes: number) => Date | undefined {
  const [y, m, d] = date.split('-').map(Number);
  const midnight = Date.UTC(y, m - 1, d);
  const before = berlinOffsetMinutes(midnight - 2 * 3_600_000);
  const after = berlinOffsetMinutes(midnight + 22 * 3_600_000);
  if (before !== after) return (minutes) => berlinInstant(date, minutes);
  return (minutes) => new Date(midnight + (minutes - before) * 60_000);
}

/** A valid calendar date YYYY-MM-DD? */
export function isDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** The date `days` calendar days after `date` (negative: before). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** 1 = Monday … 7 = Sunday. */
export function weekdayOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The Monday of the week `date` lies in. */
export const mondayOf = (date: string) => addDays(date, 1 - weekdayOf(date));

/** Whole days from `a` to `b` (b − a). */
export function daysBetween(a: string, b: string): number {
  const [ya, ma, da] = a.split('-').map(Number);
  const [yb, mb, db] = b.split('-').map(Number);
  return Math.round((Date.UTC(yb, mb - 1, db) - Date.UTC(ya, ma - 1, da)) / 86_400_000);
}

/** ISO week label, e.g. "2026-W14" (figures per week). */
export function isoWeek(date: string): string {
  const thursday = addDays(date, 4 - weekdayOf(date));
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1;
  return `${year}-W${pad(week)}`;
}

const WEEKDAY_NAMES = ['Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag', 'Sonntag'];
const MONTHS = [
  'Januar',
  'Februar',
  'März',
  'April',
  'Mai',
  'Juni',
  'Juli',
  'August',
  'September',
  'Oktober',
  'November',
  'Dezember',
];

/** "Montag, 30. März 2026" */
export function germanDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${WEEKDAY_NAMES[weekdayOf(date) - 1]}, ${d}. ${MONTHS[m - 1]} ${y}`;
}

/** "Montag, 30. März 2026, 08:00 Uhr" */
export const germanDateTime = (instant: Date) => `${germanDate(berlinDate(instant))}, ${berlinTime(instant)} Uhr`;
