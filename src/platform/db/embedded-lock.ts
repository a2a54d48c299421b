/**
 * Exclusive ownership of an embedded-database data folder, plus a small
 * control channel for CLI commands talking to the running server.
 *
 * PGlite takes no inter-process lock (its postmaster.pid always says -42 and
 * is treated as stale by every opener), so two processes could open the same
 * folder and corrupt it. Liveness is decided by a Unix domain socket, not by
 * a PID: the kernel refuses connections to a socket whose listener is gone,
 * so a killed holder can never block the next start and PID reuse cannot
 * fool the check. A listener that is busy (event loop blocked in a long
 * query) still gets its connections accepted by the kernel backlog, so it is
 * correctly seen as alive.
 *
 * Wire protocol of the control channel: newline-delimited JSON.
 *   request:  {"id": <number>, "req": <any>}
 *   response: {"id": <number>, "ok": true, "res": <any>}
 *           | {"id": <number>, "ok": false, "error": <string>}
 * The request {"id": n, "hello": true} is answered by the lock itself with
 * {pid, dataDir, startedAt}; it is used to name the holder in error messages.
 */
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const SOCKET_NAME = 'rathaus.sock';
/** Records pid and the real socket path (needed when the tmpdir fallback is in use). */
export const LOCK_INFO_NAME = 'rathaus.lock';
const TAKEOVER_NAME = 'rathaus.sock.takeover';

/** sun_path is 108 bytes on Linux and 104 on macOS/BSD, both including the NUL. */
const MAX_SOCKET_PATH_BYTES = 103;
/** A takeover marker older than this was left by a process killed mid-takeover. */
const STALE_TAKEOVER_MS = 10_000;
/** A control line longer than this is a protocol error (protects the server's memory). */
const MAX_LINE_BYTES = 1024 * 1024;

export type ControlHandler = (req: unknown) => Promise<unknown>;

export interface DataDirLock {
  /** Absolute path of the locked data folder. */
  readonly dataDir: string;
  /** Path of the listening socket (inside the data folder, or the tmpdir fallback). */
  readonly socketPath: string;
  /** Attach (or replace) the handler that answers control requests. */
  onRequest(handler: ControlHandler): void;
  /** Stop listening and remove the socket; idempotent. */
  release(): Promise<void>;
}

export interface HolderInfo {
  pid?: number;
  startedAt?: string;
  socketPath: string;
}

export class DataDirInUseError extends Error {
  readonly code = 'RATHAUS_DATA_DIR_IN_USE';
  constructor(
    readonly dataDir: string,
    readonly holderPid: number | undefined,
  ) {
    const who = holderPid === undefined ? '' : ` (PID ${holderPid})`;
    super(
      `Der Datenordner ${dataDir} wird bereits von einem laufenden Rathaus-Prozess${who} benutzt. ` +
        'Beenden Sie ihn zuerst oder setzen Sie DATA_DIR auf einen anderen Ordner. / ' +
        `The data folder ${dataDir} is already in use by a running Rathaus process${who}. ` +
        'Stop it first or set DATA_DIR to another folder.',
    );
    this.name = 'DataDirInUseError';
  }
}

/**
 * Where the holder of `dataDir` listens. Inside the folder when the path fits
 * into sun_path; otherwise in a per-user directory under os.tmpdir(), named by
 * a hash of the absolute folder path so every process derives the same name.
 * On Windows a named pipe (it vanishes with its process, so it is never stale).
 */
export function controlSocketPath(dataDir: string): string {
  const abs = path.resolve(dataDir);
  const hash = createHash('sha256').update(abs).digest('hex').slice(0, 24);
  if (process.platform === 'win32') return `\\\\.\\pipe\\rathaus-${hash}`;
  const inside = path.join(abs, SOCKET_NAME);
  if (Buffer.byteLength(inside) <= MAX_SOCKET_PATH_BYTES) return inside;
  return path.join(fallbackSocketDir(), `${hash}.sock`);
}

function fallbackSocketDir(): string {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
  let dir = path.join(os.tmpdir(), `rathaus-${uid}`);
  // A very long TMPDIR would defeat the purpose of the fallback.
  if (Buffer.byteLength(dir) > MAX_SOCKET_PATH_BYTES - 30) dir = `/tmp/rathaus-${uid}`;
  return dir;
}

/** Private 0700 directory owned by us: /tmp is shared, and a foreign socket there could squat our name. */
function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = fs.lstatSync(dir);
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  if (!st.isDirectory() || (uid !== undefined && st.uid !== uid)) {
    throw new Error(`Unsicheres Socket-Verzeichnis / unsafe socket directory: ${dir}`);
  }
  if ((st.mode & 0o077) !== 0) fs.chmodSync(dir, 0o700);
}

function errCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** `socket` is the open connection, absent if the holder is too busy to complete the handshake. */
type Probe = { live: true; socket?: net.Socket } | { live: false; reason: 'absent' | 'refused' };

