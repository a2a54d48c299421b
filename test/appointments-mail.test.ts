import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ICAL from 'ical.js';
import type { ParsedMail } from 'mailparser';
import { appointmentIcs } from '../src/modules/appointments/mails.js';
import * as service from '../src/modules/appointments/service.js';
import { berlinInstant } from '../src/modules/appointments/time.js';
import { importCatalog } from '../src/modules/catalog/index.js';
import { CATALOG_FORMAT, CATALOG_FORMAT_VERSION } from '../src/modules/catalog/interchange.js';
import type { Tenant } from '../src/platform/tenancy/repo.js';
import { createOffer } from './appointments-helpers.js';
import { createTenants, createTestApp, type TestApp } from './helpers/app.js';
import { eventually, startTestSmtp, type TestSmtp } from './mail-helpers.js';

/** Parses an .ics with ical.js, registering its VTIMEZONE so local times convert correctly. */
function parseIcs(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const tz of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(tz));
  const vevent = calendar.getFirstSubcomponent('vevent') as ICAL.Component;
  const event = new ICAL.Event(vevent);
  return {
    method: calendar.getFirstPropertyValue('method'),
    uid: event.uid,
    sequence: event.sequence,
    status: vevent.getFirstPropertyValue('status'),
    tzid: vevent.getFirstProperty('dtstart')?.getParameter('tzid'),
    localStart: event.startDate.toString(),
    start: event.startDate.toJSDate(),
    end: event.endDate.toJSDate(),
    description: String(vevent.getFirstPropertyValue('description') ?? ''),
  };
}

const icsOf = (mail: ParsedMail) => {
  const attachment = mail.attachments.find((a) => a.filename?.endsWith('.ics'));
  assert.ok(attachment, `mail "${mail.subject}" has no .ics attachment`);
  assert.match(attachment.contentType, /text\/calendar/);
  return attachment.content.toString('utf8');
};

/** The last Sunday of October of the next year whose change still lies ahead: clocks go back. */
function nextOctoberChange(): string {
  for (let year = new Date().getUTCFullYear(); ; year++) {
    const d = new Date(Date.UTC(year, 9, 31));
    d.setUTCDate(31 - d.getUTCDay());
    if (d.getTime() > Date.now() + 7 * 86_400_000) return d.toISOString().slice(0, 10);
  }
}

