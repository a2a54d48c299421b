import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Executor } from '../../platform/db/database.js';
import { GroupCommit } from '../../platform/db/group-commit.js';
import { hitRateLimit } from '../../platform/http/rate-limit.js';
import { enqueueMail, MAIL_JOB } from '../../platform/mail.js';
import type { Platform } from '../../platform/platform.js';
import type { Tenant } from '../../platform/tenancy/repo.js';
import type { FieldErrors } from '../../platform/views/forms.js';
import { loadService } from '../catalog/index.js';
import { FullSlots, Lanes, Semaphore } from './booking-lanes.js';
import {
  type BookingLinks,
  bookingLinks,
  bookingToken,
  hashToken,
  linkSecret,
  newReference,
  newVideoSecret,
  tokenMatches,
} from './links.js';
import {
  type AppointmentContext,
  type AppointmentMail,
  cancelledMail,
  confirmationMail,
  movedMail,
  reminderMail,
} from './mails.js';
import * as repo from './repo.js';
import { FreshReads, VersionMemo } from './setup-memo.js';
import { checkSlotStart, generateSlots, MAX_RANGE_DAYS, type Slot, type SlotRules, slotsOfDay } from './slots.js';
import type { Attendance, WeeklyHours } from './tables.js';
import { addDays, berlinDate, berlinInstant, daysBetween, isDate, isoWeek } from './time.js';

export interface LocationView {
  id: string;
  offerId: string;
  name: string;
  street: string;
  postalCode: string;
  city: string;
  directions: string;
  counters: number;
  /** The counters this location draws on: its own id, or the pool it shares with other offers' locations. */
  poolId: string;
  /** The pool as configured (null: its own counters). */
  counterPool: string | null;
  hours: WeeklyHours[];
}

export interface OfferView {
  id: string;
  title: string;
  description: string;
  virtual: boolean;
  /** One visit covers every service of the offer: the sum of their durations. */
  durationMinutes: number;
  minLeadMinutes: number;
  maxLeadDays: number;
  limitPerEmailDay: number | null;
  active: boolean;
  services: { slug: string; minutes: number }[];
  locations: LocationView[];
}

const toLocation = (l: repo.LocationRow): LocationView => ({
  id: l.id,
  offerId: l.offer_id,
  name: l.name,
  street: l.street,
  postalCode: l.postal_code,
  city: l.city,
  directions: l.directions,
  counters: l.counters,
  poolId: l.counter_pool ?? l.id,
  counterPool: l.counter_pool,
  hours: l.hours,
});

async function offersOf(db: Executor, tenantId: string, rows: repo.OfferRow[]): Promise<OfferView[]> {
  const ids = rows.map((r) => r.id);
  const [services, locations] = await Promise.all([
    repo.listOfferServices(db, tenantId, ids),
    repo.listLocations(db, tenantId, ids),
  ]);
  return rows.map((o) => {
    const own = services.filter((s) => s.offer_id === o.id);
    return {
      id: o.id,
      title: o.title,
      description: o.description,
      virtual: o.virtual,
      durationMinutes: own.reduce((sum, s) => sum + s.duration_minutes, 0) || 30,
      minLeadMinutes: o.min_lead_minutes,
      maxLeadDays: o.max_lead_days,
      limitPerEmailDay: o.limit_per_email_day,
      active: o.active,
      services: own.map((s) => ({ slug: s.service_slug, minutes: s.duration_minutes })),
      locations: locations.filter((l) => l.offer_id === o.id).map(toLocation),
    };
  });
}

// --- the memoized set-up ---

/** A tenant's offers, exceptions and settings at one version (see setup-memo.ts). Shared: never mutate. */
interface Setup {
  offers: OfferView[];
  byId: Map<string, OfferView>;
  /** Every exception from `since` on (tenant-wide ones have no location). */
  exceptions: repo.ExceptionRow[];
  since: string;
  videoLinkTemplate: string;
}

const setupMemo = new VersionMemo<Setup>(1000);
/** The set-up a memoized location came from: its exceptions are of the same version. */
const setupOfLocation = new WeakMap<LocationView, Setup>();

/** Versions the caller already knows (the tenant stamps of its request); read now when absent. */
export interface KnownVersions {
  setup: string | null;
  catalog: string | null;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) if (!(inner instanceof Date)) deepFreeze(inner);
  }
  return value;
}

async function loadSetupNow(db: Executor, tenantId: string, since: string): Promise<Setup> {
  const [offers, exceptions, videoLinkTemplate] = await Promise.all([
    repo.listOfferRows(db, tenantId, false).then((rows) => offersOf(db, tenantId, rows)),
    repo.listExceptionsSince(db, tenantId, since),
    repo.videoLinkTemplate(db, tenantId),
  ]);
  const setup: Setup = deepFreeze({ offers, byId: new Map(offers.map((o) => [o.id, o])), exceptions, since, videoLinkTemplate });
  for (const offer of offers) for (const location of offer.locations) setupOfLocation.set(location, setup);
  return setup;
}

const versionReads = new WeakMap<Executor, FreshReads<string, KnownVersions>>();

/** The tenant's versions as of a read that started after this call (shared by concurrent callers). */
function readVersions(db: Executor, tenantId: string): Promise<KnownVersions> {
  let reads = versionReads.get(db);
  if (!reads) {
    reads = new FreshReads();
    versionReads.set(db, reads);
  }
  return reads.read(tenantId, () => repo.readVersions(db, tenantId));
}

/**
 * The tenant's set-up as of now: one primary-key read of its version (none when the request
 * brought it), the rest from memory. Undefined inside a transaction, which may see its own
 * uncommitted changes: callers then read the tables.
 */
async function currentSetup(db: Executor, tenantId: string, version?: string | null): Promise<Setup | undefined> {
  if (db.isTransaction) return undefined;
  const known = version !== undefined ? version : (await readVersions(db, tenantId)).setup;
  // A week back: the nearest alternatives look that far; older dates read the table.
  const since = addDays(berlinDate(new Date()), -7);
  return setupMemo.get(tenantId, known, since, () => loadSetupNow(db, tenantId, since));
}

