import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { saveVideoLinkTemplate } from '../src/modules/appointments/repo.js';
import type { Tenant } from '../src/platform/tenancy/repo.js';
import { Browser, createCitizen, createStaff, csrfIn, loginCitizen, loginStaff, mailsTo, textOf } from './accounts-helpers.js';
import { createOffer, dayFromToday, startAt } from './appointments-helpers.js';
import { createTenants, createTestApp, type TestApp } from './helpers/app.js';

describe('appointment pages (citizen and front desk)', () => {
  let t: TestApp;
  let tenant: Tenant;
  let offer: { id: string; locationIds: string[] };
  let video: { id: string; locationIds: string[] };
  const day = dayFromToday(4);
  const base = '/musterkreis/termine';

  before(async () => {
    t = await createTestApp();
    tenant = (await createTenants(t.platform)).a;
    offer = await createOffer(t.platform, tenant.id, {
      locations: [
        {
          name: 'Bürgerbüro Nord',
          counters: 1,
          hours: [1, 2, 3, 4, 5, 6, 7].map((d) => ({ day: d, from: '08:00', to: '10:00' })),
        },
        {
          name: 'Bürgerbüro Süd',
          street: 'Südring 4',
          counters: 1,
          hours: [1, 2, 3, 4, 5, 6, 7].map((d) => ({ day: d, from: '08:00', to: '10:00' })),
        },
      ],
    });
    video = await createOffer(t.platform, tenant.id, {
      title: 'Sozialberatung per Video',
      virtual: true,
      locations: [
        {
          name: 'Videosprechstunde',
          counters: 1,
          hours: [1, 2, 3, 4, 5, 6, 7].map((d) => ({ day: d, from: '09:00', to: '11:00' })),
        },
      ],
    });
    await saveVideoLinkTemplate(t.platform.db, tenant.id, 'https://video.example.org/raum-{secret}');
  });
  after(() => t.close());

  /** Walks offer → location → day → time → summary → booking like a person without JavaScript. */
  async function bookThroughPages(
    browser: Browser,
    offerId: string,
    locationId: string,
    time: string,
    name = 'Erika Mustermann',
    email = 'erika@example.org',
  ) {
    const times = await browser.get(`${base}/angebot/${offerId}/${locationId}/${day}`);
    assert.equal(times.statusCode, 200);
    const start = startAt(day, time);
    assert.ok(times.body.includes(`value="${start}"`), 'the time is offered as a radio button');
    const summary = await browser.post(`${base}/pruefen`, {
      _csrf: csrfIn(times.body),
      offer: offerId,
      location: locationId,
      start,
      name,
      email,
    });
    assert.equal(summary.statusCode, 200, textOf(summary.body));
    assert.match(textOf(summary.body), /Angaben prüfen/);
    return browser.post(`${base}/buchen`, {
      _csrf: csrfIn(summary.body),
      offer: offerId,
      location: locationId,
      start,
      name,
      email,
    });
  }

  it('leads from the offers through location and day to the times, without JavaScript', async () => {
    const browser = new Browser(t.app);
    const offers = await browser.get(base);
    assert.equal(offers.statusCode, 200);
    assert.ok(offers.body.includes(`href="${base}/angebot/${offer.id}"`));
    const locations = await browser.get(`${base}/angebot/${offer.id}`);
    assert.match(textOf(locations.body), /Standort wählen.*Bürgerbüro Nord.*Bürgerbüro Süd/);
    const single = await browser.get(`${base}/angebot/${video.id}`);
    assert.equal(single.statusCode, 303, 'one location: straight to the days');
    const days = await browser.get(`${base}/angebot/${offer.id}/${offer.locationIds[0]}?woche=${day}`);
    assert.equal(days.statusCode, 200);
    assert.ok(days.body.includes(`href="${base}/angebot/${offer.id}/${offer.locationIds[0]}/${day}"`));
    assert.match(textOf(days.body), /4 freie Termine/);
    assert.match(textOf(days.body), /Nächste Woche/);
  });

  it('re-renders the time form with 422 and the values kept when something is missing', async () => {
    const browser = new Browser(t.app);
    const page = await browser.get(`${base}/angebot/${offer.id}/${offer.locationIds[0]}/${day}`);
    const res = await browser.post(`${base}/pruefen`, {
      _csrf: csrfIn(page.body),
      offer: offer.id,
      location: offer.locationIds[0],
      // The form's hidden day: without it the page fell back to today, whose slots are gone by mid-morning.
      date: day,
      name: 'Erika',
      email: 'kaputt',
    });
    assert.equal(res.statusCode, 422);
    assert.match(textOf(res.body), /Bitte prüfen Sie Ihre Angaben.*Bitte wählen Sie eine Uhrzeit.*gültige E-Mail-Adresse/);
    assert.ok(res.body.includes('value="Erika"') && res.body.includes('value="kaputt"'));
  });

  it('books, shows the appointment, cancels once and explains a second cancel and a tampered link', async () => {
    const browser = new Browser(t.app);
    const booked = await bookThroughPages(browser, offer.id, offer.locationIds[1], '08:30');
    assert.equal(booked.statusCode, 303);
    const view = await browser.get(booked.headers.location as string);
    assert.equal(view.statusCode, 200);
    const text = textOf(view.body);
    assert.match(text, /Ihr Termin ist gebucht/);
    assert.match(text, /Vorgangsnummer T-[A-Z2-9]{6}/);
    assert.match(text, /Bürgerbüro Süd, Südring 4/);

    const [mail] = await mailsTo(t.platform, 'erika@example.org');
    assert.match(mail.subject, /^Terminbestätigung: Personalausweis beantragen/);
    assert.equal(mail.attachments[0].filename, 'termin.ics');
    const cancelPath = /(\/musterkreis\/termine\/buchung\/[^\s?]+\/absagen\?token=[^\s]+)/.exec(mail.text)?.[1] as string;
    assert.ok(cancelPath, mail.text);

    const confirm = await browser.get(cancelPath);
    assert.equal(confirm.statusCode, 200);
    const token = new URL(cancelPath, 'http://x').searchParams.get('token') as string;
    const action = cancelPath.split('?')[0];
    const done = await browser.post(action, { _csrf: csrfIn(confirm.body), token });
    assert.equal(done.statusCode, 200);
    assert.match(textOf(done.body), /Ihr Termin ist abgesagt/);

    const again = await browser.post(action, { _csrf: csrfIn(confirm.body), token });
    assert.equal(again.statusCode, 409);
    assert.match(textOf(again.body), /Dieser Termin ist bereits abgesagt/);
    const tampered = await browser.get(cancelPath.replace(/token=.{4}/, 'token=AAAA'));
    assert.equal(tampered.statusCode, 403);
    assert.match(textOf(tampered.body), /Dieser Link ist ungültig/);

    const cancelMail = (await mailsTo(t.platform, 'erika@example.org'))[0];
    assert.match(cancelMail.subject, /^Termin abgesagt/);
    assert.match(cancelMail.attachments[0].content, /METHOD:CANCEL/);

    // The seat is free again.
    const times = await browser.get(`${base}/angebot/${offer.id}/${offer.locationIds[1]}/${day}`);
    assert.ok(times.body.includes(`value="${startAt(day, '08:30')}"`));
  });

  it('a slot taken meanwhile answers 409 with the nearest free times to choose from', async () => {
    const first = new Browser(t.app, '203.0.113.21');
    const second = new Browser(t.app, '203.0.113.22');
    const page = await second.get(`${base}/angebot/${offer.id}/${offer.locationIds[0]}/${day}`);
    assert.equal(
      (await bookThroughPages(first, offer.id, offer.locationIds[0], '09:00', 'Max', 'max@example.org')).statusCode,
      303,
    );
    const res = await second.post(`${base}/buchen`, {
      _csrf: csrfIn(page.body),
      offer: offer.id,
      location: offer.locationIds[0],
      start: startAt(day, '09:00'),
      name: 'Moritz',
      email: 'moritz@example.org',
    });
    assert.equal(res.statusCode, 409);
    const text = textOf(res.body);
    assert.match(text, /Dieser Termin ist bereits vergeben/);
    assert.match(text, /Die nächsten freien Termine/);
    assert.ok(res.body.includes(`value="${startAt(day, '09:30')}"`) && res.body.includes(`value="${startAt(day, '08:30')}"`));
    assert.ok(!res.body.includes(`value="${startAt(day, '09:00')}"`));
    assert.ok(res.body.includes('value="Moritz"'), 'name and address are kept');
  });

  it('gives the video link only in the appointment view, never on a public page', async () => {
    const browser = new Browser(t.app, '203.0.113.30');
    for (const url of [
      base,
      `${base}/angebot/${video.id}/${video.locationIds[0]}`,
      `${base}/angebot/${video.id}/${video.locationIds[0]}/${day}`,
    ]) {
      const page = await browser.get(url);
      assert.ok(!page.body.includes('video.example.org'), url);
    }
    const booked = await bookThroughPages(browser, video.id, video.locationIds[0], '09:30', 'Vera Video', 'vera@example.org');
    const view = await browser.get(booked.headers.location as string);
    assert.match(view.body, /https:\/\/video\.example\.org\/raum-[A-Za-z0-9]+/);
    const [mail] = await mailsTo(t.platform, 'vera@example.org');
    assert.match(mail.text, /Videosprechstunde: https:\/\/video\.example\.org\/raum-/);
  });

  it('"Meine Termine" lists a logged-in citizen\'s appointments, and the form is prefilled', async () => {
    await createCitizen(t.platform, tenant, 'citizen@example.org');
    const browser = new Browser(t.app, '203.0.113.40');
    await loginCitizen(browser, 'musterkreis', 'citizen@example.org');
    const times = await browser.get(`${base}/angebot/${offer.id}/${offer.locationIds[0]}/${day}`);
    assert.ok(times.body.includes('value="citizen@example.org"') && times.body.includes('value="Erika Mustermann"'));
    assert.equal(
      (await bookThroughPages(browser, offer.id, offer.locationIds[0], '08:00', 'Erika Mustermann', 'citizen@example.org'))
        .statusCode,
      303,
    );
    const mine = await browser.get(`${base}/meine`);
    assert.equal(mine.statusCode, 200);
    assert.match(textOf(mine.body), /Anstehende Termine .*Personalausweis beantragen/);
    const anonymous = await new Browser(t.app).get(`${base}/meine`);
    assert.equal(anonymous.statusCode, 303, 'login first');
  });

  it('front desk: day list per counter, arrived/no-show, book for a caller, move, block times, figures', async () => {
    await createStaff(t.platform, tenant, 'clerk@example.org', 'clerk');
    const staff = new Browser(t.app, '203.0.113.50');
    await loginStaff(staff, 'musterkreis', 'clerk@example.org');
    const admin = '/musterkreis/verwaltung/termine';
    const location = offer.locationIds[0];

    const book = await staff.get(`${admin}/buchen?standort=${location}&datum=${day}`);
    assert.equal(book.statusCode, 200);
    const booked = await staff.post(`${admin}/buchen`, {
      _csrf: csrfIn(book.body),
      location,
      date: day,
      start: startAt(day, '09:30'),
      name: 'Anrufer Albert',
      email: '',
      phone: '0170 1234567',
    });
    assert.equal(booked.statusCode, 303, textOf(booked.body));

    const list = await staff.get(`${admin}?standort=${location}&datum=${day}`);
    assert.equal(list.statusCode, 200);
    const text = textOf(list.body);
    assert.match(text, /09:30 Schalter 1 Anrufer Albert T-[A-Z2-9]{6} 0170 1234567 gebucht/);
    assert.match(text, /08:30 Schalter 1 – frei/);

    const { id } = (await t.platform.db
      .selectFrom('appointment_bookings' as never)
      .select('id' as never)
      .where('name' as never, '=', 'Anrufer Albert' as never)
      .executeTakeFirstOrThrow()) as { id: string };
    const marked = await staff.post(`${admin}/${id}/status`, {
      _csrf: csrfIn(list.body),
      attendance: 'no_show',
      zurueck: `${admin}?standort=${location}&datum=${day}`,
    });
    assert.equal(marked.statusCode, 303);
    assert.match(textOf((await staff.get(marked.headers.location as string)).body), /Anrufer Albert .* nicht erschienen/);

    const movePage = await staff.get(`${admin}/${id}/verschieben?datum=${day}`);
    assert.equal(movePage.statusCode, 200);
    const moved = await staff.post(`${admin}/${id}/verschieben`, { _csrf: csrfIn(movePage.body), start: startAt(day, '08:30') });
    assert.equal(moved.statusCode, 303);
    assert.match(textOf((await staff.get(moved.headers.location as string)).body), /08:30 Schalter 1 Anrufer Albert/);

    const block = await staff.get(`${admin}/sperren`);
    const blocked = await staff.post(`${admin}/sperren`, {
      _csrf: csrfIn(block.body),
      kind: 'closed',
      locationId: location,
      day,
      from: '08:00',
      to: '08:30',
      note: 'Schulung',
    });
    assert.equal(blocked.statusCode, 303);
    const times = await new Browser(t.app).get(`${base}/angebot/${offer.id}/${location}/${day}`);
    assert.ok(!times.body.includes(`value="${startAt(day, '08:00')}"`), 'a blocked time is not offered');
    const badBlock = await staff.post(`${admin}/sperren`, {
      _csrf: csrfIn(block.body),
      kind: 'closed',
      locationId: location,
      day,
      from: '10:00',
      to: '09:00',
      note: '',
    });
    assert.equal(badBlock.statusCode, 422);
    assert.match(textOf(badBlock.body), /Endzeit muss nach der Anfangszeit liegen/);

    const figures = await staff.get(`${admin}/kennzahlen?von=${dayFromToday(-7)}&bis=${dayFromToday(14)}`);
    assert.equal(figures.statusCode, 200);
    assert.match(textOf(figures.body), /Bürgerbüro Nord/);
    assert.match(figures.body, /No-Show-Quote/);

    const citizen = await new Browser(t.app).get(admin);
    assert.equal(citizen.statusCode, 303, 'the front desk needs a staff login');
  });
});
