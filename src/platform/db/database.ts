import type { PGlite } from '@electric-sql/pglite';
import { CompiledQuery, Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { PlatformTables } from './schema.js';
import { Gate } from './gate.js';
import { PgliteDialect } from './pglite-dialect.js';

export type Engine = 'pglite' | 'postgres';

/** What pg-boss needs to run SQL: on PGlite through the gate, or on a transaction. */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

export type Db = Kysely<PlatformTables>;
export type Tx = Transaction<PlatformTables>;
/** Either the root handle or a transaction: repo functions accept both. */
export type Executor = Kysely<PlatformTables>;

export interface Database {
  engine: Engine;
  db: Db;
  /** Runs SQL for pg-boss outside any transaction. */
  executor: SqlExecutor;
  /** The pg pool when on PostgreSQL (pg-boss and LISTEN use it). */
  pool?: pg.Pool;
  /** The engine when embedded (its notifications feed the tenant memo). */
  pglite?: PGlite;
  /**
   * Embedded engine only: the data-folder lock's socket, through which CLI commands
   * reach the server that owns the folder.
   */
  controlChannel?: { onRequest(handler: (req: unknown) => Promise<unknown>): void };
  close(): Promise<void>;
}

// int8 (count(*), bigserial) as number: ids and counts stay far below 2^53.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));

export function openPostgres(url: string, poolSize = 10): Database {
  // A request that cannot get a connection within 15 s fails instead of queueing forever.
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 15_000 });
  // An idle client that loses its server must not crash the process.
  pool.on('error', () => {});
  const db = new Kysely<PlatformTables>({ dialect: new PostgresDialect({ pool }) });
  return {
    engine: 'postgres',
    db,
    pool,
    executor: {
      async executeSql(text, values) {
        const result = await pool.query(text, values as unknown[] | undefined);
        return { rows: result.rows };
      },
    },
    close: once(() => db.destroy()),
  };
}

/** Wraps an open PGlite; `closeEngine` closes it and releases the data folder. */
export function usePglite(pglite: PGlite, closeEngine: () => Promise<void>): Database {
  const gate = new Gate();
  const db = new Kysely<PlatformTables>({ dialect: new PgliteDialect(pglite, gate) });
  return {
    engine: 'pglite',
    db,
    pglite,
    executor: {
      executeSql: (text, values) =>
        gate.run(async () => {
          // pg-boss sends its schema as one multi-statement text, which only `exec` accepts.
          if (!values || values.length === 0) {
            const results = await pglite.exec(text);
            return { rows: results.at(-1)?.rows ?? [] };
          }
          const result = await pglite.query(text, values);
          return { rows: result.rows };
        }),
    },
    close: once(async () => {
      await db.destroy();
      await gate.run(closeEngine);
    }),
  };
}

/** Closing twice (platform stop, then test cleanup) must not fail. */
function once(fn: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => {
    closing ??= fn();
    return closing;
  };
}

/** Runs SQL (for pg-boss `send`) inside a Kysely transaction: the outbox write. */
export function executorFor(tx: Kysely<any>): SqlExecutor {
  return {
    async executeSql(text, values) {
      const result = await tx.executeQuery(CompiledQuery.raw(text, values ?? []));
      return { rows: result.rows as unknown[] };
    },
  };
}
