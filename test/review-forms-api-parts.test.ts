import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { publishProcedureVersion } from '../src/modules/forms/service.js';
import { familyProcedure, validData } from './forms-helpers.js';
import { createTenants, createTestApp, type TestApp } from './helpers/app.js';
import { engineUnderTest } from './helpers/database.js';

const BOUNDARY = 'rathausReviewBoundary';
const url = '/api/v1/musterkreis/procedures/familienhilfe/submissions';
const textPart = (name: string, value: string) =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
const pdfPart = (name: string) =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 kurz\r\n`;

/** Multipart submissions over the part limits answer like every other bad request: 422, in German, saying what is wrong. */
describe(`review: forms API multipart limits (${engineUnderTest})`, () => {
  let t: TestApp;

  before(async () => {
    t = await createTestApp();
    const { a } = await createTenants(t.platform);
    assert.ok((await publishProcedureVersion(t.platform.db, a.id, familyProcedure())).ok);
  });
  after(() => t.close());

  const send = (parts: string[]) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      payload: `${parts.join('')}--${BOUNDARY}--\r\n`,
    });

  test('too many text parts: 422 validation_failed naming the expected parts', async () => {
    const extra = Array.from({ length: 8 }, (_, i) => textPart(`feld${i}`, 'x'));
    const res = await send([textPart('data', JSON.stringify(validData())), ...extra]);
    assert.equal(res.statusCode, 422, res.body);
    const { error } = res.json();
    assert.equal(error.code, 'validation_failed');
    assert.match(error.message, /zu viele Teile/);
    assert.match(error.fields.data, /Teil „data“/);
  });

  test('too many files: 422 with the limit in correct German', async () => {
    const files = Array.from({ length: 4 }, () => pdfPart('nachweis'));
    const res = await send([textPart('data', JSON.stringify(validData())), ...files]);
    assert.equal(res.statusCode, 422, res.body);
    assert.equal(res.json().error.fields.files, 'Höchstens 1 Datei insgesamt.');
  });
});
