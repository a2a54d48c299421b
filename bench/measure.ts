import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';

export interface Measurement {
  engine: string;
  route: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** Responses that were not 2xx, errors and timeouts: a figure with these measures the wrong thing. */
  failures: number;
}

export const settings = {
  seconds: Number(process.env.BENCH_SECONDS ?? 10),
  warmupSeconds: Number(process.env.BENCH_WARMUP_SECONDS ?? 2),
  connections: Number(process.env.BENCH_CONNECTIONS ?? 10),
};

export const progress = (line: string) => process.stderr.write(`${line}\n`);

export interface RunningServer {
  baseUrl: string;
  stop(): Promise<void>;
}

/** Starts bench/server.ts in a child process with `env` added to this environment. */
export async function startServer(env: Record<string, string | undefined>): Promise<RunningServer> {
  // BENCH_SERVER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof": profile the server (NODE_OPTIONS refuses these).
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', join(import.meta.dirname, 'server.ts')], {
    env: { ...process.env, NODE_NO_WARNINGS: '1', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('Der Server ist nach 600 s nicht bereit.')), 600_000);
    lines.on('line', (line) => {
      const match = /^LISTENING (\d+)$/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Der Server hat sich beim Start beendet (Exit-Code ${code}).`));
    });
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Loads one route with autocannon: a warm-up that is thrown away, then the measured run. */
export async function measure(engine: string, baseUrl: string, route: string): Promise<Measurement> {
  const url = `${baseUrl}${route}`;
  const check = await fetch(url);
  if (!check.ok) throw new Error(`${route} antwortet mit ${check.status}; gemessen würde die Fehlerseite.`);
  if (settings.warmupSeconds > 0) await autocannon({ url, connections: settings.connections, duration: settings.warmupSeconds });
  progress(`  ${engine}: ${route} (${settings.seconds} s, ${settings.connections} Verbindungen)`);
  const result = await autocannon({ url, connections: settings.connections, duration: settings.seconds });
  return {
    engine,
    route,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

export function markdownTable(rows: Measurement[]): string {
  const format = (n: number, digits = 0) =>
    n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false });
  const lines = ['| engine | route | req/s | p50 ms | p99 ms |', '|---|---|---:|---:|---:|'];
  for (const r of rows) {
    lines.push(`| ${r.engine} | \`GET ${r.route}\` | ${format(r.requestsPerSecond)} | ${format(r.p50)} | ${format(r.p99)} |`);
  }
  const failed = rows.filter((r) => r.failures > 0);
  for (const r of failed)
    lines.push('', `Achtung: ${r.engine} ${r.route}: ${r.failures} Antworten waren Fehler, Zeitüberschreitungen oder nicht 2xx.`);
  return lines.join('\n');
}