/** Connect to `socketPath`: accepted means a live holder. */
function probe(socketPath: string, timeoutMs = 3000): Promise<Probe> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection({ path: socketPath });
    const timer = setTimeout(() => {
      // connect() on a Unix socket does not hang for a dead holder; a timeout
      // means a full backlog of a live (very busy) one.
      socket.destroy();
      resolve({ live: true });
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve({ live: true, socket });
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      socket.destroy();
      const code = errCode(err);
      if (code === 'ENOENT') resolve({ live: false, reason: 'absent' });
      else if (code === 'ECONNREFUSED' || code === 'ENOTSOCK') resolve({ live: false, reason: 'refused' });
      else reject(err);
    });
  });
}

/** Read lines of JSON from a socket, bounded in size. */
function lineReader(socket: net.Socket, onLine: (line: string) => void): void {
  let buf = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buf += chunk;
    let nl = buf.indexOf('\n');
    while (nl >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (line.trim() !== '') onLine(line);
      nl = buf.indexOf('\n');
    }
    if (buf.length > MAX_LINE_BYTES) socket.destroy(new Error('control line too long'));
  });
}

/** One request/response exchange on an already connected socket. */
function exchange(socket: net.Socket, message: Record<string, unknown>, timeoutMs: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const id = Number(message.id);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new Error(
          `Keine Antwort vom laufenden Rathaus-Prozess / no answer from the running Rathaus process within ${timeoutMs} ms`,
        ),
      );
    }, timeoutMs);
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.once('close', () => {
      clearTimeout(timer);
      reject(new Error('Control connection closed before an answer arrived'));
    });
    lineReader(socket, (line) => {
      let msg: { id?: unknown; ok?: unknown; res?: unknown; error?: unknown };
      try {
        msg = JSON.parse(line) as typeof msg;
      } catch {
        return;
      }
      if (msg.id !== id) return;
      clearTimeout(timer);
      if (msg.ok === true) resolve(msg.res);
      else reject(new Error(typeof msg.error === 'string' ? msg.error : 'control request failed'));
    });
    socket.write(`${JSON.stringify(message)}\n`);
  });
}

function readLockInfo(dataDir: string): { pid?: number; socketPath?: string; startedAt?: string } | undefined {
  try {
    const raw = JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_INFO_NAME), 'utf8')) as Record<string, unknown>;
    return {
      pid: typeof raw.pid === 'number' ? raw.pid : undefined,
      socketPath: typeof raw.socketPath === 'string' ? raw.socketPath : undefined,
      startedAt: typeof raw.startedAt === 'string' ? raw.startedAt : undefined,
    };
  } catch {
    return undefined;
  }
}

/**
 * Candidate socket paths: the one we compute, and the one the holder recorded
 * (differs if the holder ran with another TMPDIR and used the fallback).
 */
function candidateSockets(dataDir: string): string[] {
  const own = controlSocketPath(dataDir);
  const recorded = readLockInfo(dataDir)?.socketPath;
  return recorded && recorded !== own ? [own, recorded] : [own];
}

/** Who holds `dataDir`, or undefined if nobody (stale or absent sockets). */
export async function findLiveHolder(dataDir: string): Promise<HolderInfo | undefined> {
  const abs = path.resolve(dataDir);
  for (const socketPath of candidateSockets(abs)) {
    const p = await probe(socketPath);
    if (!p.live) continue;
    let pid = readLockInfo(abs)?.pid;
    let startedAt: string | undefined;
    if (p.socket) {
      try {
        const hello = (await exchange(p.socket, { id: 0, hello: true }, 1000)) as { pid?: unknown; startedAt?: unknown };
        if (typeof hello?.pid === 'number') pid = hello.pid;
        if (typeof hello?.startedAt === 'string') startedAt = hello.startedAt;
      } catch {
        // Busy holder (event loop blocked): still alive, the pid from the info file has to do.
      }
      p.socket.destroy();
    }
    return { pid, startedAt, socketPath };
  }
  return undefined;
}

/**
 * Send one control request to the process holding `dataDir`.
 * Resolves undefined when no live process holds the folder; rejects if the
 * holder answers with an error or does not answer in time.
 */
export async function sendControlRequest(
  dataDir: string,
  req: unknown,
  { timeoutMs = 10_000 }: { timeoutMs?: number } = {},
): Promise<unknown | undefined> {
  const abs = path.resolve(dataDir);
  for (const socketPath of candidateSockets(abs)) {
    const p = await probe(socketPath);
    if (!p.live) continue;
    const socket = p.socket;
    if (!socket) throw new Error(`Der Rathaus-Prozess am Socket ${socketPath} antwortet nicht / does not respond`);
    try {
      return await exchange(socket, { id: 1, req }, timeoutMs);
    } finally {
      socket.destroy();
    }
  }
  return undefined;
}

