import * as repo from '../src/modules/halls/repo.js';
import type { HallTables } from '../src/modules/halls/tables.js';
import { berlinParts, berlinToUtc } from '../src/platform/calendar/berlin-time.js';
import type { Platform } from '../src/platform/platform.js';
import type { Tenant } from '../src/platform/tenancy/repo.js';

/** A Berlin calendar day `days` from today as YYYY-MM-DD and its parts. */
export function futureDay(days: number) {
  const p = berlinParts(new Date());
  const d = new Date(Date.UTC(p.year, p.month - 1, p.day + days));
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  return {
    iso: `${y}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    month: `${y}-${String(m).padStart(2, '0')}`,
    at: (hour: number, minute = 0) => berlinToUtc(y, m, day, hour, minute),
  };
}

export async function createHall(platform: Platform, tenant: Tenant, slug = 'dgh-nord', capacity = 80) {
  return repo.insertResource(platform.db, {
    tenant_id: tenant.id,
    slug,
    name: `Dorfgemeinschaftshaus ${slug}`,
    description: 'Heller Saal mit Küche.',
    address: 'Dorfstraße 1, 12345 Beispielstadt',
    capacity,
    equipment: ['Küche', 'Beamer'],
    price_hour_club: 1000,
    price_day_club: 5000,
    price_hour_private: 2000,
    price_day_private: 12000,
  });
}

/** A booking written directly (e.g. an approved one that blocks a range). */
export async function insertBooking(
  platform: Platform,
  tenant: Tenant,
  resourceId: string,
  start: Date,
  end: Date,
  state: 'requested' | 'approved' = 'requested',
  name = 'Geheime Person',
) {
  return repo.insertBooking(platform.db, {
    tenant_id: tenant.id,
    resource_id: resourceId,
    reference: `R-${Math.random().toString(36).slice(2, 8).toUpperCase().padEnd(6, 'X')}`,
    requester_name: name,
    requester_email: 'geheim@example.org',
    organisation: 'Geheimclub e. V.',
    rate: 'club',
    purpose: 'Geheime Feier',
    guests: 30,
    starts_at: start,
    ends_at: end,
    state,
  });
}

export const bookingsOf = (platform: Platform, resourceId: string) =>
  platform.db
    .withTables<HallTables>()
    .selectFrom('hall_bookings')
    .selectAll()
    .where('resource_id', '=', resourceId)
    .orderBy('starts_at')
    .execute();
