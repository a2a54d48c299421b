import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, dropDatabase } from '../../test/helpers/database.js';

const repoRoot = join(import.meta.dirname, '../..');
const START_TIMEOUT_MS = 150_000;
const STOP_TIMEOUT_MS = 10_000;

export interface RunningServer {
  /** e.g. http://127.0.0.1:43121, without trailing slash. */
  url: string;
  /** Everything the server printed to stdout so far (the demo logins among it). */
  stdout(): string;
  /** The demo password printed at start for this login. */
  demoPassword(email: string): string;
  /** SIGTERM (SIGKILL after a timeout), then removes the data folder or database. */
  stop(): Promise<void>;
}

export interface ServerOptions {
  /** Port of the test SMTP server (see mail.ts); without it mails stay in the database. */
  smtpPort?: number;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('kein Port'))));
    });
  });
}

/** A fresh database for one server: an empty data folder, or a new database on TEST_DATABASE_URL's server. */
async function freshStorage(): Promise<{ env: Record<string, string>; remove(): Promise<void> }> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const dir = mkdtempSync(join(tmpdir(), 'rathaus-e2e-'));
    return { env: { DATA_DIR: dir }, remove: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `rathaus_e2e_${process.pid}_${randomBytes(4).toString('hex')}`;
  await createDatabase(url, name);
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: dbUrl.toString() },
    remove: () => dropDatabase(url, name),
  };
}

/** Variables of the test process that must not leak into the server's configuration. */
const APP_VARIABLES =
  /^(PORT|HOST|DATA_DIR|DATABASE_URL|SMTP_URL|MAIL_FROM|PUBLIC_URL|SESSION_SECRET|LOG_LEVEL|TRUST_PROXY|SEED_DEMO|SESSION_.*|BODY_LIMIT_BYTES|DB_POOL_SIZE)$/;

/** Starts `node --import tsx src/main.ts serve` as a user would, on a fresh database with the demo data. */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const storage = await freshStorage();
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !APP_VARIABLES.test(k)));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
    cwd: repoRoot,
    env: {
      ...inherited,
      ...storage.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: url,
      SEED_DEMO: 'true',
      LOG_LEVEL: 'warn',
      ...(options.smtpPort ? { SMTP_URL: `smtp://127.0.0.1:${options.smtpPort}` } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // A test process that dies without its after hook must not leave the server running.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));

  const stop = async () => {
    await terminate(child, exited);
    await storage.remove();
  };

  try {
    await waitForHealth(url, exited, () => `stdout:\n${out}\nstderr:\n${err}`);
    // The demo logins are printed right after listen; /health can answer a moment earlier.
    await waitFor(() => out.includes('Rathaus läuft auf'), exited);
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }

  return {
    url,
    stdout: () => out,
    demoPassword(email) {
      const line = out.split('\n').find((l) => l.split(/\s+/).includes(email));
      if (!line) throw new Error(`Kein Demo-Zugang ${email} in der Ausgabe des Servers:\n${out}`);
      const fields = line.trim().split(/\s+/);
      return fields[fields.length - 1];
    },
    stop,
  };
}

async function waitForHealth(url: string, exited: Promise<number | null>, output: () => string) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let exitCode: number | null | undefined;
  void exited.then((code) => {
    exitCode = code;
  });
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`Server beendet (Code ${exitCode}) bevor /health antwortete\n${output()}`);
    try {
      const response = await fetch(`${url}/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`/health antwortete nicht innerhalb von ${START_TIMEOUT_MS} ms\n${output()}`);
}

async function waitFor(condition: () => boolean, exited: Promise<number | null>) {
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const deadline = Date.now() + 5_000;
  while (!condition() && !gone && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

async function terminate(child: ChildProcess, exited: Promise<number | null>) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
