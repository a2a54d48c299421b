import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { openPostgres } from '../src/platform/db/database.js';
import { migrateToLatest } from '../src/platform/db/migrate.js';
import { migrations } from '../src/platform/db/migrations/index.js';
import { createDatabase, createTestDatabase, dropDatabase, engineUnderTest, type TestDatabase } from './helpers/database.js';

describe(`migrations (${engineUnderTest})`, () => {
  let t: TestDatabase;
  before(async () => {
    t = await createTestDatabase();
  });
  after(() => t.drop());

  test('every listed migration is applied once, and a second run applies nothing', async () => {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(t.database.db);
    assert.deepEqual(
      rows.map((r) => r.name),
      Object.keys(migrations),
    );
    assert.deepEqual(await migrateToLatest(t.database.db), []);
  });

  test('German full text, trigram similarity and unaccent are available', async () => {
    const { rows } = await sql<{ ts: string; sim: number; plain: string }>`
      select to_tsvector('german', 'Anmeldungen') @@ to_tsquery('german', 'Anmeldung') as ts,
             similarity('Personalausweis', 'Personalausweiss') as sim,
             unaccent('Führerschein Straße') as plain`.execute(t.database.db);
    assert.equal(String(rows[0].ts), 'true');
    assert.ok(rows[0].sim > 0.5, `similarity ${rows[0].sim}`);
    assert.equal(rows[0].plain, 'Fuhrerschein Strasse');
  });

  test('two processes migrating the same PostgreSQL database at once apply each migration once', {
    skip: process.env.TEST_DATABASE_URL ? false : 'nur mit TEST_DATABASE_URL (PGlite gehört genau einem Prozess)',
  }, async () => {
    const fresh = await createBareDatabase();
    const a = openPostgres(fresh.url, 2);
    const b = openPostgres(fresh.url, 2);
    try {
      const [ra, rb] = await Promise.all([migrateToLatest(a.db), migrateToLatest(b.db)]);
      assert.equal(ra.length + rb.length, Object.keys(migrations).length);
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from kysely_migration`.execute(a.db);
      assert.equal(rows[0].n, Object.keys(migrations).length);
    } finally {
      await a.close();
      await b.close();
      await fresh.drop();
    }
  });
});

/** An empty database (not migrated) next to the test database. */
async function createBareDatabase() {
  const base = process.env.TEST_DATABASE_URL as string;
  const name = `rathaus_bare_${process.pid}_${Date.now()}`;
  await createDatabase(base, name);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => dropDatabase(base, name),
  };
}
