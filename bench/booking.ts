/**
 * `npm run bench -- booking`: appointments in one process, per engine.
 * 20 offers × 5 locations with 90 days of bookable hours (a fifth of the seats taken),
 * then the free-slot query for 30-day windows (p50/p99), then 500 concurrent booking
 * attempts on 100 places (2 counters × 50 slots): bookings per second and overbookings,
 * which must be 0.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { insertBookingsForBench } from '../src/modules/appointments/bench-support.js';
import { insertOffer } from '../src/modules/appointments/index.js';
import { defineAppointmentJobs } from '../src/modules/appointments/jobs.js';
import * as service from '../src/modules/appointments/service.js';
import { addDays, berlinDate } from '../src/modules/appointments/time.js';
import { loadConfig } from '../src/platform/config.js';
import { preparePlatform, stopPlatform } from '../src/platform/platform.js';
import { insertTenant } from '../src/platform/tenancy/repo.js';
import { benchEngineNames, createBenchEngine } from './engines.js';
import { progress } from './measure.js';
import type { Suite } from './suite.js';

const OFFERS = 20;
const LOCATIONS = 5;
const DAYS = 90;
const QUERIES = Number(process.env.BENCH_SLOT_QUERIES ?? 500);
const ATTEMPTS = 500;
/** BENCH_BOOKING_CLIENT_IPS=1: each attempt from its own client IP, as through the API (with its rate-limit hit). */
const CLIENT_IPS = process.env.BENCH_BOOKING_CLIENT_IPS === '1';

const weekdays = [1, 2, 3, 4, 5].flatMap((day) => [
  { day, from: '07:30', to: '12:00' },
  { day, from: '13:00', to: '17:30' },
]);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

interface Row {
  engine: string;
  slotP50: number;
  slotP99: number;
  slotsPerQuery: number;
  bookingsPerSecond: number;
  attemptsPerSecond: number;
  booked: number;
  refused: number;
  overbooked: number;
}

