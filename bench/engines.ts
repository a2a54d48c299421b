import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** A fresh database for one benchmark run, described by the environment the server gets. */
export interface BenchEngine {
  name: 'eingebettet (PGlite)' | 'PostgreSQL';
  env: Record<string, string | undefined>;
  cleanup(): Promise<void>;
}

/**
 * The embedded engine always; PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL names a server.
 * BENCH_ENGINES=postgres (or embedded) measures only that one.
 */
export function benchEngineNames(): ('embedded' | 'postgres')[] {
  const available: ('embedded' | 'postgres')[] =
    process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL ? ['embedded', 'postgres'] : ['embedded'];
  const only = process.env.BENCH_ENGINES?.split(',').map((e) => e.trim());
  return only ? available.filter((e) => only.includes(e)) : available;
}

export async function createBenchEngine(kind: 'embedded' | 'postgres'): Promise<BenchEngine> {
  if (kind === 'embedded') {
    // A data folder on disk, as `npm start` uses it (not in-memory).
    const dataDir = await mkdtemp(join(tmpdir(), 'rathaus-bench-'));
    return {
      name: 'eingebettet (PGlite)',
      env: { DATA_DIR: dataDir, DATABASE_URL: undefined },
      cleanup: () => rm(dataDir, { recursive: true, force: true }),
    };
  }
  const url = (process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL) as string;
  const name = `rathaus_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(url, `create database ${name}`);
  const benchUrl = new URL(url);
  benchUrl.pathname = `/${name}`;
  const dataDir = await mkdtemp(join(tmpdir(), 'rathaus-bench-'));
  return {
    name: 'PostgreSQL',
    env: { DATABASE_URL: benchUrl.toString(), DATA_DIR: dataDir },
    async cleanup() {
      await adminQuery(url, `drop database if exists ${name} with (force)`);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function adminQuery(url: string, text: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
