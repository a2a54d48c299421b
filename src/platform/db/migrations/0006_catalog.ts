import { type Kysely, sql } from 'kysely';

/**
 * The service catalog: Leistungen, contacts, locations, Lebenslagen, synonyms and the
 * search vocabulary. Search columns are kept by triggers because `unaccent` is only
 * STABLE; `catalog_fold` names its dictionary so it may be declared IMMUTABLE.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function public.catalog_fold(text) returns text
    language sql immutable parallel safe strict
    as $$ select lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$
  `.execute(db);

  await db.schema
    .createTable('catalog_services')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('slug', 'text', (c) => c.notNull().check(sql`slug ~ '^[a-z0-9][a-z0-9-]{0,119}$'`))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('description_md', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('documents', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('fees', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('processing_time', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('legal_basis', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('leika_key', 'text', (c) => c.check(sql`leika_key ~ '^[0-9]{14}$'`))
    .addColumn('department_id', 'uuid', (c) => c.references('departments.id').onDelete('set null'))
    .addColumn('keywords', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('online_procedure_id', 'text')
    .addColumn('online_url', 'text', (c) => c.check(sql`online_url ~ '^https?://'`))
    .addColumn('easy_language_md', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft').check(sql`status in ('draft','published')`))
    .addColumn('reviewed_at', 'timestamptz')
    .addColumn('visits', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('search_vector', sql`tsvector`, (c) => c.notNull().defaultTo(sql`''::tsvector`))
    .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
    .addUniqueConstraint('catalog_services_tenant_slug', ['tenant_id', 'slug'])
    .execute();
  await sql`create index catalog_services_vector on catalog_services using gin (search_vector)`.execute(db);
  await sql`create index catalog_services_trgm on catalog_services using gin (search_text gin_trgm_ops)`.execute(db);
  await sql`create index catalog_services_tenant_title on catalog_services (tenant_id, status, title)`.execute(db);

  // Words of titles, keywords and synonym terms: the dictionary typos are corrected against.
  await db.schema
    .createTable('catalog_words')
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('word', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('catalog_words_pk', ['tenant_id', 'word'])
    .execute();
  await sql`create index catalog_words_trgm on catalog_words using gin (word gin_trgm_ops)`.execute(db);

  await sql`
    create function catalog_services_search() returns trigger language plpgsql as $$
    begin
      new.search_vector :=
        setweight(to_tsvector('german', public.catalog_fold(new.title)), 'A') ||
        setweight(to_tsvector('german', public.catalog_fold(array_to_string(new.keywords, ' '))), 'B') ||
        setweight(to_tsvector('german', public.catalog_fold(new.summary)), 'C') ||
        setweight(to_tsvector('german', public.catalog_fold(new.description_md)), 'D');
      new.search_text := public.catalog_fold(new.title || ' ' || array_to_string(new.keywords, ' '));
      insert into catalog_words (tenant_id, word)
        select distinct new.tenant_id, w from regexp_split_to_table(new.search_text, '[^a-z0-9]+') w where length(w) >= 3
        on conflict do nothing;
      return new;
    end $$
  `.execute(db);
  await sql`
    create trigger catalog_services_search before insert or update of title, keywords, summary, description_md
    on catalog_services for each row execute function catalog_services_search()
  `.execute(db);

  await db.schema
    .createTable('catalog_contacts')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('function', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('phone', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('email', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('room', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('consultation_hours', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('consultation_note', 'text', (c) => c.notNull().defaultTo(''))
    .execute();

  await db.schema
    .createTable('catalog_locations')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('street', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('postal_code', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('city', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('accessibility', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('opening_hours', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('opening_hours_note', 'text', (c) => c.notNull().defaultTo(''))
    .execute();

  await db.schema
    .createTable('catalog_service_contacts')
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('service_id', 'uuid', (c) => c.notNull().references('catalog_services.id').onDelete('cascade'))
    .addColumn('contact_id', 'uuid', (c) => c.notNull().references('catalog_contacts.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('catalog_service_contacts_pk', ['service_id', 'contact_id'])
    .execute();
  await db.schema
    .createTable('catalog_service_locations')
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('service_id', 'uuid', (c) => c.notNull().references('catalog_services.id').onDelete('cascade'))
    .addColumn('location_id', 'uuid', (c) => c.notNull().references('catalog_locations.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('catalog_service_locations_pk', ['service_id', 'location_id'])
    .execute();

  await db.schema
    .createTable('catalog_lebenslagen')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('parent_id', 'uuid', (c) => c.references('catalog_lebenslagen.id').onDelete('cascade'))
    .addColumn('slug', 'text', (c) => c.notNull().check(sql`slug ~ '^[a-z0-9][a-z0-9-]{0,119}$'`))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('catalog_lebenslagen_tenant_slug', ['tenant_id', 'slug'])
    .execute();
  await db.schema
    .createIndex('catalog_lebenslagen_parent')
    .on('catalog_lebenslagen')
    .columns(['tenant_id', 'parent_id'])
    .execute();

  await db.schema
    .createTable('catalog_service_lebenslagen')
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('service_id', 'uuid', (c) => c.notNull().references('catalog_services.id').onDelete('cascade'))
    .addColumn('lebenslage_id', 'uuid', (c) => c.notNull().references('catalog_lebenslagen.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('catalog_service_lebenslagen_pk', ['service_id', 'lebenslage_id'])
    .execute();
  await db.schema
    .createIndex('catalog_service_lebenslagen_lage')
    .on('catalog_service_lebenslagen')
    .columns(['lebenslage_id'])
    .execute();

  // term is stored folded (lower case, no umlauts, ß as ss): the query is folded the same way.
  await db.schema
    .createTable('catalog_synonyms')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('term', 'text', (c) => c.notNull())
    .addColumn('expansions', sql`text[]`, (c) => c.notNull())
    .addUniqueConstraint('catalog_synonyms_tenant_term', ['tenant_id', 'term'])
    .execute();
  await sql`
    create function catalog_synonyms_words() returns trigger language plpgsql as $$
    begin
      new.term := public.catalog_fold(new.term);
      insert into catalog_words (tenant_id, word)
        select distinct new.tenant_id, w from regexp_split_to_table(new.term, '[^a-z0-9]+') w where length(w) >= 3
        on conflict do nothing;
      return new;
    end $$
  `.execute(db);
  await sql`
    create trigger catalog_synonyms_words before insert or update on catalog_synonyms
    for each row execute function catalog_synonyms_words()
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrationen werden nicht zurückgenommen.');
}
