/**
 * Opens the embedded PostgreSQL (PGlite) safely on a Node data folder.
 *
 * What PGlite 0.5 does not do on its own, and this module adds (details and
 * measurements in docs/embedded-engine.md):
 *  - Postgres runs in single-user mode, where no checkpointer exists: no
 *    checkpoint is ever taken while the database is open, so after kill -9
 *    the next open replays ALL WAL written since the last open (~55 MB/s,
 *    i.e. a minute after a few GB). We checkpoint whenever 32 MiB of WAL
 *    have accumulated, which bounds both recovery time and pg_wal size.
 *  - PGlite starts Postgres with -F (fsync=off) and Emscripten's NODEFS has
 *    no fsync at all, so commits reach the OS page cache only: they survive
 *    kill -9 but not power loss. We give NODEFS a real fsync, turn fsync on
 *    and use wal_sync_method=fsync (Emscripten's fdatasync is a no-op).
 *  - An interrupted first-time initdb would leave a half-copied folder that
 *    never starts again; we initialise in a staging folder and publish
 *    PG_VERSION last.
 *  - Exclusive ownership of the folder via embedded-lock.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Extensions, PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { NodeFS } from '@electric-sql/pglite/nodefs';
import { acquireDataDirLock, type DataDirLock } from './embedded-lock.js';

export type Durability =
  /** Every acknowledged commit is fsynced: survives kill -9 and power loss (default). */
  | 'full'
  /** PGlite's default: commits reach the OS page cache only; survives kill -9, not power loss. */
  | 'process-crash';

export interface OpenPgliteOptions {
  durability?: Durability;
  /**
   * Take a CHECKPOINT once this much WAL has been written since the last one
   * (bounds crash-recovery time, ~55 MB/s of WAL replay). Default 32 MiB; 0 disables.
   */
  checkpointWalBytes?: number;
}

export interface OpenedPglite {
  pg: PGlite;
  /** Undefined for the in-memory database. Use lock.onRequest(...) for the control channel. */
  lock: DataDirLock | undefined;
  /** Force a checkpoint now (e.g. before a backup). */
  checkpoint(): Promise<void>;
  /** Close PGlite (shutdown checkpoint), then release the folder. Idempotent. */
  close(): Promise<void>;
}

const DEFAULT_CHECKPOINT_WAL_BYTES = 32 * 1024 * 1024;
const STAGING_NAME = '.rathaus-initdb';

/** Minimal view of the Emscripten module parts we patch (PGlite types them loosely). */
interface NodefsStream {
  nfd: number;
  path?: string;
}
type NodefsWrite = (stream: NodefsStream, buffer: Uint8Array, offset: number, length: number, position?: number) => number;
interface EmscriptenModWithNodefs {
  NODEFS: {
    stream_ops: { fsync?: (stream: NodefsStream) => number; write: NodefsWrite };
    tryFSOperation<T>(fn: () => T): T;
  };
}

/**
 * NodeFS with two additions inside the Emscripten module:
 *  - a real fsync (NODEFS has none, so Postgres' fsync calls were silent no-ops);
 *  - a count of bytes written to pg_wal, to know when a checkpoint is due.
 * syncToFs() is called by PGlite after every query; it is our hook to
 * schedule that checkpoint, which timers cannot do reliably because a busy
 * query loop may never yield to the timer phase of the event loop.
 */
class RathausNodeFS extends NodeFS {
  walBytesSinceCheckpoint = 0;
  afterQuery: (() => void) | undefined;

  constructor(
    dataDir: string,
    private readonly realFsync: boolean,
  ) {
    super(dataDir);
  }

  override async init(pg: PGlite, opts: Parameters<NodeFS['init']>[1]) {
    const result = await super.init(pg, opts);
    const preRun = [...(result.emscriptenOpts.preRun ?? [])];
    preRun.push((mod: unknown) => {
      const nodefs = (mod as EmscriptenModWithNodefs).NODEFS;
      const write = nodefs.stream_ops.write;
      nodefs.stream_ops.write = (stream, buffer, offset, length, position) => {
        const n = write(stream, buffer, offset, length, position);
        if (stream.path?.includes('/pg_wal/')) this.walBytesSinceCheckpoint += n;
        return n;
      };
      if (this.realFsync) {
        nodefs.stream_ops.fsync = (stream) => {
          // tryFSOperation maps Node errors to errno: Postgres then sees a failed fsync (and PANICs) rather than a JS crash.
          nodefs.tryFSOperation(() => fs.fsyncSync(stream.nfd));
          return 0;
        };
      }
    });
    result.emscriptenOpts.preRun = preRun as typeof result.emscriptenOpts.preRun;
    return result;
  }

  override async syncToFs(relaxedDurability?: boolean): Promise<void> {
    await super.syncToFs(relaxedDurability);
    this.afterQuery?.();
  }
}

function startParams(durability: Durability): string[] {
  if (durability === 'process-crash') return [...PGlite.defaultStartParams];
  return [
    ...PGlite.defaultStartParams.filter((p) => p !== '-F'),
    '-c',
    'fsync=on',
    '-c',
    'synchronous_commit=on',
    '-c',
    'full_page_writes=on',
    // fdatasync/open_datasync do not reach NODEFS; plain fsync() does (after our patch).
    '-c',
    'wal_sync_method=fsync',
  ];
}