function listen(server: net.Server, socketPath: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen({ path: socketPath, exclusive: true }, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** O_EXCL marker serialising the unlink-and-rebind of a stale socket between racing newcomers. */
function tryTakeoverMarker(markerPath: string): boolean {
  try {
    fs.writeFileSync(markerPath, String(process.pid), { flag: 'wx' });
    return true;
  } catch (err) {
    if (errCode(err) !== 'EEXIST') throw err;
    try {
      const age = Date.now() - fs.statSync(markerPath).mtimeMs;
      if (age > STALE_TAKEOVER_MS) fs.rmSync(markerPath, { force: true });
    } catch {
      // vanished meanwhile: retry
    }
    return false;
  }
}

/**
 * Become the only process using `dataDir` (created if missing).
 * Throws DataDirInUseError if a live process holds it; a stale socket left by
 * a killed process is removed and taken over.
 */
export async function acquireDataDirLock(dataDir: string): Promise<DataDirLock> {
  const abs = path.resolve(dataDir);
  fs.mkdirSync(abs, { recursive: true });
  const socketPath = controlSocketPath(abs);
  const insideDataDir = path.dirname(socketPath) === abs;
  if (!insideDataDir && process.platform !== 'win32') ensurePrivateDir(path.dirname(socketPath));
  const markerPath = insideDataDir ? path.join(abs, TAKEOVER_NAME) : `${socketPath}.takeover`;

  // A holder recorded under another socket path (other TMPDIR) must also be respected.
  const holder = await findLiveHolder(abs);
  if (holder) throw new DataDirInUseError(dataDir, holder.pid);

  let handler: ControlHandler | undefined;
  const startedAt = new Date().toISOString();
  const connections = new Set<net.Socket>();
  const server = net.createServer((conn) => {
    connections.add(conn);
    conn.on('close', () => connections.delete(conn));
    conn.on('error', () => conn.destroy());
    lineReader(conn, (line) => {
      void answer(conn, line);
    });
  });
  // The lock must never keep the process alive on its own.
  server.unref();

  async function answer(conn: net.Socket, line: string): Promise<void> {
    let id: unknown = null;
    let reply: Record<string, unknown>;
    try {
      const msg = JSON.parse(line) as { id?: unknown; hello?: unknown; req?: unknown };
      id = msg.id ?? null;
      if (msg.hello === true) reply = { id, ok: true, res: { pid: process.pid, dataDir: abs, startedAt } };
      else if (!handler) reply = { id, ok: false, error: 'Kein Steuerkanal-Handler / no control handler attached' };
      else reply = { id, ok: true, res: (await handler(msg.req)) ?? null };
    } catch (err) {
      reply = { id, ok: false, error: err instanceof Error ? err.message : String(err) };
    }
    if (!conn.destroyed) conn.write(`${JSON.stringify(reply)}\n`);
  }

  for (let attempt = 0; ; attempt++) {
    if (attempt > 200) throw new Error(`Konnte den Datenordner nicht sperren / could not lock data folder ${abs}`);
    try {
      await listen(server, socketPath);
      break;
    } catch (err) {
      if (errCode(err) !== 'EADDRINUSE') throw err;
    }
    const p = await probe(socketPath);
    if (p.live) {
      p.socket?.destroy();
      const pid = (await findLiveHolder(abs))?.pid ?? readLockInfo(abs)?.pid;
      throw new DataDirInUseError(dataDir, pid);
    }
    if (p.reason === 'absent') continue; // freed meanwhile: just bind
    // Stale socket file of a killed holder. Only unlink it while holding the
    // takeover marker and after re-probing, so we never delete a socket that a
    // racing newcomer has just bound.
    if (!tryTakeoverMarker(markerPath)) {
      await sleep(20 + Math.floor(Math.random() * 30));
      continue;
    }
    try {
      const again = await probe(socketPath);
      if (again.live) {
        again.socket?.destroy();
        continue; // someone else won: next round reports them
      }
      fs.rmSync(socketPath, { force: true });
    } finally {
      fs.rmSync(markerPath, { force: true });
    }
  }

  if (process.platform !== 'win32') {
    // Control requests are privileged: owner only.
    fs.chmodSync(socketPath, 0o600);
  }
  writeLockInfo(abs, { pid: process.pid, socketPath, startedAt, hostname: os.hostname() });

  // Best effort on a normal exit without release(): the next start would
  // cope with the leftovers anyway (ECONNREFUSED → stale).
  const onExit = () => {
    try {
      if (process.platform !== 'win32') fs.rmSync(socketPath, { force: true });
      removeLockInfoIfOurs(abs);
    } catch {
      // exiting anyway
    }
  };
  process.once('exit', onExit);

  let released: Promise<void> | undefined;
  return {
    dataDir: abs,
    socketPath,
    onRequest(h: ControlHandler) {
      handler = h;
    },
    release() {
      released ??= (async () => {
        process.off('exit', onExit);
        removeLockInfoIfOurs(abs);
        for (const c of connections) c.destroy();
        const closed = once(server, 'close');
        server.close(); // libuv unlinks the socket file on close
        await closed;
      })();
      return released;
    },
  };
}

function writeLockInfo(dataDir: string, info: Record<string, unknown>): void {
  const file = path.join(dataDir, LOCK_INFO_NAME);
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(info)}\n`, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

function removeLockInfoIfOurs(dataDir: string): void {
  if (readLockInfo(dataDir)?.pid === process.pid) fs.rmSync(path.join(dataDir, LOCK_INFO_NAME), { force: true });
}
