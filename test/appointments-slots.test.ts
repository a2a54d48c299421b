import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSlotStart, generateSlots, type SlotRules, slotsOfDay } from '../src/modules/appointments/slots.js';
import { berlinIso, isoWeek } from '../src/modules/appointments/time.js';

const weekdays = (from: string, to: string) => [1, 2, 3, 4, 5].map((day) => ({ day, from, to }));

const rules = (over: Partial<SlotRules> = {}): SlotRules => ({
  hours: weekdays('08:00', '12:00'),
  exceptions: [],
  durationMinutes: 30,
  minLeadMinutes: 0,
  maxLeadDays: 365,
  ...over,
});

const isoStarts = (slots: { start: Date }[]) => slots.map((s) => berlinIso(s.start));
const times = (slots: { time: string }[]) => slots.map((s) => s.time);

describe('slot generator: opening hours and grid', () => {
  it('steps by the duration from the window start and ends within the window', () => {
    // 2026-06-15 is a Monday.
    const slots = slotsOfDay(rules(), '2026-06-15');
    assert.deepEqual(times(slots), ['08:00', '08:30', '09:00', '09:30', '10:00', '10:30', '11:00', '11:30']);
    assert.equal(berlinIso(slots[0].end), '2026-06-15T08:30:00+02:00');
  });

  it('offers nothing on a day without hours and keeps the afternoon window on its own grid', () => {
    assert.deepEqual(slotsOfDay(rules(), '2026-06-20'), []); // Saturday
    const thursday = slotsOfDay(
      rules({ durationMinutes: 45, hours: [...weekdays('08:00', '09:30'), { day: 4, from: '13:30', to: '15:00' }] }),
      '2026-06-18',
    );
    assert.deepEqual(times(thursday), ['08:00', '08:45', '13:30', '14:15']);
  });

  it('drops a slot that would run past the closing time', () => {
    assert.deepEqual(times(slotsOfDay(rules({ durationMinutes: 50 }), '2026-06-15')), ['08:00', '08:50', '09:40', '10:30']);
  });
});

describe('slot generator: exceptions', () => {
  it('a closed day (holiday) has no slots', () => {
    const r = rules({ exceptions: [{ day: '2026-06-15', kind: 'closed', from: null, to: null }] });
    assert.deepEqual(slotsOfDay(r, '2026-06-15'), []);
    assert.equal(slotsOfDay(r, '2026-06-16').length, 8);
  });

  it('a blocked range removes exactly the slots it overlaps', () => {
    const r = rules({ exceptions: [{ day: '2026-06-15', kind: 'closed', from: '09:45', to: '11:00' }] });
    assert.deepEqual(times(slotsOfDay(r, '2026-06-15')), ['08:00', '08:30', '09:00', '11:00', '11:30']);
  });

  it('extra hours open a Saturday or extend a weekday', () => {
    const r = rules({
      exceptions: [
        { day: '2026-06-20', kind: 'extra', from: '09:00', to: '10:00' },
        { day: '2026-06-16', kind: 'extra', from: '14:00', to: '15:00' },
      ],
    });
    assert.deepEqual(times(slotsOfDay(r, '2026-06-20')), ['09:00', '09:30']);
    assert.deepEqual(times(slotsOfDay(r, '2026-06-16')).slice(-3), ['11:30', '14:00', '14:30']);
  });
});

