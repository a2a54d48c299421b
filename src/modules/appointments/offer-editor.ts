/**
 * The back office's offer editor: the form's values as typed (kept on error), their
 * checks with German messages per field, and saving an offer with its services,
 * locations (counters, shared counters, weekly hours) and the locations' exceptions.
 */
import type { Executor } from '../../platform/db/database.js';
import type { FieldErrors } from '../../platform/views/forms.js';
import * as repo from './repo.js';
import { isUuid, type OfferView } from './service.js';
import type { ExceptionKind, WeeklyHours } from './tables.js';
import { isDate } from './time.js';

export interface LocationFormValues {
  /** Empty for a new location. */
  id: string;
  name: string;
  street: string;
  postalCode: string;
  city: string;
  directions: string;
  counters: string;
  /** '' (own counters) or the pool id of another offer's location. */
  pool: string;
  hours: string;
  exceptions: string;
  remove: boolean;
}

export interface OfferFormValues {
  title: string;
  description: string;
  services: string;
  minLeadMinutes: string;
  maxLeadDays: string;
  limitPerEmailDay: string;
  virtual: boolean;
  active: boolean;
  videoLinkTemplate: string;
  locations: LocationFormValues[];
}

/** Where another offer's counters can be shared: the pools of other offers' locations. */
export interface PoolOption {
  value: string;
  label: string;
}

const DAYS = ['Mo', 'Di', 'Mi', 'Do', 'Fr', 'Sa', 'So'];
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_LOCATIONS = 20;

export const locationField = (index: number, field: string) => `ort${index}_${field}`;

export const hoursText = (hours: WeeklyHours[]) =>
  [...hours]
    .sort((a, b) => a.day - b.day || a.from.localeCompare(b.from))
    .map((h) => `${DAYS[h.day - 1]} ${h.from}-${h.to}`)
    .join('\n');

export const exceptionsText = (rows: repo.ExceptionRow[]) =>
  rows
    .map((e) =>
      [
        e.day,
        e.from_time && e.to_time ? `${e.from_time}-${e.to_time}` : '',
        e.kind === 'extra' ? 'zusätzlich' : 'geschlossen',
        e.note,
      ]
        .filter(Boolean)
        .join(' '),
    )
    .join('\n');

const emptyLocation = (): LocationFormValues => ({
  id: '',
  name: '',
  street: '',
  postalCode: '',
  city: '',
  directions: '',
  counters: '1',
  pool: '',
  hours: '',
  exceptions: '',
  remove: false,
});

/** The form of an existing offer (or a new one), with one empty location to add. */
export function formValuesOf(offer: OfferView | undefined, exceptions: repo.ExceptionRow[], template: string): OfferFormValues {
  const locations: LocationFormValues[] = (offer?.locations ?? []).map((l) => ({
    id: l.id,
    name: l.name,
    street: l.street,
    postalCode: l.postalCode,
    city: l.city,
    directions: l.directions,
    counters: String(l.counters),
    pool: l.counterPool ?? '',
    hours: hoursText(l.hours),
    exceptions: exceptionsText(exceptions.filter((e) => e.location_id === l.id)),
    remove: false,
  }));
  return {
    title: offer?.title ?? '',
    description: offer?.description ?? '',
    services: (offer?.services ?? []).map((s) => `${s.slug} ${s.minutes}`).join('\n'),
    minLeadMinutes: String(offer?.minLeadMinutes ?? 60),
    maxLeadDays: String(offer?.maxLeadDays ?? 60),
    limitPerEmailDay: offer?.limitPerEmailDay ? String(offer.limitPerEmailDay) : '',
    virtual: offer?.virtual ?? false,
    active: offer?.active ?? true,
    videoLinkTemplate: template,
    locations: [...locations, emptyLocation()],
  };
}

const field = (body: unknown, name: string): string => {
  const value = (body as Record<string, unknown> | null)?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
};

