import type { Config } from './config.js';
import type { Database, Db } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { openDatabase } from './db/open.js';
import { type BlobStore, diskBlobStore } from './files.js';
import { ForegroundLoad } from './http/foreground.js';
import { JobQueue } from './jobs.js';
import { defineMailJobs, MailService } from './mail.js';
import { sharedSecret } from './secrets.js';

/** The infrastructure every module may use; built once per process. */
export interface Platform {
  config: Config;
  database: Database;
  db: Db;
  jobs: JobQueue;
  /** Mail delivery (SMTP or captured in the database); see enqueueMail in mail.ts. */
  mail: MailService;
  /** Uploaded and generated files, content-addressed (disk under dataDir/files). */
  files: BlobStore;
  /** Signs CSRF tokens; the same in every process. */
  csrfSecret: string;
  /** Registered by modules; run on stop in reverse order. */
  onStop: (() => Promise<void>)[];
  /** Requests in flight in this process; heavy background work waits for a quiet moment. */
  foreground: ForegroundLoad;
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
    const platform: Platform = {
      config,
      database,
      db: database.db,
      jobs,
      mail: new MailService(config),
      csrfSecret,
      files: diskBlobStore(config.dataDir),
      onStop: [],
      foreground: new ForegroundLoad(),
    };
    defineMailJobs(platform);
    // Before any transaction can send a job (on PGlite it would wait for the gate it holds).
    await jobs.prepare();
    return platform;
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** Stops workers, then closes the database. */
export async function stopPlatform(platform: Platform) {
  for (const stop of [...platform.onStop].reverse()) await stop();
  await platform.jobs.stop();
  // Pooled SMTP connections would keep the process alive.
  platform.mail.transport.close();
  await platform.database.close();
}
