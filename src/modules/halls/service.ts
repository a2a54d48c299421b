import { randomBytes } from 'node:crypto';
import { appendAudit } from '../../platform/audit.js';
import { berlinDateKey, berlinToUtc } from '../../platform/calendar/berlin-time.js';
import type { Executor } from '../../platform/db/database.js';
import { detectFileType } from '../../platform/files.js';
import { enqueueMail } from '../../platform/mail.js';
import type { Platform } from '../../platform/platform.js';
import { sharedSecret } from '../../platform/secrets.js';
import type { Tenant } from '../../platform/tenancy/repo.js';
import { bookingInvitation, feedKey, feedKeyMatches, resourceFeed } from './calendar.js';
import { approvalMail, cancellationMail, declineMail, receiptMail } from './mails.js';
import type { BookingRow, PhotoRow, ResourceRow } from './repo.js';
import * as repo from './repo.js';
import type { Rate } from './tables.js';
import { parseEuro } from './text.js';
import { type BookingInput, checkAgainstResource, type FieldErrors, SLUG } from './validation.js';

export type { BookingRow, PhotoRow, ResourceRow } from './repo.js';

export interface Hall extends ResourceRow {
  photos: PhotoRow[];
}

export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
export const MAX_RULES_BYTES = 20 * 1024 * 1024;
/** Approved bookings of one room sent in a feed: from three months back. */
const FEED_HISTORY_DAYS = 90;

const hallUrl = (platform: Platform, tenant: Tenant, resource: ResourceRow) =>
  `${platform.config.publicUrl}/${tenant.slug}/raeume/${resource.slug}`;

// --- reading ---

export async function listHalls(db: Executor, tenantId: string, onlyActive = true): Promise<Hall[]> {
  const resources = await repo.listResources(db, tenantId, onlyActive);
  const photos = await repo.listPhotos(
    db,
    tenantId,
    resources.map((r) => r.id),
  );
  return resources.map((r) => ({ ...r, photos: photos.filter((p) => p.resource_id === r.id) }));
}

/** A room by its slug; an inactive room only for staff. */
export async function findHall(db: Executor, tenantId: string, slug: string, includeInactive = false): Promise<Hall | undefined> {
  if (!SLUG.test(slug)) return undefined;
  const resource = await repo.findResourceBySlug(db, tenantId, slug);
  if (!resource || (!resource.active && !includeInactive)) return undefined;
  return { ...resource, photos: await repo.listPhotos(db, tenantId, [resource.id]) };
}

export async function findHallById(db: Executor, tenantId: string, id: string): Promise<Hall | undefined> {
  const resource = await repo.findResourceById(db, tenantId, id);
  if (!resource) return undefined;
  return { ...resource, photos: await repo.listPhotos(db, tenantId, [resource.id]) };
}

export const findPhoto = repo.findPhoto;

/** Busy ranges of a room: only start and end of approved bookings, nothing about who or why. */
export async function loadBusyRanges(db: Executor, tenantId: string, resourceId: string, from: Date, to: Date) {
  const rows = await repo.approvedInRange(db, tenantId, resourceId, from, to);
  return rows.map((b) => ({ start: b.starts_at, end: b.ends_at }));
}

export interface CalendarDay {
  key: string;
  day: number;
  /** 0 = Monday … 6 = Sunday. */
  weekday: number;
  past: boolean;
  /** Busy parts of this day (clipped to the day). */
  busy: { start: Date; end: Date; fromDayStart: boolean; toDayEnd: boolean }[];
}

