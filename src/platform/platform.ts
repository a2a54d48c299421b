import type { Config } from './config.js';
import type { Database, Db } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { openDatabase } from './db/open.js';
import { JobQueue } from './jobs.js';
import { sharedSecret } from './secrets.js';

/** The infrastructure every module may use; built once per process. */
export interface Platform {
  config: Config;
  database: Database;
  db: Db;
  jobs: JobQueue;
  /** Signs CSRF tokens; the same in every process. */
  csrfSecret: string;
  /** Registered by modules; run on stop in reverse order. */
  onStop: (() => Promise<void>)[];
}

export interface StartOptions {
  /** Use this database instead of opening the configured one (tests). */
  database?: Database;
  /** Run job workers in this process (default true; false for CLI commands). */
  work?: boolean;
}

/** Opens and migrates the database and prepares the job queue (not yet started). */
export async function preparePlatform(config: Config, options: StartOptions = {}): Promise<Platform> {
  const database = options.database ?? (await openDatabase(config));
  try {
    await migrateToLatest(database.db);
    const csrfSecret = await sharedSecret(database.db, 'csrf', config.sessionSecret);
    const jobs = new JobQueue(database, { work: options.work ?? true });
    return { config, database, db: database.db, jobs, csrfSecret, onStop: [] };
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** Stops workers, then closes the database. */
export async function stopPlatform(platform: Platform) {
  for (const stop of [...platform.onStop].reverse()) await stop();
  await platform.jobs.stop();
  await platform.database.close();
}
