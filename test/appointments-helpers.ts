import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { insertOffer, type NewOffer } from '../src/modules/appointments/index.js';
import { addDays, berlinDate, berlinInstant, berlinIso, weekdayOf } from '../src/modules/appointments/time.js';
import { openPostgres } from '../src/platform/db/database.js';
import { type Platform, preparePlatform, stopPlatform } from '../src/platform/platform.js';
import type { TestApp } from './helpers/app.js';

/** Every day 08:00–18:00, so a test finds slots whatever weekday it runs on. */
export const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, from: '08:00', to: '18:00' }));

export async function createOffer(platform: Platform, tenantId: string, over: Partial<NewOffer> = {}) {
  return insertOffer(platform.db, tenantId, {
    title: 'Personalausweis beantragen',
    services: [{ slug: 'personalausweis-beantragen', minutes: 30 }],
    minLeadMinutes: 0,
    maxLeadDays: 60,
    locations: [
      { name: 'Bürgerbüro', street: 'Marktplatz 1', postalCode: '12345', city: 'Beispielstadt', counters: 2, hours: EVERY_DAY },
    ],
    ...over,
  });
}

/** A Berlin date `days` from today. */
export const dayFromToday = (days: number) => addDays(berlinDate(new Date()), days);

/** ISO start (with offset) of a local time on a date. */
export const startAt = (date: string, time: string) => {
  const [h, m] = time.split(':').map(Number);
  return berlinIso(berlinInstant(date, h * 60 + m) as Date);
};

/** The next date (after today + `after` days) that falls on a weekday 1..5. */
export function nextWorkday(after = 1): string {
  let d = dayFromToday(after);
  while (weekdayOf(d) > 5) d = addDays(d, 1);
  return d;
}

/**
 * A second, independent app process on the same PostgreSQL database as `first` (its
 * own pool, job queue and Fastify instance): what a second instance behind a load
 * balancer would be. Only for PostgreSQL: PGlite lives inside one process.
 */
export async function secondAppOnSameDatabase(first: TestApp): Promise<{ app: FastifyInstance; close(): Promise<void> }> {
  const pool = first.platform.database.pool;
  if (!pool) throw new Error('Nur auf PostgreSQL: PGlite gehört genau einem Prozess.');
  const database = openPostgres(pool.options.connectionString as string, 5);
  const platform = await preparePlatform(first.config, { database, work: false });
  const app = await buildApp(platform);
  await app.ready();
  return {
    app,
    async close() {
      await app.close();
      await stopPlatform(platform).catch(() => {});
    },
  };
}
