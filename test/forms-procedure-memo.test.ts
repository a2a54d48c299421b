import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { unpublishProcedure } from '../src/modules/forms/admin/service.js';
import { publishProcedureVersion } from '../src/modules/forms/service.js';
import type { Tenant } from '../src/platform/tenancy/repo.js';
import { createStaff } from './accounts-helpers.js';
import { familyProcedure, validData } from './forms-helpers.js';
import { createTenants, createTestApp, type TestApp } from './helpers/app.js';
import { engineUnderTest } from './helpers/database.js';

// Published procedures are remembered for a moment (procedure-memo.ts); a change made in
// this process must be in force for the very next request.
describe(`forms: a procedure change is in force at once in the process that made it (${engineUnderTest})`, () => {
  let t: TestApp;
  let a: Tenant;
  let editorId: string;
  const submit = () =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/musterkreis/procedures/familienhilfe/submissions',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ data: validData() }),
    });
  const versionOf = async (submissionId: string) =>
    (
      await t.platform.db
        .withTables<{
          forms_submissions: { id: string; version_id: string };
          forms_procedure_versions: { id: string; version: number };
        }>()
        .selectFrom('forms_submissions as s')
        .innerJoin('forms_procedure_versions as v', 'v.id', 's.version_id')
        .select('v.version')
        .where('s.id', '=', submissionId)
        .executeTakeFirstOrThrow()
    ).version;

  before(async () => {
    t = await createTestApp();
    ({ a } = await createTenants(t.platform));
    editorId = (await createStaff(t.platform, a, 'redaktion@musterkreis.example', 'editor')).id;
  });
  after(() => t.close());

  test('a new version is the one the next submission records; taken offline, the next submission is 404', async () => {
    const first = await publishProcedureVersion(t.platform.db, a.id, familyProcedure());
    assert.ok(first.ok);
    const one = await submit();
    assert.equal(one.statusCode, 201);
    const id = (one.json().statusUrl as string).split('/').pop() as string;
    assert.equal(await versionOf(id), 1);

    assert.ok((await publishProcedureVersion(t.platform.db, a.id, familyProcedure({ title: 'Familienhilfe (neu)' }))).ok);
    const two = await submit();
    assert.equal(two.statusCode, 201);
    assert.equal(await versionOf((two.json().statusUrl as string).split('/').pop() as string), 2);
    assert.equal((await t.app.inject('/api/v1/musterkreis/procedures/familienhilfe')).json().title, 'Familienhilfe (neu)');

    assert.equal(await unpublishProcedure(t.platform.db, a.id, editorId, first.value.procedureId), true);
    const gone = await submit();
    assert.equal(gone.statusCode, 404);
    assert.equal(gone.json().error.code, 'not_found');
  });
});
