import { randomUUID } from 'node:crypto';
import type { Executor } from '../../platform/db/database.js';
import type { OfferView } from './service.js';
import { findSlots } from './service.js';
import type { AppointmentTables } from './tables.js';

/**
 * Fills every location with bookings on every fifth slot (seat 1), in batches: the load
 * the benchmark's slot query runs against. Not used by the app.
 */
export async function insertBookingsForBench(
  db: Executor,
  tenantId: string,
  offers: OfferView[],
  from: string,
  to: string,
): Promise<number> {
  let count = 0;
  for (const offer of offers) {
    for (const location of offer.locations) {
      const slots = (await findSlots(db, tenantId, offer, location, from, to)).filter((_, i) => i % 5 === 0);
      for (let i = 0; i < slots.length; i += 1000) {
        const rows = slots.slice(i, i + 1000).map((s) => ({
          id: randomUUID(),
          tenant_id: tenantId,
          offer_id: offer.id,
          location_id: location.id,
          pool_id: location.poolId,
          starts_at: s.start,
          ends_at: s.end,
          seat_no: 1,
          reference: `B-${randomUUID().slice(0, 12)}`,
          name: 'Bench',
          token_hash: 'bench',
        }));
        await db.withTables<AppointmentTables>().insertInto('appointment_bookings').values(rows).execute();
        count += rows.length;
      }
    }
  }
  return count;
}
