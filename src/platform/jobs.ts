import PgBoss from 'pg-boss';
import type { Database, Executor } from './db/database.js';
import { executorFor } from './db/database.js';

export interface JobDefinition<T> {
  name: string;
  handle(data: T): Promise<void>;
  /** Failed jobs are retried with exponential backoff (default 5 tries). */
  retryLimit?: number;
  /** First retry delay in seconds (doubles with each try). */
  retryDelay?: number;
  /** Jobs fetched at once by one worker. */
  batchSize?: number;
}

export interface SendOptions {
  /** Write the job in this transaction: it exists exactly when the change commits (outbox). */
  tx?: Executor;
  startAfter?: Date | number;
  singletonKey?: string;
}

/**
 * Background work on pg-boss, on both engines. Workers poll each second; `wake`
 * lets a caller start a worker right after its transaction committed.
 */
export class JobQueue {
  private readonly boss: PgBoss;
  private readonly definitions = new Map<string, JobDefinition<any>>();
  private readonly workerIds = new Map<string, string>();
  private started = false;

  constructor(database: Database, options: { work?: boolean } = {}) {
    this.work = options.work ?? true;
    this.boss = new PgBoss({
      db: database.executor as PgBoss.Db,
      schema: 'pgboss',
      // Maintenance needs only one process at a time; pg-boss coordinates through advisory locks.
      supervise: true,
      schedule: false,
      migrate: true,
    });
    // An error in the background (a lost connection) must be logged, not crash the process.
    this.boss.on('error', (error) => this.onError(error));
  }

  private readonly work: boolean;
  onError: (error: unknown) => void = () => {};

  define<T>(definition: JobDefinition<T>) {
    if (this.started) throw new Error(`Job ${definition.name} muss vor dem Start definiert werden.`);
    this.definitions.set(definition.name, definition);
  }

  async start() {
    await this.boss.start();
    for (const d of this.definitions.values()) {
      await this.boss.createQueue(d.name, {
        name: d.name,
        retryLimit: d.retryLimit ?? 5,
        retryDelay: d.retryDelay ?? 5,
        retryBackoff: true,
        expireInSeconds: 15 * 60,
      });
      if (this.work) {
        const id = await this.boss.work<any>(d.name, { batchSize: d.batchSize ?? 1, pollingIntervalSeconds: 1 }, async (jobs) => {
          for (const job of jobs) await d.handle(job.data);
        });
        this.workerIds.set(d.name, id);
      }
    }
    this.started = true;
  }

  async send<T extends object>(name: string, data: T, options: SendOptions = {}): Promise<string | null> {
    if (!this.definitions.has(name)) throw new Error(`Unbekannter Job: ${name}`);
    const id = await this.boss.send(name, data, {
      ...(options.tx ? { db: executorFor(options.tx) as PgBoss.Db } : {}),
      ...(options.startAfter !== undefined ? { startAfter: options.startAfter } : {}),
      ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
    });
    if (!options.tx) this.wake(name);
    return id;
  }

  /** Lets the local worker fetch now instead of at its next poll. */
  wake(name: string) {
    const id = this.workerIds.get(name);
    if (id) this.boss.notifyWorker(id);
  }

  /** Jobs not yet completed or failed for good (for tests, CLI and the back office). */
  async pending(name: string): Promise<number> {
    return this.boss.getQueueSize(name, { before: 'completed' });
  }

  async stop() {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  }
}
