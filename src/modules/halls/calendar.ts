import { createHmac, timingSafeEqual } from 'node:crypto';
import { buildCalendar, type IcsEvent } from '../../platform/calendar/ics.js';
import type { Config } from '../../platform/config.js';
import type { Tenant } from '../../platform/tenancy/repo.js';
import type { BookingRow, ResourceRow } from './repo.js';
import { euro } from './text.js';

/** The address in "Name <addr>" or a bare address. */
const addressOf = (from: string) => /<([^>]+)>/.exec(from)?.[1] ?? from.trim();

/** UID stays the same for every version of one booking: clients replace, not duplicate. */
const uidOf = (config: Config, b: BookingRow) => `raum-${b.id}@${new URL(config.publicUrl).hostname}`;

/** The requester's invitation (REQUEST) or its withdrawal (CANCEL). */
export function bookingInvitation(
  config: Config,
  tenant: Tenant,
  resource: ResourceRow,
  b: BookingRow,
  method: 'REQUEST' | 'CANCEL',
) {
  const event: IcsEvent = {
    uid: uidOf(config, b),
    sequence: b.sequence,
    start: b.starts_at,
    end: b.ends_at,
    summary: `${resource.name}: ${b.purpose}`.slice(0, 200),
    description: [
      `Vorgangsnummer: ${b.reference}`,
      `Nutzungsentgelt: ${b.fee !== null ? euro(b.fee) : 'nach Vereinbarung'}`,
      ...(b.staff_message ? [`Hinweis: ${b.staff_message}`] : []),
    ].join('\n'),
    location: [resource.name, resource.address].filter(Boolean).join(', '),
    url: `${config.publicUrl}/${tenant.slug}/raeume/${resource.slug}`,
    status: method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED',
    organizer: { name: tenant.name, email: tenant.email || addressOf(config.mailFrom) },
    attendee: { name: b.requester_name, email: b.requester_email },
  };
  return buildCalendar({ method, events: [event] });
}

/** The staff feed of a room: approved bookings with who booked and why. */
export function resourceFeed(config: Config, resource: ResourceRow, bookings: BookingRow[]) {
  return buildCalendar({
    method: 'PUBLISH',
    name: resource.name,
    events: bookings.map((b) => ({
      uid: uidOf(config, b),
      sequence: b.sequence,
      start: b.starts_at,
      end: b.ends_at,
      summary: `${b.organisation || b.requester_name}: ${b.purpose}`.slice(0, 200),
      description: [
        `Vorgangsnummer: ${b.reference}`,
        `Angefragt von: ${b.requester_name} <${b.requester_email}>`,
        ...(b.organisation ? [`Verein/Organisation: ${b.organisation}`] : []),
        `Gäste: ${b.guests}`,
        `Nutzungsentgelt: ${b.fee !== null ? euro(b.fee) : 'nach Vereinbarung'}`,
      ].join('\n'),
      location: [resource.name, resource.address].filter(Boolean).join(', '),
      status: 'CONFIRMED' as const,
    })),
  });
}

/**
 * The secret of a room's feed URL: an HMAC over tenant, room and feed version, so it
 * is never stored, another tenant's key never fits, and bumping the version revokes it.
 */
export function feedKey(secret: string, resource: Pick<ResourceRow, 'tenant_id' | 'id' | 'feed_version'>): string {
  return createHmac('sha256', secret)
    .update(`halls-feed:${resource.tenant_id}:${resource.id}:${resource.feed_version}`)
    .digest('base64url')
    .slice(0, 32);
}

export function feedKeyMatches(
  secret: string,
  resource: Pick<ResourceRow, 'tenant_id' | 'id' | 'feed_version'>,
  given: string,
): boolean {
  const expected = Buffer.from(feedKey(secret, resource));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