describe('appointment mails with iCalendar attachments (real SMTP, ical.js)', () => {
  let smtp: TestSmtp;
  let t: TestApp;
  let tenant: Tenant;
  let offer: service.OfferView;

  before(async () => {
    smtp = await startTestSmtp();
    t = await createTestApp({ jobs: true, env: { SMTP_URL: smtp.url, MAIL_FROM: 'Rathaus <rathaus@example.org>' } });
    t.platform.mail.retryDelaySeconds = 1;
    tenant = (await createTenants(t.platform)).a;
    const result = await importCatalog(
      t.platform.db,
      tenant.id,
      JSON.stringify({
        format: CATALOG_FORMAT,
        version: CATALOG_FORMAT_VERSION,
        lebenslagen: [],
        contacts: [],
        locations: [],
        synonyms: [],
        services: [
          {
            slug: 'personalausweis-beantragen',
            title: 'Personalausweis beantragen',
            summary: 'Den Personalausweis beantragen Sie persönlich.',
            descriptionMarkdown: '',
            documents: ['bisheriger Personalausweis', 'ein biometrisches Passfoto'],
            fees: '37,00 Euro',
            processingTime: '3 Wochen',
            legalBasis: 'PAuswG',
            leikaKey: null,
            department: null,
            keywords: [],
            onlineProcedureId: null,
            onlineUrl: null,
            easyLanguageMarkdown: '',
            status: 'published',
            reviewedAt: null,
            lebenslagen: [],
            contacts: [],
            locations: [],
          },
        ],
      }),
    );
    assert.ok(result.ok, JSON.stringify(result));
    const { id } = await createOffer(t.platform, tenant.id, { maxLeadDays: 400 });
    offer = (await service.loadOffer(t.platform.db, tenant.id, id)) as service.OfferView;
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  it('confirmation, move and cancellation carry the same UID and the right local times across the October change', async () => {
    const sunday = new Date(`${nextOctoberChange()}T12:00:00Z`);
    const friday = new Date(sunday.getTime() - 2 * 86_400_000).toISOString().slice(0, 10);
    const monday = new Date(sunday.getTime() + 86_400_000).toISOString().slice(0, 10);
    const now = new Date(`${friday}T04:00:00Z`);
    const fridayStart = berlinInstant(friday, 8 * 60) as Date;
    const mondayStart = berlinInstant(monday, 8 * 60) as Date;
    // Summer time on Friday, winter time on Monday: the same 08:00 is a different UTC hour.
    assert.equal(fridayStart.toISOString(), `${friday}T06:00:00.000Z`);
    assert.equal(mondayStart.toISOString(), `${monday}T07:00:00.000Z`);

    const booked = await service.bookAppointment(
      t.platform,
      tenant,
      {
        offerId: offer.id,
        locationId: offer.locations[0].id,
        start: fridayStart.toISOString(),
        name: 'Erika Mustermann',
        email: 'erika@example.org',
      },
      {},
      new Date(now.getTime() - 86_400_000),
    );
    assert.ok(booked.ok, JSON.stringify(booked));

    const confirmation = await eventually(() => smtp.received.find((m) => m.subject?.startsWith('Terminbestätigung')));
    assert.match(confirmation.text ?? '', /Bitte bringen Sie mit:\n- bisheriger Personalausweis\n- ein biometrisches Passfoto/);
    assert.match(
      confirmation.text ?? '',
      /Termin absagen: http:\/\/localhost:3000\/musterkreis\/termine\/buchung\/.+\/absagen\?token=/,
    );
    const first = parseIcs(icsOf(confirmation));
    assert.equal(first.method, 'REQUEST');
    assert.equal(first.tzid, 'Europe/Berlin');
    assert.equal(first.localStart, `${friday}T08:00:00`);
    assert.equal(first.start.getTime(), fridayStart.getTime());
    assert.equal(first.end.getTime() - first.start.getTime(), 30 * 60_000);
    assert.equal(first.sequence, 0);
    assert.match(first.description, /bisheriger Personalausweis/);

    const moved = await service.moveAppointment(
      t.platform,
      tenant,
      booked.booking.id,
      mondayStart.toISOString(),
      { staffId: 'front-desk' },
      now,
    );
    assert.ok(moved.ok, JSON.stringify(moved));
    const movedMail = await eventually(() => smtp.received.find((m) => m.subject?.startsWith('Termin verschoben')));
    const second = parseIcs(icsOf(movedMail));
    assert.equal(second.method, 'REQUEST');
    assert.equal(second.uid, first.uid, 'the calendar entry is updated, not duplicated');
    assert.equal(second.sequence, 1);
    assert.equal(second.localStart, `${monday}T08:00:00`);
    assert.equal(second.start.getTime(), mondayStart.getTime());

    const cancelled = await service.cancelAppointment(t.platform, tenant, booked.booking.id, { token: booked.token }, now);
    assert.ok(cancelled.ok);
    const cancelMail = await eventually(() => smtp.received.find((m) => m.subject?.startsWith('Termin abgesagt')));
    const third = parseIcs(icsOf(cancelMail));
    assert.equal(third.method, 'CANCEL');
    assert.equal(third.uid, first.uid);
    assert.equal(third.status, 'CANCELLED');
    assert.equal(third.sequence, 2);
  });

  it('the March change: 08:00 local stays 08:00 on both sides', () => {
    const booking = {
      id: '00000000-0000-4000-8000-000000000001',
      reference: 'T-TEST22',
      name: 'Test',
      email: 'test@example.org',
      sequence: 0,
      starts_at: berlinInstant('2027-03-29', 8 * 60) as Date,
      ends_at: berlinInstant('2027-03-29', 8 * 60 + 30) as Date,
    } as Parameters<typeof appointmentIcs>[1];
    const context = {
      tenant: { name: 'Landkreis Musterkreis', slug: 'musterkreis', email: '', phone: '' },
      offerTitle: 'Test; mit, Sonderzeichen',
      durationMinutes: 30,
      place: 'Schlossplatz 1, 84489 Musterstadt',
      virtual: false,
      videoLink: null,
      documents: [],
      links: { view: 'http://x/v', cancel: 'http://x/c', move: 'http://x/m', ics: 'http://x/i' },
      organizerEmail: 'rathaus@example.org',
      host: 'localhost',
    };
    const after = parseIcs(appointmentIcs('REQUEST', booking, context));
    assert.equal(after.localStart, '2027-03-29T08:00:00');
    assert.equal(after.start.toISOString(), '2027-03-29T06:00:00.000Z');
    const before = parseIcs(
      appointmentIcs(
        'REQUEST',
        { ...booking, starts_at: berlinInstant('2027-03-26', 480) as Date, ends_at: berlinInstant('2027-03-26', 510) as Date },
        context,
      ),
    );
    assert.equal(before.start.toISOString(), '2027-03-26T07:00:00.000Z');
  });

  it('the periodic reminder run mails the day before, once, and not for a cancelled or late booking', async () => {
    const day = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const start = berlinInstant(day, 10 * 60) as Date;
    const book = async (name: string, email: string, at = start, now = new Date()) => {
      const booked = await service.bookAppointment(
        t.platform,
        tenant,
        { offerId: offer.id, locationId: offer.locations[0].id, start: at.toISOString(), name, email },
        {},
        now,
      );
      assert.ok(booked.ok, JSON.stringify(booked));
      return booked;
    };
    await book('Rita Reminder', 'rita@example.org');
    const other = await book('Carl Cancel', 'carl@example.org');
    assert.ok((await service.cancelAppointment(t.platform, tenant, other.booking.id, { token: other.token })).ok);
    // Booked 20 hours before its start: too late for a reminder.
    const lateStart = berlinInstant(day, 11 * 60) as Date;
    await book('Lea Late', 'lea@example.org', lateStart, new Date(lateStart.getTime() - 20 * 3600_000));

    const twoDaysBefore = new Date(start.getTime() - 48 * 3600_000);
    assert.equal(await service.sendDueReminders(t.platform, twoDaysBefore), 0, 'nothing is due two days before');
    const dayBefore = new Date(start.getTime() - 23 * 3600_000);
    assert.equal(await service.sendDueReminders(t.platform, dayBefore), 1);
    assert.equal(await service.sendDueReminders(t.platform, new Date(dayBefore.getTime() + 15 * 60_000)), 0, 'only once');
    const reminder = await eventually(() => smtp.received.find((m) => m.subject?.startsWith('Erinnerung')));
    assert.match(reminder.text ?? '', /Rita Reminder/);
    assert.match(reminder.text ?? '', /Termin absagen|sagen Sie ab/);
    assert.equal(smtp.received.filter((m) => m.subject?.startsWith('Erinnerung')).length, 1);
    assert.ok((await t.platform.jobs.pending('appointments.reminder')) >= 1, 'the next periodic run is queued');
  });
});
