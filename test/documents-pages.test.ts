import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { type BulkDocument, bulkInsertDocuments, SEARCH_WINDOW, storeDocument } from '../src/modules/documents/index.js';
import { Browser, createStaff, loginStaff, textOf } from './accounts-helpers.js';
import { auditEntries, blobPath, createDocumentsWorld, type DocumentsWorld, makePdf } from './documents-helpers.js';
import { engineUnderTest } from './helpers/database.js';

describe(`documents: back-office search and download (${engineUnderTest})`, () => {
  let w: DocumentsWorld;
  let admin: Browser;
  let bauClerk: Browser;
  let ordnungClerk: Browser;
  let otherTenantAdmin: Browser;
  let bauClerkId: string;
  let bauDoc: { id: string; sha256: string };
  let pdf: Buffer;
  const base = '/musterkreis/verwaltung/dokumente';

  before(async () => {
    w = await createDocumentsWorld();
    await createStaff(w.platform, w.a, 'admin@musterkreis.example', 'admin');
    bauClerkId = (await createStaff(w.platform, w.a, 'bau@musterkreis.example', 'clerk', w.bauamt)).id;
    await createStaff(w.platform, w.a, 'ordnung@musterkreis.example', 'clerk', w.ordnungsamt);
    await createStaff(w.platform, w.a, 'redaktion@musterkreis.example', 'editor');
    await createStaff(w.platform, w.b, 'admin@beispielstadt.example', 'admin');
    admin = new Browser(w.t.app, '198.51.100.1');
    bauClerk = new Browser(w.t.app, '198.51.100.2');
    ordnungClerk = new Browser(w.t.app, '198.51.100.3');
    otherTenantAdmin = new Browser(w.t.app, '198.51.100.4');
    await loginStaff(admin, 'musterkreis', 'admin@musterkreis.example');
    await loginStaff(bauClerk, 'musterkreis', 'bau@musterkreis.example');
    await loginStaff(ordnungClerk, 'musterkreis', 'ordnung@musterkreis.example');
    await loginStaff(otherTenantAdmin, 'beispielstadt', 'admin@beispielstadt.example');

    pdf = await makePdf('Antrag auf Baugenehmigung', 'Geplant ist ein Carport aus Lärchenholz an der Grundstücksgrenze.');
    bauDoc = await storeDocument(w.platform, w.platform.db, {
      tenantId: w.a.id,
      caseId: randomUUID(),
      departmentId: w.bauamt,
      reference: 'BA-2025-0100',
      procedureSlug: 'bauantrag',
      title: 'Bauantrag Carport',
      kind: 'submission',
      filename: 'Bauantrag Carport.pdf',
      contentType: 'application/pdf',
      bytes: pdf,
    });
  });
  after(async () => {
    await w.close();
  });

  test('a clerk finds a word from inside the PDF, with snippet, Aktenzeichen and download link', async () => {
    const res = await bauClerk.get(`${base}?q=L%C3%A4rchenholz`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<h1[^>]*>Dokumente<\/h1>/);
    assert.match(res.body, /<mark>Lärchenholz<\/mark>/);
    const text = textOf(res.body);
    assert.match(text, /1 Dokument/);
    assert.match(text, /Aktenzeichen BA-2025-0100/);
    assert.ok(res.body.includes(`href="${base}/${bauDoc.id}"`));
    assert.match(res.body, /href="\/musterkreis\/verwaltung\/dokumente"[^>]*>Dokumente</, 'navigation entry');
  });

  test('the download is the stored PDF and is logged as document.read', async () => {
    const res = await bauClerk.get(`${base}/${bauDoc.id}`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.match(String(res.headers['content-disposition']), /^attachment; filename="Bauantrag Carport.pdf"/);
    assert.deepEqual(res.rawPayload, pdf);
    const reads = (await auditEntries(w.platform, w.a.id, 'document.read')).filter((e) => e.subject === bauDoc.id);
    assert.equal(reads.length, 1);
    assert.equal(reads[0].actor_id, bauClerkId);
  });

  test('a clerk of another department gets no hits and 404 on download', async () => {
    const res = await ordnungClerk.get(`${base}?q=L%C3%A4rchenholz`);
    assert.equal(res.statusCode, 200);
    assert.match(textOf(res.body), /Keine Dokumente gefunden/);
    assert.ok(!res.body.includes(bauDoc.id));
    const byRef = await ordnungClerk.get(`${base}?aktenzeichen=BA-2025`);
    assert.match(textOf(byRef.body), /Keine Dokumente gefunden/);
    assert.equal((await ordnungClerk.get(`${base}/${bauDoc.id}`)).statusCode, 404);
  });

  test('an admin searches every department; editors and anonymous visitors get no access', async () => {
    const res = await admin.get(`${base}?aktenzeichen=BA-2025-0100&verfahren=bauantrag`);
    assert.equal(res.statusCode, 200);
    assert.match(textOf(res.body), /Bauantrag Carport/);
    const editor = new Browser(w.t.app, '198.51.100.5');
    await loginStaff(editor, 'musterkreis', 'redaktion@musterkreis.example');
    assert.equal((await editor.get(base)).statusCode, 404);
    assert.equal((await editor.get(`${base}/${bauDoc.id}`)).statusCode, 404);
    const anonymous = await new Browser(w.t.app, '198.51.100.6').get(`${base}/${bauDoc.id}`);
    assert.ok([302, 303].includes(anonymous.statusCode), `status ${anonymous.statusCode}`);
    assert.match(String(anonymous.headers.location), /\/musterkreis\/verwaltung\/anmelden/);
  });

  test("another tenant's admin cannot find or download the document", async () => {
    const search = await otherTenantAdmin.get('/beispielstadt/verwaltung/dokumente?q=L%C3%A4rchenholz');
    assert.equal(search.statusCode, 200);
    assert.match(textOf(search.body), /Keine Dokumente gefunden/);
    assert.equal((await otherTenantAdmin.get(`/beispielstadt/verwaltung/dokumente/${bauDoc.id}`)).statusCode, 404);
    const viaOtherSlug = await otherTenantAdmin.get(`${base}/${bauDoc.id}`);
    assert.notEqual(viaOtherSlug.statusCode, 200);
    assert.ok(!viaOtherSlug.rawPayload.includes(pdf.subarray(0, 200)));
  });

  test('filters by date: a range that excludes today finds nothing; a wrong date is reported', async () => {
    const past = await admin.get(`${base}?aktenzeichen=BA-2025-0100&von=2020-01-01&bis=31.12.2020`);
    assert.equal(past.statusCode, 200);
    assert.match(textOf(past.body), /Keine Dokumente gefunden/);
    const around = await admin.get(`${base}?aktenzeichen=BA-2025-0100&von=2020-01-01`);
    assert.match(textOf(around.body), /Bauantrag Carport/);
    const bad = await admin.get(`${base}?q=Carport&von=2024-13-45`);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Bitte prüfen Sie Ihre Angaben/);
    assert.match(bad.body, /value="Carport"/, 'entered values are kept');
    assert.match(bad.body, /value="2024-13-45"/);
  });

  test('changed bytes on disk: a German error page, never the bytes, and an audit entry', async () => {
    const doc = await storeDocument(w.platform, w.platform.db, {
      tenantId: w.a.id,
      departmentId: w.bauamt,
      title: 'Stellungnahme Nachbar',
      kind: 'upload',
      filename: 'stellungnahme.txt',
      contentType: 'text/plain',
      bytes: Buffer.from('Ich habe keine Einwände gegen den Carport.'),
    });
    await writeFile(blobPath(w.dataDir, doc.sha256), 'Ich habe ERHEBLICHE Einwände gegen den Carport.');
    const res = await bauClerk.get(`${base}/${doc.id}`);
    assert.equal(res.statusCode, 500);
    assert.match(res.headers['content-type'] as string, /^text\/html/);
    assert.match(textOf(res.body), /stimmt nicht mehr mit ihrer Prüfsumme überein/);
    assert.ok(!res.body.includes('Einwände gegen den Carport'), 'neither the old nor the changed bytes');
    const entries = (await auditEntries(w.platform, w.a.id, 'document.tamper_detected')).filter((e) => e.subject === doc.id);
    assert.equal(entries.length, 1);
    assert.equal(entries[0].actor_id, bauClerkId);
    assert.equal((await auditEntries(w.platform, w.a.id, 'document.read')).filter((e) => e.subject === doc.id).length, 0);
  });

  test('unknown ids and versions are 404', async () => {
    assert.equal((await admin.get(`${base}/${randomUUID()}`)).statusCode, 404);
    assert.equal((await admin.get(`${base}/kein-dokument`)).statusCode, 404);
    assert.equal((await admin.get(`${base}/${bauDoc.id}?version=7`)).statusCode, 404);
    assert.equal((await admin.get(`${base}/${bauDoc.id}?version=1`)).statusCode, 200);
  });

  test('a word in more documents than are ranked: "Mehr als 1.000 Dokumente", only for the department that has them', async () => {
    const file = { sha256: bauDoc.sha256, filename: 'antrag.pdf', contentType: 'application/pdf', size: pdf.length };
    const docs: BulkDocument[] = Array.from({ length: SEARCH_WINDOW + 1 }, (_, k) => ({
      tenantId: w.a.id,
      caseId: null,
      departmentId: w.ordnungsamt,
      reference: `OA-2026-${String(k).padStart(4, '0')}`,
      procedureSlug: 'sondernutzung',
      title: `Antrag auf Sondernutzung ${k}`,
      kind: 'submission',
      tags: [],
      metadata: {},
      createdBy: null,
      immutable: true,
      createdAt: new Date(Date.now() - (k + 1) * 60_000),
      file: { ...file, text: 'Sondernutzung öffentlicher Verkehrsflächen für einen Verkaufsstand' },
    }));
    await bulkInsertDocuments(w.platform.db, docs);
    const res = await ordnungClerk.get(`${base}?q=Verkaufsstand`);
    assert.equal(res.statusCode, 200);
    const text = textOf(res.body);
    assert.match(text, /Mehr als 1\.000 Dokumente/);
    assert.match(text, /Angezeigt werden die 1\.000 neuesten Treffer/);
    assert.match(text, /Seite 1 von 50/);
    assert.match(text, /Aktenzeichen OA-2026-0000 .*Aktenzeichen OA-2026-0001 /, 'newest first');
    const other = await bauClerk.get(`${base}?q=Verkaufsstand`);
    assert.match(textOf(other.body), /Keine Dokumente gefunden/);
    assert.ok(!other.body.includes('OA-2026-'));
  });
});
