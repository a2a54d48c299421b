import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { loadPublishedProcedure, submitApplication } from '../src/modules/forms/index.js';
import { publishProcedureVersion } from '../src/modules/forms/service.js';
import { insertDepartment, type Tenant } from '../src/platform/tenancy/repo.js';
import { familyProcedure, validData } from './forms-helpers.js';
import { createTenants, createTestApp, type TestApp } from './helpers/app.js';
import { engineUnderTest } from './helpers/database.js';

/**
 * A procedure names its department by name, found without regard to letter case. Names are
 * unique only as written, so two departments may differ in case alone: a submission must
 * still open its case (in the department spelled exactly so), not fail.
 */
describe(`review: case department by name (${engineUnderTest})`, () => {
  let t: TestApp;
  let a: Tenant;
  let exact: string;

  before(async () => {
    t = await createTestApp();
    ({ a } = await createTenants(t.platform));
    await insertDepartment(t.platform.db, a.id, { name: 'JUGEND UND FAMILIE' });
    exact = (await insertDepartment(t.platform.db, a.id, { name: 'Jugend und Familie' })).id;
    await insertDepartment(t.platform.db, a.id, { name: 'jugend und familie' });
    const definition = familyProcedure({ workflow: { department: 'Jugend und Familie', deadlineDays: 14, retentionYears: 1 } });
    assert.ok((await publishProcedureVersion(t.platform.db, a.id, definition)).ok);
  });
  after(() => t.close());

  it('the submission opens its case in the department spelled exactly as the procedure names it', async () => {
    const procedure = await loadPublishedProcedure(t.platform.db, a.id, 'familienhilfe');
    assert.ok(procedure);
    const result = await submitApplication(t.platform, a, procedure, {
      data: { ...validData(), email: 'abteilung@example.org' },
      channel: 'web',
      idempotencyKey: null,
      citizen: null,
    });
    assert.ok(result.ok, JSON.stringify(result));
    const { rows } = await sql<{ department_id: string | null }>`
      select department_id from cases where tenant_id = ${a.id} and id = ${result.receipt.caseId}`.execute(t.platform.db);
    assert.equal(rows[0]?.department_id, exact);
  });
});
