import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CasesTables } from '../src/modules/cases/tables.js';
import { onSubmissionReceived, publishProcedureVersion } from '../src/modules/forms/service.js';
import { type AuditTables, verifyAuditChain } from '../src/platform/audit.js';
import type { Tenant } from '../src/platform/tenancy/repo.js';
import { familyProcedure, validData } from './forms-helpers.js';
import { createTenants, createTestApp, type TestApp } from './helpers/app.js';
import { engineUnderTest } from './helpers/database.js';

// Submissions that arrive together are stored together (submission-commit.ts): these tests
// send bursts and check that each applicant still gets exactly what a lone submission gets.
describe(`forms: submissions stored in groups (${engineUnderTest})`, () => {
  let t: TestApp;
  let a: Tenant;
  let b: Tenant;
  /** Applicant names for which a test handler fails, as a broken step of case processing would. */
  const failFor = new Set<string>();

  const submit = (tenant: string, procedure: string, data: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/${tenant}/procedures/${procedure}/submissions`,
      headers: { 'content-type': 'application/json', ...headers },
      payload: JSON.stringify({ data }),
    });
  const person = (i: number) => ({ ...validData(), name: `Antragstellerin ${i}`, email: `person${i}@example.org` });

  const submissions = (tenantId: string) =>
    t.platform.db
      .withTables<{ forms_submissions: { tenant_id: string; reference: string; created_at: Date; id: string } }>()
      .selectFrom('forms_submissions')
      .select(['id', 'reference', 'created_at'])
      .where('tenant_id', '=', tenantId)
      .execute();

  before(async () => {
    t = await createTestApp();
    ({ a, b } = await createTenants(t.platform));
    assert.ok((await publishProcedureVersion(t.platform.db, a.id, familyProcedure())).ok);
    assert.ok((await publishProcedureVersion(t.platform.db, b.id, familyProcedure())).ok);
    onSubmissionReceived(async (_platform, _tx, received) => {
      for (const s of received) if (failFor.has(String(s.data.name))) throw new Error('Fallakte nicht verfügbar');
      return received.map(() => undefined);
    });
  });
  after(() => t.close());

  test('a burst over two tenants: every applicant gets a reference, a case, a receipt and an audit entry of their own', async () => {
    const burst = Array.from({ length: 40 }, (_, i) =>
      submit(i % 2 === 0 ? 'musterkreis' : 'beispielstadt', 'familienhilfe', person(i)),
    );
    const answers = await Promise.all(burst);
    for (const res of answers) assert.equal(res.statusCode, 201, res.body);

    for (const [tenant, prefix] of [
      [a, 'MK'],
      [b, 'BS'],
    ] as const) {
      const rows = await submissions(tenant.id);
      assert.equal(rows.length, 20);
      // Consecutive numbers without gaps or doubles, in the tenant's own series.
      const numbers = rows.map((r) => Number(r.reference.slice(-6))).sort((x, y) => x - y);
      assert.deepEqual(
        numbers,
        Array.from({ length: 20 }, (_, i) => numbers[0] + i),
      );
      assert.ok(rows.every((r) => r.reference.startsWith(`${prefix}-`)));
      // The burst was stored in groups (a group shares its moment of receipt), not one by one.
      assert.ok(new Set(rows.map((r) => r.created_at.getTime())).size < rows.length, 'no group was formed');

      const check = await verifyAuditChain(t.platform.db, tenant.id);
      assert.ok(check.ok, `audit chain of ${prefix} broken`);
    }

    for (const [i, res] of answers.entries()) {
      const { reference, caseId } = res.json();
      const kase = await t.platform.db
        .withTables<CasesTables>()
        .selectFrom('cases')
        .select(['reference', 'applicant_name'])
        .where('id', '=', caseId)
        .executeTakeFirstOrThrow();
      assert.equal(kase.reference, reference);
      assert.equal(kase.applicant_name, `Antragstellerin ${i}`);
      const mails = await t.platform.db
        .selectFrom('outgoing_mails')
        .select(['subject'])
        .where('to', '=', `person${i}@example.org`)
        .execute();
      assert.deepEqual(
        mails.map((m) => m.subject),
        [`Eingangsbestätigung: Familienhilfe beantragen (${reference})`],
      );
      const audit = await t.platform.db
        .withTables<AuditTables>()
        .selectFrom('audit_log')
        .select('details')
        .where('action', '=', 'submission.received')
        .where('subject', '=', caseId)
        .execute();
      assert.equal(audit.length, 1);
    }
  });

  test('one failing submission in a burst fails alone; the same idempotency key in a burst is one submission', async () => {
    failFor.add('Antragstellerin 105');
    try {
      const before = (await submissions(a.id)).length;
      const burst = [
        ...Array.from({ length: 10 }, (_, i) => submit('musterkreis', 'familienhilfe', person(100 + i))),
        ...Array.from({ length: 6 }, () =>
          submit('musterkreis', 'familienhilfe', person(200), { 'idempotency-key': 'doppelt-1' }),
        ),
      ];
      const answers = await Promise.all(burst);
      const failed = answers.filter((r) => r.statusCode === 500);
      assert.equal(failed.length, 1);
      assert.equal(failed[0].json().error.code, 'internal_error');
      assert.doesNotMatch(failed[0].body, /Fallakte/, 'the internal error text does not reach the applicant');
      for (const [i, res] of answers.slice(0, 10).entries()) assert.equal(res.statusCode, i === 5 ? 500 : 201, res.body);

      const repeated = answers.slice(10);
      assert.deepEqual(repeated.map((r) => r.statusCode).sort(), [200, 200, 200, 200, 200, 201]);
      assert.equal(new Set(repeated.map((r) => r.json().reference)).size, 1);
      // 9 of the ten plus the one with the key; nothing of the failed one.
      assert.equal((await submissions(a.id)).length, before + 10);
      const lost = await t.platform.db
        .selectFrom('outgoing_mails')
        .select('id')
        .where('to', '=', 'person105@example.org')
        .execute();
      assert.equal(lost.length, 0);
      assert.ok((await verifyAuditChain(t.platform.db, a.id)).ok);
    } finally {
      failFor.clear();
    }
  });
});