describe('slot generator: daylight-saving change in Europe/Berlin', () => {
  it('keeps 08:00 local time on both sides of the March change', () => {
    // Summer time starts on Sunday 2026-03-29.
    assert.equal(isoStarts(slotsOfDay(rules(), '2026-03-27'))[0], '2026-03-27T08:00:00+01:00');
    const monday = slotsOfDay(rules(), '2026-03-30');
    assert.equal(isoStarts(monday)[0], '2026-03-30T08:00:00+02:00');
    assert.equal(monday[0].start.toISOString(), '2026-03-30T06:00:00.000Z');
  });

  it('skips the hour that does not exist on the March change day', () => {
    const night = rules({ hours: [{ day: 7, from: '01:00', to: '04:00' }], durationMinutes: 30 });
    const slots = slotsOfDay(night, '2026-03-29');
    assert.deepEqual(times(slots), ['01:00', '01:30', '03:00', '03:30']);
    assert.deepEqual(isoStarts(slots), [
      '2026-03-29T01:00:00+01:00',
      '2026-03-29T01:30:00+01:00',
      '2026-03-29T03:00:00+02:00',
      '2026-03-29T03:30:00+02:00',
    ]);
  });

  it('gives the repeated hour of the October change once, and 08:00 stays 08:00 afterwards', () => {
    // Winter time starts on Sunday 2026-10-25.
    const night = rules({ hours: [{ day: 7, from: '01:00', to: '04:00' }], durationMinutes: 60 });
    assert.deepEqual(isoStarts(slotsOfDay(night, '2026-10-25')), [
      '2026-10-25T01:00:00+02:00',
      '2026-10-25T02:00:00+02:00',
      '2026-10-25T03:00:00+01:00',
    ]);
    assert.equal(slotsOfDay(rules(), '2026-10-26')[0].start.toISOString(), '2026-10-26T07:00:00.000Z');
    assert.equal(slotsOfDay(rules(), '2026-10-23')[0].start.toISOString(), '2026-10-23T06:00:00.000Z');
  });

  it('a week of slots across the change has the same local times every day', () => {
    const all = generateSlots(rules(), '2026-10-19', '2026-10-30', new Date('2026-10-01T00:00:00Z'));
    assert.equal(all.length, 10 * 8);
    assert.ok(all.every((s) => ['08', '09', '10', '11'].includes(berlinIso(s.start).slice(11, 13))));
  });
});

describe('slot generator: lead times', () => {
  it('leaves out slots closer than the minimum lead time and those in the past', () => {
    const now = new Date('2026-06-15T09:10:00+02:00');
    const slots = generateSlots(rules({ minLeadMinutes: 60 }), '2026-06-15', '2026-06-15', now);
    assert.deepEqual(times(slots), ['10:30', '11:00', '11:30']);
  });

  it('leaves out slots beyond the booking horizon', () => {
    const now = new Date('2026-06-15T07:00:00+02:00');
    const slots = generateSlots(rules({ maxLeadDays: 2 }), '2026-06-15', '2026-06-30', now);
    assert.deepEqual([...new Set(slots.map((s) => s.date))], ['2026-06-15', '2026-06-16', '2026-06-17']);
    assert.equal(slots.at(-1)?.time, '11:30');
  });
});

describe('slot check (why a start is refused)', () => {
  const now = new Date('2026-06-15T09:10:00+02:00');
  const r = rules({
    minLeadMinutes: 60,
    maxLeadDays: 30,
    exceptions: [{ day: '2026-06-17', kind: 'closed', from: '08:00', to: '09:00' }],
  });
  const check = (iso: string) => {
    const result = checkSlotStart(r, new Date(iso), now);
    return result.ok ? 'ok' : result.reason;
  };

  it('names the reason', () => {
    assert.equal(check('2026-06-16T08:30:00+02:00'), 'ok');
    assert.equal(check('2026-06-15T08:00:00+02:00'), 'past');
    assert.equal(check('2026-06-15T10:00:00+02:00'), 'too_soon');
    assert.equal(check('2026-08-03T08:00:00+02:00'), 'too_far');
    assert.equal(check('2026-06-16T08:15:00+02:00'), 'off_grid');
    assert.equal(check('2026-06-16T08:30:30+02:00'), 'off_grid');
    assert.equal(check('2026-06-16T13:00:00+02:00'), 'outside_hours');
    assert.equal(check('2026-06-20T09:00:00+02:00'), 'outside_hours');
    assert.equal(check('2026-06-17T08:30:00+02:00'), 'outside_hours');
  });
});

describe('calendar weeks', () => {
  it('labels ISO weeks, also at the turn of the year', () => {
    assert.equal(isoWeek('2026-06-15'), '2026-W25');
    assert.equal(isoWeek('2027-01-01'), '2026-W53');
    assert.equal(isoWeek('2025-12-29'), '2026-W01');
  });
});