/** The values as posted (the number of location blocks comes with the form). */
export function formValuesFromBody(body: unknown): OfferFormValues {
  const count = Math.min(MAX_LOCATIONS, Math.max(0, Number.parseInt(field(body, 'orte'), 10) || 0));
  const locations = Array.from({ length: count }, (_, i) => {
    const f = (name: string) => field(body, locationField(i, name));
    return {
      id: isUuid(f('id')) ? f('id') : '',
      name: f('name'),
      street: f('street'),
      postalCode: f('postalCode'),
      city: f('city'),
      directions: f('directions'),
      counters: f('counters'),
      pool: f('pool'),
      hours: f('hours'),
      exceptions: f('exceptions'),
      remove: f('remove') === 'ja',
    };
  });
  return {
    title: field(body, 'title'),
    description: field(body, 'description'),
    services: field(body, 'services'),
    minLeadMinutes: field(body, 'minLeadMinutes'),
    maxLeadDays: field(body, 'maxLeadDays'),
    limitPerEmailDay: field(body, 'limitPerEmailDay'),
    virtual: field(body, 'virtual') === 'ja',
    active: field(body, 'active') === 'ja',
    videoLinkTemplate: field(body, 'videoLinkTemplate'),
    locations,
  };
}

interface ParsedException {
  day: string;
  kind: ExceptionKind;
  from: string | null;
  to: string | null;
  note: string;
}

export interface ParsedOffer {
  offer: repo.OfferUpdate;
  services: { slug: string; minutes: number }[];
  /** undefined: left as it is (only admins change the tenant-wide template). */
  videoLinkTemplate: string | undefined;
  /** `index`: the block of the form (for the error's field name). */
  locations: {
    index: number;
    id: string;
    name: string;
    remove: boolean;
    fields: repo.LocationFields;
    exceptions: ParsedException[];
  }[];
}

