import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, WithDefault } from '../../platform/db/schema.js';

type NullableInt = ColumnType<number | null, number | null | undefined, number | null>;
type NullableText = ColumnType<string | null, string | null | undefined, string | null>;
type NullableTimestamp = ColumnType<Date | null, Date | null | undefined, Date | null>;

export type BookingState = 'requested' | 'approved' | 'declined' | 'cancelled';
/** Which price applies: clubs and organisations pay less than private parties. */
export type Rate = 'private' | 'club';

export interface HallResourcesTable {
  id: Generated<string>;
  tenant_id: string;
  slug: string;
  name: string;
  description: WithDefault<string>;
  address: WithDefault<string>;
  capacity: number;
  equipment: ColumnType<string[], string[] | undefined, string[]>;
  /** Prices in cent; null = not offered. */
  price_hour_club: NullableInt;
  price_hour_private: NullableInt;
  price_day_club: NullableInt;
  price_day_private: NullableInt;
  price_note: WithDefault<string>;
  rules_sha256: NullableText;
  rules_size: NullableInt;
  rules_filename: NullableText;
  active: WithDefault<boolean>;
  feed_version: WithDefault<number>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface HallPhotosTable {
  id: Generated<string>;
  tenant_id: string;
  resource_id: string;
  sha256: string;
  size: number;
  content_type: string;
  alt: string;
  position: WithDefault<number>;
  created_at: CreatedAt;
}

export interface HallBookingsTable {
  id: Generated<string>;
  tenant_id: string;
  resource_id: string;
  reference: string;
  requester_name: string;
  requester_email: string;
  organisation: WithDefault<string>;
  rate: Rate;
  purpose: string;
  guests: number;
  starts_at: ColumnType<Date, Date, Date>;
  ends_at: ColumnType<Date, Date, Date>;
  state: ColumnType<BookingState, BookingState | undefined, BookingState>;
  staff_message: WithDefault<string>;
  fee: NullableInt;
  sequence: WithDefault<number>;
  decided_at: NullableTimestamp;
  decided_by: NullableText;
  created_at: CreatedAt;
}

export type HallTables = {
  hall_resources: HallResourcesTable;
  hall_photos: HallPhotosTable;
  hall_bookings: HallBookingsTable;
};