function fsyncPath(p: string): void {
  const fd = fs.openSync(p, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function fsyncTree(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) fsyncTree(p);
    else if (entry.isFile()) fsyncPath(p);
  }
  fsyncPath(dir);
}

/**
 * Create a new cluster so that a crash at any moment leaves either no
 * PG_VERSION (→ simply redone on the next open) or a complete, synced cluster.
 * PGlite itself copies initdb's output straight into the folder, PG_VERSION
 * early, so a kill during that copy would leave a cluster that never starts.
 */
async function initialiseCluster(dataDir: string): Promise<void> {
  const staging = path.join(dataDir, STAGING_NAME);
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging);
  const init = await PGlite.create(staging);
  await init.close();
  fsyncTree(staging);
  const entries = fs.readdirSync(staging).filter((e) => e !== 'PG_VERSION');
  for (const e of entries) {
    // Leftovers of an earlier interrupted attempt are replaced wholesale.
    fs.rmSync(path.join(dataDir, e), { recursive: true, force: true });
    fs.renameSync(path.join(staging, e), path.join(dataDir, e));
  }
  fsyncPath(dataDir);
  fs.renameSync(path.join(staging, 'PG_VERSION'), path.join(dataDir, 'PG_VERSION'));
  fsyncPath(dataDir);
  fs.rmSync(staging, { recursive: true, force: true });
}

async function createExtensions(pg: PGlite): Promise<void> {
  await pg.exec('CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE EXTENSION IF NOT EXISTS unaccent;');
}

/**
 * Open the embedded database. `dataDir` undefined = in-memory (tests).
 * pg_trgm and unaccent are always loaded and created, btree_gist always loaded (the
 * migrations create it); `extensions` adds more.
 * Throws DataDirInUseError if another live process holds the folder.
 */
export async function openPglite(
  dataDir: string | undefined,
  extensions: Extensions = {},
  options: OpenPgliteOptions = {},
): Promise<OpenedPglite> {
  const allExtensions: Extensions = { pg_trgm, unaccent, btree_gist, ...extensions };

  if (dataDir === undefined) {
    const pg = await PGlite.create({ extensions: allExtensions });
    await createExtensions(pg);
    return {
      pg,
      lock: undefined,
      checkpoint: async () => {},
      close: async () => {
        if (!pg.closed) await pg.close();
      },
    };
  }

  const durability = options.durability ?? 'full';
  const abs = path.resolve(dataDir);
  const lock = await acquireDataDirLock(dataDir); // also creates the folder; names dataDir as given in errors
  let pg: PGlite | undefined;
  try {
    // We hold the folder exclusively now, so any postmaster.pid is stale. PGlite
    // would usually cope (it always writes pid -42, which Postgres takes for
    // its own), but a truncated file after power loss is fatal ("bogus data
    // in lock file" → Aborted()).
    fs.rmSync(path.join(abs, 'postmaster.pid'), { force: true });

    const hasVersion = fs.existsSync(path.join(abs, 'PG_VERSION'));
    if (!hasVersion) {
      await initialiseCluster(abs);
    } else if (!fs.existsSync(path.join(abs, 'global', 'pg_control'))) {
      throw new Error(
        `Der Datenordner ${abs} enthält eine unvollständige Datenbank (global/pg_control fehlt). ` +
          `The data folder ${abs} holds an incomplete database (global/pg_control missing); restore a backup or move it away.`,
      );
    }

    const nodeFs = new RathausNodeFS(abs, durability === 'full');
    const opened = await PGlite.create({
      fs: nodeFs,
      extensions: allExtensions,
      startParams: startParams(durability),
    });
    pg = opened;
    await createExtensions(opened);

    let closing: Promise<void> | undefined;
    let inflight: Promise<void> | undefined;
    const runCheckpoint = async () => {
      // Never inside the caller's transaction (a raw BEGIN via exec() leaves the
      // mutex free between statements); the next query re-triggers us.
      if (closing || opened.closed || opened.isInTransaction()) return;
      nodeFs.walBytesSinceCheckpoint = 0;
      try {
        await opened.exec('CHECKPOINT');
      } catch {
        // A failed checkpoint only means a longer recovery; the next one retries.
      }
    };
    const walLimit = options.checkpointWalBytes ?? DEFAULT_CHECKPOINT_WAL_BYTES;
    if (walLimit > 0) {
      nodeFs.afterQuery = () => {
        if (inflight || nodeFs.walBytesSinceCheckpoint < walLimit) return;
        // Queued now, so it takes PGlite's mutex before the caller's next statement.
        inflight = Promise.resolve()
          .then(runCheckpoint)
          .finally(() => {
            inflight = undefined;
          });
      };
    }

    return {
      pg: opened,
      lock,
      checkpoint: async () => {
        nodeFs.walBytesSinceCheckpoint = 0;
        await opened.exec('CHECKPOINT');
      },
      close: () => {
        closing ??= (async () => {
          nodeFs.afterQuery = undefined;
          try {
            await inflight;
            if (!opened.closed) await opened.close();
          } finally {
            await lock.release();
          }
        })();
        return closing;
      },
    };
  } catch (err) {
    try {
      if (pg && !pg.closed) await pg.close();
    } catch {
      // report the original error
    }
    await lock.release();
    throw err;
  }
}
