import type { Principal } from '../../platform/http/request-context.js';
import type { DemoSeeder } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { findTenantBySlug } from '../../platform/tenancy/repo.js';
import { loadPublishedProcedure, submitApplication } from '../forms/index.js';
import * as repo from './repo.js';
import { addDays, askApplicant, assignCases, berlinToday, closeCase, decideCase, takeOverCase } from './service.js';

async function principal(platform: Platform, tenantId: string, email: string): Promise<Principal | undefined> {
  const u = await platform.db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'role', 'kind', 'department_id'])
    .where('tenant_id', '=', tenantId)
    .where('email', '=', email)
    .executeTakeFirst();
  return u
    ? {
        userId: u.id,
        tenantId,
        kind: u.kind,
        email: u.email,
        name: u.name,
        role: u.role,
        departmentId: u.department_id,
        via: 'session',
      }
    : undefined;
}

const reports = [
  {
    name: 'Jonas Beispiel',
    email: 'jonas.beispiel@example.org',
    linie: '6203',
    haltestelle: 'Musterdorf Kirche',
    art: 'verspaetung',
    minuten: 25,
    schule: 'Grundschule Musterdorf',
  },
  {
    name: 'Petra Probe',
    email: 'petra.probe@example.org',
    linie: '6210',
    haltestelle: 'Bahnhof Musterstadt',
    art: 'ausfall',
    schule: 'Realschule Musterstadt',
  },
  {
    name: 'Murat Yılmaz',
    email: 'murat.yilmaz@example.org',
    linie: '6203',
    haltestelle: 'Am Anger',
    art: 'ueberfuellt',
    schule: 'Gymnasium Musterstadt',
  },
  {
    name: 'Anna Älterer',
    email: 'anna.aelterer@example.org',
    linie: '6215',
    haltestelle: 'Oberdorf',
    art: 'verspaetung',
    minuten: 40,
    schule: 'Mittelschule Oberdorf',
  },
  {
    name: 'Lena Lenz',
    email: 'lena.lenz@example.org',
    linie: '6220',
    haltestelle: 'Schulzentrum',
    art: 'ueberfuellt',
    schule: 'Gymnasium Musterstadt',
  },
  {
    name: 'Bernd Bürger',
    email: 'buerger@example.org',
    linie: '6210',
    haltestelle: 'Rathaus',
    art: 'ausfall',
    schule: 'Realschule Musterstadt',
  },
];

/** A handful of Musterkreis cases in several states, so the inbox is not empty. */
export const seedCasesDemo: DemoSeeder = async (platform, tenantRef) => {
  if (tenantRef.slug !== 'musterkreis') return [];
  const tenant = await findTenantBySlug(platform.db, tenantRef.slug);
  const procedure = await loadPublishedProcedure(platform.db, tenantRef.id, 'schulbus-meldung');
  const admin = await principal(platform, tenantRef.id, `admin@${tenantRef.slug}.example`);
  const clerk = await principal(platform, tenantRef.id, `sachbearbeitung@${tenantRef.slug}.example`);
  const citizen = await principal(platform, tenantRef.id, 'buerger@example.org');
  if (!tenant || !procedure || !admin || !clerk) return [];
  const ids: string[] = [];
  for (const [i, r] of reports.entries()) {
    const data: Record<string, unknown> = {
      datum: addDays(berlinToday(), -1 - i),
      linie: r.linie,
      haltestelle: r.haltestelle,
      planzeit: '07:15',
      art: r.art,
      ...(r.minuten ? { minuten: r.minuten } : {}),
      schule: r.schule,
      beschreibung: 'Die Kinder kamen deshalb zu spät zum Unterricht.',
      name: r.name,
      email: r.email,
      datenschutz: true,
    };
    const asCitizen = r.email === 'buerger@example.org' && citizen ? { userId: citizen.userId, email: citizen.email } : null;
    const result = await submitApplication(platform, tenant, procedure, {
      data,
      channel: 'web',
      idempotencyKey: `demo:${i}`,
      citizen: asCitizen,
    });
    if (!result.ok) throw new Error(`Demo-Vorgang ${i}: ${JSON.stringify(result)}`);
    ids.push(result.receipt.caseId);
  }
  const [, inWork, waiting, decided, closed, citizenCase] = ids;
  // The procedure names no department of the tenant: the admin hands cases to the demo clerk.
  await assignCases(platform, admin, [inWork, waiting, citizenCase], clerk.userId);
  await takeOverCase(platform, clerk, inWork);
  await takeOverCase(platform, clerk, waiting);
  await askApplicant(
    platform,
    tenant,
    clerk,
    waiting,
    'Bitte teilen Sie uns mit, ob der Bus an diesem Tag schon öfter verspätet war.',
  );
  await takeOverCase(platform, admin, decided);
  await decideCase(platform, tenant, admin, decided, {
    outcome: 'bewilligt',
    tenor: 'Das Verkehrsunternehmen setzt auf der Linie 6203 ab dem nächsten Schultag einen zusätzlichen Bus ein.',
    reasons: 'Die Meldung wurde geprüft; die Verspätungen sind belegt.',
    fee: '',
  });
  await takeOverCase(platform, admin, closed);
  await decideCase(platform, tenant, admin, closed, {
    outcome: 'abgelehnt',
    tenor: 'Ein zusätzlicher Bus wird nicht eingesetzt.',
    reasons: 'Die Auslastung liegt im zulässigen Rahmen.',
    fee: '',
  });
  await closeCase(platform, admin, closed);
  await takeOverCase(platform, clerk, citizenCase);
  // One overdue case: its deadline already passed.
  await repo.setDeadline(platform.db, tenantRef.id, inWork, addDays(berlinToday(), -3));
  return [];
};
