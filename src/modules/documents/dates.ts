/** Calendar days as the back office means them: in Germany (Europe/Berlin), not UTC. */
const ZONE = 'Europe/Berlin';
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** What people type where a browser shows no date picker. */
const GERMAN_DAY = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;

const formatter = new Intl.DateTimeFormat('en-US', {
  timeZone: ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** How far Berlin's wall clock is ahead of UTC at this instant (ms). */
function zoneOffset(at: Date): number {
  const p = Object.fromEntries(formatter.formatToParts(at).map((x) => [x.type, x.value]));
  return Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second) - Math.floor(at.getTime() / 1000) * 1000;
}

/** A "YYYY-MM-DD" or "T.M.JJJJ" that names a real day, as [y, m, d]; undefined otherwise. */
export function parseDay(value: string): [number, number, number] | undefined {
  const iso = ISO_DAY.exec(value.trim());
  const german = GERMAN_DAY.exec(value.trim());
  const parts = iso ? [iso[1], iso[2], iso[3]] : german ? [german[3], german[2], german[1]] : undefined;
  if (!parts) return undefined;
  const [y, mo, d] = parts.map(Number);
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d || y < 1900) return undefined;
  return [y, mo, d];
}

/** 00:00 in Berlin on that day (midnight never falls into a DST gap there). */
export function startOfBerlinDay([y, m, d]: [number, number, number]): Date {
  const guess = new Date(Date.UTC(y, m - 1, d));
  return new Date(guess.getTime() - zoneOffset(guess));
}

/** The last millisecond of that day in Berlin. */
export function endOfBerlinDay([y, m, d]: [number, number, number]): Date {
  const next = new Date(Date.UTC(y, m - 1, d + 1));
  return new Date(startOfBerlinDay([next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate()]).getTime() - 1);
}

export const formatDate = (d: Date) => new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeZone: ZONE }).format(d);
export const formatDateTime = (d: Date) =>
  new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'short', timeZone: ZONE }).format(d);
