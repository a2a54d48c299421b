import type { Migration } from 'kysely';
import * as m0001 from './0001_platform.js';

/**
 * Every migration, in order. Listed explicitly (no directory scan) so the set is the
 * same under tsx, a bundle or tests. Add new ones at the end, never edit applied ones.
 */
export const migrations: Record<string, Migration> = {
  '0001_platform': m0001,
};
