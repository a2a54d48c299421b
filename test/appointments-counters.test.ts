import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as service from '../src/modules/appointments/service.js';
import { createOffer, dayFromToday, EVERY_DAY, startAt } from './appointments-helpers.js';
import { createTenants, createTestApp, type TestApp } from './helpers/app.js';
import { engineUnderTest } from './helpers/database.js';

/**
 * Two offers at the same Bürgerbüro drawing on the same two counters, with different
 * durations (Personalausweis 30 minutes, Reisepass 15 minutes).
 */
describe(`offers sharing counters (${engineUnderTest})`, () => {
  let t: TestApp;
  let idCard: { offer: string; location: string };
  let passport: { offer: string; location: string };
  let elsewhere: { offer: string; location: string };
  const day = dayFromToday(3);
  const base = '/api/v1/musterkreis/appointments';

  before(async () => {
    t = await createTestApp();
    const { a } = await createTenants(t.platform);
    const first = await createOffer(t.platform, a.id);
    idCard = { offer: first.id, location: first.locationIds[0] };
    const view = (await service.loadOffer(t.platform.db, a.id, first.id)) as service.OfferView;
    const second = await createOffer(t.platform, a.id, {
      title: 'Reisepass beantragen',
      services: [{ slug: 'reisepass-beantragen', minutes: 15 }],
      locations: [{ name: 'Bürgerbüro', counters: 2, counterPool: view.locations[0].poolId, hours: EVERY_DAY }],
    });
    passport = { offer: second.id, location: second.locationIds[0] };
    const third = await createOffer(t.platform, a.id, { title: 'Meldebescheinigung' });
    elsewhere = { offer: third.id, location: third.locationIds[0] };
  });
  after(() => t.close());

  const book = (at: { offer: string; location: string }, time: string, i = 0) =>
    t.app.inject({
      method: 'POST',
      url: `${base}/bookings`,
      remoteAddress: `10.1.0.${i + 1}`,
      payload: {
        offer: at.offer,
        location: at.location,
        start: startAt(day, time),
        name: `Person ${i}`,
        email: `p${i}@example.org`,
      },
    });

  const freeAt = async (at: { offer: string; location: string }) => {
    const res = await t.app.inject(`${base}/slots?offer=${at.offer}&location=${at.location}&from=${day}&to=${day}`);
    assert.equal(res.statusCode, 200);
    const free = new Map<string, number>();
    for (const item of res.json().items as { start: string; free: number }[]) free.set(item.start, item.free);
    return (time: string) => free.get(startAt(day, time));
  };

  it('filling a slot through one offer makes the overlapping slots of the other unavailable', async () => {
    assert.equal((await book(idCard, '10:00', 1)).statusCode, 201);
    assert.equal((await freeAt(passport))('10:15'), 1, 'one counter is taken for the passport too');
    assert.equal((await book(idCard, '10:00', 2)).statusCode, 201);

    const passportFree = await freeAt(passport);
    assert.equal(passportFree('10:00'), 0);
    assert.equal(passportFree('10:15'), 0, 'the 30-minute appointment covers the 15-minute slot after it');
    assert.equal(passportFree('09:45'), 2);
    assert.equal(passportFree('10:30'), 2);
    const refused = await book(passport, '10:15', 3);
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.json().error.code, 'slot_taken');
    assert.equal((await freeAt(elsewhere))('10:00'), 2, 'an offer with its own counters is not affected');
    assert.equal((await book(elsewhere, '10:00', 4)).statusCode, 201);
  });

  it('passport bookings take counters from the overlapping ID card slot', async () => {
    assert.equal((await book(passport, '12:15', 5)).statusCode, 201);
    assert.equal((await freeAt(idCard))('12:00'), 1);
    assert.equal((await book(passport, '12:15', 6)).statusCode, 201);
    assert.equal((await freeAt(idCard))('12:00'), 0, 'two passports from 12:15 hold both counters within 12:00–12:30');
    assert.equal((await freeAt(passport))('12:00'), 2, 'the quarter hour before them is still free');
    assert.equal((await book(idCard, '12:00', 7)).statusCode, 409);
  });

  it('concurrent attempts through both offers: the database lets exactly two overlap', async () => {
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? book(idCard, '14:00', 20 + i) : book(passport, '14:15', 20 + i))),
    );
    assert.equal(responses.filter((r) => r.statusCode === 201).length, 2, responses.map((r) => r.statusCode).join(','));
    assert.ok(responses.every((r) => r.statusCode === 201 || r.statusCode === 409));
  });

  it('the database itself refuses a second booking on a counter at an overlapping time', async () => {
    const { rows } = (await t.platform.database.executor.executeSql(
      `select * from appointment_bookings where location_id = $1 and status = 'booked' and seat_no = 1 order by starts_at limit 1`,
      [idCard.location],
    )) as { rows: Record<string, any>[] };
    const taken = rows[0];
    await assert.rejects(
      t.platform.database.executor.executeSql(
        `insert into appointment_bookings (tenant_id, offer_id, location_id, pool_id, starts_at, ends_at, seat_no, reference, name, token_hash)
         values ($1, $2, $3, $4, $5::timestamptz + interval '15 minutes', $5::timestamptz + interval '30 minutes', 1, 'T-DIRECT', 'Direkt', 'x')`,
        [taken.tenant_id, passport.offer, passport.location, taken.pool_id, taken.starts_at],
      ),
      (error: { code?: string }) => error.code === '23P01',
    );
  });
});
