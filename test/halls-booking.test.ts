import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import ICAL from 'ical.js';
import { approveBooking, declineBooking } from '../src/modules/halls/service.js';
import type { Tenant } from '../src/platform/tenancy/repo.js';
import { Browser, createStaff, csrfIn, loginStaff, mailsTo, textOf } from './accounts-helpers.js';
import { bookingsOf, createHall, futureDay, insertBooking } from './halls-helpers.js';
import { createTenants, createTestApp, type TestApp } from './helpers/app.js';
import { engineUnderTest } from './helpers/database.js';

describe(`halls: requests, approval and availability (${engineUnderTest})`, () => {
  let t: TestApp;
  let a: Tenant;
  let b: Tenant;
  let dataDir: string;
  let hallId: string;
  let staff: Browser;
  let staffId: string;
  const page = '/musterkreis/raeume/dgh-nord';

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'rathaus-halls-'));
    t = await createTestApp({ env: { DATA_DIR: dataDir } });
    ({ a, b } = await createTenants(t.platform));
    hallId = (await createHall(t.platform, a)).id;
    await createHall(t.platform, b, 'nur-b');
    staffId = (await createStaff(t.platform, a, 'hallen@musterkreis.example', 'clerk')).id;
    staff = new Browser(t.app, '198.51.100.20');
    await loginStaff(staff, 'musterkreis', 'hallen@musterkreis.example');
  });
  after(async () => {
    await t.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const form = (day: ReturnType<typeof futureDay>, overrides: Record<string, string> = {}) => ({
    name: 'Erika Mustermann',
    email: 'erika@example.org',
    rate: 'club',
    organisation: 'Sportverein 1920 e. V.',
    purpose: 'Jahreshauptversammlung',
    guests: '40',
    date: day.iso,
    start: '18:00',
    end: '22:00',
    end_date: '',
    ...overrides,
  });

  test('the public list and room page show the room, its prices and the request form', async () => {
    const list = await t.app.inject('/musterkreis/raeume');
    assert.equal(list.statusCode, 200);
    assert.match(textOf(list.body), /Dorfgemeinschaftshaus dgh-nord/);
    assert.doesNotMatch(textOf(list.body), /nur-b/);
    const res = await t.app.inject(page);
    assert.equal(res.statusCode, 200);
    const text = textOf(res.body);
    assert.match(text, /Bis zu 80 Personen/);
    assert.match(text, /Vereine und Organisationen, je Stunde 10,00 €/);
    assert.match(text, /Raum anfragen/);
    assert.equal((res.body.match(/<h1/g) ?? []).length, 1);
  });

  test('a request with the end before the start, too many guests and a past date is refused with 422 naming the fields, values kept', async () => {
    const browser = new Browser(t.app, '198.51.100.31');
    const day = futureDay(30);
    let res = await browser.submit(page, `${page}/anfrage`, form(day, { start: '22:00', end: '18:00', guests: '500' }));
    assert.equal(res.statusCode, 422);
    let text = textOf(res.body);
    assert.match(text, /Das Ende muss nach dem Beginn liegen/);
    assert.match(text, /Die Zahl der Gäste \(500\) übersteigt die Kapazität des Raums \(höchstens 80 Personen\)/);
    assert.ok(res.body.includes('value="Jahreshauptversammlung"') || res.body.includes('>Jahreshauptversammlung</textarea>'));
    assert.ok(res.body.includes('value="erika@example.org"'));
    assert.ok(res.body.includes(`value="${day.iso}"`));

    res = await browser.submit(page, `${page}/anfrage`, form(futureDay(-3)));
    assert.equal(res.statusCode, 422);
    assert.match(textOf(res.body), /Der Beginn liegt in der Vergangenheit/);

    res = await browser.submit(
      page,
      `${page}/anfrage`,
      form(day, { name: '', email: 'kein-at', purpose: '', date: '31.02.2030', start: 'abends' }),
    );
    assert.equal(res.statusCode, 422);
    text = textOf(res.body);
    for (const message of [
      'Ihren Namen',
      'gültige E-Mail-Adresse',
      'Anlass der Veranstaltung',
      'Datum der Veranstaltung',
      'Uhrzeit des Beginns',
    ]) {
      assert.match(text, new RegExp(message));
    }
    assert.equal((await bookingsOf(t.platform, hallId)).length, 0);
  });

  test('a valid request is stored, confirmed on a page and by mail; an overlap with an approved booking answers 409', async () => {
    const browser = new Browser(t.app, '198.51.100.32');
    const day = futureDay(40);
    const res = await browser.submit(page, `${page}/anfrage`, form(day));
    assert.equal(res.statusCode, 303, textOf(res.body));
    const done = await browser.get(String(res.headers.location));
    assert.equal(done.statusCode, 200);
    assert.match(textOf(done.body), /Ihre Anfrage ist eingegangen.*Vorgangsnummer R-[A-Z0-9]{6}/);
    const [mail] = await mailsTo(t.platform, 'erika@example.org');
    assert.match(mail.subject, /Ihre Anfrage R-/);
    assert.match(mail.text, /noch keine Zusage/);
    assert.match(mail.text, /Voraussichtliches Nutzungsentgelt nach der Entgeltordnung: 40,00\s€/);

    await insertBooking(t.platform, a, hallId, day.at(20), day.at(23), 'approved');
    const overlap = await browser.submit(page, `${page}/anfrage`, form(day, { purpose: 'Zweite Feier' }));
    assert.equal(overlap.statusCode, 409);
    assert.match(textOf(overlap.body), /bereits belegt/);
    assert.ok(overlap.body.includes('Zweite Feier'), 'values kept on the 409 page');
  });

  test('the public calendar shows busy times per day but never names or purposes', async () => {
    const day = futureDay(50);
    await insertBooking(t.platform, a, hallId, day.at(14), day.at(18), 'approved', 'Heimliche Helga');
    await insertBooking(t.platform, a, hallId, day.at(19), day.at(21), 'requested', 'Offener Otto');
    const res = await t.app.inject(`${page}?monat=${day.month}`);
    assert.equal(res.statusCode, 200);
    const text = textOf(res.body);
    assert.match(text, /belegt 14:00–18:00/);
    assert.doesNotMatch(text, /19:00–21:00/, 'an open request does not block');
    for (const secret of ['Heimliche Helga', 'Offener Otto', 'Geheime Feier', 'Geheimclub', 'geheim@example.org']) {
      assert.equal(res.body.includes(secret), false, secret);
    }
  });

  test('two approvals of overlapping requests racing in parallel: the database lets exactly one through', async () => {
    const day = futureDay(60);
    const first = await insertBooking(t.platform, a, hallId, day.at(10), day.at(14));
    const second = await insertBooking(t.platform, a, hallId, day.at(12), day.at(16));
    const results = await Promise.all([
      approveBooking(t.platform, a, staffId, first.id, {}),
      approveBooking(t.platform, a, staffId, second.id, {}),
    ]);
    assert.equal(results.filter((r) => r.ok).length, 1);
    const failed = results.find((r) => !r.ok);
    assert.ok(failed && !failed.ok && failed.code === 'overlap');
    const rows = (await bookingsOf(t.platform, hallId)).filter((r) => r.id === first.id || r.id === second.id);
    assert.deepEqual(rows.map((r) => r.state).sort(), ['approved', 'requested']);
    // Touching ranges do not overlap: 16:00–18:00 after 12:00–16:00 or 10:00–14:00.
    const later = await insertBooking(t.platform, a, hallId, day.at(16), day.at(18));
    assert.ok((await approveBooking(t.platform, a, staffId, later.id, {})).ok);
  });

  test('the database itself refuses an overlapping approved row, whatever the application does', async () => {
    const day = futureDay(61);
    await insertBooking(t.platform, a, hallId, day.at(10), day.at(14), 'approved');
    await assert.rejects(
      insertBooking(t.platform, a, hallId, day.at(13), day.at(15), 'approved'),
      (e: { code?: string }) => e.code === '23P01',
    );
  });

  test('staff approve in the back office: overlap gives a clear message, the approval mail carries the fee and an .ics that parses', async () => {
    const day = futureDay(70);
    const blocker = await insertBooking(t.platform, a, hallId, day.at(9), day.at(12), 'approved');
    const clash = await insertBooking(t.platform, a, hallId, day.at(11), day.at(13));
    const clashUrl = `/musterkreis/verwaltung/raeume/${hallId}/anfragen/${clash.id}`;
    const clashPage = await staff.get(clashUrl);
    assert.match(textOf(clashPage.body), new RegExp(`bereits eine genehmigte Buchung \\(${blocker.reference}`));
    const refused = await staff.post(`${clashUrl}/genehmigen`, { _csrf: csrfIn(clashPage.body), fee: '', message: '' });
    assert.equal(refused.statusCode, 409);
    assert.match(
      textOf(refused.body),
      /kann nicht genehmigt werden: Der Raum ist in diesem Zeitraum bereits durch eine genehmigte Buchung belegt/,
    );

    const request = await insertBooking(t.platform, a, hallId, day.at(18), day.at(23));
    const url = `/musterkreis/verwaltung/raeume/${hallId}/anfragen/${request.id}`;
    const detail = await staff.get(url);
    assert.equal(detail.statusCode, 200);
    assert.ok(detail.body.includes('value="50"'), 'fee proposed: 5 hours × 10 € = 50 €');
    const ok = await staff.post(`${url}/genehmigen`, {
      _csrf: csrfIn(detail.body),
      fee: '45,50',
      message: 'Schlüssel bei Frau Huber, Hauptstraße 3.',
    });
    assert.equal(ok.statusCode, 303, textOf(ok.body));
    const [mail] = (await mailsTo(t.platform, 'geheim@example.org')).filter((m) => m.subject.startsWith('Zusage'));
    assert.ok(mail);
    assert.match(mail.text, /Nutzungsentgelt: 45,50\s€/);
    assert.match(mail.text, /Schlüssel bei Frau Huber/);
    assert.equal(mail.attachments.length, 1);
    const ics = mail.attachments[0];
    assert.equal(ics.filename, 'buchung.ics');
    assert.match(ics.contentType, /^text\/calendar/);
    const root = new ICAL.Component(ICAL.parse(ics.content));
    assert.equal(root.getFirstPropertyValue('method'), 'REQUEST');
    for (const tz of root.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(tz));
    const event = new ICAL.Event(root.getFirstSubcomponent('vevent') ?? undefined);
    assert.equal(event.startDate.toJSDate().toISOString(), day.at(18).toISOString());
    assert.equal(event.endDate.toJSDate().toISOString(), day.at(23).toISOString());
    assert.equal(event.startDate.hour, 18, 'local time in Europe/Berlin');
    assert.match(event.description, /45,50\s€/);

    // A second decision on the same request is refused.
    const again = await approveBooking(t.platform, a, staffId, request.id, {});
    assert.ok(!again.ok && again.code === 'not_open');
  });

  test('declining needs a reason and mails it', async () => {
    const day = futureDay(80);
    const request = await insertBooking(t.platform, a, hallId, day.at(10), day.at(12));
    const empty = await declineBooking(t.platform, a, staffId, request.id, '  ');
    assert.ok(!empty.ok && empty.code === 'invalid');
    const url = `/musterkreis/verwaltung/raeume/${hallId}/anfragen/${request.id}`;
    const detail = await staff.get(url);
    const res = await staff.post(`${url}/ablehnen`, {
      _csrf: csrfIn(detail.body),
      decline_message: 'An diesem Tag findet die Kirmes statt.',
    });
    assert.equal(res.statusCode, 303);
    const mail = (await mailsTo(t.platform, 'geheim@example.org')).find((m) => m.subject.startsWith('Absage'));
    assert.match(mail?.text ?? '', /Kirmes/);
  });

  test('the staff feed lists approved bookings with names at its secret URL only', async () => {
    const edit = await staff.get(`/musterkreis/verwaltung/raeume/${hallId}`);
    assert.equal(edit.statusCode, 404, 'a clerk does not edit rooms');
    const editor = new Browser(t.app, '198.51.100.21');
    await createStaff(t.platform, a, 'redaktion@musterkreis.example', 'editor');
    await loginStaff(editor, 'musterkreis', 'redaktion@musterkreis.example');
    const page2 = await editor.get(`/musterkreis/verwaltung/raeume/${hallId}`);
    const match = /http:\/\/localhost:3000(\/musterkreis\/feeds\/raeume\/dgh-nord\.ics\?key=[A-Za-z0-9_-]+)/.exec(page2.body);
    assert.ok(match, 'feed URL shown to editors');
    const feed = await t.app.inject(match[1]);
    assert.equal(feed.statusCode, 200);
    assert.match(String(feed.headers['content-type']), /^text\/calendar/);
    assert.match(feed.body, /Geheime Person/);
    const root = new ICAL.Component(ICAL.parse(feed.body));
    assert.ok(root.getAllSubcomponents('vevent').length >= 3);
    assert.equal((await t.app.inject('/musterkreis/feeds/raeume/dgh-nord.ics?key=falsch')).statusCode, 404);
    assert.equal((await t.app.inject('/musterkreis/feeds/raeume/dgh-nord.ics')).statusCode, 404);
    // Another tenant with the same path and key gets nothing.
    assert.equal((await t.app.inject(match[1].replace('/musterkreis/', '/beispielstadt/'))).statusCode, 404);
    // Renewing the key revokes the old URL.
    const renew = await editor.post(`/musterkreis/verwaltung/raeume/${hallId}/feed-erneuern`, { _csrf: csrfIn(page2.body) });
    assert.equal(renew.statusCode, 303);
    assert.equal((await t.app.inject(match[1])).statusCode, 404);
  });

  test('tenant isolation: another tenant cannot see, request or decide this room', async () => {
    assert.equal((await t.app.inject('/beispielstadt/raeume/dgh-nord')).statusCode, 404);
    assert.equal((await t.app.inject('/musterkreis/raeume/nur-b')).statusCode, 404);
    const [row] = await bookingsOf(t.platform, hallId);
    const foreign = await approveBooking(t.platform, b, staffId, row.id, {});
    assert.ok(!foreign.ok && foreign.code === 'not_found');
    const staffB = new Browser(t.app, '198.51.100.22');
    await createStaff(t.platform, b, 'hallen@beispielstadt.example', 'admin');
    await loginStaff(staffB, 'beispielstadt', 'hallen@beispielstadt.example');
    assert.equal((await staffB.get(`/beispielstadt/verwaltung/raeume/${hallId}/anfragen`)).statusCode, 404);
    assert.equal((await staffB.get(`/beispielstadt/verwaltung/raeume/${hallId}/anfragen/${row.id}`)).statusCode, 404);
  });
});
