import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { after, before, describe, test } from 'node:test';
import { BlobNotFoundError, type DiskBlobStore, detectFileType, diskBlobStore, readHead } from '../src/platform/files.js';
import { createTestApp } from './helpers/app.js';
import { engineUnderTest } from './helpers/database.js';

/** The first 48 bytes of real files (a PNG icon, a JPEG photo, a GIF diagram, a PDF manual, a ZIP archive, a 1×1 WebP). */
const heads = {
  png: 'iVBORw0KGgoAAAANSUhEUgAAAZAAAAGQCAYAAACAvzbMAAAABmJLR0QA/wD/AP+g',
  jpeg: '/9j/2wCEAAMCAgMCAgMDAwMEAwMEBQgFBQQEBQoHBwYIDAoMDAsKCwsNDhIQDQ4R',
  gif: 'R0lGODdhzAHxAfcAAAAAAPj8+P8AFL8ACAK03JIhNh4QFEBACAymnvA90v8HA79A',
  pdf: 'JVBERi0xLjUKJdDUxdgKMTAxIDAgb2JqCjw8Ci9MZW5ndGggMTE0MiAgICAgIAov',
  zip: 'UEsDBBQAAAAAAPC4dl3VHrN4BQAAAAUAAAAKAAAAYW50cmFnLnR4dEhhbGxvUEsB',
  webp: 'UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA',
} as const;

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe(`blob store and file type detection (${engineUnderTest})`, () => {
  let dir: string;
  let store: DiskBlobStore;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rathaus-files-'));
    store = diskBlobStore(dir);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('put and get round-trip a buffer, named by its SHA-256 under files/ab/cd/', async () => {
    const data = Buffer.from('Antrag auf Erteilung einer Baugenehmigung\n'.repeat(100));
    const stored = await store.put(data);
    assert.deepEqual(stored, { sha256: sha256(data), size: data.length });
    assert.deepEqual(await buffer(await store.get(stored.sha256)), data);
    const { sha256: h } = stored;
    assert.deepEqual(await readFile(join(dir, 'files', h.slice(0, 2), h.slice(2, 4), h)), data);
    assert.equal(await store.has(h), true);
    assert.equal(await store.verify(h), true);
  });

  test('a stream is stored like a buffer, and the same content is stored once', async () => {
    const chunks = Array.from({ length: 50 }, (_, i) => Buffer.alloc(64 * 1024, i));
    const whole = Buffer.concat(chunks);
    const fromStream = await store.put(Readable.from(chunks));
    const fromBuffer = await store.put(whole);
    assert.deepEqual(fromStream, fromBuffer);
    assert.equal(fromStream.size, whole.length);
    const h = fromStream.sha256;
    assert.deepEqual(await readdir(join(dir, 'files', h.slice(0, 2), h.slice(2, 4))), [h]);
    assert.deepEqual(await readdir(join(dir, 'files', 'tmp')), [], 'no temp files are left behind');
  });

  test('a failing upload stream leaves nothing stored', async () => {
    const failing = new Readable({
      read() {
        this.push(Buffer.from('halb'));
        this.destroy(new Error('Verbindung abgebrochen'));
      },
    });
    await assert.rejects(store.put(failing), /Verbindung abgebrochen/);
    assert.deepEqual(await readdir(join(dir, 'files', 'tmp')), []);
    assert.equal(await store.has(sha256(Buffer.from('halb'))), false);
  });

  test('unknown hashes are absent, and a name that is no hash is refused before touching the disk', async () => {
    const missing = 'f'.repeat(64);
    assert.equal(await store.has(missing), false);
    await assert.rejects(store.get(missing), BlobNotFoundError);
    await assert.rejects(store.get('../../etc/passwd'), /Ungültige Dateikennung/);
    await assert.rejects(store.has('F'.repeat(64)), /Ungültige Dateikennung/);
  });

  test('delete removes the bytes; verify notices bytes changed on disk', async () => {
    const a = await store.put(Buffer.from('Bescheid Nr. 1'));
    await store.delete(a.sha256);
    assert.equal(await store.has(a.sha256), false);
    await store.delete(a.sha256);

    const b = await store.put(Buffer.from('Bescheid Nr. 2'));
    await writeFile(store.pathOf(b.sha256), 'manipuliert');
    assert.equal(await store.verify(b.sha256), false);
  });

  test('detectFileType recognizes real file headers by content', () => {
    for (const [type, base64] of Object.entries(heads)) {
      assert.equal(detectFileType(Buffer.from(base64, 'base64')), type, type);
    }
    assert.equal(detectFileType(Buffer.from('PK\x05\x06', 'latin1')), 'zip');
    assert.equal(detectFileType(Buffer.from('GIF89a', 'latin1')), 'gif');
  });

  test('detectFileType does not trust names or near misses', () => {
    assert.equal(detectFileType(Buffer.from('<html><body>antrag.pdf</body></html>')), 'unknown');
    assert.equal(detectFileType(Buffer.from('MZ\x90\x00', 'latin1')), 'unknown');
    assert.equal(detectFileType(Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt ', 'latin1')), 'unknown');
    assert.equal(detectFileType(Buffer.from('%PD')), 'unknown');
    assert.equal(detectFileType(Buffer.alloc(0)), 'unknown');
  });

  test('readHead gives the first bytes of a stored file for detection', async () => {
    const pdf = Buffer.concat([Buffer.from(heads.pdf, 'base64'), Buffer.alloc(200_000, 0x20)]);
    const { sha256: h } = await store.put(pdf);
    const head = await readHead(store, h);
    assert.equal(head.length, 16);
    assert.equal(detectFileType(head), 'pdf');
  });

  test('the platform stores files under DATA_DIR/files', async () => {
    const t = await createTestApp({ env: { DATA_DIR: dir } });
    try {
      const stored = await t.platform.files.put(Buffer.from('Wappen'));
      assert.equal(await store.has(stored.sha256), true);
    } finally {
      await t.close();
    }
  });
});