/** The offers citizens can book (active ones), with services and locations. */
export async function listBookableOffers(db: Executor, tenantId: string, version?: string | null): Promise<OfferView[]> {
  const setup = await currentSetup(db, tenantId, version);
  if (setup) return setup.offers.filter((o) => o.active);
  return offersOf(db, tenantId, await repo.listOfferRows(db, tenantId, true));
}

export async function listAllOffers(db: Executor, tenantId: string, version?: string | null): Promise<OfferView[]> {
  const setup = await currentSetup(db, tenantId, version);
  if (setup) return setup.offers;
  return offersOf(db, tenantId, await repo.listOfferRows(db, tenantId, false));
}

export async function loadOffer(
  db: Executor,
  tenantId: string,
  offerId: string,
  version?: string | null,
): Promise<OfferView | undefined> {
  if (!isUuid(offerId)) return undefined;
  const setup = await currentSetup(db, tenantId, version);
  if (setup) return setup.byId.get(offerId);
  const row = await repo.findOfferRow(db, tenantId, offerId);
  return row ? (await offersOf(db, tenantId, [row]))[0] : undefined;
}

export const isUuid = (value: unknown): value is string =>
  typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

/** An offer and one of its locations, or undefined when either is unknown (or inactive). */
export async function loadOfferAt(db: Executor, tenantId: string, offerId: string, locationId: string, version?: string | null) {
  const offer = await loadOffer(db, tenantId, offerId, version);
  const location = offer?.locations.find((l) => l.id === locationId);
  return offer?.active && location ? { offer, location } : undefined;
}

async function rulesFor(
  db: Executor,
  tenantId: string,
  offer: OfferView,
  location: LocationView,
  from: string,
  to: string,
): Promise<SlotRules> {
  // A location from the memo brings the exceptions of its version: no round trip.
  const setup = setupOfLocation.get(location);
  const exceptions =
    setup && from >= setup.since
      ? setup.exceptions.filter((e) => (e.location_id === null || e.location_id === location.id) && e.day >= from && e.day <= to)
      : await repo.listExceptions(db, tenantId, location.id, from, to);
  return {
    hours: location.hours,
    exceptions: exceptions.map((e) => ({ day: e.day, kind: e.kind, from: e.from_time, to: e.to_time })),
    durationMinutes: offer.durationMinutes,
    minLeadMinutes: offer.minLeadMinutes,
    maxLeadDays: offer.maxLeadDays,
  };
}

export interface FreeSlot extends Slot {
  free: number;
}

/** Bookable slots between two Berlin dates with their free counters (full ones included, free = 0). */
export async function findSlots(
  db: Executor,
  tenantId: string,
  offer: OfferView,
  location: LocationView,
  from: string,
  to: string,
  now = new Date(),
): Promise<FreeSlot[]> {
  const rules = await rulesFor(db, tenantId, offer, location, from, to);
  const slots = generateSlots(rules, from, to, now);
  if (slots.length === 0) return [];
  const taken = await repo.takenSeatsOfPool(db, tenantId, location.poolId, slots[0].start, slots[slots.length - 1].end);
  // The slots are this call's own objects: add the count in place instead of copying 700 of them.
  return countFree(slots as FreeSlot[], taken, location.counters);
}

/**
 * Sets `free` of each slot (sorted by start): the counters 1..n not held by a booking that
 * overlaps it. Bookings of other offers sharing the pool may have other durations, hence
 * overlap rather than equal starts; `taken` is sorted by start.
 */
export function countFree<S extends Slot & { free?: number }>(slots: S[], taken: repo.TakenSeat[], counters: number) {
  let longest = 0;
  for (const b of taken) longest = Math.max(longest, b.end - b.start);
  const held = new Uint8Array(counters + 1);
  let first = 0;
  for (const slot of slots) {
    const start = slot.start.getTime();
    const end = slot.end.getTime();
    while (first < taken.length && taken[first].start + longest <= start) first++;
    held.fill(0);
    let count = 0;
    for (let j = first; j < taken.length && taken[j].start < end; j++) {
      const b = taken[j];
      if (b.end > start && b.seat <= counters && held[b.seat] === 0) {
        held[b.seat] = 1;
        count++;
      }
    }
    slot.free = Math.max(0, counters - count);
  }
  return slots as (S & { free: number })[];
}

/** Checks a from/to query; the error texts name the field. */
export function checkRange(from: string, to: string): FieldErrors {
  const errors: FieldErrors = {};
  if (!isDate(from)) errors.from = 'Bitte geben Sie das Anfangsdatum als JJJJ-MM-TT an.';
  if (!isDate(to)) errors.to = 'Bitte geben Sie das Enddatum als JJJJ-MM-TT an.';
  if (!errors.from && !errors.to) {
    const days = daysBetween(from, to);
    if (days < 0) errors.to = 'Das Enddatum liegt vor dem Anfangsdatum.';
    else if (days >= MAX_RANGE_DAYS) errors.to = `Der Zeitraum darf höchstens ${MAX_RANGE_DAYS} Tage umfassen.`;
  }
  return errors;
}

/** Up to `count` free slots nearest to `around` (before or after), in time order. */
export async function nearestFreeSlots(
  db: Executor,
  tenantId: string,
  offer: OfferView,
  location: LocationView,
  around: Date,
  now = new Date(),
  count = 5,
): Promise<FreeSlot[]> {
  const day = berlinDate(around);
  const free = (await findSlots(db, tenantId, offer, location, addDays(day, -7), addDays(day, 21), now)).filter(
    (s) => s.free > 0,
  );
  return nearest(free, around, count);
}

/**
 * The `count` slots nearest to `around` of a list sorted by start (as findSlots returns it),
 * in time order: a binary search and a walk outwards instead of sorting all of them (a burst
 * of refusals asks this hundreds of times).
 */
