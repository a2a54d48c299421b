import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { seedHallsDemo } from '../src/modules/halls/demo.js';
import type { Tenant } from '../src/platform/tenancy/repo.js';
import { mailsTo } from './accounts-helpers.js';
import { createHall, futureDay, insertBooking } from './halls-helpers.js';
import { createTenants, createTestApp, type TestApp } from './helpers/app.js';
import { engineUnderTest } from './helpers/database.js';

describe(`halls API (${engineUnderTest})`, () => {
  let t: TestApp;
  let a: Tenant;
  let b: Tenant;
  let dataDir: string;
  let hallId: string;
  const api = '/api/v1/musterkreis/halls';

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'rathaus-halls-api-'));
    t = await createTestApp({ env: { DATA_DIR: dataDir } });
    ({ a, b } = await createTenants(t.platform));
    hallId = (await createHall(t.platform, a)).id;
  });
  after(async () => {
    await t.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const post = (body: unknown, ip = '203.0.113.50', url = `${api}/dgh-nord/requests`) =>
    t.app.inject({ method: 'POST', url, payload: body as object, remoteAddress: ip });

  const body = (day: ReturnType<typeof futureDay>, overrides: Record<string, unknown> = {}) => ({
    name: 'Erika Mustermann',
    email: 'api@example.org',
    organisation: 'Chor e. V.',
    purpose: 'Probe',
    guests: 20,
    start: day.at(18).toISOString(),
    end: day.at(20).toISOString(),
    ...overrides,
  });

  test('lists the rooms of the tenant only', async () => {
    const res = await t.app.inject(api);
    assert.equal(res.statusCode, 200);
    const { items } = res.json();
    assert.deepEqual(
      items.map((h: { slug: string }) => h.slug),
      ['dgh-nord'],
    );
    assert.equal(items[0].prices.hourClub, 1000);
    assert.equal(items[0].url, 'http://localhost:3000/musterkreis/raeume/dgh-nord');
    assert.deepEqual((await t.app.inject('/api/v1/beispielstadt/halls')).json(), { items: [] });
  });

  test('availability gives busy ranges with offsets and no names; bad ranges are 422', async () => {
    const day = futureDay(20);
    await insertBooking(t.platform, a, hallId, day.at(10), day.at(12), 'approved');
    await insertBooking(t.platform, a, hallId, day.at(14), day.at(16), 'requested');
    const res = await t.app.inject(`${api}/dgh-nord/availability?from=${day.iso}&to=${futureDay(21).iso}`);
    assert.equal(res.statusCode, 200);
    const json = res.json();
    assert.equal(json.busy.length, 1);
    assert.match(json.busy[0].start, /^\d{4}-\d{2}-\d{2}T10:00:00\+0[12]:00$/);
    assert.equal(new Date(json.busy[0].start).toISOString(), day.at(10).toISOString());
    assert.equal(new Date(json.busy[0].end).toISOString(), day.at(12).toISOString());
    assert.deepEqual(Object.keys(json.busy[0]).sort(), ['end', 'start']);
    assert.equal(res.body.includes('Geheim'), false);

    const bad = await t.app.inject(`${api}/dgh-nord/availability?from=${day.iso}&to=${futureDay(10).iso}`);
    assert.equal(bad.statusCode, 422);
    assert.ok(bad.json().error.fields.to);
    assert.equal((await t.app.inject(`${api}/unbekannt/availability`)).statusCode, 404);
    assert.equal((await t.app.inject(`/api/v1/beispielstadt/halls/dgh-nord/availability`)).statusCode, 404);
  });

  test('POST a request: 201, 422 naming the fields, 409 on an approved booking', async () => {
    const day = futureDay(25);
    const created = await post(body(day));
    assert.equal(created.statusCode, 201, created.body);
    const json = created.json();
    assert.match(json.reference, /^R-[A-Z0-9]{6}$/);
    assert.equal(json.state, 'requested');
    assert.equal(json.estimatedFee, 2000);
    assert.equal((await mailsTo(t.platform, 'api@example.org')).length, 1);

    const invalid = await post(
      body(day, { start: day.at(20).toISOString(), end: day.at(18).toISOString(), guests: 999, email: 'x' }),
    );
    assert.equal(invalid.statusCode, 422);
    const error = invalid.json().error;
    assert.equal(error.code, 'validation_failed');
    assert.deepEqual(Object.keys(error.fields).sort(), ['email']);
    const invalid2 = await post(body(day, { start: day.at(20).toISOString(), end: day.at(18).toISOString(), guests: 999 }));
    assert.deepEqual(Object.keys(invalid2.json().error.fields).sort(), ['end', 'guests']);
    assert.match(invalid2.json().error.fields.end, /Das Ende muss nach dem Beginn liegen/);
    const noOffset = await post(body(day, { start: '2030-01-01T10:00:00' }));
    assert.equal(noOffset.statusCode, 422);
    assert.ok(noOffset.json().error.fields.start);

    await insertBooking(t.platform, a, hallId, day.at(19), day.at(21), 'approved');
    const taken = await post(body(day, { purpose: 'Zweite Probe' }));
    assert.equal(taken.statusCode, 409);
    assert.equal(taken.json().error.code, 'range_taken');
    assert.match(taken.json().error.message, /bereits belegt/);
  });

  test('request POSTs are rate-limited per IP', async () => {
    const day = futureDay(90);
    let last = 0;
    for (let i = 0; i < 21; i++) last = (await post(body(day, { guests: 'keine' }), '203.0.113.99')).statusCode;
    assert.equal(last, 429);
    assert.equal((await post(body(day, { guests: 'keine' }), '203.0.113.98')).statusCode, 422);
  });

  test('the OpenAPI description lists the hall routes', async () => {
    const doc = (await t.app.inject('/api/v1/openapi.json')).json();
    for (const path of [
      '/api/v1/{tenant}/halls',
      '/api/v1/{tenant}/halls/{slug}/availability',
      '/api/v1/{tenant}/halls/{slug}/requests',
    ]) {
      assert.ok(doc.paths[path], path);
    }
  });

  test('the demo gives Beispielstadt three Dorfgemeinschaftshäuser with house rules, bookings and open requests', async () => {
    await seedHallsDemo(t.platform, b, new Map());
    const { items } = (await t.app.inject('/api/v1/beispielstadt/halls')).json();
    assert.equal(items.length, 3);
    for (const h of items) {
      assert.ok(h.houseRulesUrl);
      const pdf = await t.app.inject(h.houseRulesUrl.replace('http://localhost:3000', ''));
      assert.equal(pdf.statusCode, 200);
      assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
    }
    const rows = (
      await Promise.all(
        items.map(async (h: { slug: string }) => {
          const res = await t.app.inject(`/beispielstadt/raeume/${h.slug}`);
          assert.equal(res.statusCode, 200);
          return res;
        }),
      )
    ).length;
    assert.equal(rows, 3);
    const all = await t.platform.db
      .withTables<import('../src/modules/halls/tables.js').HallTables>()
      .selectFrom('hall_bookings')
      .select(['state'])
      .where('tenant_id', '=', b.id)
      .execute();
    assert.ok(all.some((r) => r.state === 'approved') && all.some((r) => r.state === 'requested'));
  });
});
