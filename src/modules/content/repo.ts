import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import type { PlatformTables } from '../../platform/db/schema.js';
import type { ContentNewsTable, ContentTables } from './tables.js';

type ContentDb = Kysely<PlatformTables & ContentTables>;
const t = (db: Executor): ContentDb => db.withTables<ContentTables>();

export type NewsRow = Omit<Selectable<ContentNewsTable>, 'search_vector'>;
const newsColumns = [
  'id',
  'tenant_id',
  'slug',
  'title',
  'teaser',
  'body_md',
  'status',
  'published_at',
  'created_at',
  'updated_at',
] as const;

// --- news ---

export const insertNews = (db: Executor, rows: Insertable<ContentNewsTable>[]) =>
  rows.length === 0 ? Promise.resolve([]) : t(db).insertInto('content_news').values(rows).returning(['id', 'slug']).execute();

export const updateNews = (
  db: Executor,
  tenantId: string,
  id: string,
  values: { slug: string; title: string; teaser: string; body_md: string },
) =>
  t(db)
    .updateTable('content_news')
    .set({ ...values, updated_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();

/** Publishing keeps the first publication date, so a correction does not move the item to the top. */
export const setNewsStatus = (db: Executor, tenantId: string, id: string, status: 'draft' | 'published') =>
  t(db)
    .updateTable('content_news')
    .set((eb) => ({
      status,
      updated_at: new Date(),
      ...(status === 'published' ? { published_at: eb.fn.coalesce('published_at', sql<Date>`now()`) } : {}),
    }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();

export const findNewsById = (db: Executor, tenantId: string, id: string) =>
  t(db).selectFrom('content_news').select(newsColumns).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();

export const findNewsIdBySlug = (db: Executor, tenantId: string, slug: string) =>
  t(db).selectFrom('content_news').select('id').where('tenant_id', '=', tenantId).where('slug', '=', slug).executeTakeFirst();

export const findPublishedNews = (db: Executor, tenantId: string, slug: string) =>
  t(db)
    .selectFrom('content_news')
    .select(newsColumns)
    .where('tenant_id', '=', tenantId)
    .where('slug', '=', slug)
    .where('status', '=', 'published')
    .executeTakeFirst();

/** Published news, newest first, with the total for paging. */
export async function listPublishedNews(db: Executor, tenantId: string, page: { limit: number; offset: number }) {
  const rows = await t(db)
    .selectFrom('content_news')
    .select([...newsColumns, sql<number>`(count(*) over ())::int`.as('total')])
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'published')
    .orderBy('published_at', 'desc')
    .orderBy('title')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows;
}

/** Every news item for the back office: drafts first, then newest. */
export const listAllNews = (db: Executor, tenantId: string) =>
  t(db)
    .selectFrom('content_news')
    .select(newsColumns)
    .where('tenant_id', '=', tenantId)
    .orderBy(sql`status = 'published'`)
    .orderBy(sql`coalesce(published_at, created_at)`, 'desc')
    .limit(500)
    .execute();

export interface NewsSearchRow {
  slug: string;
  title: string;
  teaser: string;
  published_at: Date;
  rank: number;
}

/** Published news matching the tsquery text (built from safe tokens), best first. */
export async function searchNewsRows(db: Executor, tenantId: string, tsquery: string, limit: number) {
  const { rows } = await sql<NewsSearchRow>`
    select slug, title, teaser, published_at,
      ts_rank('{0.05,0.2,0.5,1.0}', search_vector, to_tsquery('german', ${tsquery})) as rank
    from content_news
    where tenant_id = ${tenantId} and status = 'published' and search_vector @@ to_tsquery('german', ${tsquery})
    order by rank desc, published_at desc
    limit ${limit}
  `.execute(db);
  return rows;
}

// --- pages ---

export const findPage = (db: Executor, tenantId: string, slug: string) =>
  t(db)
    .selectFrom('content_pages')
    .select(['slug', 'title', 'body_md', 'updated_at'])
    .where('tenant_id', '=', tenantId)
    .where('slug', '=', slug)
    .executeTakeFirst();

export const listPages = (db: Executor, tenantId: string) =>
  t(db)
    .selectFrom('content_pages')
    .select(['slug', 'title', 'updated_at'])
    .where('tenant_id', '=', tenantId)
    .orderBy('title')
    .execute();

export const upsertPages = (db: Executor, rows: { tenant_id: string; slug: string; title: string; body_md: string }[]) =>
  rows.length === 0
    ? Promise.resolve()
    : t(db)
        .insertInto('content_pages')
        .values(rows)
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'slug']).doUpdateSet((eb) => ({
            title: eb.ref('excluded.title'),
            body_md: eb.ref('excluded.body_md'),
            updated_at: new Date(),
          })),
        )
        .execute()
        .then(() => undefined);
