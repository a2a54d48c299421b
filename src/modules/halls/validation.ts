import { berlinToUtc } from '../../platform/calendar/berlin-time.js';
import type { Rate } from './tables.js';

export type FieldErrors = Record<string, string>;

export const SLUG = /^[a-z0-9][a-z0-9-]{0,79}$/;
const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;
export const MAX_BOOKING_DAYS = 14;
export const MAX_DAYS_AHEAD = 730;

/** A booking request as sent by the public form or the API, before checks. */
export interface BookingInput {
  name: string;
  email: string;
  organisation: string;
  rate: Rate;
  purpose: string;
  guests: number;
  start: Date;
  end: Date;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/** YYYY-MM-DD (date input) or TT.MM.JJJJ (typed by hand) → [y, m, d]. */
export function parseDate(value: string): [number, number, number] | undefined {
  const v = value.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  let parts: [number, number, number] | undefined;
  if (m) parts = [Number(m[1]), Number(m[2]), Number(m[3])];
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(v);
  if (m) parts = [Number(m[3]), Number(m[2]), Number(m[1])];
  if (!parts) return undefined;
  const [y, mo, d] = parts;
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return undefined;
  return parts;
}

/** HH:MM (also H:MM, HH.MM) → [h, m]; 24:00 is allowed as the end of a day. */
export function parseTime(value: string): [number, number] | undefined {
  const m = /^(\d{1,2})[:.](\d{2})$/.exec(value.trim());
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min !== 0)) return undefined;
  return [h, min];
}

function wallClock(date: [number, number, number], time: [number, number]): Date {
  if (time[0] === 24) {
    const next = new Date(Date.UTC(date[0], date[1] - 1, date[2] + 1));
    return berlinToUtc(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), 0, 0);
  }
  return berlinToUtc(date[0], date[1], date[2], time[0], time[1]);
}

function checkPerson(raw: Record<string, string>, errors: FieldErrors) {
  const name = (raw.name ?? '').trim();
  const email = (raw.email ?? '').trim();
  const organisation = (raw.organisation ?? '').trim();
  const purpose = (raw.purpose ?? '').trim();
  if (!name) errors.name = 'Bitte geben Sie Ihren Namen an.';
  else if (name.length > 200) errors.name = 'Der Name darf höchstens 200 Zeichen lang sein.';
  if (!EMAIL.test(email) || email.length > 254)
    errors.email = 'Bitte geben Sie eine gültige E-Mail-Adresse an, zum Beispiel name@beispiel.de.';
  if (organisation.length > 200)
    errors.organisation = 'Der Name des Vereins oder der Organisation darf höchstens 200 Zeichen lang sein.';
  const rateRaw = (raw.rate ?? '').trim();
  let rate: Rate = organisation ? 'club' : 'private';
  if (rateRaw === 'club' || rateRaw === 'private') rate = rateRaw;
  else if (rateRaw) errors.rate = 'Bitte wählen Sie, ob Sie als Privatperson oder als Verein anfragen.';
  if (rate === 'club' && !organisation) errors.organisation = 'Bitte geben Sie den Namen des Vereins oder der Organisation an.';
  if (!purpose) errors.purpose = 'Bitte beschreiben Sie den Anlass der Veranstaltung (Zweck).';
  else if (purpose.length > 2000) errors.purpose = 'Die Beschreibung des Anlasses darf höchstens 2000 Zeichen lang sein.';
  const guestsText = (raw.guests ?? '').trim();
  const guests = /^\d{1,6}$/.test(guestsText) ? Number(guestsText) : Number.NaN;
  if (!guestsText) errors.guests = 'Bitte geben Sie die erwartete Zahl der Gäste an.';
  else if (!Number.isInteger(guests) || guests < 1) errors.guests = 'Bitte geben Sie die Zahl der Gäste als ganze Zahl ab 1 an.';
  return { name, email: email.toLowerCase(), organisation, rate, purpose, guests };
}

/** The public form: date, start time, end time and an optional end date (events past midnight). */
export function checkRequestForm(raw: Record<string, string>): Checked<BookingInput> {
  const errors: FieldErrors = {};
  const person = checkPerson(raw, errors);
  const date = parseDate(raw.date ?? '');
  if (!date) errors.date = 'Bitte geben Sie das Datum der Veranstaltung an (TT.MM.JJJJ).';
  const endDateText = (raw.end_date ?? '').trim();
  const endDate = endDateText ? parseDate(endDateText) : date;
  if (endDateText && !endDate)
    errors.end_date = 'Bitte geben Sie das Enddatum im Format TT.MM.JJJJ an oder lassen Sie das Feld leer.';
  const startTime = parseTime(raw.start ?? '');
  if (!startTime) errors.start = 'Bitte geben Sie die Uhrzeit des Beginns an (z. B. 18:00).';
  const endTime = parseTime(raw.end ?? '');
  if (!endTime) errors.end = 'Bitte geben Sie die Uhrzeit des Endes an (z. B. 23:00).';
  if (Object.keys(errors).length > 0 || !date || !endDate || !startTime || !endTime) return { ok: false, errors };
  return { ok: true, value: { ...person, start: wallClock(date, startTime), end: wallClock(endDate, endTime) } };
}

/** The API body: start and end as ISO 8601 instants. */
export function checkRequestJson(body: unknown): Checked<BookingInput> {
  const raw = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const text = (k: string) =>
    typeof raw[k] === 'string' ? (raw[k] as string) : typeof raw[k] === 'number' ? String(raw[k]) : '';
  const errors: FieldErrors = {};
  const person = checkPerson(
    {
      name: text('name'),
      email: text('email'),
      organisation: text('organisation'),
      rate: text('rate'),
      purpose: text('purpose'),
      guests: text('guests'),
    },
    errors,
  );
  const instant = (k: string) => {
    const v = text(k);
    // An offset is required: a bare local time would be read in the server's zone.
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v)) return undefined;
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? undefined : d;
  };
  const start = instant('start');
  const end = instant('end');
  if (!start)
    errors.start = 'Bitte geben Sie den Beginn als Zeitpunkt nach ISO 8601 mit Zeitzone an (z. B. 2025-06-14T18:00:00+02:00).';
  if (!end)
    errors.end = 'Bitte geben Sie das Ende als Zeitpunkt nach ISO 8601 mit Zeitzone an (z. B. 2025-06-14T23:00:00+02:00).';
  if (Object.keys(errors).length > 0 || !start || !end) return { ok: false, errors };
  return { ok: true, value: { ...person, start, end } };
}

/** Rules that depend on the room and the clock: order of times, the past, capacity, length. */
export function checkAgainstResource(input: BookingInput, capacity: number, now: Date): FieldErrors {
  const errors: FieldErrors = {};
  if (input.end.getTime() <= input.start.getTime()) errors.end = 'Das Ende muss nach dem Beginn liegen.';
  else if (input.end.getTime() - input.start.getTime() > MAX_BOOKING_DAYS * 86400_000)
    errors.end = `Eine Anfrage darf höchstens ${MAX_BOOKING_DAYS} Tage umfassen.`;
  if (input.start.getTime() < now.getTime())
    errors.start = 'Der Beginn liegt in der Vergangenheit. Bitte wählen Sie einen künftigen Termin.';
  else if (input.start.getTime() > now.getTime() + MAX_DAYS_AHEAD * 86400_000)
    errors.start = 'Anfragen sind höchstens zwei Jahre im Voraus möglich.';
  if (input.guests > capacity)
    errors.guests = `Die Zahl der Gäste (${input.guests}) übersteigt die Kapazität des Raums (höchstens ${capacity} Personen).`;
  return errors;
}