function integer(value: string, min: number, max: number): number | undefined {
  const text = value.trim();
  if (!/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n >= min && n <= max ? n : undefined;
}

function parseHours(text: string): WeeklyHours[] | string {
  const hours: WeeklyHours[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const match = /^(Mo|Di|Mi|Do|Fr|Sa|So)\s+(\d{2}:\d{2})\s*-\s*(\d{2}:\d{2})$/.exec(line);
    if (!match || !TIME.test(match[2]) || !TIME.test(match[3]) || match[2] >= match[3])
      return `Bitte schreiben Sie jede Zeit in eine Zeile wie „Mo 08:00-12:00“ (Fehler in „${line}“).`;
    hours.push({ day: DAYS.indexOf(match[1]) + 1, from: match[2], to: match[3] });
  }
  return hours.length > 0 ? hours : 'Bitte geben Sie mindestens eine buchbare Zeit an, zum Beispiel „Mo 08:00-12:00“.';
}

function parseExceptions(text: string): ParsedException[] | string {
  const rows: ParsedException[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const match = /^(\d{4}-\d{2}-\d{2})\s+(?:(\d{2}:\d{2})\s*-\s*(\d{2}:\d{2})\s+)?(geschlossen|zusätzlich)\b\s*(.*)$/.exec(line);
    const from = match?.[2] ?? null;
    const to = match?.[3] ?? null;
    if (!match || !isDate(match[1]) || (from && (!TIME.test(from) || !TIME.test(to as string) || from >= (to as string))))
      return `Bitte schreiben Sie jede Ausnahme in eine Zeile wie „2026-12-24 geschlossen Heiligabend“ oder „2026-12-19 09:00-12:00 zusätzlich“ (Fehler in „${line}“).`;
    const kind: ExceptionKind = match[4] === 'zusätzlich' ? 'extra' : 'closed';
    if (kind === 'extra' && !from)
      return `Zusätzliche Zeiten brauchen eine Uhrzeit, zum Beispiel „${match[1]} 09:00-12:00 zusätzlich“.`;
    rows.push({ day: match[1], kind, from, to, note: match[5].trim().slice(0, 200) });
  }
  return rows;
}

/** Checks the form; the errors name the fields (and say what to write). */
export function checkOfferForm(
  values: OfferFormValues,
  pools: PoolOption[],
): { ok: true; parsed: ParsedOffer } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const title = values.title.trim().replace(/\s+/g, ' ');
  if (!title) errors.title = 'Bitte geben Sie einen Titel ein.';
  else if (title.length > 200) errors.title = 'Der Titel darf höchstens 200 Zeichen lang sein.';

  const services: { slug: string; minutes: number }[] = [];
  for (const raw of values.services.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const [slug, minutes] = line.split(/[\s,;]+/);
    const n = integer(minutes ?? '', 5, 480);
    if (!SLUG.test(slug ?? '') || n === undefined) {
      errors.services = `Bitte schreiben Sie je Zeile das Kürzel einer Leistung und ihre Dauer in Minuten (5 bis 480), zum Beispiel „personalausweis-beantragen 15“ (Fehler in „${line}“).`;
      break;
    }
    if (services.some((s) => s.slug === slug)) {
      errors.services = `Die Leistung „${slug}“ steht zweimal in der Liste.`;
      break;
    }
    services.push({ slug, minutes: n });
  }
  if (!errors.services && services.length === 0) errors.services = 'Bitte nennen Sie mindestens eine Leistung mit ihrer Dauer.';

  const minLeadMinutes = integer(values.minLeadMinutes, 0, 60 * 24 * 60);
  if (minLeadMinutes === undefined)
    errors.minLeadMinutes = 'Bitte geben Sie die Vorlaufzeit als ganze Zahl von Minuten an (0 oder mehr).';
  const maxLeadDays = integer(values.maxLeadDays, 1, 730);
  if (maxLeadDays === undefined) errors.maxLeadDays = 'Bitte geben Sie eine ganze Zahl von Tagen zwischen 1 und 730 an.';
  let limitPerEmailDay: number | null = null;
  if (values.limitPerEmailDay.trim()) {
    const n = integer(values.limitPerEmailDay, 1, 100);
    if (n === undefined)
      errors.limitPerEmailDay = 'Bitte lassen Sie das Feld leer oder geben Sie eine Zahl zwischen 1 und 100 an.';
    else limitPerEmailDay = n;
  }
  const videoLinkTemplate = values.videoLinkTemplate.trim();
  if (videoLinkTemplate && !/^https:\/\/[^\s]+$/.test(videoLinkTemplate))
    errors.videoLinkTemplate = 'Bitte geben Sie eine https-Adresse an, zum Beispiel https://meet.example.org/raum-{secret}.';

  const locations: ParsedOffer['locations'] = [];
  values.locations.forEach((l, i) => {
    const key = (name: string) => locationField(i, name);
    const blank = !l.id && !l.name.trim() && !l.street.trim() && !l.hours.trim() && !l.exceptions.trim();
    if (blank) return;
    if (l.remove) {
      if (l.id) locations.push({ index: i, id: l.id, name: l.name, remove: true, fields: undefined as never, exceptions: [] });
      return;
    }
    const name = l.name.trim();
    if (!name) errors[key('name')] = `Bitte geben Sie den Namen des ${i + 1}. Standorts ein.`;
    const counters = integer(l.counters, 1, 100);
    if (counters === undefined) errors[key('counters')] = 'Bitte geben Sie die Zahl der Schalter an (1 bis 100).';
    if (l.pool && !pools.some((p) => p.value === l.pool))
      errors[key('pool')] = 'Bitte wählen Sie einen Standort aus der Liste oder „eigene Schalter“.';
    const hours = parseHours(l.hours);
    if (typeof hours === 'string') errors[key('hours')] = hours;
    const exceptions = parseExceptions(l.exceptions);
    if (typeof exceptions === 'string') errors[key('exceptions')] = exceptions;
    if (typeof hours !== 'string' && typeof exceptions !== 'string' && counters !== undefined && name) {
      locations.push({
        index: i,
        id: l.id,
        name,
        remove: false,
        fields: {
          name: name.slice(0, 200),
          street: l.street.trim().slice(0, 200),
          postalCode: l.postalCode.trim().slice(0, 10),
          city: l.city.trim().slice(0, 100),
          directions: l.directions.trim().slice(0, 1000),
          counters,
          counterPool: l.pool || null,
          hours,
        },
        exceptions,
      });
    }
  });
  if (Object.keys(errors).length === 0 && !locations.some((l) => !l.remove))
    errors[locationField(0, 'name')] = 'Bitte geben Sie mindestens einen Standort an.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    parsed: {
      offer: {
        title,
        description: values.description.trim().slice(0, 2000),
        virtual: values.virtual,
        active: values.active,
        minLeadMinutes: minLeadMinutes as number,
        maxLeadDays: maxLeadDays as number,
        limitPerEmailDay,
      },
      services,
      videoLinkTemplate,
      locations,
    },
  };
}

