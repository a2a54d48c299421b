import pg from 'pg';
import PgBoss from 'pg-boss';
import type { Database, Executor } from './db/database.js';
import { executorFor } from './db/database.js';

/** What a handler learns about the run it is in (e.g. to record a final failure). */
export interface JobRun {
  id: string;
  /** 0 on the first try, 1 on the first retry, … */
  retryCount: number;
  retryLimit: number;
  /** No retry follows if this run throws. */
  lastAttempt: boolean;
}

export interface JobDefinition<T> {
  name: string;
  handle(data: T, run: JobRun): Promise<void>;
  /** Failed jobs are retried with exponential backoff (default 5 tries). */
  retryLimit?: number;
  /** First retry delay in seconds (doubles with each try). */
  retryDelay?: number;
  /** Jobs fetched at once by one worker. */
  batchSize?: number;
  /** How often an idle worker looks for work (default 1 s, at least 0.5 s). */
  pollingIntervalSeconds?: number;
  /** Jobs of this queue one process works on at once (default 1): that many pg-boss workers. */
  concurrency?: number;
}

export interface SendOptions {
  /** Write the job in this transaction: it exists exactly when the change commits (outbox). */
  tx?: Executor;
  startAfter?: Date | number;
  singletonKey?: string;
  /** Overrides the queue's retry settings for this job. */
  retryLimit?: number;
  retryDelay?: number;
}

/** PostgreSQL delivers a NOTIFY on commit only: the wake-up signal of the outbox. */
const WAKE_CHANNEL = 'rathaus_jobs';

/**
 * Background work on pg-boss, on both engines. pg-boss is prepared (schema, queues)
 * before the first transaction can send a job: on PGlite its statements would otherwise
 * wait for the gate that very transaction holds. Workers poll; a job sent inside a
 * transaction wakes them when it commits (PostgreSQL: NOTIFY, which every instance
 * hears; PGlite: the worker's fetch queues behind the transaction at the gate).
 */
export class JobQueue {
  private readonly boss: PgBoss;
  private readonly definitions = new Map<string, JobDefinition<any>>();
  private readonly queues = new Map<string, Promise<void>>();
  private readonly workerIds = new Map<string, string[]>();
  private readonly work: boolean;
  private prepared?: Promise<void>;
  private lastQueue: Promise<void> = Promise.resolve();
  private started = false;
  private stopped = false;
  private listener?: pg.Client;
  onError: (error: unknown) => void = () => {};

  constructor(
    private readonly database: Database,
    options: { work?: boolean } = {},
  ) {
    this.work = options.work ?? true;
    this.boss = new PgBoss({
      db: database.executor as PgBoss.Db,
      schema: 'pgboss',
      // Maintenance (expiry, archive) is for worker processes; pg-boss coordinates them through advisory locks.
      supervise: this.work,
      schedule: false,
      migrate: true,
    });
    // An error in the background (a lost connection) must be logged, not crash the process.
    this.boss.on('error', (error) => this.onError(error));
  }

  define<T>(definition: JobDefinition<T>) {
    if (this.started) throw new Error(`Job ${definition.name} muss vor dem Start definiert werden.`);
    this.definitions.set(definition.name, definition);
    // Defined after prepare (a module's setup): create the queue now, before any transaction needs it.
    if (this.prepared) this.createQueue(definition);
  }

  /** Creates pg-boss's schema and the defined queues. Call once outside any transaction. */
  prepare(): Promise<void> {
    if (!this.prepared) {
      this.prepared = this.boss.start().then(() => {});
      for (const d of this.definitions.values()) this.createQueue(d);
    }
    return this.prepared.then(() => Promise.all(this.queues.values())).then(() => {});
  }

  private createQueue(d: JobDefinition<unknown>) {
    const options = {
      name: d.name,
      retryLimit: d.retryLimit ?? 5,
      retryDelay: d.retryDelay ?? 5,
      retryBackoff: true,
      expireInSeconds: 15 * 60,
    };
    // One after the other: pg-boss creates a partition per queue with a foreign key to its
    // queue table, and two such statements at once deadlock on PostgreSQL.
    const created = Promise.all([this.prepared as Promise<void>, this.lastQueue.catch(() => {})]).then(async () => {
      await this.boss.createQueue(d.name, options);
      // An existing queue would keep its old settings otherwise.
      await this.boss.updateQueue(d.name, options);
    });
    this.lastQueue = created;
    // Awaited by send/start; this only keeps a failure from counting as unhandled meanwhile.
    created.catch(() => {});
    this.queues.set(d.name, created);
  }

