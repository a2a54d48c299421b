// Not via the module's index.ts: the index registers this seeder, and the cycle would bite.
import { linkServiceToProcedure } from '../../modules/catalog/index.js';
import type { DefinitionInput } from '../../modules/forms/definition.js';
import { publishProcedureVersion } from '../../modules/forms/service.js';
import type { DemoSeeder } from '../../platform/module.js';
import { beispielstadtProcedures } from './beispielstadt.js';
import { seedLibraryDemo } from './library.js';
import { musterkreisProcedures } from './musterkreis.js';

const proceduresByTenant: Record<string, DefinitionInput[]> = {
  musterkreis: musterkreisProcedures,
  beispielstadt: beispielstadtProcedures,
};

/** Publishes the tenant's demo procedures and links each to its catalog service. */
export const seedFormsDemo: DemoSeeder = async (platform, tenant) => {
  for (const definition of proceduresByTenant[tenant.slug] ?? []) {
    const result = await publishProcedureVersion(platform.db, tenant.id, definition);
    if (!result.ok) throw new Error(`Demo-Verfahren ${definition.id}: ${result.errors.join('; ')}`);
    if (definition.service && !(await linkServiceToProcedure(platform.db, tenant.id, definition.service, definition.id))) {
      throw new Error(`Demo-Verfahren ${definition.id}: Leistung ${definition.service} fehlt im Katalog.`);
    }
  }
  await seedLibraryDemo(platform, tenant);
  return [];
};

export const demoProcedures = proceduresByTenant;
