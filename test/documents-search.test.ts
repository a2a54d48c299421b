import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  addDocumentVersion,
  type BulkDocument,
  bulkInsertDocuments,
  SEARCH_WINDOW,
  searchDocuments,
  storeDocument,
} from '../src/modules/documents/index.js';
import { insertDepartment } from '../src/platform/tenancy/repo.js';
import { createDocumentsWorld, type DocumentsWorld, makePdf, PNG_1PX } from './documents-helpers.js';
import { engineUnderTest } from './helpers/database.js';

describe(`documents: full-text search and filters (${engineUnderTest})`, () => {
  let w: DocumentsWorld;
  let pdfDocId: string;
  before(async () => {
    w = await createDocumentsWorld();
    const pdf = await makePdf(
      'Antrag auf Erteilung einer Baugenehmigung',
      'Das Grundstück liegt am Quellenweg neben der Streuobstwiese.',
    );
    ({ id: pdfDocId } = await storeDocument(w.platform, w.platform.db, {
      tenantId: w.a.id,
      caseId: randomUUID(),
      departmentId: w.bauamt,
      reference: 'BA-2025-0042',
      procedureSlug: 'bauantrag',
      title: 'Bauantrag',
      kind: 'submission',
      filename: 'bauantrag.pdf',
      contentType: 'application/pdf',
      bytes: pdf,
    }));
    await storeDocument(w.platform, w.platform.db, {
      tenantId: w.a.id,
      caseId: randomUUID(),
      departmentId: w.ordnungsamt,
      reference: 'OA-2025-0003',
      procedureSlug: 'hundesteuer',
      title: 'Bescheid über die Hundesteuer',
      kind: 'bescheid',
      tags: ['Steuer'],
      filename: 'bescheid.txt',
      contentType: 'text/plain',
      bytes: Buffer.from('Für den Hund Bello <img src=x onerror=alert(1)> wird eine Steuer von 96 Euro festgesetzt.'),
      immutable: true,
    });
    await storeDocument(w.platform, w.platform.db, {
      tenantId: w.a.id,
      departmentId: w.bauamt,
      title: 'Foto vom Quellenweg',
      kind: 'attachment',
      filename: 'foto.png',
      contentType: 'image/png',
      bytes: PNG_1PX,
    });
    // The same words in the other tenant must never show up in tenant a.
    await storeDocument(w.platform, w.platform.db, {
      tenantId: w.b.id,
      reference: 'BA-2025-0042',
      title: 'Bauantrag Beispielstadt',
      kind: 'submission',
      filename: 'b.txt',
      contentType: 'text/plain',
      bytes: Buffer.from('Streuobstwiese am Quellenweg in Beispielstadt'),
    });
  });
  after(async () => {
    await w.close();
  });

  const all = 'all' as const;

  test('a word that occurs only inside an uploaded PDF is found, with a highlighted snippet', async () => {
    const { items, total } = await searchDocuments(w.platform.db, w.a.id, { text: 'Streuobstwiese', departmentIds: all });
    assert.equal(total, 1);
    assert.equal(items[0].id, pdfDocId);
    assert.equal(items[0].reference, 'BA-2025-0042');
    assert.match(items[0].snippetHtml ?? '', /<mark>Streuobstwiese<\/mark>/);
  });

  test('German stemming: "Bescheide" finds the "Bescheid"', async () => {
    const { items } = await searchDocuments(w.platform.db, w.a.id, { text: 'Bescheide', departmentIds: all });
    assert.deepEqual(
      items.map((i) => i.title),
      ['Bescheid über die Hundesteuer'],
    );
    const byTag = await searchDocuments(w.platform.db, w.a.id, { text: 'Steuern', departmentIds: all });
    assert.equal(byTag.total, 1);
  });

  test('snippets are escaped: text from a file never becomes markup', async () => {
    const { items } = await searchDocuments(w.platform.db, w.a.id, { text: 'Bello', departmentIds: all });
    assert.equal(items.length, 1);
    const html = items[0].snippetHtml ?? '';
    assert.ok(!html.includes('<img'), html);
    assert.match(html, /<mark>Bello<\/mark>/);
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
  });

  test('an image is stored but has no text to find; its title is still searchable', async () => {
    const { items } = await searchDocuments(w.platform.db, w.a.id, { text: 'Quellenweg', departmentIds: all });
    assert.deepEqual(items.map((i) => i.title).sort(), ['Bauantrag', 'Foto vom Quellenweg']);
    assert.equal(items[0].title, 'Foto vom Quellenweg', 'a title match ranks above a text match');
  });

  test('filters by Aktenzeichen (prefix) and procedure', async () => {
    const exact = await searchDocuments(w.platform.db, w.a.id, { reference: 'BA-2025-0042', departmentIds: all });
    assert.deepEqual(
      exact.items.map((i) => i.id),
      [pdfDocId],
    );
    const prefix = await searchDocuments(w.platform.db, w.a.id, { reference: 'oa-2025', departmentIds: all });
    assert.deepEqual(
      prefix.items.map((i) => i.reference),
      ['OA-2025-0003'],
    );
    const wildcard = await searchDocuments(w.platform.db, w.a.id, { reference: '%', departmentIds: all });
    assert.equal(wildcard.total, 0, 'a % typed by the user is no wildcard');
    const proc = await searchDocuments(w.platform.db, w.a.id, { procedureSlug: 'hundesteuer', departmentIds: all });
    assert.deepEqual(
      proc.items.map((i) => i.reference),
      ['OA-2025-0003'],
    );
    const both = await searchDocuments(w.platform.db, w.a.id, {
      text: 'Streuobstwiese',
      procedureSlug: 'hundesteuer',
      departmentIds: all,
    });
    assert.equal(both.total, 0);
  });

  test('filters by date range', async () => {
    const sha = (
      await storeDocument(w.platform, w.platform.db, {
        tenantId: w.a.id,
        title: 'Muster',
        kind: 'other',
        filename: 'm.txt',
        contentType: 'text/plain',
        bytes: Buffer.from('Archivmuster'),
      })
    ).sha256;
    const file = { sha256: sha, filename: 'alt.txt', contentType: 'text/plain', size: 12, text: 'Archivmuster Altbestand' };
    const base = {
      tenantId: w.a.id,
      caseId: null,
      departmentId: w.bauamt,
      procedureSlug: null,
      kind: 'note' as const,
      tags: [],
      metadata: {},
      createdBy: null,
      immutable: false,
      file,
    };
    await bulkInsertDocuments(w.platform.db, [
      { ...base, reference: 'ALT-1', title: 'Vermerk März', createdAt: new Date('2024-03-10T09:00:00Z') },
      { ...base, reference: 'ALT-2', title: 'Vermerk April', createdAt: new Date('2024-04-20T09:00:00Z') },
      { ...base, reference: 'ALT-3', title: 'Vermerk Mai', createdAt: new Date('2024-05-30T09:00:00Z') },
    ]);
    const april = await searchDocuments(w.platform.db, w.a.id, {
      text: 'Altbestand',
      departmentIds: all,
      from: new Date('2024-04-01T00:00:00Z'),
      to: new Date('2024-04-30T23:59:59Z'),
    });
    assert.deepEqual(
      april.items.map((i) => i.reference),
      ['ALT-2'],
    );
    const since = await searchDocuments(w.platform.db, w.a.id, {
      reference: 'ALT-',
      departmentIds: all,
      from: new Date('2024-04-01T00:00:00Z'),
    });
    assert.deepEqual(
      since.items.map((i) => i.reference),
      ['ALT-3', 'ALT-2'],
      'newest first without a query',
    );
    const until = await searchDocuments(w.platform.db, w.a.id, {
      reference: 'ALT-',
      departmentIds: all,
      to: new Date('2024-04-01T00:00:00Z'),
    });
    assert.deepEqual(
      until.items.map((i) => i.reference),
      ['ALT-1'],
    );
  });

  test('department scoping: only the given departments, none by default', async () => {
    const bau = await searchDocuments(w.platform.db, w.a.id, { text: 'Streuobstwiese', departmentIds: [w.bauamt] });
    assert.equal(bau.total, 1);
    const ordnung = await searchDocuments(w.platform.db, w.a.id, { text: 'Streuobstwiese', departmentIds: [w.ordnungsamt] });
    assert.equal(ordnung.total, 0);
    assert.equal(ordnung.items.length, 0);
    const none = await searchDocuments(w.platform.db, w.a.id, { text: 'Streuobstwiese' });
    assert.equal(none.total, 0);
    const both = await searchDocuments(w.platform.db, w.a.id, { text: 'Bauantrag Hundesteuer', departmentIds: all });
    assert.equal(both.total, 0, 'two words must both match');
    const listing = await searchDocuments(w.platform.db, w.a.id, { departmentIds: [w.ordnungsamt, w.bauamt] });
    assert.ok(listing.items.some((i) => i.reference === 'OA-2025-0003'));
    assert.ok(listing.items.some((i) => i.id === pdfDocId));
    const onlyOrdnung = await searchDocuments(w.platform.db, w.a.id, { departmentIds: [w.ordnungsamt] });
    assert.deepEqual(
      onlyOrdnung.items.map((i) => i.reference),
      ['OA-2025-0003'],
      'without a query a clerk lists only their department',
    );
  });

  test('a new version replaces the searchable text: the old words no longer find the document', async () => {
    const { id } = await storeDocument(w.platform, w.platform.db, {
      tenantId: w.a.id,
      departmentId: w.bauamt,
      title: 'Lageplan',
      kind: 'upload',
      filename: 'lageplan.txt',
      contentType: 'text/plain',
      bytes: Buffer.from('Entwurf mit Zisterne'),
    });
    await addDocumentVersion(w.platform, w.platform.db, w.a.id, id, {
      filename: 'lageplan-2.txt',
      contentType: 'text/plain',
      bytes: Buffer.from('Endfassung mit Regenrückhaltebecken'),
    });
    const now = await searchDocuments(w.platform.db, w.a.id, { text: 'Regenrückhaltebecken', departmentIds: [w.bauamt] });
    assert.deepEqual(
      now.items.map((i) => [i.id, i.version, i.filename]),
      [[id, 2, 'lageplan-2.txt']],
    );
    const before = await searchDocuments(w.platform.db, w.a.id, { text: 'Zisterne', departmentIds: [w.bauamt] });
    assert.equal(before.total, 0);
    const title = await searchDocuments(w.platform.db, w.a.id, { text: 'Lageplan', departmentIds: [w.bauamt] });
    assert.equal(title.total, 1, 'the title stays searchable');
  });

  test(`a common word: of the newest ${SEARCH_WINDOW} matches the most relevant first, then newest first; more are counted as "more than"`, async () => {
    const kaemmerei = (await insertDepartment(w.platform.db, w.a.id, { name: 'Kämmerei' })).id;
    const sha = (
      await storeDocument(w.platform, w.platform.db, {
        tenantId: w.a.id,
        title: 'Vorlage',
        kind: 'other',
        filename: 'v.txt',
        contentType: 'text/plain',
        bytes: Buffer.from('Vorlage'),
      })
    ).sha256;
    const count = SEARCH_WINDOW + 5;
    const hour = 3_600_000;
    const now = Date.now();
    // One an hour, the newest an hour ago: the window reaches back about six weeks.
    const docs: BulkDocument[] = Array.from({ length: count }, (_, k) => ({
      tenantId: w.a.id,
      caseId: null,
      departmentId: kaemmerei,
      reference: `KA-${String(k).padStart(4, '0')}`,
      procedureSlug: k % 2 === 0 ? 'gewerbesteuer' : 'grundsteuer',
      // The oldest (outside the window) and one in the middle carry the word in the title too.
      title: k === 0 || k === 500 ? 'Gebührenbescheid Gebühr' : `Vermerk ${k}`,
      kind: 'note',
      tags: [],
      metadata: {},
      createdBy: null,
      immutable: false,
      createdAt: new Date(now - (count - k) * hour),
      file: { sha256: sha, filename: `v${k}.txt`, contentType: 'text/plain', size: 7, text: 'Die Gebühr wird festgesetzt.' },
    }));
    await bulkInsertDocuments(w.platform.db, docs);

    const first = await searchDocuments(w.platform.db, w.a.id, { text: 'Gebühr', departmentIds: [kaemmerei], limit: 5 });
    assert.equal(first.capped, true);
    assert.equal(first.total, SEARCH_WINDOW);
    assert.deepEqual(
      first.items.map((i) => i.reference),
      ['KA-0500', `KA-${count - 1}`, `KA-${count - 2}`, `KA-${count - 3}`, `KA-${count - 4}`],
      'the title match first, then the newest',
    );
    const last = await searchDocuments(w.platform.db, w.a.id, {
      text: 'Gebühr',
      departmentIds: [kaemmerei],
      limit: 5,
      offset: SEARCH_WINDOW - 2,
    });
    assert.deepEqual(
      last.items.map((i) => i.reference),
      ['KA-0006', 'KA-0005'],
      'the window ends with its oldest match; older ones are not listed',
    );
    const past = await searchDocuments(w.platform.db, w.a.id, {
      text: 'Gebühr',
      departmentIds: [kaemmerei],
      offset: SEARCH_WINDOW + 20,
    });
    assert.deepEqual([past.items.length, past.total, past.capped], [0, SEARCH_WINDOW, true]);

    // Narrowed by date, the oldest (and most relevant) one is found again.
    const narrowed = await searchDocuments(w.platform.db, w.a.id, {
      text: 'Gebühr',
      departmentIds: [kaemmerei],
      to: new Date(now - (count - 2) * hour),
    });
    assert.deepEqual(
      narrowed.items.map((i) => i.reference),
      ['KA-0000', 'KA-0002', 'KA-0001'],
    );
    assert.equal(narrowed.capped, false);
    const byProcedure = await searchDocuments(w.platform.db, w.a.id, {
      text: 'Gebühr',
      departmentIds: [kaemmerei],
      procedureSlug: 'grundsteuer',
      reference: 'ka-00',
    });
    assert.equal(byProcedure.total, 50, 'KA-0001 … KA-0099, odd ones');
    assert.ok(byProcedure.items.every((i) => i.procedureSlug === 'grundsteuer' && /^KA-00\d\d$/.test(i.reference ?? '')));

    // Without a query: newest first, counted the same way.
    const listing = await searchDocuments(w.platform.db, w.a.id, { departmentIds: [kaemmerei], limit: 2 });
    assert.deepEqual(
      listing.items.map((i) => i.reference),
      [`KA-${count - 1}`, `KA-${count - 2}`],
    );
    assert.equal(listing.capped, true);

    // The permission boundary: a clerk of another department finds none of them.
    for (const departmentIds of [[w.bauamt], [w.ordnungsamt]]) {
      const other = await searchDocuments(w.platform.db, w.a.id, { text: 'Gebühr', departmentIds });
      assert.deepEqual([other.total, other.items.length, other.capped], [0, 0, false]);
      const otherRef = await searchDocuments(w.platform.db, w.a.id, { reference: 'KA-', departmentIds });
      assert.equal(otherRef.total, 0);
    }
    const otherTenant = await searchDocuments(w.platform.db, w.b.id, { text: 'Gebühr', departmentIds: all });
    assert.equal(otherTenant.total, 0);
  });

  test('tenant isolation: the other tenant finds only its own document', async () => {
    const b = await searchDocuments(w.platform.db, w.b.id, { text: 'Streuobstwiese', departmentIds: all });
    assert.deepEqual(
      b.items.map((i) => i.title),
      ['Bauantrag Beispielstadt'],
    );
    const ref = await searchDocuments(w.platform.db, w.b.id, { reference: 'BA-2025-0042', departmentIds: all });
    assert.equal(ref.total, 1);
    assert.notEqual(ref.items[0].id, pdfDocId);
  });

  test('paging reports the total beyond the current page', async () => {
    const first = await searchDocuments(w.platform.db, w.a.id, { text: 'Quellenweg', departmentIds: all, limit: 1 });
    assert.equal(first.items.length, 1);
    assert.equal(first.total, 2);
    const past = await searchDocuments(w.platform.db, w.a.id, { text: 'Quellenweg', departmentIds: all, limit: 1, offset: 5 });
    assert.equal(past.items.length, 0);
    assert.equal(past.total, 2);
  });
});