  async start() {
    await this.prepare();
    if (this.work) {
      for (const d of this.definitions.values()) {
        // pg-boss 10 has no team options: concurrency is several workers, each fetching on its own.
        const ids: string[] = [];
        for (let i = 0; i < Math.max(1, d.concurrency ?? 1); i++) {
          let workerId: string | undefined;
          workerId = await this.boss.work<any>(
            d.name,
            { batchSize: d.batchSize ?? 1, pollingIntervalSeconds: d.pollingIntervalSeconds ?? 1, includeMetadata: true },
            async (jobs) => {
              for (const job of jobs as PgBoss.JobWithMetadata<any>[]) {
                await d.handle(job.data, {
                  id: job.id,
                  retryCount: job.retryCount,
                  retryLimit: job.retryLimit,
                  lastAttempt: job.retryCount >= job.retryLimit,
                });
              }
              // pg-boss 10 waits a whole polling interval even after a full fetch: with a
              // backlog and no new commits to wake it, a queue drained one job per interval.
              if (jobs.length > 0 && workerId) this.boss.notifyWorker(workerId);
            },
          );
          ids.push(workerId);
        }
        this.workerIds.set(d.name, ids);
      }
      await this.listen();
    }
    this.started = true;
  }

  async send<T extends object>(name: string, data: T, options: SendOptions = {}): Promise<string | null> {
    if (!this.definitions.has(name)) throw new Error(`Unbekannter Job: ${name}`);
    // Inside a transaction on PGlite, preparing now would wait for the gate the transaction holds.
    if (!this.prepared && options.tx?.isTransaction)
      throw new Error('JobQueue.prepare() muss vor der ersten Transaktion laufen.');
    await this.prepare();
    const id = await this.boss.send(name, data, {
      ...(options.tx ? { db: executorFor(options.tx) as PgBoss.Db } : {}),
      ...(options.startAfter !== undefined ? { startAfter: options.startAfter } : {}),
      ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
      ...(options.retryLimit !== undefined ? { retryLimit: options.retryLimit } : {}),
      ...(options.retryDelay !== undefined ? { retryDelay: options.retryDelay } : {}),
    });
    // A job for later: waking the workers now would only make them fetch nothing (polling finds it when due).
    const later = options.startAfter instanceof Date ? options.startAfter.getTime() > Date.now() : (options.startAfter ?? 0) > 0;
    if (later) return id;
    if (options.tx && this.database.engine === 'postgres') {
      await executorFor(options.tx).executeSql('select pg_notify($1, $2)', [WAKE_CHANNEL, name]);
    } else {
      // On PGlite the woken worker's fetch waits at the gate until the transaction has ended.
      this.wake(name);
    }
    return id;
  }

  /**
   * Several jobs of one queue in one insert and one wake-up (a batch written by one
   * transaction, e.g. the mails of a group commit). Due at once; otherwise as `send`.
   */
  async sendMany<T extends object>(
    name: string,
    data: T[],
    options: Pick<SendOptions, 'tx' | 'retryLimit' | 'retryDelay'> = {},
  ): Promise<void> {
    if (!this.definitions.has(name)) throw new Error(`Unbekannter Job: ${name}`);
    if (data.length === 0) return;
    if (!this.prepared && options.tx?.isTransaction)
      throw new Error('JobQueue.prepare() muss vor der ersten Transaktion laufen.');
    await this.prepare();
    await this.boss.insert(
      data.map((d) => ({
        name,
        data: d,
        ...(options.retryLimit !== undefined ? { retryLimit: options.retryLimit } : {}),
        ...(options.retryDelay !== undefined ? { retryDelay: options.retryDelay } : {}),
      })),
      options.tx ? { db: executorFor(options.tx) as PgBoss.Db } : {},
    );
    if (options.tx && this.database.engine === 'postgres') {
      await executorFor(options.tx).executeSql('select pg_notify($1, $2)', [WAKE_CHANNEL, name]);
    } else {
      this.wake(name);
    }
  }

  /** Lets the local workers fetch now instead of at their next poll. */
  wake(name: string) {
    for (const id of this.workerIds.get(name) ?? []) this.boss.notifyWorker(id);
  }

  /** Jobs not yet completed or failed for good (for tests, CLI and the back office). */
  async pending(name: string): Promise<number> {
    await this.prepare();
    return this.boss.getQueueSize(name, { before: 'completed' });
  }

  async stop() {
    if (this.stopped || !this.prepared) return;
    this.stopped = true;
    this.started = false;
    await this.prepare().catch(() => {});
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => {});
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  }

  /** On PostgreSQL: hear the commits of every instance's outbox writes. */
  private async listen() {
    const pool = this.database.pool;
    if (!pool || this.stopped) return;
    const client = new pg.Client(pool.options as pg.ClientConfig);
    client.on('notification', (message) => {
      if (message.payload) this.wake(message.payload);
    });
    client.on('error', (error) => {
      this.onError(error);
      if (this.listener !== client) return;
      this.listener = undefined;
      client.end().catch(() => {});
      // Polling keeps the work going meanwhile; reconnect for prompt wake-ups.
      setTimeout(() => void this.listen().catch((e) => this.onError(e)), 5_000).unref();
    });
    try {
      await client.connect();
      await client.query(`listen ${WAKE_CHANNEL}`);
      if (this.stopped) await client.end();
      else this.listener = client;
    } catch (error) {
      this.onError(error);
      await client.end().catch(() => {});
    }
  }
}
