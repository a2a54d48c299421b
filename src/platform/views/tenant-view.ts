import type { Tenant } from '../tenancy/repo.js';
import type { TenantView } from './context.js';

export const toTenantView = (t: Tenant): TenantView => ({
  slug: t.slug,
  name: t.name,
  type: t.type,
  street: t.street,
  postal_code: t.postal_code,
  city: t.city,
  phone: t.phone,
  email: t.email,
  opening_hours: t.opening_hours,
  opening_hours_note: t.opening_hours_note,
  primary_color: t.primary_color,
});
