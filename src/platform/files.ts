/**
 * Uploaded and generated files, stored by content: the SHA-256 of the bytes is the
 * name, so the same file is stored once and a reference (a hex string in a table
 * row) cannot point at changed content. The disk store is the default; an
 * S3-compatible store can implement the same interface.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, unlink, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

export interface StoredBlob {
  sha256: string;
  size: number;
}

export interface BlobStore {
  /** Stores the bytes (once, however often they are put) and names them by their hash. */
  put(data: Buffer | Readable): Promise<StoredBlob>;
  /** The bytes; rejects with BlobNotFoundError when nothing is stored under that hash. */
  get(sha256: string): Promise<Readable>;
  has(sha256: string): Promise<boolean>;
  /** Removes the bytes; the caller makes sure nothing refers to them any more. */
  delete?(sha256: string): Promise<void>;
  /** Every stored blob with the time it was written (for the orphan sweep). */
  list?(): AsyncIterable<{ sha256: string; storedAt: Date }>;
}

export class BlobNotFoundError extends Error {
  readonly code = 'BLOB_NOT_FOUND';
  constructor(readonly sha256: string) {
    super(`Datei ${sha256} ist nicht gespeichert.`);
    this.name = 'BlobNotFoundError';
  }
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Rejects anything but a lowercase hex SHA-256: the name becomes a path. */
function checkedHash(sha256: string): string {
  if (!SHA256_HEX.test(sha256)) throw new Error(`Ungültige Dateikennung: ${JSON.stringify(sha256)}`);
  return sha256;
}

/**
 * Files under `root/ab/cd/<sha256>` (two levels keep directories small). `root` is
 * `${dataDir}/files`, outside any folder served statically: files leave only
 * through routes that check who may read them.
 *
 * Writes go to `root/tmp/` on the same file system, are flushed, then renamed into
 * place, so a reader never sees half a file and a crash leaves only a temp file.
 * Reads do not re-hash the bytes (that would cost a full read before the first
 * byte is sent); the name is checked on write, and `verify` re-hashes on demand.
 */
export class DiskBlobStore implements BlobStore {
  constructor(readonly root: string) {}

  pathOf(sha256: string): string {
    const h = checkedHash(sha256);
    return join(this.root, h.slice(0, 2), h.slice(2, 4), h);
  }

  async put(data: Buffer | Readable): Promise<StoredBlob> {
    const tmpDir = join(this.root, 'tmp');
    await mkdir(tmpDir, { recursive: true });
    const tmp = join(tmpDir, `${process.pid}-${randomBytes(8).toString('hex')}`);
    const hash = createHash('sha256');
    let size = 0;
    const file = await open(tmp, 'wx', 0o600);
    try {
      for await (const chunk of Buffer.isBuffer(data) ? [data] : data) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
        hash.update(bytes);
        size += bytes.length;
        await file.write(bytes);
      }
      await file.sync();
    } catch (error) {
      await file.close().catch(() => {});
      await rm(tmp, { force: true });
      throw error;
    }
    await file.close();

    const sha256 = hash.digest('hex');
    const target = this.pathOf(sha256);
    if (await this.has(sha256)) {
      await rm(tmp, { force: true });
      // Stored again: a fresh time keeps the orphan sweep's grace period for the new reference.
      const now = new Date();
      await utimes(target, now, now).catch(() => {});
    } else {
      await mkdir(join(target, '..'), { recursive: true });
      // Two processes storing the same bytes both rename; the content is identical.
      await rename(tmp, target);
    }
    return { sha256, size };
  }

  async get(sha256: string): Promise<Readable> {
    const path = this.pathOf(sha256);
    if (!(await this.has(sha256))) throw new BlobNotFoundError(sha256);
    return createReadStream(path);
  }

  async has(sha256: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(sha256))).isFile();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  async delete(sha256: string): Promise<void> {
    try {
      await unlink(this.pathOf(sha256));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }

  async *list(): AsyncIterable<{ sha256: string; storedAt: Date }> {
    const names = async (dir: string) => {
      try {
        return (await readdir(dir)).sort();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
    };
    for (const a of await names(this.root)) {
      if (!/^[0-9a-f]{2}$/.test(a)) continue; // tmp/ and anything else is not a blob
      for (const b of await names(join(this.root, a))) {
        for (const name of await names(join(this.root, a, b))) {
          if (!SHA256_HEX.test(name)) continue;
          const info = await stat(join(this.root, a, b, name)).catch(() => undefined);
          if (info?.isFile()) yield { sha256: name, storedAt: info.mtime };
        }
      }
    }
  }

  /** Re-hashes the stored bytes: false if they no longer match their name. */
  async verify(sha256: string): Promise<boolean> {
    const hash = createHash('sha256');
    for await (const chunk of await this.get(sha256)) hash.update(chunk as Buffer);
    return hash.digest('hex') === sha256;
  }
}

/** The store for a configured data folder. */
export const diskBlobStore = (dataDir: string): DiskBlobStore => new DiskBlobStore(join(dataDir, 'files'));

export type FileType = 'pdf' | 'png' | 'jpeg' | 'gif' | 'webp' | 'zip' | 'unknown';

const startsWith = (head: Buffer, bytes: number[], offset = 0) =>
  head.length >= offset + bytes.length && bytes.every((b, i) => head[offset + i] === b);
const ascii = (text: string) => [...Buffer.from(text, 'latin1')];

/**
 * The file's type by its first bytes (magic numbers), never by its name: an upload
 * called `antrag.pdf` is a PDF only if it starts like one. 16 bytes suffice.
 * Office documents (docx, xlsx, odt) are ZIP containers and report `zip`.
 */
export function detectFileType(head: Buffer): FileType {
  if (startsWith(head, ascii('%PDF-'))) return 'pdf';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, ascii('GIF87a')) || startsWith(head, ascii('GIF89a'))) return 'gif';
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return 'webp';
  // Local file header, or the end record of an empty archive.
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) return 'zip';
  return 'unknown';
}

/** Reads the first bytes of a stored blob, for detectFileType. */
export async function readHead(store: BlobStore, sha256: string, bytes = 16): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  const stream = await store.get(sha256);
  for await (const chunk of stream) {
    chunks.push(chunk as Buffer);
    length += (chunk as Buffer).length;
    if (length >= bytes) break;
  }
  stream.destroy();
  return Buffer.concat(chunks).subarray(0, bytes);
}
