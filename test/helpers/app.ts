import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { type Config, loadConfig } from '../../src/platform/config.js';
import { type Platform, preparePlatform, stopPlatform } from '../../src/platform/platform.js';
import { insertTenant } from '../../src/platform/tenancy/repo.js';
import { createTestDatabase } from './database.js';

export interface TestApp {
  app: FastifyInstance;
  platform: Platform;
  config: Config;
  /** Stops workers, closes the app and drops the database. */
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  /** Start pg-boss workers (default false: most tests need no background work). */
  jobs?: boolean;
}

/** A complete app on a fresh database, for `app.inject` tests. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const { database, drop } = await createTestDatabase();
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    PUBLIC_URL: 'http://localhost:3000',
    SEED_DEMO: 'false',
    DATA_DIR: '/nonexistent-test-data',
    ...options.env,
  });
  const platform = await preparePlatform(config, { database, work: options.jobs ?? false });
  const app = await buildApp(platform);
  if (options.jobs) await platform.jobs.start();
  await app.ready();
  return {
    app,
    platform,
    config,
    async close() {
      await app.close();
      await stopPlatform(platform).catch(() => {});
      await drop().catch(() => {});
    },
  };
}

/** Two tenants for isolation tests. */
export async function createTenants(platform: Platform) {
  const a = await insertTenant(platform.db, { slug: 'musterkreis', name: 'Landkreis Musterkreis', type: 'landkreis' });
  const b = await insertTenant(platform.db, { slug: 'beispielstadt', name: 'Gemeinde Beispielstadt', type: 'gemeinde' });
  return { a, b };
}