/** Free/busy per day of one month in Berlin time, for the public availability calendar. */
export async function loadMonthAvailability(
  db: Executor,
  tenantId: string,
  resourceId: string,
  year: number,
  month: number,
  now: Date,
) {
  const first = berlinToUtc(year, month, 1);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const next = berlinToUtc(year, month + 1 > 12 ? year + 1 : year, month + 1 > 12 ? 1 : month + 1, 1);
  const busy = await loadBusyRanges(db, tenantId, resourceId, first, next);
  const today = berlinDateKey(now);
  const days: CalendarDay[] = [];
  for (let d = 1; d <= daysInMonth; d++) {
    const dayStart = berlinToUtc(year, month, d);
    const dayEnd = d === daysInMonth ? next : berlinToUtc(year, month, d + 1);
    const key = berlinDateKey(dayStart);
    days.push({
      key,
      day: d,
      weekday: (new Date(Date.UTC(year, month - 1, d)).getUTCDay() + 6) % 7,
      past: key < today,
      busy: busy
        .filter((b) => b.start < dayEnd && b.end > dayStart)
        .map((b) => ({
          start: b.start < dayStart ? dayStart : b.start,
          end: b.end > dayEnd ? dayEnd : b.end,
          fromDayStart: b.start <= dayStart,
          toDayEnd: b.end >= dayEnd,
        })),
    });
  }
  return days;
}

/**
 * The fee by the room's price list: whole hours started at the hourly price, or whole
 * days at the day price, whichever is cheaper; null when the room has no price for the rate.
 */
export function estimateFee(resource: ResourceRow, rate: Rate, start: Date, end: Date): number | null {
  const ms = end.getTime() - start.getTime();
  if (ms <= 0) return null;
  const hourPrice = rate === 'club' ? resource.price_hour_club : resource.price_hour_private;
  const dayPrice = rate === 'club' ? resource.price_day_club : resource.price_day_private;
  const options: number[] = [];
  if (hourPrice !== null) options.push(Math.ceil(ms / 3600_000) * hourPrice);
  if (dayPrice !== null) options.push(Math.ceil(ms / 86400_000) * dayPrice);
  return options.length ? Math.min(...options) : null;
}

// --- booking requests ---

export type RequestResult =
  | { ok: true; booking: BookingRow; estimate: number | null }
  | { ok: false; status: 422; errors: FieldErrors }
  | { ok: false; status: 409; message: string };

const OVERLAP_MESSAGE =
  'Der Raum ist in diesem Zeitraum bereits belegt. Bitte wählen Sie im Belegungskalender einen freien Termin.';

/** A short reference for mails and phone calls; no 0/O or 1/I to misread. */
const REF_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
function newReference(): string {
  const bytes = randomBytes(6);
  return `R-${Array.from(bytes, (b) => REF_ALPHABET[b % REF_ALPHABET.length]).join('')}`;
}

/** Stores a citizen's or club's request and sends the receipt; an approved booking in the range refuses it. */
export async function requestBooking(
  platform: Platform,
  tenant: Tenant,
  resource: ResourceRow,
  input: BookingInput,
  now = new Date(),
): Promise<RequestResult> {
  const errors = checkAgainstResource(input, resource.capacity, now);
  if (Object.keys(errors).length > 0) return { ok: false, status: 422, errors };
  const taken = await repo.approvedInRange(platform.db, tenant.id, resource.id, input.start, input.end);
  if (taken.length > 0) return { ok: false, status: 409, message: OVERLAP_MESSAGE };
  const estimate = estimateFee(resource, input.rate, input.start, input.end);
  const booking = await platform.db.transaction().execute(async (tx) => {
    const row = await repo.insertBooking(tx, {
      tenant_id: tenant.id,
      resource_id: resource.id,
      reference: newReference(),
      requester_name: input.name,
      requester_email: input.email,
      organisation: input.organisation,
      rate: input.rate,
      purpose: input.purpose,
      guests: input.guests,
      starts_at: input.start,
      ends_at: input.end,
    });
    await enqueueMail(platform, tx, {
      tenantId: tenant.id,
      to: row.requester_email,
      ...receiptMail(tenant, resource, row, estimate, hallUrl(platform, tenant, resource)),
    });
    return row;
  });
  return { ok: true, booking, estimate };
}

export type DecisionResult =
  | { ok: true; booking: BookingRow }
  | { ok: false; code: 'not_found' | 'not_open' | 'overlap' | 'invalid'; message: string; field?: string };

const isExclusionViolation = (error: unknown) =>
  (error as { code?: string })?.code === '23P01' || (error as { cause?: { code?: string } })?.cause?.code === '23P01';

