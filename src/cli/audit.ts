import { parseArgs } from 'node:util';
import { verifyAuditChain } from '../platform/audit.js';
import type { Executor } from '../platform/db/database.js';
import { findTenantBySlug } from '../platform/tenancy/repo.js';
import type { CliCommand } from './commands.js';
import { print, UsageError } from './output.js';

/**
 * `audit verify` on an open database: 0 intact, 1 broken; an unknown tenant is a
 * UsageError (exit 2). Separate from the command so tests can run it on their database.
 */
export async function verifyTenantAuditLog(db: Executor, slug: string, out: (line: string) => void = print): Promise<number> {
  const tenant = await findTenantBySlug(db, slug);
  if (!tenant) throw new UsageError(`Unbekannter Mandant „${slug}“. Die Mandanten zeigt: rathaus tenant list`);
  const result = await verifyAuditChain(db, tenant.id);
  if (result.ok) {
    out(`Audit-Log von ${slug} ist intakt (${result.entries} ${result.entries === 1 ? 'Eintrag' : 'Einträge'}).`);
    return 0;
  }
  out(`Audit-Log von ${slug} ist an Eintrag #${result.brokenAt} gebrochen: ${result.reason}`);
  return 1;
}

export const auditCommands: CliCommand[] = [
  {
    name: 'audit',
    sub: 'verify',
    usage: 'audit verify --tenant T',
    summary: 'Hash-Kette des Audit-Logs eines Mandanten prüfen',
    async run(args) {
      const { values } = parseArgs({ args, options: { tenant: { type: 'string' } }, strict: true });
      if (!values.tenant) throw new UsageError('Aufruf: rathaus audit verify --tenant KÜRZEL');
      const slug = values.tenant;
      // Loaded here: run.ts imports the command list, which imports this file.
      const { withPlatform } = await import('./run.js');
      return withPlatform((p) => verifyTenantAuditLog(p.db, slug));
    },
  },
];
