import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, WithDefault } from '../../platform/db/schema.js';

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

/** A weekly window of bookable hours, Europe/Berlin local time; day 1 = Monday … 7 = Sunday. */
export interface WeeklyHours {
  day: number;
  from: string;
  to: string;
}

export type BookingStatus = 'booked' | 'cancelled';
export type Attendance = 'arrived' | 'done' | 'no_show';
export type ExceptionKind = 'closed' | 'extra';

export interface AppointmentSettingsTable {
  tenant_id: string;
  video_link_template: WithDefault<string>;
}

export interface AppointmentOffersTable {
  id: Generated<string>;
  tenant_id: string;
  title: string;
  description: WithDefault<string>;
  virtual: WithDefault<boolean>;
  min_lead_minutes: WithDefault<number>;
  max_lead_days: WithDefault<number>;
  limit_per_email_day: Nullable<number>;
  active: WithDefault<boolean>;
  position: WithDefault<number>;
  created_at: CreatedAt;
}

export interface AppointmentOfferServicesTable {
  offer_id: string;
  tenant_id: string;
  service_slug: string;
  duration_minutes: number;
  position: WithDefault<number>;
}

export interface AppointmentLocationsTable {
  id: Generated<string>;
  tenant_id: string;
  offer_id: string;
  name: string;
  street: WithDefault<string>;
  postal_code: WithDefault<string>;
  city: WithDefault<string>;
  directions: WithDefault<string>;
  counters: number;
  /** The counters this location draws on, shared with other offers' locations (null: its own, migration 0023). */
  counter_pool: Nullable<string>;
  hours: ColumnType<WeeklyHours[], string | undefined, string>;
  position: WithDefault<number>;
}

export interface AppointmentExceptionsTable {
  id: Generated<string>;
  tenant_id: string;
  location_id: Nullable<string>;
  /** YYYY-MM-DD (read as text, see repo). */
  day: ColumnType<string, string, string>;
  kind: ExceptionKind;
  from_time: Nullable<string>;
  to_time: Nullable<string>;
  note: WithDefault<string>;
  created_at: CreatedAt;
}

export interface AppointmentBookingsTable {
  id: Generated<string>;
  tenant_id: string;
  offer_id: string;
  location_id: string;
  starts_at: ColumnType<Date, Date | string, Date | string>;
  ends_at: ColumnType<Date, Date | string, Date | string>;
  seat_no: number;
  /** The counter pool of the location when booked: no two active bookings on one counter overlap in it. */
  pool_id: string;
  status: WithDefault<BookingStatus>;
  attendance: Nullable<Attendance>;
  reference: string;
  name: string;
  email: WithDefault<string>;
  phone: WithDefault<string>;
  user_id: Nullable<string>;
  booked_by_staff_id: Nullable<string>;
  token_hash: string;
  video_secret: Nullable<string>;
  sequence: WithDefault<number>;
  created_at: CreatedAt;
  cancelled_at: NullableTimestamp;
  reminded_at: NullableTimestamp;
  /** When the reminder is due (start − 24 h); null when none is owed. */
  remind_at: NullableTimestamp;
}

/** A type alias (not an interface) so it satisfies withTables' Record constraint. */
export type AppointmentTables = {
  appointment_settings: AppointmentSettingsTable;
  appointment_offers: AppointmentOffersTable;
  appointment_offer_services: AppointmentOfferServicesTable;
  appointment_locations: AppointmentLocationsTable;
  appointment_exceptions: AppointmentExceptionsTable;
  appointment_bookings: AppointmentBookingsTable;
};