const notOpen = (b: BookingRow): DecisionResult => ({
  ok: false,
  code: 'not_open',
  message:
    b.state === 'approved'
      ? 'Diese Anfrage ist bereits genehmigt.'
      : b.state === 'declined'
        ? 'Diese Anfrage ist bereits abgelehnt.'
        : 'Diese Anfrage ist zurückgezogen und kann nicht mehr entschieden werden.',
});

/**
 * Approves a request. The database refuses an overlap with another approved booking
 * (exclusion constraint), also when two staff members approve at the same moment;
 * then nothing changes and no mail leaves.
 */
export async function approveBooking(
  platform: Platform,
  tenant: Tenant,
  actorId: string,
  bookingId: string,
  decision: { fee?: number | null; message?: string },
): Promise<DecisionResult> {
  try {
    return await platform.db.transaction().execute(async (tx): Promise<DecisionResult> => {
      const current = await repo.findBookingForUpdate(tx, tenant.id, bookingId);
      if (!current) return { ok: false, code: 'not_found', message: 'Diese Anfrage gibt es nicht.' };
      if (current.state !== 'requested') return notOpen(current);
      const resource = await repo.findResourceById(tx, tenant.id, current.resource_id);
      if (!resource) return { ok: false, code: 'not_found', message: 'Diese Anfrage gibt es nicht.' };
      const fee =
        decision.fee !== undefined ? decision.fee : estimateFee(resource, current.rate, current.starts_at, current.ends_at);
      const booking = await repo.updateBooking(tx, tenant.id, bookingId, {
        state: 'approved',
        fee,
        staff_message: (decision.message ?? '').trim(),
        decided_at: new Date(),
        decided_by: actorId,
      });
      await enqueueMail(platform, tx, {
        tenantId: tenant.id,
        to: booking.requester_email,
        ...approvalMail(tenant, resource, booking, hallUrl(platform, tenant, resource)),
        attachments: [
          {
            filename: 'buchung.ics',
            contentType: 'text/calendar; charset=utf-8; method=REQUEST',
            content: bookingInvitation(platform.config, tenant, resource, booking, 'REQUEST'),
          },
        ],
      });
      await appendAudit(tx, {
        tenantId: tenant.id,
        actorId,
        action: 'halls.booking_approved',
        subject: bookingId,
        details: { fee },
      });
      return { ok: true, booking };
    });
  } catch (error) {
    if (!isExclusionViolation(error)) throw error;
    return {
      ok: false,
      code: 'overlap',
      message:
        'Die Anfrage kann nicht genehmigt werden: Der Raum ist in diesem Zeitraum bereits durch eine genehmigte Buchung belegt. Bitte lehnen Sie die Anfrage ab oder vereinbaren Sie einen anderen Termin.',
    };
  }
}

export async function declineBooking(
  platform: Platform,
  tenant: Tenant,
  actorId: string,
  bookingId: string,
  message: string,
): Promise<DecisionResult> {
  const text = message.trim();
  if (!text)
    return { ok: false, code: 'invalid', field: 'message', message: 'Bitte geben Sie eine Begründung für die Absage an.' };
  return platform.db.transaction().execute(async (tx): Promise<DecisionResult> => {
    const current = await repo.findBookingForUpdate(tx, tenant.id, bookingId);
    const resource = current && (await repo.findResourceById(tx, tenant.id, current.resource_id));
    if (!current || !resource) return { ok: false, code: 'not_found', message: 'Diese Anfrage gibt es nicht.' };
    if (current.state !== 'requested') return notOpen(current);
    const booking = await repo.updateBooking(tx, tenant.id, bookingId, {
      state: 'declined',
      staff_message: text,
      decided_at: new Date(),
      decided_by: actorId,
    });
    await enqueueMail(platform, tx, {
      tenantId: tenant.id,
      to: booking.requester_email,
      ...declineMail(tenant, resource, booking),
    });
    await appendAudit(tx, { tenantId: tenant.id, actorId, action: 'halls.booking_declined', subject: bookingId });
    return { ok: true, booking };
  });
}

