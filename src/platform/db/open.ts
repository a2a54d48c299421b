import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import type { Config } from '../config.js';
import { type Database, openPostgres, usePglite } from './database.js';

// btree_gist: exclusion constraints over (id, time range), e.g. no overlapping hall bookings.
export const PGLITE_EXTENSIONS = { pg_trgm, unaccent, btree_gist };

/** Opens the database the configuration names: PostgreSQL by URL, else embedded PGlite. */
export async function openDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir' | 'dbPoolSize'>): Promise<Database> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl, config.dbPoolSize);
  const { openPglite } = await import('./open-pglite.js');
  const { pg, close, lock } = await openPglite(config.dataDir, PGLITE_EXTENSIONS);
  return { ...usePglite(pg, close), controlChannel: lock };
}

/** An in-memory PGlite (tests), optionally started from a dumped data folder. */
export async function openMemoryPglite(loadDataDir?: Blob): Promise<Database> {
  const pg = await PGlite.create({ extensions: PGLITE_EXTENSIONS, ...(loadDataDir ? { loadDataDir } : {}) });
  return usePglite(pg, () => pg.close());
}
