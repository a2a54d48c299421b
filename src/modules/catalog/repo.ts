import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import type { PlatformTables } from '../../platform/db/schema.js';
import { HEADLINE_OPTIONS } from './search-query.js';
import type { CatalogServicesTable, CatalogTables } from './tables.js';

type CatalogDb = Kysely<PlatformTables & CatalogTables>;
const t = (db: Executor): CatalogDb => db.withTables<CatalogTables>();

export type ServiceRow = Omit<Selectable<CatalogServicesTable>, 'search_vector' | 'search_text'>;
export type NewService = Insertable<CatalogServicesTable>;

const serviceColumns = [
  'id',
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
  'visits',
  'created_at',
  'updated_at',
] as const;

// --- writing (demo seed; the back office comes later) ---

export const insertServices = (db: Executor, rows: NewService[]) =>
  rows.length === 0 ? Promise.resolve([]) : t(db).insertInto('catalog_services').values(rows).returning(['id', 'slug']).execute();

export const insertLebenslagen = (
  db: Executor,
  rows: { tenant_id: string; parent_id?: string | null; slug: string; title: string; summary?: string; position?: number }[],
) =>
  rows.length === 0
    ? Promise.resolve([])
    : t(db).insertInto('catalog_lebenslagen').values(rows).returning(['id', 'slug']).execute();

export const linkServicesToLebenslagen = (
  db: Executor,
  rows: { tenant_id: string; service_id: string; lebenslage_id: string }[],
) =>
  rows.length === 0
    ? Promise.resolve()
    : t(db)
        .insertInto('catalog_service_lebenslagen')
        .values(rows)
        .onConflict((oc) => oc.doNothing())
        .execute();

export const insertContacts = (db: Executor, rows: Insertable<CatalogTables['catalog_contacts']>[]) =>
  rows.length === 0 ? Promise.resolve([]) : t(db).insertInto('catalog_contacts').values(rows).returning(['id']).execute();

export const insertLocations = (db: Executor, rows: Insertable<CatalogTables['catalog_locations']>[]) =>
  rows.length === 0 ? Promise.resolve([]) : t(db).insertInto('catalog_locations').values(rows).returning(['id']).execute();

export const linkServiceContacts = (
  db: Executor,
  rows: { tenant_id: string; service_id: string; contact_id: string; position: number }[],
) =>
  rows.length === 0
    ? Promise.resolve()
    : t(db)
        .insertInto('catalog_service_contacts')
        .values(rows)
        .onConflict((oc) => oc.doNothing())
        .execute();

export const linkServiceLocations = (
  db: Executor,
  rows: { tenant_id: string; service_id: string; location_id: string; position: number }[],
) =>
  rows.length === 0
    ? Promise.resolve()
    : t(db)
        .insertInto('catalog_service_locations')
        .values(rows)
        .onConflict((oc) => oc.doNothing())
        .execute();

export const insertSynonyms = (db: Executor, rows: { tenant_id: string; term: string; expansions: string[] }[]) =>
  rows.length === 0
    ? Promise.resolve()
    : t(db)
        .insertInto('catalog_synonyms')
        .values(rows)
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'term']).doUpdateSet((eb) => ({ expansions: eb.ref('excluded.expansions') })),
        )
        .execute();

// --- reading ---

export const findPublishedService = (db: Executor, tenantId: string, slug: string) =>
  t(db)
    .selectFrom('catalog_services')
    .select(serviceColumns)
    .where('tenant_id', '=', tenantId)
    .where('slug', '=', slug)
    .where('status', '=', 'published')
    .executeTakeFirst();

export const countVisit = (db: Executor, tenantId: string, serviceId: string) =>
  t(db)
    .updateTable('catalog_services')
    .set((eb) => ({ visits: eb('visits', '+', 1) }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', serviceId)
    .execute();

export const listPublishedServiceTitles = (db: Executor, tenantId: string) =>
  t(db)
    .selectFrom('catalog_services')
    .select(['id', 'slug', 'title', 'summary', 'online_url', 'online_procedure_id'])
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'published')
    .orderBy(sql`public.catalog_fold(title) collate "C"`)
    .execute();

export const listMostVisitedServices = (db: Executor, tenantId: string, limit: number) =>
  t(db)
    .selectFrom('catalog_services')
    .select(['slug', 'title', 'summary', 'online_url', 'online_procedure_id'])
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'published')
    .orderBy('visits', 'desc')
    .orderBy('title')
    .limit(limit)
    .execute();

