import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import type { OpeningHours, PlatformTables } from '../../platform/db/schema.js';
import { HEADLINE_OPTIONS } from './search-query.js';
import type { CatalogServicesTable, CatalogTables } from './tables.js';

type CatalogDb = Kysely<PlatformTables & CatalogTables>;
const t = (db: Executor): CatalogDb => db.withTables<CatalogTables>();

export type ServiceRow = Omit<Selectable<CatalogServicesTable>, 'search_vector' | 'search_text'>;
export type NewService = Insertable<CatalogServicesTable>;

/** What a catalog file carries of a service (export and import). */
export const serviceFileColumns = [
  'id',
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
] as const;

/** Every column of a service but the search index: what the pages and the back office read. */
export const serviceColumns = ['tenant_id', ...serviceFileColumns, 'visits', 'created_at', 'updated_at'] as const;

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

/** Marks a service as applied for online through an online procedure (forms module); false if no such service. */
export async function linkServiceToProcedure(
  db: Executor,
  tenantId: string,
  serviceSlug: string,
  procedureId: string,
): Promise<boolean> {
  const result = await t(db)
    .updateTable('catalog_services')
    .set({ online_procedure_id: procedureId })
    .where('tenant_id', '=', tenantId)
    .where('slug', '=', serviceSlug)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** A procedure taken offline: the services that pointed to it are no longer online through it. */
export async function unlinkProcedureFromServices(db: Executor, tenantId: string, procedureId: string): Promise<number> {
  const result = await t(db)
    .updateTable('catalog_services')
    .set({ online_procedure_id: null })
    .where('tenant_id', '=', tenantId)
    .where('online_procedure_id', '=', procedureId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export const findPublishedService = (db: Executor, tenantId: string, slug: string) =>
  t(db)
    .selectFrom('catalog_services')
    .select(serviceColumns)
    .where('tenant_id', '=', tenantId)
    .where('slug', '=', slug)
    .where('status', '=', 'published')
    .executeTakeFirst();

export interface ServicePageRow extends ServiceRow {
  department_name: string | null;
  lebenslagen: { slug: string; title: string }[];
  attachments: { id: string; title: string; filename: string; size: number }[];
  contacts: {
    name: string;
    function: string;
    phone: string;
    email: string;
    room: string;
    consultation_hours: OpeningHours[];
    consultation_note: string;
  }[];
  locations: {
    name: string;
    street: string;
    postal_code: string;
    city: string;
    accessibility: string;
    opening_hours: OpeningHours[];
    opening_hours_note: string;
  }[];
}

/** A published service with everything its page shows, in one statement (one round trip). */
export async function findPublishedServicePage(
  db: Executor,
  tenantId: string,
  slug: string,
): Promise<ServicePageRow | undefined> {
  const { rows } = await sql<ServicePageRow>`
    select ${sql.join(serviceColumns.map((c) => sql.ref(`s.${c}`)))},
      (select d.name from departments d where d.tenant_id = s.tenant_id and d.id = s.department_id) as department_name,
      coalesce((select json_agg(json_build_object('slug', l.slug, 'title', l.title) order by l.position)
        from catalog_service_lebenslagen sl join catalog_lebenslagen l on l.id = sl.lebenslage_id
        where sl.tenant_id = s.tenant_id and sl.service_id = s.id), '[]') as lebenslagen,
      coalesce((select json_agg(json_build_object('id', a.id, 'title', a.title, 'filename', a.filename, 'size', a.size)
          order by a.created_at, a.id)
        from catalog_attachments a where a.tenant_id = s.tenant_id and a.service_id = s.id), '[]') as attachments,
      coalesce((select json_agg(json_build_object('name', c.name, 'function', c.function, 'phone', c.phone, 'email', c.email,
          'room', c.room, 'consultation_hours', c.consultation_hours, 'consultation_note', c.consultation_note) order by sc.position)
        from catalog_service_contacts sc join catalog_contacts c on c.id = sc.contact_id and c.tenant_id = sc.tenant_id
        where sc.tenant_id = s.tenant_id and sc.service_id = s.id), '[]') as contacts,
      coalesce((select json_agg(json_build_object('name', l.name, 'street', l.street, 'postal_code', l.postal_code, 'city', l.city,
          'accessibility', l.accessibility, 'opening_hours', l.opening_hours, 'opening_hours_note', l.opening_hours_note)
          order by slo.position)
        from catalog_service_locations slo join catalog_locations l on l.id = slo.location_id and l.tenant_id = slo.tenant_id
        where slo.tenant_id = s.tenant_id and slo.service_id = s.id), '[]') as locations
    from catalog_services s
    where s.tenant_id = ${tenantId} and s.slug = ${slug} and s.status = 'published'
  `.execute(db);
  return rows[0];
}

/** The tenant's catalog version token (migration 0011), null before its first catalog change. */
export async function readCatalogVersion(db: Executor, tenantId: string): Promise<string | null> {
  const { rows } = await sql<{ token: string }>`select token from catalog_versions where tenant_id = ${tenantId}`.execute(db);
  return rows[0]?.token ?? null;
}

/** Adds buffered page views, one statement for many services. */
export async function addVisits(db: Executor, visits: { tenantId: string; serviceId: string; count: number }[]) {
  if (visits.length === 0) return;
  const values = sql.join(visits.map((v) => sql`(${v.tenantId}::uuid, ${v.serviceId}::uuid, ${v.count}::int)`));
  await sql`
    update catalog_services s set visits = s.visits + v.n
    from (values ${values}) as v(tenant_id, id, n)
    where s.tenant_id = v.tenant_id and s.id = v.id`.execute(db);
}

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

/**
 * For each folded word: is it in the tenant's vocabulary, and which word is closest? Plus,
 * in the same round trip, the synonyms of those words, of their closest words and of `extraTerms`.
 */
export async function lookUpWordsAndSynonyms(
  db: Executor,
  tenantId: string,
  words: string[],
  extraTerms: string[],
): Promise<{ lookups: WordLookup[]; synonyms: { term: string; expansions: string[] }[] }> {
  if (words.length === 0) return { lookups: [], synonyms: [] };
  const { rows } = await sql<WordLookup & { expansions: string[] | null }>`
    with l as (
      select q.w as word,
        exists (select 1 from catalog_words cw where cw.tenant_id = ${tenantId} and cw.word = q.w) as known,
        (select cw.word from catalog_words cw
          where cw.tenant_id = ${tenantId} and cw.word % q.w and similarity(cw.word, q.w) >= 0.4
          order by similarity(cw.word, q.w) desc, cw.word limit 1) as closest
      from unnest(${words}::text[]) as q(w)
    )
    select word, known, closest, null::text[] as expansions from l
    union all
    select s.term, null, null, s.expansions from catalog_synonyms s
    where s.tenant_id = ${tenantId}
      and s.term in (select word from l union select closest from l union select unnest(${extraTerms}::text[]))
  `.execute(db);
  const lookups: WordLookup[] = [];
  const synonyms: { term: string; expansions: string[] }[] = [];
  for (const r of rows) {
    if (r.expansions) synonyms.push({ term: r.word, expansions: r.expansions });
    else lookups.push({ word: r.word, known: r.known, closest: r.closest });
  }
  return { lookups, synonyms };
}

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
  /** Slugs of the service's Lebenslagen in editor order. */
  lebenslagen: string[];
}

const lebenslageSlugsSql = (tenantId: string, serviceId: ReturnType<typeof sql.ref>) => sql`array(
  select l.slug from catalog_service_lebenslagen sl join catalog_lebenslagen l on l.id = sl.lebenslage_id
  where sl.tenant_id = ${tenantId} and sl.service_id = ${serviceId} order by l.position, l.slug)`;

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
        and ${
          search.fuzzy
            ? // Each branch on its own index: with OR, PGlite's planner scans every service for the trigram test.
              sql`s.id in (
                select f.id from catalog_services f, q where f.tenant_id = ${tenantId} and f.search_vector @@ q.tsq
                union
                select f.id from catalog_services f where f.tenant_id = ${tenantId} and ${search.folded} <% f.search_text)`
            : sql`s.search_vector @@ q.tsq`
        }
        ${filterSql(tenantId, filter)}
      order by rank desc, s.title
      limit ${page.limit} offset ${page.offset}
    )
    select h.id, h.slug, h.title, h.summary, h.online_url, h.online_procedure_id, h.total,
      ${lebenslageSlugsSql(tenantId, sql.ref('h.id'))} as lebenslagen,
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
    select s.id, s.slug, s.title, s.summary, s.online_url, s.online_procedure_id, (count(*) over ())::int as total, null as snippet,
      ${lebenslageSlugsSql(tenantId, sql.ref('s.id'))} as lebenslagen
    from catalog_services s
    where s.tenant_id = ${tenantId} and s.status = 'published' ${filterSql(tenantId, filter)}
    order by public.catalog_fold(s.title) collate "C", s.title
    limit ${page.limit} offset ${page.offset}
  `.execute(db);
  return rows;
}

/**
 * The published service title closest to the folded query, for "Meinten Sie …?". `<%` with
 * the threshold set for this transaction only lets the trigram index find the candidates
 * (word_similarity(…) >= 0.3 in a WHERE clause cannot use it and scans every service).
 */
export async function findClosestTitle(db: Executor, tenantId: string, folded: string): Promise<string | null> {
  const closest = async (tx: Executor) => {
    await sql`select set_config('pg_trgm.word_similarity_threshold', '0.3', true)`.execute(tx);
    const { rows } = await sql<{ title: string }>`
      select title from catalog_services
      where tenant_id = ${tenantId} and status = 'published' and ${folded} <% search_text
      order by word_similarity(${folded}, search_text) desc, title
      limit 1
    `.execute(tx);
    return rows[0]?.title ?? null;
  };
  if (!db.isTransaction) return db.transaction().execute(closest);
  // Inside the caller's transaction the setting must not outlive this look-up.
  await sql`savepoint catalog_closest_title`.execute(db);
  try {
    return await closest(db);
  } finally {
    await sql`rollback to savepoint catalog_closest_title`.execute(db);
  }
}
