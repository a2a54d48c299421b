import { type Kysely, sql } from 'kysely';

/**
 * A per-tenant catalog version in PostgreSQL, so app processes may memoize public catalog
 * reads (search results, service pages) and still never serve data another process has
 * changed: every read checks the token first, and any committed catalog change replaces it.
 *
 * The token is a random uuid (a rolled-back change can never reuse one). It is bumped by
 * deferred constraint triggers, i.e. at commit: the row lock is taken last, so two writers
 * cannot deadlock on it, and only once per transaction (`xact`), so a 10,000-service import
 * writes it once. Visit counts are not catalog content and do not bump it.
 */
const TABLES = [
  'catalog_words',
  'catalog_contacts',
  'catalog_locations',
  'catalog_service_contacts',
  'catalog_service_locations',
  'catalog_lebenslagen',
  'catalog_service_lebenslagen',
  'catalog_synonyms',
  'catalog_attachments',
  // The service page shows the department's name.
  'departments',
] as const;

/** Every column of catalog_services a reader sees, i.e. all but visits (and the trigger-kept search columns). */
const SERVICE_COLUMNS = [
  'tenant_id',
  'slug',
  'title',
  'summary',
  'description_md',
  'documents',
  'fees',
  'processing_time',
  'legal_basis',
  'leika_key',
  'department_id',
  'keywords',
  'online_procedure_id',
  'online_url',
  'easy_language_md',
  'status',
  'reviewed_at',
  'updated_at',
];

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table catalog_versions (
      tenant_id uuid primary key references tenants(id) on delete cascade,
      token uuid not null default gen_random_uuid(),
      xact xid8
    )`.execute(db);
  await sql`insert into catalog_versions (tenant_id) select id from tenants`.execute(db);
  await sql`
    create function catalog_bump_version() returns trigger language plpgsql as $$
    declare
      t uuid := case when tg_op = 'DELETE' then old.tenant_id else new.tenant_id end;
    begin
      -- A bulk import queues thousands of these events: after the first, only a cheap look-up.
      if exists (select 1 from catalog_versions where tenant_id = t and xact = pg_current_xact_id()) then
        return null;
      end if;
      -- A deleted tenant (whose rows go by cascade) needs no version any more.
      insert into catalog_versions as v (tenant_id, token, xact)
        select t, gen_random_uuid(), pg_current_xact_id() where exists (select 1 from tenants where id = t)
        on conflict (tenant_id) do update set token = excluded.token, xact = excluded.xact;
      return null;
    end $$
  `.execute(db);
  for (const table of TABLES) {
    await sql`
      create constraint trigger ${sql.id(`${table}_version`)} after insert or update or delete on ${sql.table(table)}
      deferrable initially deferred for each row execute function catalog_bump_version()
    `.execute(db);
  }
  await sql`
    create constraint trigger catalog_services_version
    after insert or delete or update of ${sql.join(SERVICE_COLUMNS.map((c) => sql.id(c)))} on catalog_services
    deferrable initially deferred for each row execute function catalog_bump_version()
  `.execute(db);

  // The embedded engine has no autovacuum: GIN's pending list would only grow (up to 4 MB),
  // and with a long one the planner rightly prefers scanning every service over the trigram
  // index. A 64 kB limit merges it into the index every few hundred rows, still in bulk.
  for (const index of ['catalog_services_vector', 'catalog_services_trgm', 'catalog_words_trgm']) {
    await sql`alter index ${sql.id(index)} set (gin_pending_list_limit = 64)`.execute(db);
    await sql`select gin_clean_pending_list(${index}::regclass)`.execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('Migrationen werden nicht zurückgenommen.');
}