export const listServiceContacts = (db: Executor, tenantId: string, serviceId: string) =>
  t(db)
    .selectFrom('catalog_service_contacts as sc')
    .innerJoin('catalog_contacts as c', 'c.id', 'sc.contact_id')
    .select(['c.id', 'c.name', 'c.function', 'c.phone', 'c.email', 'c.room', 'c.consultation_hours', 'c.consultation_note'])
    .where('sc.tenant_id', '=', tenantId)
    .where('c.tenant_id', '=', tenantId)
    .where('sc.service_id', '=', serviceId)
    .orderBy('sc.position')
    .execute();

export const listServiceLocations = (db: Executor, tenantId: string, serviceId: string) =>
  t(db)
    .selectFrom('catalog_service_locations as sl')
    .innerJoin('catalog_locations as l', 'l.id', 'sl.location_id')
    .select([
      'l.id',
      'l.name',
      'l.street',
      'l.postal_code',
      'l.city',
      'l.accessibility',
      'l.opening_hours',
      'l.opening_hours_note',
    ])
    .where('sl.tenant_id', '=', tenantId)
    .where('l.tenant_id', '=', tenantId)
    .where('sl.service_id', '=', serviceId)
    .orderBy('sl.position')
    .execute();

export const listLebenslagen = (db: Executor, tenantId: string) =>
  t(db)
    .selectFrom('catalog_lebenslagen')
    .select(['id', 'parent_id', 'slug', 'title', 'summary', 'position'])
    .where('tenant_id', '=', tenantId)
    .orderBy('position')
    .orderBy('title')
    .execute();

/** Lebenslage slugs per service, for the given services. */
export const listLebenslageSlugsOfServices = (db: Executor, tenantId: string, serviceIds: string[]) =>
  serviceIds.length === 0
    ? Promise.resolve([])
    : t(db)
        .selectFrom('catalog_service_lebenslagen as sl')
        .innerJoin('catalog_lebenslagen as l', 'l.id', 'sl.lebenslage_id')
        .select(['sl.service_id', 'l.slug', 'l.title'])
        .where('sl.tenant_id', '=', tenantId)
        .where('sl.service_id', 'in', serviceIds)
        .orderBy('l.position')
        .execute();

/** Published services linked to any of the given Lebenslagen. */
export const listServicesOfLebenslagen = (db: Executor, tenantId: string, lebenslageIds: string[]) =>
  lebenslageIds.length === 0
    ? Promise.resolve([])
    : t(db)
        .selectFrom('catalog_services as s')
        .innerJoin('catalog_service_lebenslagen as sl', 'sl.service_id', 's.id')
        .select(['s.id', 's.slug', 's.title', 's.summary', 's.online_url', 's.online_procedure_id', 'sl.lebenslage_id'])
        .where('s.tenant_id', '=', tenantId)
        .where('sl.tenant_id', '=', tenantId)
        .where('s.status', '=', 'published')
        .where('sl.lebenslage_id', 'in', lebenslageIds)
        .orderBy('s.title')
        .execute();