export function nearest<S extends Slot>(sorted: S[], around: Date, count: number): S[] {
  const at = around.getTime();
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid].start.getTime() < at) lo = mid + 1;
    else hi = mid;
  }
  let before = lo - 1;
  let after = lo;
  while (after - before - 1 < count && (before >= 0 || after < sorted.length)) {
    const takeBefore =
      after >= sorted.length || (before >= 0 && at - sorted[before].start.getTime() <= sorted[after].start.getTime() - at);
    if (takeBefore) before--;
    else after++;
  }
  return sorted.slice(before + 1, after);
}

// --- booking ---

export const normalizeEmail = (email: string) => email.trim().toLowerCase();
export const isValidEmail = (email: string) => email.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email);
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** The start of a request: ISO 8601 with offset; undefined when malformed. */
export function parseStart(value: unknown): Date | undefined {
  if (typeof value !== 'string' || !ISO_WITH_OFFSET.test(value)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const SLOT_REASONS: Record<string, string> = {
  past: 'Dieser Termin liegt in der Vergangenheit. Bitte wählen Sie einen späteren Termin.',
  too_soon: 'Dieser Termin ist zu kurzfristig und kann nicht mehr gebucht werden.',
  too_far: 'So weit im Voraus können Sie diesen Termin noch nicht buchen.',
  off_grid: 'Zu dieser Uhrzeit beginnt kein Termin. Bitte wählen Sie eine der angebotenen Uhrzeiten.',
  outside_hours: 'Zu dieser Zeit werden keine Termine vergeben.',
};

export interface BookingInput {
  offerId: string;
  locationId: string;
  start: string;
  name: string;
  email: string;
  phone?: string;
}

export interface BookedAppointment {
  booking: repo.BookingRow;
  offer: OfferView;
  location: LocationView;
  token: string;
  links: BookingLinks;
}

export type BookingResult =
  | ({ ok: true } & BookedAppointment)
  | { ok: false; kind: 'not_found'; message: string }
  | { ok: false; kind: 'invalid'; message: string; errors: FieldErrors }
  | { ok: false; kind: 'slot_taken'; message: string; alternatives: FreeSlot[] }
  | { ok: false; kind: 'limit_reached'; message: string }
  | { ok: false; kind: 'rate_limited'; retryAfterSeconds: number };

/** Thrown inside the booking transaction to roll it back. */
class Refused extends Error {
  readonly kind: 'slot_taken' | 'limit_reached';
  constructor(kind: 'slot_taken' | 'limit_reached') {
    // An expected outcome, not a bug: a burst refuses hundreds, and a stack trace each costs more than the rest.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(kind);
    Error.stackTraceLimit = limit;
    this.kind = kind;
  }
}

/** Booking attempts per client IP and hour (citizens; the front desk is not limited). */
export const BOOKING_LIMIT = { hits: 30, windowSeconds: 3600 };

/** Per app instance: the in-process traffic control of booking bursts (booking-lanes.ts). */
interface BurstControl {
  permits: Semaphore;
  lanes: Lanes;
  /** Attempts per slot so far: which of its lanes the next one joins. */
  turns: Map<string, number>;
  full: FullSlots;
  /** Is a slot full? Shared by the attempts that ask at once. */
  fullReads: FreshReads<string, boolean>;
  /** Free slots around a refused one, shared by the refusals of a burst (≤ 1 s old). */
  windows: Map<string, { at: number; location: LocationView; slots: Promise<FreeSlot[]> }>;
  /** The group commit of the bookings without a per-address limit. */
  seats: GroupCommit<repo.BatchAttempt, SeatOutcome>;
}

interface SeatOutcome extends repo.BatchOutcome {
  /** When the batch's statement started (what it saw holds from then on). */
  looked: number;
  /** The attempt's own transaction failed (not a refusal). */
  failed?: { error: unknown };
}

/**
 * One transaction for a batch of attempts: their counters and confirmation mails in one
 * statement, the mails' delivery jobs in one insert and one wake-up. Answers after commit.
 * A batch that fails is retried attempt by attempt, so one bad attempt fails alone.
 */
async function commitSeats(platform: Platform, attempts: repo.BatchAttempt[]): Promise<SeatOutcome[]> {
  const once = (batch: repo.BatchAttempt[]) =>
    platform.db.transaction().execute(async (tx) => {
      const looked = performance.now();
      const outcomes = await repo.insertBookingsOnFreeSeats(tx, batch);
      const jobs = outcomes.flatMap((o, i) => {
        const mailId = batch[i].mail?.id;
        return o.booking && mailId && o.booking.email ? [{ tenantId: o.booking.tenant_id, mailId }] : [];
      });
      await platform.jobs.sendMany(MAIL_JOB, jobs, {
        tx,
        retryLimit: platform.mail.retryLimit,
        retryDelay: platform.mail.retryDelaySeconds,
      });
      return outcomes.map((o) => ({ ...o, looked }));
    });
  if (attempts.length === 1) return once(attempts);
  try {
    return await once(attempts);
  } catch {
    const alone: SeatOutcome[] = [];
    for (const attempt of attempts) {
      alone.push(
        await once([attempt]).then(
          (o) => o[0],
          (error: unknown) => ({ booking: undefined, freeBefore: -1, rank: 0, looked: performance.now(), failed: { error } }),
        ),
      );
    }
    return alone;
  }
}

const bursts = new WeakMap<Platform, BurstControl>();
const ALTERNATIVES_MAX_AGE_MS = 1000;

function burstControl(platform: Platform): BurstControl {
  let control = bursts.get(platform);
  if (!control) {
    // Two connections stay free for everything else; PGlite runs one transaction at a time anyway.
    const poolSize = platform.database.pool?.options.max ?? 2;
    control = {
      permits: new Semaphore(Math.max(1, poolSize - 2)),
      lanes: new Lanes(),
      turns: new Map(),
      full: new FullSlots(),
      fullReads: new FreshReads(),
      windows: new Map(),
      // One batch in flight: a burst's attempts reach it in one turn anyway, and a second batch
      // in flight measured no faster here (it only adds lock waits when both hold one slot).
      seats: new GroupCommit((attempts) => commitSeats(platform, attempts)),
    };
    bursts.set(platform, control);
  }
  return control;
}

/**
 * The nearest free slots for a refusal. A burst of refusals around the same day shares one
 * slot computation for up to a second (bookings of this process are counted in); these
 * are suggestions only: booking one asks the database again.
 */
async function alternativesFor(
  platform: Platform,
  tenantId: string,
  offer: OfferView,
  location: LocationView,
  around: Date,
  now: Date,
): Promise<FreeSlot[]> {
  const { windows } = burstControl(platform);
  const day = berlinDate(around);
  const key = `${location.id}|${offer.durationMinutes}|${offer.minLeadMinutes}|${offer.maxLeadDays}|${day}`;
  let entry = windows.get(key);
  if (!entry || entry.location !== location || Date.now() - entry.at > ALTERNATIVES_MAX_AGE_MS) {
    const slots = findSlots(platform.db, tenantId, offer, location, addDays(day, -7), addDays(day, 21), now);
    entry = { at: Date.now(), location, slots };
    if (windows.size >= 1000) windows.clear();
    windows.set(key, entry);
    const stored = entry;
    slots.catch(() => windows.get(key) === stored && windows.delete(key));
  }
  const free = (await entry.slots).filter((s) => s.free > 0 && s.start.getTime() !== around.getTime());
  return nearest(free, around, 5).map((s) => ({ ...s }));
}

/** A booking of this process takes a seat in the shared alternatives at once. */
function countBookingIn(platform: Platform, locationId: string, start: Date) {
  for (const [key, entry] of burstControl(platform).windows) {
    if (!key.startsWith(`${locationId}|`)) continue;
    void entry.slots.then(
      (slots) => {
        const slot = slots.find((s) => s.start.getTime() === start.getTime());
        if (slot) slot.free = Math.max(0, slot.free - 1);
      },
      () => {},
    );
  }
}

/** What to bring, per catalog version (the catalog's memo would read its version once per service). */
const documentMemo = new Map<string, Promise<string[]>>();

function documentsAt(db: Executor, tenantId: string, offer: OfferView, catalogVersion: string | null): Promise<string[]> {
  const key = `${tenantId}|${catalogVersion ?? 'initial'}|${offer.services.map((s) => s.slug).join(',')}`;
  let documents = documentMemo.get(key);
  if (!documents) {
    documents = documentsToBring(db, tenantId, offer);
    if (documentMemo.size >= 1000) documentMemo.clear();
    documentMemo.set(key, documents);
    documents.catch(() => documentMemo.delete(key));
  }
  return documents;
}

/**
 * Runs `book` (the booking transaction) for one slot, unless this process already knows the
 * slot is full: attempts on one slot queue in as many lanes as it has counters, and one that finds
 * the slot seen full by a statement that started after it arrived is refused without asking
 * again; otherwise one count, shared by the attempts asking at once, decides. The database
 * still decides every booking (the seat index); this only spares it the hopeless ones.
 * `book` reports via `seen` when its statement found the slot full.
 */
async function takeSeat<T>(
  platform: Platform,
  tenantId: string,
  control: BurstControl,
  slotKey: string,
  location: LocationView,
  start: Date,
  durationMinutes: number,
  book: (seen: (at: number) => void) => Promise<T>,
): Promise<T> {
  const arrived = performance.now();
  const seen = (at: number) => control.full.mark(slotKey, at);
  for (;;) {
    const fullSince = control.full.seenAt(slotKey);
    if (fullSince !== undefined) {
      if (fullSince >= arrived) throw new Refused('slot_taken');
      const asked = performance.now();
      const full = await control.fullReads.read(slotKey, async () => {
        const end = new Date(start.getTime() + durationMinutes * 60_000);
        return (
          (await repo.countTakenAt(platform.db, tenantId, location.poolId, start, end, location.counters)) >= location.counters
        );
      });
      if (full) {
        seen(asked);
        throw new Refused('slot_taken');
      }
      if (control.full.seenAt(slotKey) === fullSince) control.full.clear(slotKey);
    }
    // As many lanes per slot as it has counters: a batch can fill a slot in one commit.
    const turn = control.turns.get(slotKey) ?? 0;
    if (control.turns.size >= 10_000) control.turns.clear();
    control.turns.set(slotKey, turn + 1);
    const outcome = await control.lanes.run(`${slotKey}#${turn % location.counters}`, async () =>
      // Seen full while this attempt waited in the lane: back to the look above.
      control.full.seenAt(slotKey) !== undefined ? LOOK_AGAIN : book(seen),
    );
    if (outcome !== LOOK_AGAIN) return outcome as T;
  }
}

const LOOK_AGAIN = Symbol('look again');

/**
 * Books the lowest free counter of a slot. One statement takes the counter and writes the
 * confirmation mail row (repo.insertBookingOnFreeSeat); its delivery job goes in the same
 * transaction. No reminder job: the periodic run (sendDueReminders) finds due reminders by
 * `remind_at`. In this process, attempts on one slot queue behind each other and at most
 * pool size − 2 booking transactions run at once.
 */
export async function bookAppointment(
  platform: Platform,
  tenant: Tenant,
  input: BookingInput,
  by: { clientIp?: string; userId?: string | null; staffId?: string | null; versions?: KnownVersions } = {},
  now = new Date(),
): Promise<BookingResult> {
  const { db } = platform;
  // Reads that are cold only for the first attempts of a process run side by side, not one after the other.
  void linkSecret(platform, db);
  const versions = by.versions ?? (await readVersions(db, tenant.id));
  const found = await loadOfferAt(db, tenant.id, input.offerId, input.locationId, versions.setup);
  if (!found) return { ok: false, kind: 'not_found', message: 'Dieses Terminangebot oder dieser Standort existiert nicht.' };
  const { offer, location } = found;
  const byStaff = Boolean(by.staffId);
  // Read before the transaction, from memory: inside it the catalog's memo would not answer.
  const documents = documentsAt(db, tenant.id, offer, versions.catalog);

  const errors: FieldErrors = {};
  const name = input.name.trim().replace(/\s+/g, ' ');
  const email = normalizeEmail(input.email);
  if (!name) errors.name = 'Bitte geben Sie Ihren Namen ein.';
  else if (name.length > 200) errors.name = 'Der Name darf höchstens 200 Zeichen lang sein.';
  if (!email && !byStaff) errors.email = 'Bitte geben Sie Ihre E-Mail-Adresse ein.';
  else if (email && !isValidEmail(email))
    errors.email = 'Bitte geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel name@example.org.';
  const start = parseStart(input.start);
  if (!start) errors.start = 'Bitte wählen Sie eine Uhrzeit (Zeitpunkt im Format 2026-03-30T08:00:00+02:00).';
  else {
    const day = berlinDate(start);
    const check = checkSlotStart(await rulesFor(db, tenant.id, offer, location, day, day), start, now);
    // The front desk may fill a slot at short notice.
    if (!check.ok && !(byStaff && check.reason === 'too_soon')) errors.start = SLOT_REASONS[check.reason];
  }
  if (Object.keys(errors).length > 0 || !start) {
    const past = errors.start === SLOT_REASONS.past;
    return { ok: false, kind: 'invalid', message: past ? SLOT_REASONS.past : 'Bitte prüfen Sie Ihre Angaben.', errors };
  }

  if (!byStaff && by.clientIp) {
    const limit = await hitRateLimit(db, `appointments:book:${by.clientIp}`, BOOKING_LIMIT.hits, BOOKING_LIMIT.windowSeconds);
    if (!limit.allowed) return { ok: false, kind: 'rate_limited', retryAfterSeconds: limit.retryAfterSeconds };
  }

  const prepared = { documents: await documents, videoLinkTemplate: setupOfLocation.get(location)?.videoLinkTemplate };
  const end = new Date(start.getTime() + offer.durationMinutes * 60_000);
  const control = burstControl(platform);
  const slotKey = `${location.id}@${start.getTime()}`;
  try {
    const booked = await takeSeat(platform, tenant.id, control, slotKey, location, start, offer.durationMinutes, async (seen) => {
      const id = randomUUID();
      const token = await bookingToken(platform, id);
      const row: repo.NewBooking = {
        id,
        tenant_id: tenant.id,
        offer_id: offer.id,
        location_id: location.id,
        pool_id: location.poolId,
        starts_at: start,
        ends_at: end,
        reference: newReference(),
        name,
        email,
        phone: (input.phone ?? '').trim().slice(0, 50),
        user_id: by.userId ?? null,
        booked_by_staff_id: by.staffId ?? null,
        token_hash: hashToken(token),
        video_secret: offer.virtual ? newVideoSecret() : null,
        remind_at: reminderDue(email, start, now),
      };
      // The mail is written by the booking's own statement, so it is composed beforehand.
      const prospective = { ...row, seat_no: 0, status: 'booked', sequence: 0 } as unknown as repo.BookingRow;
      const context = await appointmentContext(platform, db, tenant, offer, location, prospective, token, prepared);
      const mail = email ? confirmationMail(prospective, context) : undefined;
      if (!(offer.limitPerEmailDay && email && !byStaff)) {
        // Group commit; a counter taken meanwhile by another process: the next one, as often as there are counters.
        const attempt: repo.BatchAttempt = {
          booking: row,
          counters: location.counters,
          mail: mail && { ...mail, id: randomUUID() },
        };
        for (let round = 0; round <= location.counters; round++) {
          const outcome = await control.seats.run(attempt);
          if (outcome.failed) throw outcome.failed.error;
          if (outcome.booking) {
            // Committed, and still in the lane: the next attempt there sees the slot full.
            if (outcome.freeBefore <= outcome.rank) seen(outcome.looked);
            return { booking: outcome.booking, token, links: context.links };
          }
          if (outcome.freeBefore < outcome.rank) {
            seen(outcome.looked);
            throw new Refused('slot_taken');
          }
        }
        throw new Refused('slot_taken');
      }
      const done = await control.permits.run(() =>
        db.transaction().execute(async (tx) => {
          if (offer.limitPerEmailDay && email && !byStaff) {
            await repo.lockEmail(tx, tenant.id, email);
            const day = berlinDate(start);
            const dayStart = berlinInstant(day, 0) as Date;
            const dayEnd = berlinInstant(addDays(day, 1), 0) as Date;
            const count = await repo.countBookingsOfEmail(tx, tenant.id, offer.id, email, dayStart, dayEnd);
            if (count >= offer.limitPerEmailDay) throw new Refused('limit_reached');
          }
          const looked = performance.now();
          const { booking, mailId, freeBefore } = await repo.insertBookingOnFreeSeat(tx, row, location.counters, mail);
          if (!booking) {
            seen(looked);
            throw new Refused('slot_taken');
          }
          if (mailId) await queueMailDelivery(platform, tx, tenant.id, mailId);
          return { booking, token, links: context.links, fullAfter: freeBefore <= 1 ? looked : undefined };
        }),
      );
      // Committed, and still in the lane: the next attempt there sees the slot full.
      if (done.fullAfter !== undefined) seen(done.fullAfter);
      return done;
    });
    countBookingIn(platform, location.id, start);
    return { ok: true, offer, location, booking: booked.booking, token: booked.token, links: booked.links };
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    if (error.kind === 'limit_reached') {
      return {
        ok: false,
        kind: 'limit_reached',
        message: `Mit dieser E-Mail-Adresse können Sie an einem Tag höchstens ${offer.limitPerEmailDay} ${offer.limitPerEmailDay === 1 ? 'Termin' : 'Termine'} für dieses Anliegen buchen.`,
      };
    }
    return {
      ok: false,
      kind: 'slot_taken',
      message: 'Dieser Termin ist leider gerade vergeben worden. Bitte wählen Sie einen anderen Termin.',
      alternatives: await alternativesFor(platform, tenant.id, offer, location, start, now),
    };
  }
}

/** The delivery job of a mail row written by the booking statement (what enqueueMail does after its insert). */
function queueMailDelivery(platform: Platform, tx: Executor, tenantId: string, mailId: string) {
  return platform.jobs.send(
    MAIL_JOB,
    { tenantId, mailId },
    { tx, retryLimit: platform.mail.retryLimit, retryDelay: platform.mail.retryDelaySeconds },
  );
}

/** The reminder is due 24 hours before the start; a booking made later (or without address) gets none. */
function reminderDue(email: string, start: Date, now: Date): Date | null {
  const at = new Date(start.getTime() - REMINDER_BEFORE_MS);
  return email && at.getTime() > now.getTime() ? at : null;
}

const REMINDER_BEFORE_MS = 24 * 3600_000;

async function sendAppointmentMail(
  platform: Platform,
  tx: Executor,
  tenant: Tenant,
  booking: repo.BookingRow,
  mail: AppointmentMail,
) {
  await enqueueMail(platform, tx, { tenantId: tenant.id, to: booking.email, ...mail });
}

function mailAddressOf(from: string): string | null {
  const match = /<([^<>\s]+@[^<>\s]+)>/.exec(from) ?? /^([^\s<>]+@[^\s<>]+)$/.exec(from.trim());
  return match ? match[1] : null;
}

/** Everything a mail, .ics or appointment page says besides the booking row. */
export async function appointmentContext(
  platform: Platform,
  db: Executor,
  tenant: Tenant,
  offer: OfferView,
  location: LocationView,
  booking: repo.BookingRow,
  token?: string,
  /** Read beforehand (outside the transaction, from memory). */
  prepared?: { documents: string[]; videoLinkTemplate?: string },
): Promise<AppointmentContext> {
  const { config } = platform;
  const links = bookingLinks(config.publicUrl, tenant.slug, booking.id, token ?? (await bookingToken(platform, booking.id, db)));
  const template = offer.virtual ? (prepared?.videoLinkTemplate ?? (await repo.videoLinkTemplate(db, tenant.id))) : '';
  const videoLink =
    offer.virtual && template && booking.video_secret
      ? template.replaceAll('{secret}', booking.video_secret).replaceAll('{reference}', booking.reference)
      : null;
  return {
    tenant,
    offerTitle: offer.title,
    durationMinutes: Math.round((booking.ends_at.getTime() - booking.starts_at.getTime()) / 60_000),
    place: placeOf(location),
    virtual: offer.virtual,
    videoLink,
    documents: prepared?.documents ?? (await documentsToBring(db, tenant.id, offer)),
    links,
    organizerEmail: tenant.email || mailAddressOf(config.mailFrom),
    host: new URL(config.publicUrl).hostname,
  };
}

export const placeOf = (l: LocationView) =>
  [l.name, l.street, [l.postalCode, l.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');

/** What to bring: the documents of the offer's catalog services, each once. */
export async function documentsToBring(db: Executor, tenantId: string, offer: OfferView): Promise<string[]> {
  const services = await Promise.all(offer.services.map((s) => loadService(db, tenantId, s.slug)));
  return [...new Set(services.flatMap((s) => s?.documents ?? []).filter((d) => d && d.toLowerCase() !== 'keine'))];
}

/** Titles of the offer's catalog services (slug when the catalog lacks it). */
export async function serviceTitles(db: Executor, tenantId: string, offer: OfferView) {
  const services = await Promise.all(offer.services.map((s) => loadService(db, tenantId, s.slug)));
  return offer.services.map((s, i) => ({ slug: s.slug, title: services[i]?.title ?? s.slug, published: Boolean(services[i]) }));
}

// --- the citizen's link: view, cancel, move ---

export type LinkCheck =
  | { ok: true; booking: repo.BookingRow; offer: OfferView; location: LocationView }
  | { ok: false; reason: 'invalid' };

/** The booking a link opens; a wrong or altered token opens nothing. */
export async function openBookingLink(db: Executor, tenantId: string, bookingId: string, token: unknown): Promise<LinkCheck> {
  if (!isUuid(bookingId)) return { ok: false, reason: 'invalid' };
  const booking = await repo.findBooking(db, tenantId, bookingId);
  if (!booking || !tokenMatches(token, booking.token_hash)) return { ok: false, reason: 'invalid' };
  const offer = await loadOffer(db, tenantId, booking.offer_id);
  const location = offer?.locations.find((l) => l.id === booking.location_id);
  if (!offer || !location) return { ok: false, reason: 'invalid' };
  return { ok: true, booking, offer, location };
}

export const LINK_MESSAGES = {
  invalid:
    'Dieser Link ist ungültig. Bitte verwenden Sie den vollständigen Link aus Ihrer Bestätigungs-E-Mail oder buchen Sie einen neuen Termin.',
  cancelled: 'Dieser Termin ist bereits abgesagt. Sie müssen nichts weiter tun.',
  past: 'Dieser Termin liegt in der Vergangenheit und kann nicht mehr geändert werden.',
};

export type CancelResult = { ok: true; booking: repo.BookingRow } | { ok: false; reason: 'invalid' | 'cancelled' | 'past' };

/**
 * Cancels a booking (its seat is free at once) and mails the METHOD:CANCEL .ics.
 * With `token` the citizen cancels; without, the front desk (checked by the caller).
 */
export async function cancelAppointment(
  platform: Platform,
  tenant: Tenant,
  bookingId: string,
  by: { token: unknown } | { staffId: string },
  now = new Date(),
): Promise<CancelResult> {
  if (!isUuid(bookingId)) return { ok: false, reason: 'invalid' };
  return platform.db.transaction().execute(async (tx): Promise<CancelResult> => {
    const current = await repo.findBookingForUpdate(tx, tenant.id, bookingId);
    if (!current) return { ok: false, reason: 'invalid' };
    if ('token' in by && !tokenMatches(by.token, current.token_hash)) return { ok: false, reason: 'invalid' };
    if (current.status === 'cancelled') return { ok: false, reason: 'cancelled' };
    if (current.starts_at.getTime() <= now.getTime()) return { ok: false, reason: 'past' };
    const booking = await repo.cancelBookingRow(tx, tenant.id, bookingId);
    if (!booking) return { ok: false, reason: 'cancelled' };
    const offer = await loadOffer(tx, tenant.id, booking.offer_id);
    const location = offer?.locations.find((l) => l.id === booking.location_id);
    if (offer && location && booking.email) {
      const context = await appointmentContext(platform, tx, tenant, offer, location, booking);
      await sendAppointmentMail(platform, tx, tenant, booking, cancelledMail(booking, context, 'staffId' in by));
    }
    return { ok: true, booking };
  });
}

export type MoveResult =
  | { ok: true; booking: repo.BookingRow }
  | { ok: false; reason: 'invalid' | 'cancelled' | 'past' }
  | { ok: false; reason: 'bad_start'; message: string }
  | { ok: false; reason: 'slot_taken'; alternatives: FreeSlot[] };

/** A unique or exclusion violation: a concurrent booking holds the counter. */
function isSeatConflict(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === '23505' || code === '23P01';
}

/** Moves an appointment to another slot of its location: same UID, SEQUENCE + 1, mail with the new .ics. */
export async function moveAppointment(
  platform: Platform,
  tenant: Tenant,
  bookingId: string,
  newStart: string,
  by: { token: unknown } | { staffId: string },
  now = new Date(),
): Promise<MoveResult> {
  const { db } = platform;
  const link = await openBookingLink(db, tenant.id, bookingId, 'token' in by ? by.token : undefined);
  let offer: OfferView | undefined;
  let location: LocationView | undefined;
  if (link.ok) ({ offer, location } = link);
  else if ('staffId' in by && isUuid(bookingId)) {
    const row = await repo.findBooking(db, tenant.id, bookingId);
    offer = row ? await loadOffer(db, tenant.id, row.offer_id) : undefined;
    location = offer?.locations.find((l) => l.id === row?.location_id);
  }
  if (!offer || !location) return { ok: false, reason: 'invalid' };
  const start = parseStart(newStart);
  if (!start) return { ok: false, reason: 'bad_start', message: 'Bitte wählen Sie eine neue Uhrzeit.' };
  const day = berlinDate(start);
  const check = checkSlotStart(await rulesFor(db, tenant.id, offer, location, day, day), start, now);
  if (!check.ok && !('staffId' in by && check.reason === 'too_soon'))
    return { ok: false, reason: 'bad_start', message: SLOT_REASONS[check.reason] };
  const end = new Date(start.getTime() + offer.durationMinutes * 60_000);
  const off = { offer, location };
  try {
    return await db.transaction().execute(async (tx): Promise<MoveResult> => {
      const current = await repo.findBookingForUpdate(tx, tenant.id, bookingId);
      if (!current) return { ok: false, reason: 'invalid' };
      if (current.status === 'cancelled') return { ok: false, reason: 'cancelled' };
      if (current.starts_at.getTime() <= now.getTime()) return { ok: false, reason: 'past' };
      const seat = await repo.freeSeatAt(
        tx,
        current.tenant_id,
        off.location.poolId,
        start,
        end,
        off.location.counters,
        current.id,
      );
      if (!seat) throw new Refused('slot_taken');
      const booking = await repo.moveBookingRow(tx, tenant.id, current.id, {
        start,
        end,
        seat,
        poolId: off.location.poolId,
        remindAt: reminderDue(current.email, start, now),
      });
      if (!booking) return { ok: false, reason: 'cancelled' };
      if (booking.email) {
        const context = await appointmentContext(platform, tx, tenant, off.offer, off.location, booking);
        await sendAppointmentMail(platform, tx, tenant, booking, movedMail(booking, context));
      }
      return { ok: true, booking };
    });
  } catch (error) {
    // A concurrent booking took the seat between our look and our update.
    if (!(error instanceof Refused) && !isSeatConflict(error)) throw error;
    return {
      ok: false,
      reason: 'slot_taken',
      alternatives: await nearestFreeSlots(db, tenant.id, off.offer, off.location, start, now),
    };
  }
}

// --- reminders (one periodic job) ---

/**
 * Sends every due reminder (24 hours before the start) not sent yet, of all tenants, in
 * batches; each booking's mail and its `reminded_at` commit together, so a reminder goes
 * out once however often or wherever this runs. A cancelled or moved appointment is
 * skipped or due anew (moving resets `remind_at`). Returns how many went out.
 */
export async function sendDueReminders(platform: Platform, now = new Date(), batch = 100): Promise<number> {
  let sent = 0;
  const tenants = new Map<string, Tenant | undefined>();
  for (;;) {
    const count = await platform.db.transaction().execute(async (tx) => {
      const due = await repo.lockDueReminders(tx, now, batch);
      for (const booking of due) {
        if (!tenants.has(booking.tenant_id))
          tenants.set(
            booking.tenant_id,
            await tx.selectFrom('tenants').selectAll().where('id', '=', booking.tenant_id).executeTakeFirst(),
          );
        const tenant = tenants.get(booking.tenant_id);
        const offer = tenant ? await loadOffer(tx, tenant.id, booking.offer_id) : undefined;
        const location = offer?.locations.find((l) => l.id === booking.location_id);
        if (tenant && offer && location && booking.email) {
          const context = await appointmentContext(platform, tx, tenant, offer, location, booking);
          await sendAppointmentMail(platform, tx, tenant, booking, reminderMail(booking, context));
          sent++;
        }
        await repo.markReminded(tx, booking.tenant_id, booking.id);
      }
      return due.length;
    });
    if (count < batch) return sent;
  }
}

// --- front desk ---

export const ATTENDANCE_LABELS: Record<Attendance, string> = {
  arrived: 'erschienen',
  done: 'erledigt',
  no_show: 'nicht erschienen',
};

export async function recordAttendance(db: Executor, tenantId: string, bookingId: string, attendance: string): Promise<boolean> {
  if (!isUuid(bookingId)) return false;
  const value = attendance === 'reset' ? null : (attendance as Attendance);
  if (value !== null && !(value in ATTENDANCE_LABELS)) return false;
  const result = await repo.setAttendance(db, tenantId, bookingId, value);
  return Number(result.numUpdatedRows) > 0;
}

export interface DayList {
  date: string;
  location: LocationView;
  offer: OfferView;
  slots: FreeSlot[];
  bookings: repo.BookingRow[];
}

/** One location's day: every slot with its bookings per counter, cancelled ones listed too. */
export async function loadDayList(
  db: Executor,
  tenantId: string,
  locationId: string,
  date: string,
): Promise<DayList | undefined> {
  if (!isUuid(locationId) || !isDate(date)) return undefined;
  const row = await repo.findLocation(db, tenantId, locationId);
  const offer = row ? await loadOffer(db, tenantId, row.offer_id) : undefined;
  const location = offer?.locations.find((l) => l.id === locationId);
  if (!offer || !location) return undefined;
  const from = berlinInstant(date, 0) as Date;
  const to = berlinInstant(addDays(date, 1), 0) as Date;
  const rules = await rulesFor(db, tenantId, offer, location, date, date);
  const [bookings, taken] = await Promise.all([
    repo.listBookingsBetween(db, tenantId, locationId, from, to),
    // Other offers sharing the counters take them too.
    repo.takenSeatsOfPool(db, tenantId, location.poolId, from, to),
  ]);
  const slots = countFree(slotsOfDay(rules, date), taken, location.counters);
  return { date, location, offer, slots, bookings };
}

export interface BlockInput {
  locationId: string;
  day: string;
  from: string;
  to: string;
  note: string;
  kind: 'closed' | 'extra';
}

/** Blocks a time range (or the whole day) of a location, or adds extra hours. */
export async function addException(
  db: Executor,
  tenantId: string,
  input: BlockInput,
): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  const errors: FieldErrors = {};
  const allLocations = input.locationId === 'alle';
  if (!allLocations && (!isUuid(input.locationId) || !(await repo.findLocation(db, tenantId, input.locationId))))
    errors.locationId = 'Bitte wählen Sie einen Standort.';
  if (!isDate(input.day)) errors.day = 'Bitte geben Sie das Datum an.';
  const from = input.from.trim();
  const to = input.to.trim();
  const timePattern = /^([01]\d|2[0-3]):[0-5]\d$/;
  if (from || to || input.kind === 'extra') {
    if (!timePattern.test(from)) errors.from = 'Bitte geben Sie die Anfangszeit als HH:MM an.';
    if (!timePattern.test(to)) errors.to = 'Bitte geben Sie die Endzeit als HH:MM an.';
    if (!errors.from && !errors.to && from >= to) errors.to = 'Die Endzeit muss nach der Anfangszeit liegen.';
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  await repo.insertExceptions(db, tenantId, [
    {
      locationId: allLocations ? null : input.locationId,
      day: input.day,
      kind: input.kind,
      from: from || null,
      to: to || null,
      note: input.note.trim().slice(0, 200),
    },
  ]);
  return { ok: true };
}

export interface LocationWeekFigures {
  locationId: string;
  locationName: string;
  offerTitle: string;
  week: string;
  bookings: number;
  cancelled: number;
  noShow: number;
  attended: number;
  /** Share of no-shows among the active bookings whose attendance was recorded or that lie in the past. */
  noShowRate: number | null;
  /** Active bookings per offered seat (slots × counters). */
  utilisation: number | null;
}

/** Figures per location and calendar week for the weeks around `today`. */
export async function loadFigures(db: Executor, tenantId: string, from: string, to: string): Promise<LocationWeekFigures[]> {
  const [rows, locations, offers] = await Promise.all([
    repo.figuresPerWeek(db, tenantId, berlinInstant(from, 0) as Date, berlinInstant(addDays(to, 1), 0) as Date),
    repo.listAllLocations(db, tenantId),
    listAllOffers(db, tenantId),
  ]);
  const result: LocationWeekFigures[] = [];
  for (const location of locations) {
    const offer = offers.find((o) => o.id === location.offer_id);
    if (!offer) continue;
    const view = offer.locations.find((l) => l.id === location.id) as LocationView;
    const rules = await rulesFor(db, tenantId, offer, view, from, to);
    const seatsPerWeek = new Map<string, number>();
    for (let d = from; daysBetween(d, to) >= 0; d = addDays(d, 1)) {
      const week = isoWeek(d);
      seatsPerWeek.set(week, (seatsPerWeek.get(week) ?? 0) + slotsOfDay(rules, d).length * view.counters);
    }
    for (const [week, seats] of seatsPerWeek) {
      const r = rows.find((x) => x.location_id === location.id && x.week === week);
      const bookings = r?.bookings ?? 0;
      const cancelled = r?.cancelled ?? 0;
      const active = bookings - cancelled;
      const judged = (r?.no_show ?? 0) + (r?.attended ?? 0);
      result.push({
        locationId: location.id,
        locationName: location.name,
        offerTitle: location.offer_title,
        week,
        bookings,
        cancelled,
        noShow: r?.no_show ?? 0,
        attended: r?.attended ?? 0,
        noShowRate: judged > 0 ? (r?.no_show ?? 0) / judged : null,
        utilisation: seats > 0 ? active / seats : null,
      });
    }
  }
  return result;
}

export async function listCitizenAppointments(platform: Platform, tenant: Tenant, userId: string, email: string) {
  const rows = await repo.listBookingsOfCitizen(platform.db, tenant.id, userId, normalizeEmail(email));
  const offers = await listAllOffers(platform.db, tenant.id);
  return Promise.all(
    rows.map(async (booking) => {
      const offer = offers.find((o) => o.id === booking.offer_id);
      const location = offer?.locations.find((l) => l.id === booking.location_id);
      return {
        booking,
        offerTitle: offer?.title ?? 'Termin',
        place: offer?.virtual ? 'Videosprechstunde' : location ? placeOf(location) : '',
        links: bookingLinks(platform.config.publicUrl, tenant.slug, booking.id, await bookingToken(platform, booking.id)),
      };
    }),
  );
}
