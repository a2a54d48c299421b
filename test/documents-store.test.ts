import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { access, writeFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { unzipSync } from 'fflate';
import {
  addDocumentVersion,
  DocumentNotFoundError,
  deleteCaseDocuments,
  extractPdfText,
  ImmutableDocumentError,
  listCaseDocuments,
  listDocumentVersions,
  readDocumentVerified,
  storeDocument,
  zipCaseFile,
} from '../src/modules/documents/index.js';
import { verifyAuditChain } from '../src/platform/audit.js';
import { auditEntries, blobPath, createDocumentsWorld, type DocumentsWorld, makePdf, PNG_1PX } from './documents-helpers.js';
import { engineUnderTest } from './helpers/database.js';

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

describe(`documents: storing, versions, integrity (${engineUnderTest})`, () => {
  let w: DocumentsWorld;
  before(async () => {
    w = await createDocumentsWorld();
  });
  after(async () => {
    await w.close();
  });

  const text = (s: string) => Buffer.from(s, 'utf8');

  test('a new version never overwrites: the old one stays downloadable with its own bytes', async () => {
    const caseId = randomUUID();
    const { id, version, sha256 } = await storeDocument(w.platform, w.platform.db, {
      tenantId: w.a.id,
      caseId,
      departmentId: w.bauamt,
      reference: 'BA-2025-0001',
      title: 'Lageplan',
      kind: 'upload',
      filename: 'lageplan.txt',
      contentType: 'text/plain',
      bytes: text('Erste Fassung des Lageplans'),
    });
    assert.equal(version, 1);
    const second = await w.platform.db.transaction().execute((tx) =>
      addDocumentVersion(w.platform, tx, w.a.id, id, {
        filename: 'lageplan-neu.txt',
        contentType: 'text/plain',
        bytes: text('Zweite Fassung'),
      }),
    );
    assert.equal(second.version, 2);
    assert.notEqual(second.sha256, sha256);

    const v1 = await readDocumentVerified(w.platform, w.a.id, id, 1);
    const current = await readDocumentVerified(w.platform, w.a.id, id);
    assert.ok(!('tampered' in v1) && !('tampered' in current));
    assert.equal(v1.bytes.toString(), 'Erste Fassung des Lageplans');
    assert.equal(v1.filename, 'lageplan.txt');
    assert.equal(current.bytes.toString(), 'Zweite Fassung');
    assert.equal(current.version, 2);

    const versions = await listDocumentVersions(w.platform.db, w.a.id, id);
    assert.deepEqual(
      versions.map((v) => [v.version, v.filename]),
      [
        [1, 'lageplan.txt'],
        [2, 'lageplan-neu.txt'],
      ],
    );
    const [summary] = await listCaseDocuments(w.platform.db, w.a.id, caseId);
    assert.equal(summary.currentVersion, 2);
    assert.equal(summary.versionCount, 2);
    assert.equal(summary.filename, 'lageplan-neu.txt');
    assert.equal(summary.reference, 'BA-2025-0001');
  });

  test('a Bescheid is immutable: a new version is refused and nothing changes', async () => {
    const pdf = await makePdf('Bescheid über die Baugenehmigung');
    const { id } = await storeDocument(w.platform, w.platform.db, {
      tenantId: w.a.id,
      caseId: randomUUID(),
      title: 'Bescheid',
      kind: 'bescheid',
      filename: 'bescheid.pdf',
      contentType: 'application/pdf',
      bytes: pdf,
      immutable: true,
    });
    await assert.rejects(
      addDocumentVersion(w.platform, w.platform.db, w.a.id, id, {
        filename: 'x.txt',
        contentType: 'text/plain',
        bytes: text('geändert'),
      }),
      ImmutableDocumentError,
    );
    const versions = await listDocumentVersions(w.platform.db, w.a.id, id);
    assert.equal(versions.length, 1);
    const read = await readDocumentVerified(w.platform, w.a.id, id);
    assert.ok(!('tampered' in read));
    assert.deepEqual(read.bytes, pdf);
    assert.match(await extractPdfText(read.bytes), /Baugenehmigung/);
  });

  test('another tenant cannot read, version or list a document', async () => {
    const caseId = randomUUID();
    const { id } = await storeDocument(w.platform, w.platform.db, {
      tenantId: w.a.id,
      caseId,
      title: 'Vertraulich',
      kind: 'note',
      filename: 'vermerk.txt',
      contentType: 'text/plain',
      bytes: text('nur für Musterkreis'),
    });
    await assert.rejects(readDocumentVerified(w.platform, w.b.id, id), DocumentNotFoundError);
    await assert.rejects(
      addDocumentVersion(w.platform, w.platform.db, w.b.id, id, {
        filename: 'x.txt',
        contentType: 'text/plain',
        bytes: text('x'),
      }),
      DocumentNotFoundError,
    );
    assert.deepEqual(await listCaseDocuments(w.platform.db, w.b.id, caseId), []);
    assert.equal((await listCaseDocuments(w.platform.db, w.a.id, caseId)).length, 1);
  });

  test('changed bytes on disk are detected: no bytes, an audit entry, the chain still verifies', async () => {
    const { id, sha256 } = await storeDocument(w.platform, w.platform.db, {
      tenantId: w.a.id,
      caseId: randomUUID(),
      title: 'Antrag',
      kind: 'submission',
      filename: 'antrag.txt',
      contentType: 'text/plain',
      bytes: text('Ich beantrage eine Genehmigung.'),
    });
    await writeFile(blobPath(w.dataDir, sha256), 'Ich beantrage KEINE Genehmigung.');
    const actor = randomUUID();
    const read = await readDocumentVerified(w.platform, w.a.id, id, undefined, actor);
    assert.deepEqual(read, { tampered: true, reason: 'hash_mismatch' });
    const entries = await auditEntries(w.platform, w.a.id, 'document.tamper_detected');
    const entry = entries.find((e) => e.subject === id);
    assert.ok(entry, 'tamper entry in the audit log');
    assert.equal(entry.actor_id, actor);
    assert.equal((entry.details as { expected: string }).expected, sha256);
    assert.equal((await auditEntries(w.platform, w.a.id, 'document.read')).filter((e) => e.subject === id).length, 0);
    assert.equal((await verifyAuditChain(w.platform.db, w.a.id)).ok, true);
  });

  test('a staff read with an actor is logged as document.read', async () => {
    const { id } = await storeDocument(w.platform, w.platform.db, {
      tenantId: w.a.id,
      title: 'Foto',
      kind: 'attachment',
      filename: 'foto.png',
      contentType: 'image/png',
      bytes: PNG_1PX,
    });
    const actor = randomUUID();
    const read = await readDocumentVerified(w.platform, w.a.id, id, undefined, actor);
    assert.ok(!('tampered' in read));
    const entries = (await auditEntries(w.platform, w.a.id, 'document.read')).filter((e) => e.subject === id);
    assert.equal(entries.length, 1);
    assert.equal(entries[0].actor_id, actor);
  });

  test('the ZIP of a case holds every version of every document and an index naming them', async () => {
    const caseId = randomUUID();
    const pdf = await makePdf('Antrag auf Sondernutzung');
    const antrag = await storeDocument(w.platform, w.platform.db, {
      tenantId: w.a.id,
      caseId,
      reference: 'OA-2025-0007',
      title: 'Antrag auf Sondernutzung',
      kind: 'submission',
      filename: 'antrag.pdf',
      contentType: 'application/pdf',
      bytes: pdf,
    });
    const plan = await storeDocument(w.platform, w.platform.db, {
      tenantId: w.a.id,
      caseId,
      title: 'Skizze <Standort>',
      kind: 'upload',
      filename: 'skizze.txt',
      contentType: 'text/plain',
      bytes: text('Skizze Version 1'),
    });
    await addDocumentVersion(w.platform, w.platform.db, w.a.id, plan.id, {
      filename: 'skizze.txt',
      contentType: 'text/plain',
      bytes: text('Skizze Version 2'),
    });
    // A document of another case is not part of this file.
    await storeDocument(w.platform, w.platform.db, {
      tenantId: w.a.id,
      caseId: randomUUID(),
      title: 'Fremde Akte',
      kind: 'note',
      filename: 'fremd.txt',
      contentType: 'text/plain',
      bytes: text('gehört nicht hierher'),
    });

    const zip = await zipCaseFile(w.platform, w.a.id, caseId, {
      indexTitle: 'Akte OA-2025-0007',
      entries: [{ name: 'vorgang.txt', bytes: 'Zusammenfassung' }],
    });
    const files = unzipSync(new Uint8Array(zip));
    const names = Object.keys(files).sort();
    assert.deepEqual(names, [
      'dokumente/001_v1_antrag.pdf',
      'dokumente/002_v1_skizze.txt',
      'dokumente/002_v2_skizze.txt',
      'index.html',
      'index.txt',
      'vorgang.txt',
    ]);
    assert.deepEqual(Buffer.from(files['dokumente/001_v1_antrag.pdf']), pdf);
    assert.equal(Buffer.from(files['dokumente/002_v1_skizze.txt']).toString(), 'Skizze Version 1');
    const index = Buffer.from(files['index.html']).toString();
    assert.match(index, /Akte OA-2025-0007/);
    assert.match(index, /Antrag auf Sondernutzung/);
    assert.match(index, /Skizze &lt;Standort&gt;/);
    assert.ok(index.includes(antrag.sha256));
    assert.ok(index.includes('dokumente/002_v2_skizze.txt'));
    assert.doesNotMatch(index, /Fremde Akte/);
    const txt = Buffer.from(files['index.txt']).toString();
    assert.equal(txt.trim().split('\n').length, 2 + 3, 'title, header and one line per version');
  });

  test('deleting a case removes its rows and only the blobs nothing else names', async () => {
    const caseId = randomUUID();
    const shared = text(`Gemeinsame Anlage ${randomUUID()}`);
    const own = text(`Nur in dieser Akte ${randomUUID()}`);
    const versioned = text(`Alte Fassung ${randomUUID()}`);
    const keep = await storeDocument(w.platform, w.platform.db, {
      tenantId: w.b.id,
      caseId: randomUUID(),
      title: 'Anlage in anderer Akte',
      kind: 'attachment',
      filename: 'anlage.txt',
      contentType: 'text/plain',
      bytes: shared,
    });
    const s1 = await storeDocument(w.platform, w.platform.db, {
      tenantId: w.a.id,
      caseId,
      title: 'Anlage',
      kind: 'attachment',
      filename: 'anlage.txt',
      contentType: 'text/plain',
      bytes: shared,
    });
    const s2 = await storeDocument(w.platform, w.platform.db, {
      tenantId: w.a.id,
      caseId,
      title: 'Eigenes',
      kind: 'upload',
      filename: 'eigen.txt',
      contentType: 'text/plain',
      bytes: versioned,
    });
    const s2v2 = await addDocumentVersion(w.platform, w.platform.db, w.a.id, s2.id, {
      filename: 'eigen.txt',
      contentType: 'text/plain',
      bytes: own,
    });
    assert.equal(s1.sha256, keep.sha256, 'same bytes, same blob');

    // Another tenant's retention run does not touch this case.
    assert.equal(await deleteCaseDocuments(w.platform, w.platform.db, w.b.id, caseId), 0);
    assert.equal((await listCaseDocuments(w.platform.db, w.a.id, caseId)).length, 2);

    const removed = await w.platform.db.transaction().execute((tx) => deleteCaseDocuments(w.platform, tx, w.a.id, caseId));
    assert.equal(removed, 2);
    assert.deepEqual(await listCaseDocuments(w.platform.db, w.a.id, caseId), []);
    await assert.rejects(readDocumentVerified(w.platform, w.a.id, s2.id, 1), DocumentNotFoundError);
    assert.equal(await exists(blobPath(w.dataDir, s2.sha256)), false, 'old version blob removed');
    assert.equal(await exists(blobPath(w.dataDir, s2v2.sha256)), false, 'current version blob removed');
    assert.equal(await exists(blobPath(w.dataDir, keep.sha256)), true, 'shared blob kept');
    const still = await readDocumentVerified(w.platform, w.b.id, keep.id);
    assert.ok(!('tampered' in still));
    assert.deepEqual(still.bytes, shared);
  });

  // Review finding: a public file (another tenant's logo, a hall's house rules) attached to an
  // application was deleted with the case file, because only case documents were asked.
  test('a retention run keeps a blob that another module of another tenant still names', async () => {
    const caseId = randomUUID();
    const logo = Buffer.from(PNG_1PX);
    const stored = await storeDocument(w.platform, w.platform.db, {
      tenantId: w.a.id,
      caseId,
      title: 'Anlage: logo.png',
      kind: 'attachment',
      filename: 'logo.png',
      contentType: 'image/png',
      bytes: logo,
    });
    await w.platform.db.updateTable('tenants').set({ logo_sha256: stored.sha256 }).where('id', '=', w.b.id).execute();
    assert.equal(await w.platform.db.transaction().execute((tx) => deleteCaseDocuments(w.platform, tx, w.a.id, caseId)), 1);
    assert.equal(await exists(blobPath(w.dataDir, stored.sha256)), true, 'the other tenant still shows it as its logo');
  });
});
