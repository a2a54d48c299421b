import { parseArgs } from 'node:util';
import { findDepartmentByName, findUserByEmail } from '../modules/accounts/repo.js';
import { createStaffAccount, isStaffRole } from '../modules/accounts/service.js';
import { isValidEmail } from '../modules/accounts/validation.js';
import { createApiToken } from '../platform/auth/api-tokens.js';
import type { Platform } from '../platform/platform.js';
import { findDepartment, findTenantBySlug } from '../platform/tenancy/repo.js';
import type { CliCommand } from './commands.js';
import { print, UsageError } from './output.js';

export interface UserCreateArgs {
  tenant?: string;
  email?: string;
  role?: string;
  department?: string;
  name?: string;
}

/** Problems that need no database: reported before anything is opened. */
function userArgProblems(a: UserCreateArgs): string[] {
  const problems: string[] = [];
  if (!a.tenant) problems.push('--tenant fehlt (das Kürzel des Mandanten, z. B. musterkreis).');
  if (!a.email) problems.push('--email fehlt.');
  else if (!isValidEmail(a.email.trim())) problems.push(`--email „${a.email}“ ist keine gültige E-Mail-Adresse.`);
  if (!a.role || !isStaffRole(a.role)) problems.push('--role muss admin, editor oder clerk sein.');
  if (a.role === 'clerk' && !a.department)
    problems.push('--department fehlt: Sachbearbeitung (clerk) braucht einen Fachbereich.');
  return problems;
}

/**
 * `user create` on an open platform (tests call it directly). With RATHAUS_PASSWORD the
 * password is set at once; otherwise a one-time link to set it is printed.
 */
export async function createUser(
  platform: Platform,
  a: UserCreateArgs,
  password: string | undefined,
  out: (line: string) => void = print,
): Promise<number> {
  const problems = userArgProblems(a);
  if (problems.length) throw new UsageError(problems.join('\n'));
  const tenant = await findTenantBySlug(platform.db, a.tenant as string);
  if (!tenant) throw new UsageError(`Den Mandanten „${a.tenant}“ gibt es nicht. Siehe rathaus tenant list.`);
  let departmentId: string | null = null;
  if (a.department) {
    const byId = /^[0-9a-f-]{36}$/i.test(a.department) ? await findDepartment(platform.db, tenant.id, a.department) : undefined;
    const department = byId ?? (await findDepartmentByName(platform.db, tenant.id, a.department));
    if (!department) throw new UsageError(`Den Fachbereich „${a.department}“ gibt es bei ${tenant.name} nicht.`);
    departmentId = department.id;
  }
  const result = await createStaffAccount(platform, tenant, {
    email: (a.email as string).trim(),
    name: a.name?.trim() ?? '',
    role: a.role as 'admin',
    departmentId,
    password,
  });
  if (!result.ok) {
    const messages = Object.values(result.errors);
    throw new UsageError(result.errors.password ? `RATHAUS_PASSWORD: ${result.errors.password}` : messages.join('\n'));
  }
  out(`Benutzer angelegt: ${result.value.user.email} (${a.role}) bei ${tenant.name}`);
  if (result.value.invitationLink) {
    out('Über diesen Link legt die Person ihr Passwort fest (24 Stunden gültig, nur einmal verwendbar):');
    out(result.value.invitationLink);
  }
  return 0;
}

/** `token create` on an open platform: prints the token once; only its hash is stored. */
export async function createToken(
  platform: Platform,
  a: { tenant?: string; user?: string; name?: string },
  out: (line: string) => void = print,
): Promise<number> {
  const problems: string[] = [];
  if (!a.tenant) problems.push('--tenant fehlt.');
  if (!a.user) problems.push('--user fehlt (die E-Mail-Adresse eines Verwaltungszugangs).');
  if (problems.length) throw new UsageError(problems.join('\n'));
  const tenant = await findTenantBySlug(platform.db, a.tenant as string);
  if (!tenant) throw new UsageError(`Den Mandanten „${a.tenant}“ gibt es nicht. Siehe rathaus tenant list.`);
  const user = await findUserByEmail(platform.db, tenant.id, 'staff', a.user as string);
  if (!user) throw new UsageError(`Bei ${tenant.name} gibt es keinen Verwaltungszugang mit der E-Mail-Adresse „${a.user}“.`);
  const name = a.name?.trim() || `Token für ${user.email}`;
  const token = await createApiToken(platform.db, { tenantId: tenant.id, userId: user.id, name });
  out(`API-Token „${name}“ für ${user.email} bei ${tenant.name}. Es wird nur jetzt angezeigt:`);
  out(token.token);
  return 0;
}

async function withOpenPlatform(fn: (p: Platform) => Promise<number>) {
  // Loaded here: run.ts imports the command list, which imports this file.
  const { withPlatform } = await import('./run.js');
  return withPlatform(fn);
}

export const accountCommands: CliCommand[] = [
  {
    name: 'user',
    sub: 'create',
    usage: 'user create --tenant T --email E --role admin|editor|clerk [--department D] [--name N]',
    // The usage is longer than the help's column: the summary goes on indented lines below it.
    summary: [
      '',
      'Verwaltungszugang anlegen. D = Name des Fachbereichs (Pflicht für clerk).',
      'Passwort aus der Umgebungsvariable RATHAUS_PASSWORD; ohne sie wird ein',
      'einmaliger Link ausgegeben, über den die Person ihr Passwort festlegt (24 h).',
    ].join(`\n${' '.repeat(42)}`),
    async run(args) {
      const { values } = parseArgs({
        args,
        options: {
          tenant: { type: 'string' },
          email: { type: 'string' },
          role: { type: 'string' },
          department: { type: 'string' },
          name: { type: 'string' },
        },
        strict: true,
      });
      const problems = userArgProblems(values);
      if (problems.length) throw new UsageError(problems.join('\n'));
      const password = process.env.RATHAUS_PASSWORD || undefined;
      return withOpenPlatform((p) => createUser(p, values, password));
    },
  },
  {
    name: 'token',
    sub: 'create',
    usage: 'token create --tenant T --user E [--name N]',
    summary: `\n${' '.repeat(42)}API-Token für den Verwaltungszugang E (wird nur einmal angezeigt)`,
    async run(args) {
      const { values } = parseArgs({
        args,
        options: { tenant: { type: 'string' }, user: { type: 'string' }, name: { type: 'string' } },
        strict: true,
      });
      if (!values.tenant || !values.user) throw new UsageError('Aufruf: rathaus token create --tenant T --user E [--name N]');
      return withOpenPlatform((p) => createToken(p, values));
    },
  },
];
