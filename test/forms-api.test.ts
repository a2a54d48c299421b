import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { publishProcedureVersion } from '../src/modules/forms/service.js';
import type { Tenant } from '../src/platform/tenancy/repo.js';
import { mailsTo } from './accounts-helpers.js';
import { createTenants, createTestApp, type TestApp } from './helpers/app.js';
import { engineUnderTest } from './helpers/database.js';
import { familyProcedure, validData } from './forms-helpers.js';

describe(`forms API: procedures, schema.json and submissions (${engineUnderTest})`, () => {
  let t: TestApp;
  let a: Tenant;
  let b: Tenant;
  const api = '/api/v1/musterkreis/procedures';

  // The API takes no files as JSON: the test procedure's upload is optional.
  const submit = (data: unknown, headers: Record<string, string> = {}, url = `${api}/familienhilfe/submissions`) =>
    t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify({ data }) });

  before(async () => {
    t = await createTestApp();
    ({ a, b } = await createTenants(t.platform));
    const published = await publishProcedureVersion(t.platform.db, a.id, familyProcedure());
    assert.ok(published.ok);
    // Beispielstadt has only an unpublished-by-name procedure of its own.
    const other = await publishProcedureVersion(t.platform.db, b.id, familyProcedure({ id: 'nur-beispielstadt', title: 'Nur Beispielstadt' }));
    assert.ok(other.ok);
  });
  after(() => t.close());

  test('lists published procedures and serves the definition and its JSON Schema', async () => {
    const list = await t.app.inject(api);
    assert.equal(list.statusCode, 200);
    const { items } = list.json();
    assert.deepEqual(items.map((i: { id: string }) => i.id), ['familienhilfe']);
    assert.equal(items[0].schemaUrl, 'http://localhost:3000/api/v1/musterkreis/procedures/familienhilfe/schema.json');

    const definition = await t.app.inject(`${api}/familienhilfe`);
    assert.equal(definition.statusCode, 200);
    assert.equal(definition.json().pages.length, 3);

    const schema = await t.app.inject(`${api}/familienhilfe/schema.json`);
    assert.equal(schema.statusCode, 200);
    assert.match(String(schema.headers['content-type']), /^application\/schema\+json/);
    const body = schema.json();
    assert.equal(body.$schema, 'https://json-schema.org/draft/2020-12/schema');
    assert.equal(body.$id, 'http://localhost:3000/api/v1/musterkreis/procedures/familienhilfe/schema.json');
    assert.equal(body.additionalProperties, false);
    assert.equal(body.properties.iban.format, 'iban');
  });

  test('a valid submission answers 201 with reference, case id and status URL; mail and audit are written', async () => {
    const res = await submit(validData());
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json();
    const year = new Date().getFullYear();
    assert.match(body.reference, new RegExp(`^MK-${year}-\\d{6}$`));
    assert.match(body.statusUrl, /^http:\/\/localhost:3000\/api\/v1\/musterkreis\/submissions\/[0-9a-f-]{36}$/);
    assert.match(body.caseId, /^[0-9a-f-]{36}$/);

    const status = await t.app.inject(body.statusUrl.replace('http://localhost:3000', ''));
    assert.equal(status.statusCode, 200);
    assert.equal(status.json().reference, body.reference);

    const [mail] = await mailsTo(t.platform, 'erika@example.org');
    assert.ok(mail, 'no receipt mail');
    assert.equal(mail.subject, `Eingangsbestätigung: Familienhilfe beantragen (${body.reference})`);
    assert.match(mail.text, /Zuschuss: 75,00 €/);

    const audit = await t.platform.db
      .withTables<{ audit_log: { action: string; subject: string | null; tenant_id: string } }>()
      .selectFrom('audit_log')
      .select(['action', 'subject'])
      .where('tenant_id', '=', a.id)
      .where('action', '=', 'submission.received')
      .execute();
    assert.ok(audit.some((e) => e.subject === body.caseId));
  });

  test('references count up per tenant', async () => {
    const first = (await submit(validData())).json().reference as string;
    const second = (await submit(validData())).json().reference as string;
    assert.equal(Number(second.slice(-6)), Number(first.slice(-6)) + 1);
  });

  test('422 names every wrong field in German', async () => {
    const data = { ...validData(), iban: 'DE00123', anschrift: { street: 'X', number: '1', postalCode: 'abc', city: 'Y' }, unbekannt: 1 } as Record<string, unknown>;
    delete data.email;
    const res = await submit(data);
    assert.equal(res.statusCode, 422);
    const { error } = res.json();
    assert.equal(error.code, 'validation_failed');
    assert.deepEqual(Object.keys(error.fields).sort(), ['anschrift.postalCode', 'email', 'iban', 'unbekannt']);
    assert.equal(error.fields.unbekannt, 'Dieses Feld ist im Verfahren nicht vorgesehen.');
    assert.equal(error.fields.email, 'Bitte füllen Sie „E-Mail-Adresse“ aus.');
  });

  test('an unknown or another tenant’s procedure is 404', async () => {
    assert.equal((await submit(validData(), {}, `${api}/gibt-es-nicht/submissions`)).statusCode, 404);
    assert.equal((await t.app.inject(`${api}/nur-beispielstadt`)).statusCode, 404);
    assert.equal((await t.app.inject(`${api}/nur-beispielstadt/schema.json`)).statusCode, 404);
    assert.equal((await submit(validData(), {}, `${api}/nur-beispielstadt/submissions`)).statusCode, 404);
    const beispielstadt = await t.app.inject('/api/v1/beispielstadt/procedures');
    assert.deepEqual(beispielstadt.json().items.map((i: { id: string }) => i.id), ['nur-beispielstadt']);
  });

  test('an Idempotency-Key makes a repeated submit return the same reference', async () => {
    const count = async () =>
      Number(
        (
          await t.platform.db
            .withTables<{ forms_submissions: { tenant_id: string } }>()
            .selectFrom('forms_submissions')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('tenant_id', '=', a.id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const first = await submit(validData(), { 'idempotency-key': 'abc-123' });
    const again = await submit(validData(), { 'idempotency-key': 'abc-123' });
    assert.equal(first.statusCode, 201);
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().reference, first.json().reference);
    assert.equal(await count(), before + 1);
    // The same key in another tenant is another submission.
    const other = await submit(validData(), { 'idempotency-key': 'abc-123' }, '/api/v1/beispielstadt/procedures/nur-beispielstadt/submissions');
    assert.equal(other.statusCode, 201);
    assert.match(other.json().reference, /^BS-/);
  });

  test('the OpenAPI description lists the procedure endpoints', async () => {
    const doc = (await t.app.inject('/api/v1/openapi.json')).json();
    assert.ok(doc.paths['/api/v1/{tenant}/procedures/{id}/submissions']);
    assert.ok(doc.paths['/api/v1/{tenant}/procedures/{id}/schema.json']);
  });
});
