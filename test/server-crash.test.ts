import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { openPglite } from '../src/platform/db/open-pglite.js';

const root = join(import.meta.dirname, '..');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

interface Server {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

function startServer(dataDir: string, port: number): Server {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', SEED_DEMO: 'true', DATABASE_URL: '', SMTP_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, url: `http://127.0.0.1:${port}`, output: () => out, exited };
}

async function waitHealthy(server: Server): Promise<Response> {
  for (;;) {
    const done = await Promise.race([server.exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 200))]);
    if (done) throw new Error(`Server beendet:\n${server.output()}`);
    try {
      const res = await fetch(`${server.url}/health`);
      if (res.ok) return res;
    } catch {
      // not listening yet
    }
  }
}

/** Registers citizens one after another until stopped; returns the addresses the server acknowledged. */
async function registerUntilStopped(server: Server, stop: { now: boolean }): Promise<string[]> {
  const form = await fetch(`${server.url}/musterkreis/konto/registrieren`);
  const cookie = (form.headers.get('set-cookie') ?? '').split(';')[0];
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  assert.ok(cookie && csrf, 'registration form without CSRF token');
  const acknowledged: string[] = [];
  for (let i = 0; !stop.now; i++) {
    const email = `absturz${i}@example.org`;
    try {
      const res = await fetch(`${server.url}/musterkreis/konto/registrieren`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        body: new URLSearchParams({ _csrf: csrf, name: `Person ${i}`, email, password: 'Absturz-Test-2026!', password_confirm: 'Absturz-Test-2026!' }),
      });
      if (res.status === 303) acknowledged.push(email);
    } catch {
      break; // the server is gone
    }
  }
  return acknowledged;
}

describe('embedded server after kill -9', { skip: process.env.TEST_DATABASE_URL ? 'betrifft nur die eingebettete Datenbank (läuft im PGlite-Durchgang)' : false }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rathaus-crash-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  test('comes back healthy with every acknowledged registration, and a second server refuses the live folder', { timeout: 180_000 }, async (t) => {
    const first = startServer(dataDir, await freePort());
    await waitHealthy(first);

    const second = startServer(dataDir, await freePort());
    const secondCode = await second.exited;
    assert.notEqual(secondCode, 0);
    assert.match(second.output(), /Datenordner .* wird bereits von einem laufenden Rathaus-Prozess/);

    const stop = { now: false };
    const writing = registerUntilStopped(first, stop);
    await new Promise((r) => setTimeout(r, 3000));
    first.child.kill('SIGKILL');
    await first.exited;
    stop.now = true;
    const acknowledged = await writing;
    assert.ok(acknowledged.length > 0, 'no write was acknowledged before the kill');

    const restarted = startServer(dataDir, await freePort());
    const health = await waitHealthy(restarted);
    assert.deepEqual(await health.json(), { status: 'ok', db: 'pglite' });
    restarted.child.kill('SIGTERM');
    assert.equal(await restarted.exited, 0);

    const { pg, close } = await openPglite(dataDir);
    try {
      const { rows } = await pg.query<{ email: string }>(`select email from users where email like 'absturz%'`);
      const stored = new Set(rows.map((r) => r.email));
      const lost = acknowledged.filter((e) => !stored.has(e));
      assert.deepEqual(lost, [], `${lost.length} of ${acknowledged.length} acknowledged registrations lost`);
      t.diagnostic(`${acknowledged.length} acknowledged registrations, all present after kill -9 and restart`);
    } finally {
      await close();
    }
  });
});
