/**
 * The slot generator: pure, no database. Slots lie on a grid that starts at each
 * opening window's start and steps by the appointment's duration, in Europe/Berlin
 * wall-clock time (08:00 stays 08:00 across the daylight-saving change).
 */
import type { WeeklyHours } from './tables.js';
import {
  addDays,
  berlinDate,
  berlinDayClock,
  berlinInstant,
  berlinOffsetMinutes,
  daysBetween,
  minutesOf,
  timeOf,
  weekdayOf,
} from './time.js';

export interface SlotException {
  /** YYYY-MM-DD */
  day: string;
  kind: 'closed' | 'extra';
  /** Both null: the whole day (only for "closed"). */
  from: string | null;
  to: string | null;
}

export interface SlotRules {
  hours: WeeklyHours[];
  /** The exceptions that apply to this location (its own and tenant-wide ones). */
  exceptions: SlotException[];
  durationMinutes: number;
  /** At least this many minutes between now and the start. */
  minLeadMinutes: number;
  /** The start lies at most this many calendar days after today. */
  maxLeadDays: number;
}

export interface Slot {
  start: Date;
  end: Date;
  /** Berlin date and time of the start. */
  date: string;
  time: string;
}

export type SlotCheck =
  | { ok: true; slot: Slot }
  | { ok: false; reason: 'past' | 'too_soon' | 'too_far' | 'off_grid' | 'outside_hours' };

/** Longest range one query may cover (the API refuses more). */
export const MAX_RANGE_DAYS = 62;

interface Range {
  from: number;
  to: number;
}

/** Opening windows of a day (weekly hours and extra hours) and its closed ranges, in minutes. */
function dayPlan(rules: SlotRules, date: string): { windows: Range[]; closed: Range[] } {
  const exceptions = rules.exceptions.filter((e) => e.day === date);
  if (exceptions.some((e) => e.kind === 'closed' && e.from === null)) return { windows: [], closed: [] };
  const weekday = weekdayOf(date);
  const windows = [
    ...rules.hours.filter((h) => h.day === weekday),
    ...exceptions
      .filter((e) => e.kind === 'extra' && e.from && e.to)
      .map((e) => ({ from: e.from as string, to: e.to as string })),
  ]
    .map((h) => ({ from: minutesOf(h.from), to: minutesOf(h.to) }))
    .filter((r) => Number.isFinite(r.from) && Number.isFinite(r.to) && r.from < r.to);
  const closed = exceptions
    .filter((e) => e.kind === 'closed' && e.from && e.to)
    .map((e) => ({ from: minutesOf(e.from as string), to: minutesOf(e.to as string) }));
  return { windows, closed };
}

/** Every grid slot of one Berlin date, without lead times; sorted, no duplicates. */
export function slotsOfDay(rules: SlotRules, date: string): Slot[] {
  const { windows, closed } = dayPlan(rules, date);
  const duration = rules.durationMinutes;
  const byStart = new Map<number, Slot>();
  const instant = berlinDayClock(date);
  for (const w of windows) {
    for (let t = w.from; t + duration <= w.to; t += duration) {
      if (closed.some((c) => t < c.to && t + duration > c.from)) continue;
      const start = instant(t);
      // The hour skipped in March has no instant.
      if (!start || byStart.has(start.getTime())) continue;
      byStart.set(start.getTime(), { start, end: new Date(start.getTime() + duration * 60_000), date, time: timeOf(t) });
    }
  }
  return [...byStart.values()].sort((a, b) => a.start.getTime() - b.start.getTime());
}

/** Is the slot bookable now as far as lead times go? */
function leadCheck(rules: SlotRules, slot: Slot, now: Date, lastDate: string): 'past' | 'too_soon' | 'too_far' | null {
  const ahead = slot.start.getTime() - now.getTime();
  if (ahead <= 0) return 'past';
  if (ahead < rules.minLeadMinutes * 60_000) return 'too_soon';
  // Whole calendar days: what is offered does not change in the course of a day.
  if (slot.date > lastDate) return 'too_far';
  return null;
}

/** The bookable slots from `from` to `to` (Berlin dates, inclusive), lead times applied. */
export function generateSlots(rules: SlotRules, from: string, to: string, now: Date): Slot[] {
  const slots: Slot[] = [];
  // Nothing before today or beyond the booking horizon can be bookable: skip those days.
  const first = daysBetween(berlinDate(now), from) < 0 ? berlinDate(now) : from;
  const horizon = addDays(berlinDate(now), rules.maxLeadDays);
  const last = daysBetween(to, horizon) < 0 ? horizon : to;
  for (let date = first; date <= last; date = addDays(date, 1)) {
    for (const slot of slotsOfDay(rules, date)) if (leadCheck(rules, slot, now, horizon) === null) slots.push(slot);
  }
  return slots;
}

/**
 * The slot of `date` that starts at `start`, exactly as slotsOfDay would list it, without
 * listing the whole day (every booking attempt checks its start).
 */
function slotAt(rules: SlotRules, date: string, start: Date): Slot | undefined {
  const duration = rules.durationMinutes;
  if (!(duration > 0)) return slotsOfDay(rules, date).find((s) => s.start.getTime() === start.getTime());
  const [y, m, d] = date.split('-').map(Number);
  // Minutes after the date's midnight on Berlin's wall clock; the instant check below settles fractions and the clock change.
  const t = (start.getTime() + berlinOffsetMinutes(start) * 60_000 - Date.UTC(y, m - 1, d)) / 60_000;
  const { windows, closed } = dayPlan(rules, date);
  for (const w of windows) {
    if (t < w.from || t + duration > w.to || (t - w.from) % duration !== 0) continue;
    if (closed.some((c) => t < c.to && t + duration > c.from)) return undefined;
    const instant = berlinDayClock(date)(t);
    if (!instant || instant.getTime() !== start.getTime()) continue;
    return { start: instant, end: new Date(instant.getTime() + duration * 60_000), date, time: timeOf(t) };
  }
  return undefined;
}

/** Whether `start` is a bookable slot now, and if not, why (for a precise 422). */
export function checkSlotStart(rules: SlotRules, start: Date, now: Date): SlotCheck {
  if (start.getTime() <= now.getTime()) return { ok: false, reason: 'past' };
  const date = berlinDate(start);
  const slot = slotAt(rules, date, start);
  if (!slot) {
    const { windows, closed } = dayPlan(rules, date);
    const open = windows.some((w) => {
      const begin = berlinInstant(date, w.from);
      const end = berlinInstant(date, w.to);
      return begin && end && start >= begin && start < end;
    });
    const blocked = closed.some((c) => {
      const begin = berlinInstant(date, c.from);
      const end = berlinInstant(date, c.to);
      return begin && end && start >= begin && start < end;
    });
    return { ok: false, reason: open && !blocked ? 'off_grid' : 'outside_hours' };
  }
  const lead = leadCheck(rules, slot, now, addDays(berlinDate(now), rules.maxLeadDays));
  return lead ? { ok: false, reason: lead } : { ok: true, slot };
}