export const listServiceAttachments = (db: Executor, tenantId: string, serviceId: string) =>
  t(db)
    .selectFrom('catalog_attachments')
    .select(['id', 'title', 'filename', 'size'])
    .where('tenant_id', '=', tenantId)
    .where('service_id', '=', serviceId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();

export const findDepartmentName = async (db: Executor, tenantId: string, departmentId: string | null) => {
  if (!departmentId) return null;
  const row = await db
    .selectFrom('departments')
    .select('name')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', departmentId)
    .executeTakeFirst();
  return row?.name ?? null;
};

// --- search ---

export interface WordLookup {
  word: string;
  known: boolean;
  /** The closest vocabulary word by trigram similarity, if close enough. */
  closest: string | null;
}

/** For each folded word: is it in the tenant's vocabulary, and which word is closest? */
export async function lookUpWords(db: Executor, tenantId: string, words: string[]): Promise<WordLookup[]> {
  if (words.length === 0) return [];
  const { rows } = await sql<WordLookup>`
    select q.w as word,
      exists (select 1 from catalog_words cw where cw.tenant_id = ${tenantId} and cw.word = q.w) as known,
      (select cw.word from catalog_words cw
        where cw.tenant_id = ${tenantId} and cw.word % q.w and similarity(cw.word, q.w) >= 0.4
        order by similarity(cw.word, q.w) desc, cw.word limit 1) as closest
    from unnest(${words}::text[]) as q(w)
  `.execute(db);
  return rows;
}

export const findSynonyms = (db: Executor, tenantId: string, terms: string[]) =>
  terms.length === 0
    ? Promise.resolve([])
    : t(db)
        .selectFrom('catalog_synonyms')
        .select(['term', 'expansions'])
        .where('tenant_id', '=', tenantId)
        .where('term', 'in', terms)
        .execute();

export interface SearchFilter {
  lebenslageSlug?: string;
  online?: boolean;
}

export interface SearchRow {
  id: string;
  slug: string;
  title: string;
  summary: string;
  online_url: string | null;
  online_procedure_id: string | null;
  total: number;
  snippet: string | null;
}

const filterSql = (tenantId: string, filter: SearchFilter) => sql`
  ${filter.online ? sql`and (s.online_url is not null or s.online_procedure_id is not null)` : sql``}
  ${
    filter.lebenslageSlug
      ? sql`and exists (
          select 1 from catalog_service_lebenslagen sl
          join catalog_lebenslagen l on l.id = sl.lebenslage_id
          left join catalog_lebenslagen p on p.id = l.parent_id
          where sl.tenant_id = ${tenantId} and sl.service_id = s.id and (l.slug = ${filter.lebenslageSlug} or p.slug = ${filter.lebenslageSlug}))`
      : sql``
  }`;

/**
 * Published services matching the tsquery (or, with `fuzzy`, close to the folded query by
 * trigram), best first: title hits weigh most, then keywords, summary, description.
 */
export async function searchServiceRows(
  db: Executor,
  tenantId: string,
  search: { tsquery: string; folded: string; fuzzy: boolean; snippets: boolean },
  filter: SearchFilter,
  page: { limit: number; offset: number },
): Promise<SearchRow[]> {
  const { rows } = await sql<SearchRow>`
    with q as (select to_tsquery('german', ${search.tsquery}) as tsq),
    hits as (
      select s.id, s.slug, s.title, s.summary, s.description_md, s.online_url, s.online_procedure_id,
        ts_rank('{0.05,0.2,0.5,1.0}', s.search_vector, q.tsq, 1)
          + 0.5 * word_similarity(${search.folded}, s.search_text) as rank,
        (count(*) over ())::int as total
      from catalog_services s, q
      where s.tenant_id = ${tenantId} and s.status = 'published'
        and (s.search_vector @@ q.tsq ${search.fuzzy ? sql`or ${search.folded} <% s.search_text` : sql``})
        ${filterSql(tenantId, filter)}
      order by rank desc, s.title
      limit ${page.limit} offset ${page.offset}
    )
    select h.id, h.slug, h.title, h.summary, h.online_url, h.online_procedure_id, h.total,
      ${
        search.snippets
          ? sql`ts_headline('german',
              translate(case when starts_with(h.description_md, h.summary) then '' else h.summary || ' ' end || regexp_replace(regexp_replace(h.description_md, '\\]\\([^)]*\\)', '', 'g'), '[#*_\`>\\[]', '', 'g'), E'\\x01\\x02', '  '),
              q.tsq, ${HEADLINE_OPTIONS})`
          : sql`null`
      } as snippet
    from hits h, q
    order by h.rank desc, h.title
  `.execute(db);
  return rows;
}

/** Every published service (no query), A–Z, filtered. */
export async function listServiceRows(
  db: Executor,
  tenantId: string,
  filter: SearchFilter,
  page: { limit: number; offset: number },
): Promise<SearchRow[]> {
  const { rows } = await sql<SearchRow>`
    select s.id, s.slug, s.title, s.summary, s.online_url, s.online_procedure_id, (count(*) over ())::int as total, null as snippet
    from catalog_services s
    where s.tenant_id = ${tenantId} and s.status = 'published' ${filterSql(tenantId, filter)}
    order by public.catalog_fold(s.title) collate "C", s.title
    limit ${page.limit} offset ${page.offset}
  `.execute(db);
  return rows;
}

/** The published service title closest to the folded query, for "Meinten Sie …?". */
export async function findClosestTitle(db: Executor, tenantId: string, folded: string): Promise<string | null> {
  const { rows } = await sql<{ title: string }>`
    select title from catalog_services
    where tenant_id = ${tenantId} and status = 'published' and word_similarity(${folded}, search_text) >= 0.3
    order by word_similarity(${folded}, search_text) desc, title
    limit 1
  `.execute(db);
  return rows[0]?.title ?? null;
}