async function runOn(kind: 'embedded' | 'postgres'): Promise<Row> {
  const engine = await createBenchEngine(kind);
  const config = loadConfig({ ...process.env, ...engine.env, LOG_LEVEL: 'silent', SEED_DEMO: 'false' });
  const platform = await preparePlatform(config, { work: false });
  // What buildApp would do: the module's jobs must exist before a booking schedules its reminder.
  await defineAppointmentJobs(platform);
  await platform.jobs.prepare();
  try {
    const tenant = await insertTenant(platform.db, { slug: 'benchkreis', name: 'Landkreis Benchkreis', type: 'landkreis' });
    progress(`${engine.name}: ${OFFERS} Angebote × ${LOCATIONS} Standorte, ${DAYS} Tage …`);
    const offers: service.OfferView[] = [];
    for (let o = 0; o < OFFERS; o++) {
      const { id } = await insertOffer(platform.db, tenant.id, {
        title: `Angebot ${o + 1}`,
        services: [{ slug: `leistung-${o + 1}`, minutes: 15 }],
        minLeadMinutes: 0,
        maxLeadDays: DAYS,
        locations: Array.from({ length: LOCATIONS }, (_, l) => ({ name: `Standort ${l + 1}`, counters: 3, hours: weekdays })),
      });
      offers.push((await service.loadOffer(platform.db, tenant.id, id)) as service.OfferView);
    }
    const today = berlinDate(new Date());
    const started = performance.now();
    const taken = await insertBookingsForBench(platform.db, tenant.id, offers, today, addDays(today, DAYS));
    progress(`  ${taken} Buchungen vorab angelegt in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    // Free-slot query as the API runs it: offer and location, exceptions, counts, generation.
    const times: number[] = [];
    let slotCount = 0;
    for (let i = 0; i < QUERIES + 20; i++) {
      const offer = offers[i % OFFERS];
      const location = offer.locations[(i * 7) % LOCATIONS];
      const from = addDays(today, (i * 13) % (DAYS - 30));
      const t0 = performance.now();
      const found = await service.loadOfferAt(platform.db, tenant.id, offer.id, location.id);
      if (!found) throw new Error('Angebot fehlt');
      const slots = await service.findSlots(platform.db, tenant.id, found.offer, found.location, from, addDays(from, 29));
      const elapsed = performance.now() - t0;
      // The first rounds warm caches and JIT.
      if (i >= 20) {
        times.push(elapsed);
        slotCount += slots.length;
      }
    }
    times.sort((a, b) => a - b);

    // 500 attempts at once on 100 places: 50 slots of one location with 2 counters.
    const { id: rushId } = await insertOffer(platform.db, tenant.id, {
      title: 'Ansturm',
      services: [{ slug: 'ansturm', minutes: 15 }],
      minLeadMinutes: 0,
      maxLeadDays: DAYS,
      locations: [{ name: 'Bürgerbüro', counters: 2, hours: weekdays }],
    });
    const rush = (await service.loadOffer(platform.db, tenant.id, rushId)) as service.OfferView;
    const rushSlots = (
      await service.findSlots(platform.db, tenant.id, rush, rush.locations[0], addDays(today, 1), addDays(today, 14))
    ).slice(0, 50);
    progress(`  ${engine.name}: ${ATTEMPTS} gleichzeitige Buchungsversuche auf ${rushSlots.length * 2} Plätze …`);
    const t0 = performance.now();
    const results = await Promise.all(
      Array.from({ length: ATTEMPTS }, (_, i) =>
        service.bookAppointment(
          platform,
          tenant,
          {
            offerId: rush.id,
            locationId: rush.locations[0].id,
            start: rushSlots[i % rushSlots.length].start.toISOString(),
            name: `Person ${i}`,
            email: `person-${i}-${randomUUID().slice(0, 8)}@example.org`,
          },
          CLIENT_IPS ? { clientIp: `10.0.${i >> 8}.${i & 255}` } : {},
        ),
      ),
    );
    const seconds = (performance.now() - t0) / 1000;
    const booked = results.filter((r) => r.ok).length;
    const refused = results.filter((r) => !r.ok && r.kind === 'slot_taken').length;
    const { rows } = (await platform.database.executor.executeSql(
      `select count(*)::int as n from (
         select starts_at from appointment_bookings where location_id = $1 and status = 'booked'
         group by starts_at having count(*) > 2) over`,
      [rush.locations[0].id],
    )) as { rows: { n: number }[] };
    return {
      engine: engine.name,
      slotP50: percentile(times, 50),
      slotP99: percentile(times, 99),
      slotsPerQuery: slotCount / times.length,
      bookingsPerSecond: booked / seconds,
      attemptsPerSecond: ATTEMPTS / seconds,
      booked,
      refused,
      overbooked: rows[0].n,
    };
  } finally {
    await stopPlatform(platform);
    await engine.cleanup();
  }
}

export const bookingSuite: Suite = {
  name: 'booking',
  description: `Terminbuchung: ${OFFERS} Angebote × ${LOCATIONS} Standorte × ${DAYS} Tage; freie Termine für 30 Tage; ${ATTEMPTS} gleichzeitige Buchungen auf 100 Plätze`,
  async run() {
    const rows: Row[] = [];
    for (const kind of benchEngineNames()) rows.push(await runOn(kind));
    const f = (n: number, d = 1) => n.toFixed(d);
    return [
      '| engine | slot query p50 ms | p99 ms | slots/query | bookings/s | attempts/s | booked | refused (409) | overbooked slots |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...rows.map(
        (r) =>
          `| ${r.engine} | ${f(r.slotP50)} | ${f(r.slotP99)} | ${f(r.slotsPerQuery, 0)} | ${f(r.bookingsPerSecond, 0)} | ${f(r.attemptsPerSecond, 0)} | ${r.booked} | ${r.refused} | ${r.overbooked} |`,
      ),
    ].join('\n');
  },
};
