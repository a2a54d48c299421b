import assert from 'node:assert/strict';
import { mkdtemp, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import type { DiskBlobStore } from '../src/platform/files.js';
import { sweepOrphanBlobs } from '../src/platform/files-sweep.js';
import { createTenants, createTestApp, type TestApp } from './helpers/app.js';

let t: TestApp;
let dataDir: string;
let store: DiskBlobStore;
const twoDaysAgo = new Date(Date.now() - 48 * 3600 * 1000);

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'rathaus-sweep-'));
  t = await createTestApp({ env: { DATA_DIR: dataDir } });
  store = t.platform.files as DiskBlobStore;
});
after(async () => {
  await t.close();
  await rm(dataDir, { recursive: true, force: true });
});

const storeOld = async (text: string) => {
  const blob = await store.put(Buffer.from(text));
  await utimes(store.pathOf(blob.sha256), twoDaysAgo, twoDaysAgo);
  return blob.sha256;
};

test('the sweep deletes old blobs nothing refers to and keeps referenced and recent ones', async () => {
  const { a, b } = await createTenants(t.platform);
  const logo = await storeOld('Wappen des Landkreises');
  const photo = await storeOld('Foto des Dorfgemeinschaftshauses');
  const orphan = await storeOld('Upload eines abgebrochenen Antrags');
  const fresh = (await store.put(Buffer.from('gerade hochgeladen, Zeile noch nicht gespeichert'))).sha256;

  await sql`update tenants set logo_sha256 = ${logo} where id = ${a.id}`.execute(t.platform.db);
  // A module's table (halls registers its check in setup), in the other tenant: blobs are shared.
  const hall = await sql<{ id: string }>`insert into hall_resources (tenant_id, slug, name, capacity)
    values (${b.id}, 'dgh-nord', 'DGH Nord', 80) returning id`.execute(t.platform.db);
  await sql`insert into hall_photos (tenant_id, resource_id, sha256, size, content_type, alt)
    values (${b.id}, ${hall.rows[0].id}, ${photo}, 10, 'image/png', 'Saal')`.execute(t.platform.db);

  const result = await sweepOrphanBlobs(t.platform);

  assert.equal(result.deleted, 1);
  assert.equal(await store.has(orphan), false, 'the orphan is gone');
  assert.equal(await store.has(logo), true, 'a tenant logo stays');
  assert.equal(await store.has(photo), true, "a module's file stays");
  assert.equal(await store.has(fresh), true, 'a blob within the grace period stays');
});

test('storing the same bytes again renews the grace period of an old blob', async () => {
  const sha = await storeOld('eine Datei, die gleich noch einmal hochgeladen wird');
  await store.put(Buffer.from('eine Datei, die gleich noch einmal hochgeladen wird'));
  await sweepOrphanBlobs(t.platform);
  assert.equal(await store.has(sha), true);
});
