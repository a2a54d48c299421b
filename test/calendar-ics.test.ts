import assert from 'node:assert/strict';
import { test } from 'node:test';
import ICAL from 'ical.js';
import { berlinToUtc, toBerlinIso } from '../src/platform/calendar/berlin-time.js';
import { buildCalendar, foldLine } from '../src/platform/calendar/ics.js';

/** Parses with ical.js, registering the calendar's own VTIMEZONE so that local times resolve. */
function parse(text: string) {
  const root = new ICAL.Component(ICAL.parse(text));
  for (const tz of root.getAllSubcomponents('vtimezone')) {
    ICAL.TimezoneService.register(new ICAL.Timezone(tz));
  }
  return root;
}

function firstEvent(text: string) {
  const vevent = parse(text).getFirstSubcomponent('vevent');
  assert.ok(vevent, 'no VEVENT');
  return new ICAL.Event(vevent);
}

const base = { uid: 'termin-1@rathaus.test', summary: 'Termin' };

test('lines end with CRLF, no line exceeds 75 octets, the calendar has method, prodid and Berlin VTIMEZONE', () => {
  const text = buildCalendar({
    method: 'REQUEST',
    events: [{ ...base, start: new Date('2025-06-02T08:00:00Z'), end: new Date('2025-06-02T08:30:00Z') }],
  });
  assert.ok(text.endsWith('\r\n'));
  assert.equal(text.replace(/\r\n/g, '').includes('\n'), false, 'bare LF found');
  for (const line of text.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, line);
  const root = parse(text);
  assert.equal(root.getFirstPropertyValue('method'), 'REQUEST');
  assert.ok(root.getFirstPropertyValue('prodid'));
  assert.equal(root.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid'), 'Europe/Berlin');
  const vevent = root.getFirstSubcomponent('vevent');
  assert.ok(vevent?.getFirstPropertyValue('dtstamp'), 'DTSTAMP missing');
  assert.match(text, /DTSTART;TZID=Europe\/Berlin:20250602T100000\r\n/);
  assert.match(text, /DTEND;TZID=Europe\/Berlin:20250602T103000\r\n/);
});

test('local times and instants are right on both sides of the March and October changes', () => {
  const cases = [
    // Saturday before the spring change: CET (+01:00)
    { start: berlinToUtc(2025, 3, 29, 9, 0), local: '20250329T090000', utc: '2025-03-29T08:00:00.000Z' },
    // Change day itself, after 03:00: CEST (+02:00)
    { start: berlinToUtc(2025, 3, 30, 9, 0), local: '20250330T090000', utc: '2025-03-30T07:00:00.000Z' },
    // Change day in October before 03:00 summer time ends is ambiguous; 10:00 is CET
    { start: berlinToUtc(2025, 10, 25, 9, 0), local: '20251025T090000', utc: '2025-10-25T07:00:00.000Z' },
    { start: berlinToUtc(2025, 10, 26, 9, 0), local: '20251026T090000', utc: '2025-10-26T08:00:00.000Z' },
    // Another year: 2026 changes on 29 March and 25 October
    { start: berlinToUtc(2026, 3, 29, 14, 15), local: '20260329T141500', utc: '2026-03-29T12:15:00.000Z' },
    { start: berlinToUtc(2026, 10, 25, 14, 15), local: '20261025T141500', utc: '2026-10-25T13:15:00.000Z' },
  ];
  for (const c of cases) {
    assert.equal(c.start.toISOString(), c.utc);
    const text = buildCalendar({ events: [{ ...base, start: c.start, end: new Date(c.start.getTime() + 3600_000) }] });
    assert.ok(text.includes(`DTSTART;TZID=Europe/Berlin:${c.local}\r\n`), `${c.local} not in\n${text}`);
    const event = firstEvent(text);
    assert.equal(event.startDate.zone?.tzid, 'Europe/Berlin');
    assert.equal(event.startDate.toJSDate().toISOString(), c.utc, `parsed instant of ${c.local}`);
    assert.equal(event.endDate.toJSDate().getTime() - event.startDate.toJSDate().getTime(), 3600_000);
  }
});

test('an event spanning the night of the change keeps both local times', () => {
  const start = berlinToUtc(2025, 10, 25, 22, 0);
  const end = berlinToUtc(2025, 10, 26, 4, 0);
  const text = buildCalendar({ events: [{ ...base, start, end }] });
  assert.ok(text.includes('DTSTART;TZID=Europe/Berlin:20251025T220000'));
  assert.ok(text.includes('DTEND;TZID=Europe/Berlin:20251026T040000'));
  const event = firstEvent(text);
  // 7 real hours: the clock goes back from 03:00 to 02:00 that night
  assert.equal((event.endDate.toJSDate().getTime() - event.startDate.toJSDate().getTime()) / 3600_000, 7);
  assert.equal(toBerlinIso(start), '2025-10-25T22:00:00+02:00');
  assert.equal(toBerlinIso(end), '2025-10-26T04:00:00+01:00');
});

test('TEXT values escape backslash, semicolon, comma and newline and parse back unchanged', () => {
  const summary = 'Raum; Saal, groß \\ klein';
  const description = 'Zeile eins\nZeile zwei; mit Komma, Backslash \\n und Ende\r\nDritte Zeile';
  const location = 'Dorfstraße 1, 12345 Beispielstadt';
  const text = buildCalendar({
    method: 'PUBLISH',
    events: [
      { ...base, summary, description, location, start: new Date('2025-05-01T10:00:00Z'), end: new Date('2025-05-01T11:00:00Z') },
    ],
  });
  assert.ok(text.includes('SUMMARY:Raum\\; Saal\\, groß \\\\ klein'));
  const event = firstEvent(text);
  assert.equal(event.summary, summary);
  assert.equal(event.description, description.replace('\r\n', '\n'));
  assert.equal(event.location, location);
  // Control characters are not allowed in a content line.
  const bell = buildCalendar({ events: [{ ...base, summary: 'A\u0007B\u0000C', start: new Date(0), end: new Date(3600_000) }] });
  assert.equal(firstEvent(bell).summary, 'ABC');
});

test('long German text with umlauts is folded at 75 octets without splitting a character', () => {
  const description = `${'Größere Veranstaltungen in der Mehrzweckhalle müssen über die Gemeindeverwaltung angemeldet werden; Schlüsselübergabe am Vortag. '.repeat(6)}Übernachtungen sind nicht gestattet. Ä Ö Ü ä ö ü ß € 😀`;
  const text = buildCalendar({
    events: [{ ...base, description, start: new Date('2025-05-01T10:00:00Z'), end: new Date('2025-05-01T11:00:00Z') }],
  });
  const lines = text.split('\r\n');
  const folded = lines.filter((l) => l.startsWith(' '));
  assert.ok(folded.length > 5, 'long description should be folded');
  for (const line of lines) {
    const bytes = Buffer.from(line, 'utf8');
    assert.ok(bytes.length <= 75, `line of ${bytes.length} octets`);
    // Round-tripping the octets proves no multi-byte sequence was cut (no U+FFFD).
    assert.equal(bytes.toString('utf8'), line);
    assert.equal(line.includes('\ufffd'), false);
  }
  assert.equal(firstEvent(text).description, description);
});

test('foldLine splits at 75 octets exactly and continuation lines hold 74 octets after the space', () => {
  const line = `DESCRIPTION:${'ä'.repeat(100)}`;
  const parts = foldLine(line).split('\r\n');
  assert.equal(Buffer.byteLength(parts[0] ?? ''), 74); // 12 ASCII + 31 ä (62 octets); the 32nd would make 76
  for (const p of parts.slice(1)) {
    assert.ok(p.startsWith(' '));
    assert.ok(Buffer.byteLength(p) <= 75);
  }
  assert.equal(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join(''), line);
  assert.equal(foldLine('SUMMARY:kurz'), 'SUMMARY:kurz');
});

test('organizer, attendee, status, sequence, url and the CANCEL method', () => {
  const text = buildCalendar({
    method: 'CANCEL',
    name: 'Dorfgemeinschaftshaus Nord',
    events: [
      {
        ...base,
        sequence: 2,
        url: 'https://rathaus.test/beispielstadt/raeume/dgh-nord',
        start: new Date('2025-05-01T10:00:00Z'),
        end: new Date('2025-05-01T11:00:00Z'),
        organizer: { name: 'Gemeinde Beispielstadt, Bürgerbüro', email: 'buergerbuero@beispielstadt.test' },
        attendee: { name: 'Anna "Anni" Müller', email: 'anna@example.test' },
      },
    ],
  });
  const root = parse(text);
  assert.equal(root.getFirstPropertyValue('method'), 'CANCEL');
  assert.equal(root.getFirstPropertyValue('x-wr-calname'), 'Dorfgemeinschaftshaus Nord');
  const vevent = root.getFirstSubcomponent('vevent');
  assert.ok(vevent);
  assert.equal(vevent.getFirstPropertyValue('status'), 'CANCELLED');
  assert.equal(vevent.getFirstPropertyValue('sequence'), 2);
  assert.equal(vevent.getFirstPropertyValue('uid'), base.uid);
  assert.equal(vevent.getFirstPropertyValue('url'), 'https://rathaus.test/beispielstadt/raeume/dgh-nord');
  const organizer = vevent.getFirstProperty('organizer');
  assert.equal(organizer?.getFirstValue(), 'mailto:buergerbuero@beispielstadt.test');
  assert.equal(organizer?.getParameter('cn'), 'Gemeinde Beispielstadt, Bürgerbüro');
  const attendee = vevent.getFirstProperty('attendee');
  assert.equal(attendee?.getFirstValue(), 'mailto:anna@example.test');
  assert.equal(attendee?.getParameter('cn'), "Anna 'Anni' Müller");
});

test('a feed with several events and one with none both parse', () => {
  const events = [1, 2, 3].map((i) => ({
    uid: `b${i}@rathaus.test`,
    summary: `Buchung ${i}`,
    status: 'CONFIRMED' as const,
    start: berlinToUtc(2025, 7, i, 18),
    end: berlinToUtc(2025, 7, i, 23),
  }));
  const root = parse(buildCalendar({ method: 'PUBLISH', name: 'Feed', events }));
  assert.deepEqual(
    root.getAllSubcomponents('vevent').map((v) => v.getFirstPropertyValue('uid')),
    ['b1@rathaus.test', 'b2@rathaus.test', 'b3@rathaus.test'],
  );
  const empty = parse(buildCalendar({ events: [] }));
  assert.equal(empty.getAllSubcomponents('vevent').length, 0);
});

test('berlinToUtc moves a time skipped in spring forward and resolves the repeated autumn hour to summer time', () => {
  assert.equal(berlinToUtc(2025, 3, 30, 2, 30).toISOString(), '2025-03-30T01:30:00.000Z'); // shown as 03:30 CEST
  assert.equal(berlinToUtc(2025, 10, 26, 2, 30).toISOString(), '2025-10-26T00:30:00.000Z'); // first 02:30 (CEST)
});
