import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileSubmissionPdf } from '../src/modules/cases/index.js';
import { listCaseDocuments } from '../src/modules/documents/index.js';
import { publishProcedureVersion } from '../src/modules/forms/service.js';
import type { Tenant } from '../src/platform/tenancy/repo.js';
import { mailsTo } from './accounts-helpers.js';
import { samplePdf, samplePng } from './catalog-admin-helpers.js';
import { familyProcedure, validData } from './forms-helpers.js';
import { createTenants, createTestApp, type TestApp } from './helpers/app.js';
import { engineUnderTest } from './helpers/database.js';

interface Part {
  name: string;
  value?: string;
  file?: { filename: string; contentType: string; bytes: Buffer };
}

function multipart(parts: Part[]) {
  const boundary = `----rathaus${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    if (p.file) {
      chunks.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.file.filename}"\r\nContent-Type: ${p.file.contentType}\r\n\r\n`,
        ),
        p.file.bytes,
        Buffer.from('\r\n'),
      );
    } else {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value ?? ''}\r\n`));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe(`forms API: submissions with files (multipart, ${engineUnderTest})`, () => {
  let t: TestApp;
  let a: Tenant;
  let dataDir: string;
  const url = '/api/v1/musterkreis/procedures/familienhilfe/submissions';

  const send = (parts: Part[], headers: Record<string, string> = {}) => {
    const { payload, contentType } = multipart(parts);
    return t.app.inject({ method: 'POST', url, headers: { 'content-type': contentType, ...headers }, payload });
  };
  const dataPart = (email: string): Part => ({ name: 'data', value: JSON.stringify({ ...validData(), email }) });
  const pdfPart = (bytes: Buffer, filename = 'einkommen.pdf'): Part => ({
    name: 'nachweis',
    file: { filename, contentType: 'application/pdf', bytes },
  });
  /** A unique small PDF: its hash is new, so whether it was stored shows. */
  const freshPdf = () => samplePdf(`Einkommensnachweis ${randomBytes(6).toString('hex')}`);

  const counts = async () => {
    const q = t.platform.db.withTables<{ forms_submissions: { tenant_id: string }; cases: { tenant_id: string } }>();
    const [s, c] = await Promise.all([
      q
        .selectFrom('forms_submissions')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('tenant_id', '=', a.id)
        .executeTakeFirstOrThrow(),
      q
        .selectFrom('cases')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('tenant_id', '=', a.id)
        .executeTakeFirstOrThrow(),
    ]);
    return { submissions: Number(s.n), cases: Number(c.n) };
  };

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'rathaus-forms-multipart-'));
    t = await createTestApp({ env: { DATA_DIR: dataDir } });
    ({ a } = await createTenants(t.platform));
    // The test procedure's upload field takes one PDF of at most 2 KB.
    assert.ok((await publishProcedureVersion(t.platform.db, a.id, familyProcedure())).ok);
  });
  after(async () => {
    await t.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('a submission with a PDF answers 201 and the file lands in the case file', async () => {
    const pdf = freshPdf();
    const res = await send([dataPart('multipart@example.org'), pdfPart(pdf, '../Einkommen 2026.pdf')]);
    assert.equal(res.statusCode, 201, res.body);
    const { reference, caseId, statusUrl } = res.json();
    assert.match(reference, /^MK-\d{4}-\d{6}$/);
    assert.match(statusUrl, /\/api\/v1\/musterkreis\/submissions\/[0-9a-f-]{36}$/);

    // The PDF of the submitted data comes from the job queued with the submission.
    await fileSubmissionPdf(t.platform, a.id, caseId);
    const docs = await listCaseDocuments(t.platform.db, a.id, caseId);
    assert.deepEqual(docs.map((d) => d.kind).sort(), ['attachment', 'submission']);
    const attachment = docs.find((d) => d.kind === 'attachment');
    assert.match(attachment?.title ?? '', /^Einkommensnachweis: Einkommen 2026\.pdf$/);
    assert.ok(await t.platform.files.has(sha256(pdf)), 'the uploaded file is stored');
    const [mail] = await mailsTo(t.platform, 'multipart@example.org');
    assert.ok(mail?.subject.includes(reference), 'receipt mail');
  });

  test('a file of the wrong type is 415 and nothing is stored', async () => {
    const before = await counts();
    const png = samplePng();
    const res = await send([
      dataPart('png@example.org'),
      { name: 'nachweis', file: { filename: 'nachweis.pdf', contentType: 'application/pdf', bytes: png } },
    ]);
    assert.equal(res.statusCode, 415, res.body);
    const { error } = res.json();
    assert.equal(error.code, 'unsupported_media_type');
    assert.match(error.fields.nachweis, /keine PDF-Datei/);
    assert.deepEqual(await counts(), before);
    assert.equal(await t.platform.files.has(sha256(png)), false);
    assert.equal((await mailsTo(t.platform, 'png@example.org')).length, 0);
  });

  test('a file over the field’s limit is 413 and nothing is stored', async () => {
    const before = await counts();
    const big = Buffer.concat([freshPdf(), Buffer.alloc(3000, 0x20)]);
    const res = await send([dataPart('big@example.org'), pdfPart(big)]);
    assert.equal(res.statusCode, 413, res.body);
    assert.equal(res.json().error.code, 'payload_too_large');
    assert.match(res.json().error.fields.nachweis, /zu groß/);
    assert.deepEqual(await counts(), before);
    assert.equal(await t.platform.files.has(sha256(big)), false);
    assert.equal(await t.platform.files.has(sha256(big.subarray(0, 2048))), false);
  });

  test('more files than the field takes is 422 and nothing is stored', async () => {
    const before = await counts();
    const first = freshPdf();
    const res = await send([dataPart('many@example.org'), pdfPart(first), pdfPart(freshPdf())]);
    assert.equal(res.statusCode, 422, res.body);
    assert.match(res.json().error.fields.nachweis, /höchstens 1 Dateien/);
    assert.deepEqual(await counts(), before);
    assert.equal(await t.platform.files.has(sha256(first)), false);
  });

  test('invalid data with a valid file is 422 and the file is not stored', async () => {
    const before = await counts();
    const pdf = freshPdf();
    const res = await send([{ name: 'data', value: JSON.stringify({ ...validData(), email: 'keine-adresse' }) }, pdfPart(pdf)]);
    assert.equal(res.statusCode, 422, res.body);
    assert.ok(res.json().error.fields.email);
    assert.deepEqual(await counts(), before);
    assert.equal(await t.platform.files.has(sha256(pdf)), false);
  });

  test('a repeat with the same Idempotency-Key returns the same reference and stores one application', async () => {
    const before = await counts();
    const pdf = freshPdf();
    const parts = [dataPart('repeat@example.org'), pdfPart(pdf)];
    const first = await send(parts, { 'idempotency-key': 'upload-42' });
    const again = await send(parts, { 'idempotency-key': 'upload-42' });
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.json().reference, first.json().reference);
    assert.equal(again.json().caseId, first.json().caseId);
    assert.deepEqual(await counts(), { submissions: before.submissions + 1, cases: before.cases + 1 });
  });

  test('files come only as parts: a file answer in the data, an unknown part or a missing data part are refused', async () => {
    const before = await counts();
    const blob = await t.platform.files.put(freshPdf());
    const smuggled = {
      ...validData(),
      nachweis: [{ sha256: blob.sha256, filename: 'x.pdf', contentType: 'application/pdf', size: blob.size }],
    };
    const json = await t.app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ data: smuggled }),
    });
    assert.equal(json.statusCode, 422, json.body);
    assert.match(json.json().error.fields.nachweis, /multipart\/form-data/);

    const unknown = await send([
      dataPart('unknown@example.org'),
      { name: 'lebenslauf', file: { filename: 'cv.pdf', contentType: 'application/pdf', bytes: freshPdf() } },
    ]);
    assert.equal(unknown.statusCode, 422, unknown.body);
    assert.ok(unknown.json().error.fields.lebenslauf);

    const missing = await send([pdfPart(freshPdf())]);
    assert.equal(missing.statusCode, 400, missing.body);
    const broken = await send([{ name: 'data', value: '{kein json' }]);
    assert.equal(broken.statusCode, 400);
    assert.equal(broken.json().error.code, 'invalid_json');
    assert.deepEqual(await counts(), before);
  });

  test('the OpenAPI description offers JSON and multipart/form-data for submissions', async () => {
    const doc = (await t.app.inject('/api/v1/openapi.json')).json();
    const post = doc.paths['/api/v1/{tenant}/procedures/{id}/submissions'].post;
    assert.ok(post.requestBody.content['application/json']);
    assert.ok(post.requestBody.content['multipart/form-data']);
    assert.ok(post.responses['413'] && post.responses['415']);
  });
});
