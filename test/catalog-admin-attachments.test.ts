import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { insertServices } from '../src/modules/catalog/repo.js';
import type { Tenant } from '../src/platform/tenancy/repo.js';
import { Browser, createStaff, csrfIn, loginStaff, textOf } from './accounts-helpers.js';
import { postMultipart, samplePdf, samplePng } from './catalog-admin-helpers.js';
import { createTenants, createTestApp, type TestApp } from './helpers/app.js';
import { engineUnderTest } from './helpers/database.js';

/** Every stored blob (the temp folder of unfinished writes does not count). */
async function storedBlobs(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory() && e.name !== 'tmp') await walk(join(dir, e.name));
      else if (e.isFile()) found.push(e.name);
    }
  };
  await walk(join(root, 'files'));
  return found.sort();
}

describe(`catalog back office: PDF attachments (${engineUnderTest})`, () => {
  let t: TestApp;
  let a: Tenant;
  let b: Tenant;
  let dataDir: string;
  let editor: Browser;
  let publishedId: string;
  let draftId: string;
  const admin = '/musterkreis/verwaltung';

  const attachmentRows = () =>
    t.platform.db
      .withTables<{ catalog_attachments: { id: string; service_id: string; title: string } }>()
      .selectFrom('catalog_attachments')
      .select(['id', 'service_id', 'title'])
      .execute();

  async function upload(serviceId: string, title: string, file: { filename: string; contentType: string; bytes: Buffer }) {
    const page = await editor.get(`${admin}/leistungen/${serviceId}`);
    assert.equal(page.statusCode, 200);
    return postMultipart(
      editor,
      `${admin}/leistungen/${serviceId}/dokumente`,
      { _csrf: csrfIn(page.body), attachment_title: title },
      file,
    );
  }

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'rathaus-catalog-admin-'));
    t = await createTestApp({ env: { DATA_DIR: dataDir } });
    ({ a, b } = await createTenants(t.platform));
    [{ id: publishedId }, { id: draftId }] = await insertServices(t.platform.db, [
      { tenant_id: a.id, slug: 'wohngeld', title: 'Wohngeld', status: 'published' },
      { tenant_id: a.id, slug: 'bafoeg', title: 'BAföG', status: 'draft' },
    ]);
    await insertServices(t.platform.db, [{ tenant_id: b.id, slug: 'wohngeld', title: 'Wohngeld', status: 'published' }]);
    await createStaff(t.platform, a, 'redaktion@musterkreis.example', 'editor');
    editor = new Browser(t.app, '198.51.100.77');
    await loginStaff(editor, 'musterkreis', 'redaktion@musterkreis.example');
  });
  after(async () => {
    await t.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('an uploaded PDF is listed on the public page and downloads with the same bytes', async () => {
    const pdf = samplePdf('Antrag auf Wohngeld');
    const res = await upload(publishedId, 'Antrag auf Wohngeld', {
      filename: 'Antrag Wohngeld (2024).pdf',
      contentType: 'application/pdf',
      bytes: pdf,
    });
    assert.equal(res.statusCode, 303, textOf(res.body));
    const [row] = await attachmentRows();
    assert.equal(row.title, 'Antrag auf Wohngeld');

    const page = await t.app.inject('/musterkreis/leistungen/wohngeld');
    const text = textOf(page.body);
    assert.match(text, /Dokumente und Formulare/);
    assert.match(text, /Antrag auf Wohngeld \(PDF, 1 KB\)/);
    const href = `/musterkreis/leistungen/wohngeld/dokumente/${row.id}`;
    assert.ok(page.body.includes(`href="${href}"`));

    const download = await t.app.inject(href);
    assert.equal(download.statusCode, 200);
    assert.equal(download.headers['content-type'], 'application/pdf');
    assert.equal(download.headers['content-disposition'], 'inline; filename="antrag-wohngeld-2024.pdf"');
    assert.deepEqual(download.rawPayload, pdf);

    // Tenant-scoped: the same id under another tenant's service of the same slug does not exist.
    assert.equal((await t.app.inject(`/beispielstadt/leistungen/wohngeld/dokumente/${row.id}`)).statusCode, 404);
    assert.equal((await t.app.inject(`/musterkreis/leistungen/bafoeg/dokumente/${row.id}`)).statusCode, 404);
  });

  test("a draft's PDF is not public, but editors open it from the preview", async () => {
    const pdf = samplePdf('Merkblatt BAföG');
    assert.equal(
      (await upload(draftId, 'Merkblatt', { filename: 'merkblatt.pdf', contentType: 'application/pdf', bytes: pdf })).statusCode,
      303,
    );
    const row = (await attachmentRows()).find((r) => r.service_id === draftId);
    assert.ok(row);
    assert.equal((await t.app.inject(`/musterkreis/leistungen/bafoeg/dokumente/${row.id}`)).statusCode, 404);
    const preview = await editor.get(`${admin}/leistungen/${draftId}/vorschau`);
    const href = `${admin}/leistungen/${draftId}/dokumente/${row.id}`;
    assert.ok(preview.body.includes(`href="${href}"`));
    const staffDownload = await editor.get(href);
    assert.equal(staffDownload.statusCode, 200);
    assert.deepEqual(staffDownload.rawPayload, pdf);
    assert.equal((await t.app.inject(href)).statusCode, 303, 'anonymous → login');
  });

  test('a PNG named .pdf and sent as application/pdf is rejected; nothing is stored', async () => {
    const rowsBefore = await attachmentRows();
    const blobsBefore = await storedBlobs(dataDir);
    assert.ok(blobsBefore.length >= 2, 'the earlier uploads are in the store');
    const res = await upload(publishedId, 'Flyer', { filename: 'flyer.pdf', contentType: 'application/pdf', bytes: samplePng() });
    assert.equal(res.statusCode, 415);
    const text = textOf(res.body);
    assert.match(text, /Bitte prüfen Sie Ihre Angaben/);
    assert.match(text, /Die Datei ist kein PDF-Dokument/);
    assert.match(res.body, /name="attachment_title" value="Flyer"/);
    assert.deepEqual(await attachmentRows(), rowsBefore);
    assert.deepEqual(await storedBlobs(dataDir), blobsBefore);
  });

  test('a file over 20 MB is rejected with a clear message; nothing is stored', async () => {
    const rowsBefore = await attachmentRows();
    const blobsBefore = await storedBlobs(dataDir);
    const big = Buffer.concat([samplePdf(), Buffer.alloc(20 * 1024 * 1024, 0x20)]);
    const res = await upload(publishedId, 'Riesig', { filename: 'riesig.pdf', contentType: 'application/pdf', bytes: big });
    assert.equal(res.statusCode, 413);
    assert.match(textOf(res.body), /Die Datei ist zu groß\. PDF-Dateien dürfen höchstens 20 MB groß sein/);
    assert.deepEqual(await attachmentRows(), rowsBefore);
    assert.deepEqual(await storedBlobs(dataDir), blobsBefore);
  });

  test('an upload without a valid CSRF token is refused before anything is stored', async () => {
    const rowsBefore = await attachmentRows();
    const res = await postMultipart(
      editor,
      `${admin}/leistungen/${publishedId}/dokumente`,
      { _csrf: 'falsch', attachment_title: 'X' },
      {
        filename: 'x.pdf',
        contentType: 'application/pdf',
        bytes: samplePdf('nicht gespeichert'),
      },
    );
    assert.equal(res.statusCode, 403);
    assert.deepEqual(await attachmentRows(), rowsBefore);
  });

  test('other back-office forms refuse multipart bodies (their CSRF check would be skipped)', async () => {
    const page = await editor.get(`${admin}/leistungen/${publishedId}`);
    const res = await postMultipart(editor, `${admin}/leistungen/${publishedId}/zurueckziehen`, { _csrf: csrfIn(page.body) });
    assert.equal(res.statusCode, 415);
    assert.equal((await t.app.inject('/musterkreis/leistungen/wohngeld')).statusCode, 200, 'still published');
  });

  test('removing an attachment takes it off the public page', async () => {
    const [row] = (await attachmentRows()).filter((r) => r.service_id === publishedId);
    const res = await editor.submit(
      `${admin}/leistungen/${publishedId}`,
      `${admin}/leistungen/${publishedId}/dokumente/${row.id}/entfernen`,
      {},
    );
    assert.equal(res.statusCode, 303);
    assert.equal((await t.app.inject(`/musterkreis/leistungen/wohngeld/dokumente/${row.id}`)).statusCode, 404);
    assert.doesNotMatch(textOf((await t.app.inject('/musterkreis/leistungen/wohngeld')).body), /Dokumente und Formulare/);
  });
});
