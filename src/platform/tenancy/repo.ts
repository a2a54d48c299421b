import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Executor } from '../db/database.js';
import type { DepartmentsTable, OpeningHours, TenantsTable } from '../db/schema.js';

export type Tenant = Selectable<TenantsTable>;
export type Department = Selectable<DepartmentsTable>;
export type NewTenant = Omit<Insertable<TenantsTable>, 'opening_hours'> & { opening_hours?: OpeningHours[] };

export const findTenantBySlug = (db: Executor, slug: string) =>
  db.selectFrom('tenants').selectAll().where('slug', '=', slug).executeTakeFirst();

export const listTenants = (db: Executor) => db.selectFrom('tenants').selectAll().orderBy('name').execute();

export const insertTenant = (db: Executor, tenant: NewTenant) =>
  db
    .insertInto('tenants')
    .values({ ...tenant, opening_hours: JSON.stringify(tenant.opening_hours ?? []) })
    .returningAll()
    .executeTakeFirstOrThrow();

export type TenantChanges = Omit<Updateable<TenantsTable>, 'id' | 'slug' | 'opening_hours' | 'created_at'> & {
  opening_hours?: OpeningHours[];
};

export const updateTenant = (db: Executor, tenantId: string, { opening_hours, ...changes }: TenantChanges) =>
  db
    .updateTable('tenants')
    .set({ ...changes, ...(opening_hours ? { opening_hours: JSON.stringify(opening_hours) } : {}) })
    .where('id', '=', tenantId)
    .returningAll()
    .executeTakeFirstOrThrow();

export const listDepartments = (db: Executor, tenantId: string) =>
  db.selectFrom('departments').selectAll().where('tenant_id', '=', tenantId).orderBy('name').execute();

export const findDepartment = (db: Executor, tenantId: string, departmentId: string) =>
  db
    .selectFrom('departments')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', departmentId)
    .executeTakeFirst();

export const insertDepartment = (db: Executor, tenantId: string, d: { name: string; email?: string; phone?: string }) =>
  db
    .insertInto('departments')
    .values({ tenant_id: tenantId, name: d.name, email: d.email ?? '', phone: d.phone ?? '' })
    .returningAll()
    .executeTakeFirstOrThrow();
