import type { OpeningHours, StaffRole, TenantType } from '../db/schema.js';

/** What every page frame needs to know about the tenant whose site it shows. */
export interface TenantView {
  slug: string;
  name: string;
  type: TenantType;
  street: string;
  postal_code: string;
  city: string;
  phone: string;
  email: string;
  opening_hours: OpeningHours[];
  opening_hours_note: string;
  primary_color: string;
}

export interface ViewerView {
  name: string;
  email: string;
  role: StaffRole | null;
}

export const WEEKDAYS = ['Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag', 'Sonntag'];
