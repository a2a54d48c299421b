import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createOffer, dayFromToday, secondAppOnSameDatabase, startAt } from './appointments-helpers.js';
import { createTenants, createTestApp, type TestApp } from './helpers/app.js';
import { engineUnderTest } from './helpers/database.js';

/** 50 citizens (each from their own address) try the same slot at once, spread over `apps`. */
async function rush(apps: FastifyInstance[], offer: string, location: string, start: string) {
  return Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      apps[i % apps.length].inject({
        method: 'POST',
        url: '/api/v1/musterkreis/appointments/bookings',
        remoteAddress: `10.0.${Math.floor(i / 200)}.${(i % 200) + 1}`,
        payload: { offer, location, start, name: `Person ${i}`, email: `person${i}@example.org` },
      }),
    ),
  );
}

async function activeBookings(t: TestApp, start: string) {
  const { rows } = (await t.platform.database.executor.executeSql(
    `select seat_no from appointment_bookings where starts_at = $1 and status = 'booked' order by seat_no`,
    [new Date(start)],
  )) as { rows: { seat_no: number }[] };
  return rows.map((r) => r.seat_no);
}

function assertTwoWinners(responses: { statusCode: number; json(): any }[]) {
  const codes = responses.map((r) => r.statusCode);
  assert.equal(codes.filter((c) => c === 201).length, 2, `Antworten: ${codes.join(',')}`);
  const refused = responses.filter((r) => r.statusCode === 409);
  assert.equal(refused.length, 48);
  for (const r of refused) {
    const { error } = r.json();
    assert.equal(error.code, 'slot_taken');
    assert.ok(error.alternatives.length > 0, 'every refusal names free alternatives');
  }
}

describe(`no double booking under concurrency (${engineUnderTest})`, () => {
  let t: TestApp;
  let offerId: string;
  let locationId: string;

  before(async () => {
    t = await createTestApp();
    const { a } = await createTenants(t.platform);
    const offer = await createOffer(t.platform, a.id);
    offerId = offer.id;
    locationId = offer.locationIds[0];
  });
  after(() => t.close());

  it('50 parallel bookings of one slot with 2 counters: exactly 2 succeed, 48 get 409 with alternatives', async () => {
    const start = startAt(dayFromToday(2), '10:00');
    assertTwoWinners(await rush([t.app], offerId, locationId, start));
    assert.deepEqual(await activeBookings(t, start), [1, 2]);
  });

  it('the same with two app instances on one PostgreSQL database', {
    skip:
      engineUnderTest === 'pglite' ? 'PGlite gehört genau einem Prozess; mehrere Instanzen gibt es nur mit PostgreSQL' : false,
  }, async () => {
    const second = await secondAppOnSameDatabase(t);
    try {
      const start = startAt(dayFromToday(2), '11:00');
      assertTwoWinners(await rush([t.app, second.app], offerId, locationId, start));
      assert.deepEqual(await activeBookings(t, start), [1, 2]);
    } finally {
      await second.close();
    }
  });

  it('a cancelled seat can be booked again, and then the slot is full again', async () => {
    const start = startAt(dayFromToday(2), '12:00');
    const first = await rush([t.app], offerId, locationId, start);
    const winner = first.find((r) => r.statusCode === 201)?.json();
    const cancel = await t.app.inject({
      method: 'POST',
      url: `/api/v1/musterkreis/appointments/bookings/${winner.id}/cancel`,
      payload: { token: winner.token },
    });
    assert.equal(cancel.statusCode, 200);
    const again = await rush([t.app], offerId, locationId, start);
    assert.equal(again.filter((r) => r.statusCode === 201).length, 1);
    assert.equal((await activeBookings(t, start)).length, 2);
  });
});

describe(`group commit of a booking burst (${engineUnderTest})`, () => {
  let t: TestApp;

  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('a burst over several slots books every counter once, each booking with its confirmation mail and delivery job', async () => {
    const { a } = await createTenants(t.platform);
    const offer = await createOffer(t.platform, a.id);
    const starts = ['09:00', '09:30', '10:00', '10:30', '11:00'].map((time) => startAt(dayFromToday(3), time));
    // Three citizens per slot with two counters: two get it, one is refused.
    const responses = await Promise.all(
      starts.flatMap((start, s) =>
        [0, 1, 2].map((n) =>
          t.app.inject({
            method: 'POST',
            url: '/api/v1/musterkreis/appointments/bookings',
            remoteAddress: `10.1.${s}.${n + 1}`,
            payload: {
              offer: offer.id,
              location: offer.locationIds[0],
              start,
              name: `Person ${s}-${n}`,
              email: `burst-${s}-${n}@example.org`,
            },
          }),
        ),
      ),
    );
    const codes = responses.map((r) => r.statusCode);
    assert.equal(codes.filter((c) => c === 201).length, 10, `Antworten: ${codes.join(',')}`);
    assert.equal(codes.filter((c) => c === 409).length, 5);
    for (const start of starts) assert.deepEqual(await activeBookings(t, start), [1, 2]);
    const { rows: mails } = (await t.platform.database.executor.executeSql(
      `select m.id::text as id, m.subject from outgoing_mails m where m."to" like 'burst-%'`,
    )) as { rows: { id: string; subject: string }[] };
    assert.equal(mails.length, 10, 'one confirmation per booking, none for a refusal');
    const { rows: jobs } = (await t.platform.database.executor.executeSql(
      `select count(distinct data->>'mailId')::int as n from pgboss.job where data->>'mailId' = any($1::text[])`,
      [mails.map((m) => m.id)],
    )) as { rows: { n: number }[] };
    assert.equal(jobs[0].n, 10, 'every confirmation has its delivery job');
  });
});