export type SaveResult = { ok: true; id: string } | { ok: false; errors: FieldErrors };

class EditorRefusal extends Error {
  constructor(readonly errors: FieldErrors) {
    super('refused');
  }
}

/**
 * Saves an offer (new when `offerId` is undefined) in one transaction. A location with
 * bookings is not deleted (its history stays); one that changes its counter pool takes its
 * bookings along, and the database refuses when they would overlap there.
 */
export async function saveOffer(
  db: Executor,
  tenantId: string,
  offerId: string | undefined,
  parsed: ParsedOffer,
  today: string,
): Promise<SaveResult> {
  try {
    return await db.transaction().execute(async (tx): Promise<SaveResult> => {
      let id = offerId;
      if (id) {
        const updated = await repo.updateOfferRow(tx, tenantId, id, parsed.offer);
        if (Number(updated.numUpdatedRows) === 0)
          return { ok: false, errors: { title: 'Dieses Terminangebot gibt es nicht mehr.' } };
      } else {
        id = (await repo.insertOffer(tx, tenantId, { ...parsed.offer, services: [], locations: [] })).id;
        await repo.updateOfferRow(tx, tenantId, id, parsed.offer);
      }
      await repo.replaceOfferServices(tx, tenantId, id, parsed.services);
      if (parsed.videoLinkTemplate !== undefined) await repo.saveVideoLinkTemplate(tx, tenantId, parsed.videoLinkTemplate);
      const existing = new Set((await repo.listLocations(tx, tenantId, [id])).map((l) => l.id));
      let position = 0;
      for (const entry of parsed.locations) {
        const at = (name: string) => locationField(entry.index, name);
        if (entry.id && !existing.has(entry.id)) throw new EditorRefusal({ [at('name')]: 'Diesen Standort gibt es nicht mehr.' });
        if (entry.remove) {
          if ((await repo.countBookingsAt(tx, tenantId, entry.id)) > 0)
            throw new EditorRefusal({
              [at('remove')]:
                `Der Standort „${entry.name}“ hat Buchungen und kann nicht entfernt werden. Sperren Sie stattdessen seine Zeiten.`,
            });
          await repo.deleteLocation(tx, tenantId, id, entry.id);
          continue;
        }
        let locationId = entry.id;
        if (locationId) await repo.updateLocation(tx, tenantId, id, locationId, entry.fields, position);
        else locationId = await repo.insertLocation(tx, tenantId, id, entry.fields, position);
        position++;
        const pool = entry.fields.counterPool ?? locationId;
        try {
          await repo.movePoolOfBookings(tx, tenantId, locationId, pool);
          // Locations that shared this one's counters follow it to the new pool.
          if (pool !== locationId) await repo.repointPool(tx, tenantId, locationId, pool);
        } catch (error) {
          if ((error as { code?: string }).code !== '23P01') throw error;
          throw new EditorRefusal({
            [at('pool')]:
              'Die Schalter können nicht geteilt werden: gebuchte Termine würden sich auf einem Schalter überschneiden.',
          });
        }
        await repo.deleteLocationExceptionsFrom(tx, tenantId, locationId, today);
        await repo.insertExceptions(
          tx,
          tenantId,
          entry.exceptions.map((e) => ({ locationId, ...e })),
        );
      }
      return { ok: true, id };
    });
  } catch (error) {
    if (error instanceof EditorRefusal) return { ok: false, errors: error.errors };
    throw error;
  }
}
