import { BERLIN } from '../../platform/calendar/berlin-time.js';

const euroFormat = new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' });
const dateFormat = new Intl.DateTimeFormat('de-DE', {
  timeZone: BERLIN,
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const shortDateFormat = new Intl.DateTimeFormat('de-DE', { timeZone: BERLIN, day: '2-digit', month: '2-digit', year: 'numeric' });
const timeFormat = new Intl.DateTimeFormat('de-DE', { timeZone: BERLIN, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const monthFormat = new Intl.DateTimeFormat('de-DE', { timeZone: 'UTC', month: 'long', year: 'numeric' });

/** 12345 cent → "123,45 €". */
export const euro = (cents: number) => euroFormat.format(cents / 100);

export const germanDate = (d: Date) => dateFormat.format(d);
export const germanShortDate = (d: Date) => shortDateFormat.format(d);
export const germanTime = (d: Date) => timeFormat.format(d);

/** "Samstag, 14. Juni 2025, 18:00 bis 23:00 Uhr", or with both dates when it spans days. */
export function germanRange(start: Date, end: Date): string {
  const sameDay = shortDateFormat.format(start) === shortDateFormat.format(new Date(end.getTime() - 1));
  if (sameDay) return `${germanDate(start)}, ${germanTime(start)} bis ${germanTime(end)} Uhr`;
  return `${germanDate(start)}, ${germanTime(start)} Uhr bis ${germanDate(end)}, ${germanTime(end)} Uhr`;
}

/** "Juni 2025" for year and month (1–12). */
export const germanMonth = (year: number, month: number) => monthFormat.format(new Date(Date.UTC(year, month - 1, 1)));

/** "12,50" or "12" (form input in euro) → cent; undefined when not a price. */
export function parseEuro(value: string): number | undefined {
  const v = value.trim().replace(/\s*€$/, '').replace(/\./g, '').replace(',', '.');
  if (!/^\d{1,6}(\.\d{1,2})?$/.test(v)) return undefined;
  return Math.round(Number(v) * 100);
}

/** Cent → the form's euro text ("12,50"). */
export const euroInput = (cents: number | null) =>
  cents === null ? '' : (cents / 100).toFixed(2).replace('.', ',').replace(/,00$/, '');
