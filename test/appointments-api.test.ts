import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createOffer, dayFromToday, startAt } from './appointments-helpers.js';
import { createTenants, createTestApp, type TestApp } from './helpers/app.js';

describe('appointments API', () => {
  let t: TestApp;
  let offerId: string;
  let locationId: string;
  const day = dayFromToday(3);
  const base = '/api/v1/musterkreis/appointments';

  before(async () => {
    t = await createTestApp();
    const { a } = await createTenants(t.platform);
    const offer = await createOffer(t.platform, a.id);
    offerId = offer.id;
    locationId = offer.locationIds[0];
  });
  after(() => t.close());

  const book = (start: string, over: Record<string, unknown> = {}) =>
    t.app.inject({
      method: 'POST',
      url: `${base}/bookings`,
      payload: { offer: offerId, location: locationId, start, name: 'Erika Mustermann', email: 'Erika@example.org', ...over },
    });

  it('lists the offers with services, duration and locations', async () => {
    const res = await t.app.inject(`${base}/offers`);
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), [
      {
        id: offerId,
        title: 'Personalausweis beantragen',
        services: ['personalausweis-beantragen'],
        durationMinutes: 30,
        virtual: false,
        locations: [{ id: locationId, name: 'Bürgerbüro' }],
      },
    ]);
    const other = await t.app.inject('/api/v1/beispielstadt/appointments/offers');
    assert.deepEqual(other.json(), [], 'another tenant sees none of these offers');
  });

  it('lists the slots of a day with local times and free counters', async () => {
    const res = await t.app.inject(`${base}/slots?offer=${offerId}&location=${locationId}&from=${day}&to=${day}`);
    assert.equal(res.statusCode, 200);
    const items = res.json().items as { start: string; end: string; location: string; free: number }[];
    assert.equal(items.length, 20);
    assert.equal(items[0].start, startAt(day, '08:00'));
    assert.equal(items[0].end, startAt(day, '08:30'));
    assert.ok(items.every((i) => i.free === 2 && i.location === locationId));
    assert.match(items[0].start, /^\d{4}-\d{2}-\d{2}T08:00:00\+0[12]:00$/);
  });

  it('refuses a bad range with 422 naming the field, an unknown offer with 404', async () => {
    const bad = await t.app.inject(`${base}/slots?offer=${offerId}&location=${locationId}&from=${day}&to=${dayFromToday(1)}`);
    assert.equal(bad.statusCode, 422);
    assert.equal(bad.json().error.code, 'validation_failed');
    assert.match(bad.json().error.fields.to, /vor dem Anfangsdatum/);
    const unknown = await t.app.inject(`${base}/slots?offer=${locationId}&location=${locationId}&from=${day}&to=${day}`);
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().error.code, 'not_found');
  });

  it('books a slot (201) and counts it', async () => {
    const res = await book(startAt(day, '09:00'));
    assert.equal(res.statusCode, 201);
    const body = res.json();
    assert.match(body.reference, /^T-[A-Z2-9]{6}$/);
    assert.equal(body.start, startAt(day, '09:00'));
    assert.equal(body.end, startAt(day, '09:30'));
    assert.match(body.icsUrl, new RegExp(`/musterkreis/termine/buchung/${body.id}/termin\\.ics\\?token=`));
    assert.match(body.cancelUrl, /\/absagen\?token=/);
    const slots = await t.app.inject(`${base}/slots?offer=${offerId}&location=${locationId}&from=${day}&to=${day}`);
    const nine = slots.json().items.find((i: { start: string }) => i.start === startAt(day, '09:00'));
    assert.equal(nine.free, 1);
  });

  it('answers 422 for a start in the past, off the grid or outside the hours', async () => {
    const past = await book(startAt(dayFromToday(-1), '09:00'));
    assert.equal(past.statusCode, 422);
    assert.match(past.json().error.fields.start, /Vergangenheit/);
    const offGrid = await book(startAt(day, '09:10'));
    assert.equal(offGrid.statusCode, 422);
    assert.match(offGrid.json().error.fields.start, /beginnt kein Termin/);
    const night = await book(startAt(day, '19:00'));
    assert.equal(night.statusCode, 422);
    assert.match(night.json().error.fields.start, /keine Termine/);
    const noOffset = await book(`${day}T09:00:00`);
    assert.equal(noOffset.statusCode, 422);
    assert.ok(noOffset.json().error.fields.start);
    const badMail = await book(startAt(day, '10:00'), { email: 'keine-adresse', name: '' });
    assert.equal(badMail.statusCode, 422);
    assert.deepEqual(Object.keys(badMail.json().error.fields).sort(), ['email', 'name']);
  });

  it('a full slot answers 409 slot_taken with the nearest free slots', async () => {
    const start = startAt(day, '11:00');
    assert.equal((await book(start, { email: 'a@example.org' })).statusCode, 201);
    assert.equal((await book(start, { email: 'b@example.org' })).statusCode, 201);
    const full = await book(start, { email: 'c@example.org' });
    assert.equal(full.statusCode, 409);
    const { error } = full.json();
    assert.equal(error.code, 'slot_taken');
    assert.match(error.message, /vergeben/);
    // The five nearest free starts, in time order: 10:30 and 11:30 are the closest neighbours.
    assert.deepEqual(
      error.alternatives,
      ['09:30', '10:00', '10:30', '11:30', '12:00'].map((time) => startAt(day, time)),
    );
    assert.ok(!error.alternatives.includes(start));
  });

  it('cancels with the token (200), a second time 409, a tampered token 403 – and frees the seat', async () => {
    const start = startAt(day, '14:00');
    const first = (await book(start, { email: 'x@example.org' })).json();
    await book(start, { email: 'y@example.org' });
    assert.equal((await book(start, { email: 'z@example.org' })).statusCode, 409);

    const tampered = await t.app.inject({
      method: 'POST',
      url: `${base}/bookings/${first.id}/cancel`,
      payload: { token: `${first.token.slice(0, -2)}xy` },
    });
    assert.equal(tampered.statusCode, 403);
    assert.equal(tampered.json().error.code, 'invalid_token');
    assert.match(tampered.json().error.message, /Link ist ungültig/);

    const cancel = await t.app.inject({
      method: 'POST',
      url: `${base}/bookings/${first.id}/cancel`,
      payload: { token: first.token },
    });
    assert.equal(cancel.statusCode, 200);
    assert.equal(cancel.json().status, 'cancelled');
    const again = await t.app.inject({
      method: 'POST',
      url: `${base}/bookings/${first.id}/cancel`,
      payload: { token: first.token },
    });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().error.code, 'already_cancelled');
    assert.match(again.json().error.message, /bereits abgesagt/);

    assert.equal((await book(start, { email: 'z@example.org' })).statusCode, 201, 'the cancelled seat is free again');
  });

  it('the limit per e-mail address and day holds', async () => {
    const { a } = { a: t.platform.db };
    const tenant = await a.selectFrom('tenants').select('id').where('slug', '=', 'musterkreis').executeTakeFirstOrThrow();
    const limited = await createOffer(t.platform, tenant.id, { title: 'Beratung', limitPerEmailDay: 1 });
    const payload = (time: string) => ({
      offer: limited.id,
      location: limited.locationIds[0],
      start: startAt(day, time),
      name: 'Max',
      email: 'max@example.org',
    });
    assert.equal((await t.app.inject({ method: 'POST', url: `${base}/bookings`, payload: payload('08:00') })).statusCode, 201);
    const second = await t.app.inject({ method: 'POST', url: `${base}/bookings`, payload: payload('09:00') });
    assert.equal(second.statusCode, 409);
    assert.equal(second.json().error.code, 'limit_reached');
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await t.app.inject('/api/v1/openapi.json')).json();
    assert.ok(doc.paths['/api/v1/{tenant}/appointments/bookings'].post);
    assert.ok(doc.paths['/api/v1/{tenant}/appointments/slots'].get);
  });
});
