import { hashPassword } from '../../platform/auth/passwords.js';
import type { DemoLogin, DemoSeeder } from '../../platform/module.js';
import { insertUser } from './repo.js';

/** Printed by `npm start` on a fresh database and listed in the README; never for production tenants. */
export const DEMO_PASSWORD = 'Demo-Rathaus-2026';

// One scrypt hash serves every demo account: the password is published anyway, and hashing
// it eight times made up a large part of a fresh start.
let demoHash: Promise<string> | undefined;
const demoPasswordHash = () => (demoHash ??= hashPassword(DEMO_PASSWORD));

/** An admin, an editor, a clerk in the first department and a confirmed citizen per demo tenant. */
export const seedAccountsDemo: DemoSeeder = async (platform, tenant, departments) => {
  const firstDepartment = departments.values().next().value ?? null;
  const people = [
    { kind: 'staff', role: 'admin', email: `admin@${tenant.slug}.example`, name: 'Alexandra Admin', departmentId: null },
    { kind: 'staff', role: 'editor', email: `redaktion@${tenant.slug}.example`, name: 'Robert Redaktion', departmentId: null },
    {
      kind: 'staff',
      role: 'clerk',
      email: `sachbearbeitung@${tenant.slug}.example`,
      name: 'Sabine Sachbearbeitung',
      departmentId: firstDepartment,
    },
    { kind: 'citizen', role: null, email: 'buerger@example.org', name: 'Bernd Bürger', departmentId: null },
  ] as const;
  const logins: DemoLogin[] = [];
  const now = new Date();
  const passwordHash = await demoPasswordHash();
  await platform.db.transaction().execute(async (tx) => {
    for (const p of people) {
      await insertUser(tx, {
        tenantId: tenant.id,
        kind: p.kind,
        email: p.email,
        name: p.name,
        passwordHash,
        role: p.role,
        departmentId: p.departmentId,
        emailConfirmedAt: now,
      });
      logins.push({ tenant: tenant.slug, email: p.email, password: DEMO_PASSWORD, role: p.role ?? 'citizen' });
    }
  });
  return logins;
};
