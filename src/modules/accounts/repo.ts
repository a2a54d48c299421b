import { type Selectable, sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import type { StaffRole, UserKind, UsersTable } from '../../platform/db/schema.js';

export type User = Selectable<UsersTable>;

/** Addresses are stored and compared in lower case; the unique index is on lower(email). */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export const findUserByEmail = (db: Executor, tenantId: string, kind: UserKind, email: string) =>
  db
    .selectFrom('users')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('kind', '=', kind)
    .where(sql<string>`lower(email)`, '=', normalizeEmail(email))
    .executeTakeFirst();

export const findUserById = (db: Executor, tenantId: string, userId: string) =>
  db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId).where('id', '=', userId).executeTakeFirst();

export interface NewUser {
  tenantId: string;
  kind: UserKind;
  email: string;
  name: string;
  passwordHash: string;
  role?: StaffRole | null;
  departmentId?: string | null;
  emailConfirmedAt?: Date | null;
}

export const insertUser = (db: Executor, u: NewUser) =>
  db
    .insertInto('users')
    .values({
      tenant_id: u.tenantId,
      kind: u.kind,
      email: normalizeEmail(u.email),
      name: u.name,
      password_hash: u.passwordHash,
      role: u.kind === 'staff' ? (u.role ?? null) : null,
      department_id: u.departmentId ?? null,
      email_confirmed_at: u.emailConfirmedAt ?? null,
    })
    // Undefined when the address is taken (the unique index on lower(email)): no exception aborts the transaction.
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();

export const setPasswordHash = (db: Executor, tenantId: string, userId: string, passwordHash: string) =>
  db
    .updateTable('users')
    .set({ password_hash: passwordHash })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', userId)
    .execute();

/** Marks the address confirmed (kept when already set). */
export const markEmailConfirmed = (db: Executor, tenantId: string, userId: string, at = new Date()) =>
  db
    .updateTable('users')
    .set({ email_confirmed_at: sql`coalesce(email_confirmed_at, ${at})` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', userId)
    .execute();

export const changeEmail = (db: Executor, tenantId: string, userId: string, email: string, at = new Date()) =>
  db
    .updateTable('users')
    .set({ email: normalizeEmail(email), email_confirmed_at: at })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', userId)
    .execute();

export const deleteUser = (db: Executor, tenantId: string, userId: string) =>
  db.deleteFrom('users').where('tenant_id', '=', tenantId).where('id', '=', userId).execute();

export const setTotp = (
  db: Executor,
  tenantId: string,
  userId: string,
  totp: { secret: string | null; enabledAt: Date | null; lastStep: number | null },
) =>
  db
    .updateTable('users')
    .set({ totp_secret: totp.secret, totp_enabled_at: totp.enabledAt, totp_last_step: totp.lastStep })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', userId)
    .execute();

/**
 * Records a used TOTP step, only if it is newer than the last one: the conditional
 * update makes a replayed code fail even under concurrent requests.
 */
export async function claimTotpStep(db: Executor, tenantId: string, userId: string, step: number): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface StaffListEntry {
  id: string;
  name: string;
  email: string;
  role: StaffRole | null;
  department: string | null;
  email_confirmed_at: Date | null;
  totp_enabled_at: Date | null;
}

export const listStaff = (db: Executor, tenantId: string): Promise<StaffListEntry[]> =>
  db
    .selectFrom('users')
    .leftJoin('departments', (join) =>
      join.onRef('departments.id', '=', 'users.department_id').on('departments.tenant_id', '=', tenantId),
    )
    .select([
      'users.id',
      'users.name',
      'users.email',
      'users.role',
      'departments.name as department',
      'users.email_confirmed_at',
      'users.totp_enabled_at',
    ])
    .where('users.tenant_id', '=', tenantId)
    .where('users.kind', '=', 'staff')
    .orderBy('users.name')
    .orderBy('users.email')
    .execute();

export const departmentName = async (db: Executor, tenantId: string, departmentId: string | null) => {
  if (!departmentId) return null;
  const row = await db
    .selectFrom('departments')
    .select('name')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', departmentId)
    .executeTakeFirst();
  return row?.name ?? null;
};

export const findDepartmentByName = (db: Executor, tenantId: string, name: string) =>
  db
    .selectFrom('departments')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where(sql<string>`lower(name)`, '=', name.trim().toLowerCase())
    .executeTakeFirst();