/** Withdraws an approved booking (e.g. the club called it off): frees the range, sends a CANCEL .ics. */
export async function cancelBooking(
  platform: Platform,
  tenant: Tenant,
  actorId: string,
  bookingId: string,
  message: string,
): Promise<DecisionResult> {
  return platform.db.transaction().execute(async (tx): Promise<DecisionResult> => {
    const current = await repo.findBookingForUpdate(tx, tenant.id, bookingId);
    const resource = current && (await repo.findResourceById(tx, tenant.id, current.resource_id));
    if (!current || !resource) return { ok: false, code: 'not_found', message: 'Diese Buchung gibt es nicht.' };
    if (current.state !== 'approved')
      return { ok: false, code: 'not_open', message: 'Nur genehmigte Buchungen können aufgehoben werden.' };
    const booking = await repo.updateBooking(tx, tenant.id, bookingId, {
      state: 'cancelled',
      staff_message: message.trim(),
      sequence: current.sequence + 1,
      decided_at: new Date(),
      decided_by: actorId,
    });
    await enqueueMail(platform, tx, {
      tenantId: tenant.id,
      to: booking.requester_email,
      ...cancellationMail(tenant, resource, booking),
      attachments: [
        {
          filename: 'buchung.ics',
          contentType: 'text/calendar; charset=utf-8; method=CANCEL',
          content: bookingInvitation(platform.config, tenant, resource, booking, 'CANCEL'),
        },
      ],
    });
    await appendAudit(tx, { tenantId: tenant.id, actorId, action: 'halls.booking_cancelled', subject: bookingId });
    return { ok: true, booking };
  });
}

export const findBooking = repo.findBooking;
export const countOpenRequests = repo.countOpenRequests;

/** Requests and bookings of a room for staff: open ones, then upcoming approved, then the rest. */
export async function loadRequests(db: Executor, tenantId: string, resourceId: string, now: Date) {
  const since = new Date(now.getTime() - 30 * 86400_000);
  const rows = await repo.listBookings(db, tenantId, resourceId, ['requested', 'approved', 'declined', 'cancelled'], since);
  return {
    open: rows.filter((b) => b.state === 'requested'),
    approved: rows.filter((b) => b.state === 'approved' && b.ends_at > now),
    closed: rows.filter((b) => b.state === 'declined' || b.state === 'cancelled' || (b.state === 'approved' && b.ends_at <= now)),
  };
}

/** Approved bookings that overlap this one (what an approval would collide with). */
export const findConflicts = (db: Executor, tenantId: string, b: BookingRow) =>
  repo.approvedInRange(db, tenantId, b.resource_id, b.starts_at, b.ends_at).then((rows) => rows.filter((r) => r.id !== b.id));

// --- rooms (staff) ---

export interface ResourceInput {
  slug: string;
  name: string;
  description: string;
  address: string;
  capacity: number;
  equipment: string[];
  price_hour_club: number | null;
  price_hour_private: number | null;
  price_day_club: number | null;
  price_day_private: number | null;
  price_note: string;
  active: boolean;
}

/** The room form's fields → checked values or German errors keyed by field. */
export function checkResourceForm(
  raw: Record<string, string>,
): { ok: true; value: ResourceInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const name = (raw.name ?? '').trim();
  const slug = (raw.slug ?? '').trim().toLowerCase();
  const capacityText = (raw.capacity ?? '').trim();
  if (!name) errors.name = 'Bitte geben Sie den Namen des Raums an.';
  else if (name.length > 200) errors.name = 'Der Name darf höchstens 200 Zeichen lang sein.';
  if (!SLUG.test(slug)) errors.slug = 'Das Kürzel besteht aus Kleinbuchstaben, Ziffern und Bindestrichen (z. B. dgh-nord).';
  const capacity = Number(capacityText);
  if (!/^\d{1,5}$/.test(capacityText) || capacity < 1) errors.capacity = 'Bitte geben Sie die Kapazität als ganze Zahl ab 1 an.';
  const price = (field: string, label: string) => {
    const text = (raw[field] ?? '').trim();
    if (!text) return null;
    const cents = parseEuro(text);
    if (cents === undefined) {
      errors[field] = `Bitte geben Sie den Preis „${label}“ in Euro an (z. B. 25 oder 25,50) oder lassen Sie das Feld leer.`;
      return null;
    }
    return cents;
  };
  const equipment = (raw.equipment ?? '')
    .split(/\r?\n/)
    .map((l) => l.replace(/^[-*•]\s*/, '').trim())
    .filter(Boolean)
    .slice(0, 50);
  const value: ResourceInput = {
    slug,
    name,
    description: (raw.description ?? '').trim().slice(0, 10000),
    address: (raw.address ?? '').trim().slice(0, 300),
    capacity,
    equipment,
    price_hour_club: price('price_hour_club', 'Vereine je Stunde'),
    price_hour_private: price('price_hour_private', 'Privat je Stunde'),
    price_day_club: price('price_day_club', 'Vereine je Tag'),
    price_day_private: price('price_day_private', 'Privat je Tag'),
    price_note: (raw.price_note ?? '').trim().slice(0, 2000),
    active: raw.active === 'ja',
  };
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value };
}

