import type { DemoLogin, DemoSeeder } from '../platform/module.js';
import type { Platform } from '../platform/platform.js';
import { findTenantBySlug, insertDepartment, insertTenant } from '../platform/tenancy/repo.js';
import { demoTenants } from './tenants.js';

/**
 * Creates the demo tenants that do not exist yet. Idempotent: a second run (a second
 * `npm start`) changes nothing and returns no logins.
 */
export async function seedDemo(platform: Platform, seeders: DemoSeeder[]): Promise<DemoLogin[]> {
  const logins: DemoLogin[] = [];
  for (const { departments, ...tenantData } of demoTenants) {
    if (await findTenantBySlug(platform.db, tenantData.slug)) continue;
    const created = await platform.db.transaction().execute(async (tx) => {
      const tenant = await insertTenant(tx, tenantData);
      const ids = new Map<string, string>();
      for (const name of departments) ids.set(name, (await insertDepartment(tx, tenant.id, { name })).id);
      return { tenant, ids };
    });
    for (const seeder of seeders) logins.push(...(await seeder(platform, created.tenant, created.ids)));
  }
  return logins;
}
