import { type Kysely, sql } from 'kysely';

/**
 * News (Pressemitteilungen) and static pages of a tenant's website. News are searched
 * with the same folded German full text as the catalog (catalog_fold from 0006).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('content_news')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('slug', 'text', (c) => c.notNull().check(sql`slug ~ '^[a-z0-9][a-z0-9-]{0,119}$'`))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('teaser', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('body_md', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft').check(sql`status in ('draft','published')`))
    .addColumn('published_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('search_vector', sql`tsvector`, (c) => c.notNull().defaultTo(sql`''::tsvector`))
    .addUniqueConstraint('content_news_tenant_slug', ['tenant_id', 'slug'])
    .execute();
  // The public list and the feed: a tenant's published news, newest first.
  await sql`create index content_news_published on content_news (tenant_id, published_at desc) where status = 'published'`.execute(db);
  await sql`create index content_news_vector on content_news using gin (search_vector)`.execute(db);
  await sql`
    create function content_news_search() returns trigger language plpgsql as $$
    begin
      new.search_vector :=
        setweight(to_tsvector('german', public.catalog_fold(new.title)), 'A') ||
        setweight(to_tsvector('german', public.catalog_fold(new.teaser)), 'B') ||
        setweight(to_tsvector('german', public.catalog_fold(new.body_md)), 'D');
      return new;
    end $$
  `.execute(db);
  await sql`
    create trigger content_news_search before insert or update of title, teaser, body_md
    on content_news for each row execute function content_news_search()
  `.execute(db);

  await db.schema
    .createTable('content_pages')
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('slug', 'text', (c) => c.notNull().check(sql`slug ~ '^[a-z0-9][a-z0-9-]{0,119}$'`))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body_md', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('content_pages_pk', ['tenant_id', 'slug'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrationen werden nicht zurückgenommen.');
}
