import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { type Database, openPostgres, usePglite } from '../../src/platform/db/database.js';
import { migrateToLatest } from '../../src/platform/db/migrate.js';
import { PGLITE_EXTENSIONS } from '../../src/platform/db/open.js';
import { JobQueue } from '../../src/platform/jobs.js';

export const engineUnderTest = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';

/** Every migration source, hashed: the template is rebuilt whenever one changes. */
function migrationsHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (dir.endsWith('migrations')) hash.update(path).update(readFileSync(path));
    }
  };
  walk(join(import.meta.dirname, '../../src'));
  return hash.digest('hex').slice(0, 16);
}

/**
 * A fresh PGlite takes ~6 s to initialise; loading a dumped, migrated data folder
 * takes ~1 s. The dump is shared by every test process through a temp file.
 */
async function pgliteTemplate(): Promise<Blob> {
  const file = join(tmpdir(), `rathaus-pglite-template-v2-${migrationsHash()}.tar`);
  if (existsSync(file)) return new Blob([readFileSync(file)]);
  const fresh = await PGlite.create({ extensions: PGLITE_EXTENSIONS });
  const db = usePglite(fresh, () => fresh.close());
  await migrateToLatest(db.db);
  // pg-boss creates its schema on first start; doing it once here saves every test that.
  const jobs = new JobQueue(db, { work: false });
  await jobs.prepare();
  await jobs.stop();
  const dump = await fresh.dumpDataDir('none');
  await db.close();
  const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  renameSync(partial, file);
  return dump;
}

export interface TestDatabase {
  database: Database;
  /** Closes the connection and removes the database. */
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, a new
 * database on the server named by TEST_DATABASE_URL otherwise (dropped afterwards).
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const pgl = await PGlite.create({ extensions: PGLITE_EXTENSIONS, loadDataDir: await pgliteTemplate() });
    const database = usePglite(pgl, () => pgl.close());
    return { database, drop: () => database.close() };
  }
  const name = `rathaus_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await createDatabase(url, name);
  const testUrl = new URL(url);
  testUrl.pathname = `/${name}`;
  const database = openPostgres(testUrl.toString(), Number(process.env.TEST_POOL_SIZE ?? 5));
  await migrateToLatest(database.db);
  return {
    database,
    async drop() {
      await database.close();
      await dropDatabase(url, name);
    },
  };
}

/** Creates an empty database on the server of `url`; the admin client is closed even on error. */
export async function createDatabase(url: string, name: string) {
  const admin = new pg.Client({ connectionString: url });
  try {
    await admin.connect();
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end().catch(() => {});
  }
}

/**
 * Drops a test database. On PostgreSQL 15 `with (force)` refuses a non-superuser while an
 * autovacuum worker is in the database ("must be a member of the role whose process is
 * being terminated"), so a few retries; a database still left is swept by `.ci/run`.
 * The admin client is always closed: left open, it kept a test file's process alive
 * until CI's time limit.
 */
export async function dropDatabase(url: string, name: string) {
  for (let attempt = 1; ; attempt++) {
    const c = new pg.Client({ connectionString: url });
    try {
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      return;
    } catch (error) {
      // 42501: an autovacuum worker could not be terminated; 55006: the database is still in use.
      const transient = ['42501', '55006'].includes((error as { code?: string }).code ?? '');
      if (!transient || attempt >= 10) throw error;
    } finally {
      await c.end().catch(() => {});
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}
