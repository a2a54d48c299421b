/**
 * Crash safety of the embedded database (see docs/embedded-engine.md):
 * kill -9 in the middle of inserts must lose no acknowledged row and must not
 * block the next open; a live holder must be refused, a dead one taken over.
 * Run: node --import tsx --test test/embedded-crash.test.ts
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { controlSocketPath, DataDirInUseError, sendControlRequest } from '../src/platform/db/embedded-lock.js';
import { openPglite } from '../src/platform/db/open-pglite.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const writerScript = path.join(repoRoot, 'test', 'fixtures', 'pglite-writer.ts');

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'rathaus-crash-'));
const template = path.join(scratch, 'template');
const children = new Set<ChildProcess>();

// Creating a cluster costs several seconds; do it once and copy it per test.
before(async () => {
  const db = await openPglite(template);
  await db.close();
});

after(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  fs.rmSync(scratch, { recursive: true, force: true });
});

function freshDataDir(name: string): string {
  const dir = path.join(scratch, name);
  fs.cpSync(template, dir, { recursive: true });
  return dir;
}

interface Writer {
  child: ChildProcess;
  acked: string[];
  ready: Promise<void>;
  exited: Promise<void>;
  /** Resolves once at least n ids have been acknowledged. */
  ackedAtLeast(n: number): Promise<void>;
}

function startWriter(dataDir: string, mode: 'write' | 'hold'): Writer {
  const child = spawn(process.execPath, ['--import', 'tsx', writerScript, dataDir, mode], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const acked: string[] = [];
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  let stderr = '';
  let buf = '';
  let onReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    onReady = resolve;
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    buf += d;
    let nl = buf.indexOf('\n');
    while (nl >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (line.startsWith('ready ')) onReady();
      else if (/^\d+$/.test(line)) acked.push(line);
      nl = buf.indexOf('\n');
    }
    for (const w of waiters.splice(0)) {
      if (acked.length >= w.n) w.resolve();
      else waiters.push(w);
    }
  });
  const exited = new Promise<void>((resolve, reject) => {
    child.once('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve();
      else reject(new Error(`writer exited unexpectedly (code ${code}, signal ${signal}):\n${stderr}`));
    });
  });
  // Fail fast (instead of timing out) if the child dies before it is ready.
  const readyOrDeath = Promise.race([ready, exited.then(() => Promise.reject(new Error(`writer died:\n${stderr}`)))]);
  readyOrDeath.catch(() => {});
  exited.catch(() => {});
  return {
    child,
    acked,
    ready: readyOrDeath,
    exited,
    ackedAtLeast: (n) => (acked.length >= n ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ n, resolve }))),
  };
}

test('kill -9 during inserts: next open is quick and keeps every acknowledged row', { timeout: 30_000 }, async () => {
  const dataDir = freshDataDir('crash');
  const writer = startWriter(dataDir, 'write');
  await writer.ready;
  await writer.ackedAtLeast(300);
  writer.child.kill('SIGKILL');
  await writer.exited;
  const acked = [...writer.acked];
  assert.ok(acked.length >= 300);
  // The killed holder leaves its socket behind: it must be recognised as stale.
  assert.ok(fs.existsSync(controlSocketPath(dataDir)), 'stale socket expected after SIGKILL');

  // Ready "within a few seconds" is enforced by the test timeout, not a timed assertion.
  const db = await openPglite(dataDir);
  try {
    const { rows } = await db.pg.query<{ id: string }>('SELECT id::text AS id FROM crash_rows');
    const present = new Set(rows.map((r) => r.id));
    const missing = acked.filter((id) => !present.has(id));
    assert.deepEqual(missing, [], `${missing.length} of ${acked.length} acknowledged rows lost`);
    // The extensions the app relies on are usable after recovery.
    const { rows: ext } = await db.pg.query<{ s: string; u: string }>(
      "SELECT similarity('Rathaus', 'Rathäuser')::text AS s, unaccent('Bürgeramt') AS u",
    );
    assert.equal(ext[0]?.u, 'Burgeramt');
  } finally {
    await db.close();
  }
  assert.ok(!fs.existsSync(controlSocketPath(dataDir)), 'close() removes the socket');
});

test('a live holder is refused with a clear message; after its SIGKILL the folder opens', { timeout: 30_000 }, async () => {
  const dataDir = freshDataDir('held');
  const holder = startWriter(dataDir, 'hold');
  await holder.ready;

  await assert.rejects(openPglite(dataDir), (err: unknown) => {
    assert.ok(err instanceof DataDirInUseError, `expected DataDirInUseError, got ${String(err)}`);
    assert.equal(err.holderPid, holder.child.pid);
    assert.match(err.message, /wird bereits von einem laufenden Rathaus-Prozess \(PID \d+\) benutzt/);
    assert.match(err.message, /already in use/);
    return true;
  });
  // The control channel reaches the holder's request handler.
  assert.equal(await sendControlRequest(dataDir, { op: 'ping' }), 'pong');
  await assert.rejects(sendControlRequest(dataDir, { op: 'nope' }), /unknown request/);

  holder.child.kill('SIGKILL');
  await holder.exited;
  assert.equal(await sendControlRequest(dataDir, { op: 'ping' }), undefined, 'no live server after SIGKILL');

  const db = await openPglite(dataDir);
  try {
    const { rows } = await db.pg.query<{ n: number }>('SELECT count(*)::int AS n FROM crash_rows');
    assert.equal(rows[0]?.n, 0);
    // Opening twice from the same process is refused as well.
    await assert.rejects(openPglite(dataDir), DataDirInUseError);
  } finally {
    await db.close();
  }
});