const isUniqueViolation = (error: unknown) =>
  (error as { code?: string })?.code === '23505' || (error as { cause?: { code?: string } })?.cause?.code === '23505';
const SLUG_TAKEN = { slug: 'Dieses Kürzel hat bereits ein anderer Raum. Bitte wählen Sie ein anderes.' };

export async function createHall(platform: Platform, tenantId: string, actorId: string, input: ResourceInput) {
  try {
    return await platform.db.transaction().execute(async (tx) => {
      const row = await repo.insertResource(tx, { tenant_id: tenantId, ...input });
      await appendAudit(tx, { tenantId, actorId, action: 'halls.resource_created', subject: row.id });
      return { ok: true as const, id: row.id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false as const, errors: SLUG_TAKEN };
    throw error;
  }
}

export async function updateHall(platform: Platform, tenantId: string, actorId: string, id: string, input: ResourceInput) {
  try {
    return await platform.db.transaction().execute(async (tx) => {
      const row = await repo.updateResource(tx, tenantId, id, input);
      if (!row) return { ok: false as const, errors: {} as FieldErrors, notFound: true };
      await appendAudit(tx, { tenantId, actorId, action: 'halls.resource_updated', subject: id });
      return { ok: true as const, id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false as const, errors: SLUG_TAKEN };
    throw error;
  }
}

export interface Upload {
  bytes: Buffer;
  truncated: boolean;
  filename: string;
}

const IMAGE_TYPES: Record<string, string> = { png: 'image/png', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp' };

export type UploadProblem = { status: 413 | 415 | 422; field: string; message: string };

/** Checks a photo by its bytes (not its name or declared type); the alt text is required. */
export function checkPhotoUpload(upload: Upload | undefined, alt: string): UploadProblem | undefined {
  if (!upload || upload.bytes.length === 0) return { status: 422, field: 'photo', message: 'Bitte wählen Sie ein Foto aus.' };
  if (upload.truncated || upload.bytes.length > MAX_PHOTO_BYTES)
    return { status: 413, field: 'photo', message: 'Das Foto ist zu groß. Fotos dürfen höchstens 10 MB groß sein.' };
  if (!IMAGE_TYPES[detectFileType(upload.bytes.subarray(0, 16))])
    return {
      status: 415,
      field: 'photo',
      message: 'Die Datei ist kein Bild im Format JPEG, PNG, GIF oder WebP (geprüft wird der Inhalt, nicht der Dateiname).',
    };
  if (!alt)
    return {
      status: 422,
      field: 'alt',
      message: 'Bitte beschreiben Sie das Foto für Menschen, die es nicht sehen können (Alternativtext).',
    };
  if (alt.length > 300) return { status: 422, field: 'alt', message: 'Der Alternativtext darf höchstens 300 Zeichen lang sein.' };
  return undefined;
}

export function checkRulesUpload(upload: Upload | undefined): UploadProblem | undefined {
  if (!upload || upload.bytes.length === 0)
    return { status: 422, field: 'rules', message: 'Bitte wählen Sie die Hausordnung als PDF-Datei aus.' };
  if (upload.truncated || upload.bytes.length > MAX_RULES_BYTES)
    return { status: 413, field: 'rules', message: 'Die Datei ist zu groß. PDF-Dateien dürfen höchstens 20 MB groß sein.' };
  if (detectFileType(upload.bytes.subarray(0, 16)) !== 'pdf')
    return {
      status: 415,
      field: 'rules',
      message: 'Die Datei ist kein PDF-Dokument (geprüft wird der Inhalt, nicht der Dateiname).',
    };
  return undefined;
}

/** Stores a checked photo; false when the room is not this tenant's. */
export async function addPhoto(
  platform: Platform,
  tenantId: string,
  actorId: string,
  resourceId: string,
  upload: Upload,
  alt: string,
) {
  if (!(await repo.findResourceById(platform.db, tenantId, resourceId))) return false;
  const type = IMAGE_TYPES[detectFileType(upload.bytes.subarray(0, 16))];
  const stored = await platform.files.put(upload.bytes);
  await platform.db.transaction().execute(async (tx) => {
    const { id } = await repo.insertPhoto(tx, {
      tenant_id: tenantId,
      resource_id: resourceId,
      sha256: stored.sha256,
      size: stored.size,
      content_type: type,
      alt,
      position: Date.now() % 1_000_000_000,
    });
    await appendAudit(tx, { tenantId, actorId, action: 'halls.photo_added', subject: resourceId, details: { photoId: id } });
  });
  return true;
}

/** Removes the row only: the content-addressed blob may be named by another row. */
export async function removePhoto(platform: Platform, tenantId: string, actorId: string, resourceId: string, photoId: string) {
  return platform.db.transaction().execute(async (tx) => {
    const removed = await repo.deletePhoto(tx, tenantId, resourceId, photoId);
    if (removed)
      await appendAudit(tx, { tenantId, actorId, action: 'halls.photo_removed', subject: resourceId, details: { photoId } });
    return removed;
  });
}

export async function setHouseRules(platform: Platform, tenantId: string, actorId: string, resourceId: string, upload: Upload) {
  if (!(await repo.findResourceById(platform.db, tenantId, resourceId))) return false;
  const stored = await platform.files.put(upload.bytes);
  await platform.db.transaction().execute(async (tx) => {
    await repo.updateResource(tx, tenantId, resourceId, {
      rules_sha256: stored.sha256,
      rules_size: stored.size,
      rules_filename: 'hausordnung.pdf',
    });
    await appendAudit(tx, { tenantId, actorId, action: 'halls.rules_uploaded', subject: resourceId });
  });
  return true;
}

// --- staff feed ---

const feedSecret = (platform: Platform) => sharedSecret(platform.db, 'halls-feed');

export async function feedUrl(platform: Platform, tenant: Tenant, resource: ResourceRow) {
  return `${platform.config.publicUrl}/${tenant.slug}/feeds/raeume/${resource.slug}.ics?key=${feedKey(await feedSecret(platform), resource)}`;
}

/** The feed's iCalendar text, or undefined when the room or key does not fit. */
export async function loadFeed(platform: Platform, tenant: Tenant, slug: string, key: string, now = new Date()) {
  if (!SLUG.test(slug) || !key) return undefined;
  const resource = await repo.findResourceBySlug(platform.db, tenant.id, slug);
  if (!resource || !feedKeyMatches(await feedSecret(platform), resource, key)) return undefined;
  const bookings = await repo.listBookings(
    platform.db,
    tenant.id,
    resource.id,
    ['approved'],
    new Date(now.getTime() - FEED_HISTORY_DAYS * 86400_000),
  );
  return resourceFeed(platform.config, resource, bookings);
}

/** A new feed URL; the old one stops working. */
export async function renewFeedKey(platform: Platform, tenantId: string, actorId: string, resourceId: string) {
  return platform.db.transaction().execute(async (tx) => {
    const current = await repo.findResourceById(tx, tenantId, resourceId);
    if (!current) return false;
    await repo.updateResource(tx, tenantId, resourceId, { feed_version: current.feed_version + 1 });
    await appendAudit(tx, { tenantId, actorId, action: 'halls.feed_renewed', subject: resourceId });
    return true;
  });
}
