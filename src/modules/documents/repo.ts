import { randomUUID } from 'node:crypto';
import { type Kysely, type RawBuilder, type Selectable, sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import type { PlatformTables } from '../../platform/db/schema.js';
import type { DocumentKind, DocumentsTable, DocumentTables, DocumentVersionsTable } from './tables.js';

type DocumentsDb = Kysely<PlatformTables & DocumentTables>;
const t = (db: Executor): DocumentsDb => db.withTables<DocumentTables>();

export type DocumentRow = Omit<Selectable<DocumentsTable>, 'search'>;
export type VersionRow = Selectable<DocumentVersionsTable>;

/** Every document column but the search vector (which only the search reads). */
const documentColumns = [
  'id',
  'tenant_id',
  'case_id',
  'department_id',
  'reference',
  'procedure_slug',
  'title',
  'kind',
  'tags',
  'metadata',
  'created_by',
  'created_at',
  'immutable',
  'current_version',
] as const;

/** Text beyond this is kept for reading but not indexed: a tsvector is limited to 1 MB. */
const MAX_INDEXED_CHARS = 300_000;
/** What ts_headline reads of a long text: enough for a snippet, bounded in cost. */
const MAX_HEADLINE_CHARS = 50_000;

/**
 * The German full-text vector of a document's current version: title weighs most, then
 * tags, then text. Kept on the document row (not a generated column: the text lives on
 * the version) and rewritten with each new version.
 */
export const searchVector = (title: string, tags: string[], text: string): RawBuilder<unknown> =>
  searchVectorOf(sql`${title}::text`, sql`${tags.join(' ')}::text`, sql`${text}::text`);

/** The same vector from SQL expressions (bulk inserts compute it from their input rows). */
const searchVectorOf = (title: RawBuilder<unknown>, tags: RawBuilder<unknown>, text: RawBuilder<unknown>) =>
  sql`setweight(to_tsvector('german'::regconfig, ${title}), 'A')
    || setweight(to_tsvector('german'::regconfig, ${tags}), 'B')
    || setweight(to_tsvector('german'::regconfig, left(${text}, ${MAX_INDEXED_CHARS})), 'C')`;

export interface DocumentInsert {
  tenantId: string;
  caseId: string | null;
  departmentId: string | null;
  reference: string | null;
  procedureSlug: string | null;
  title: string;
  kind: DocumentKind;
  tags: string[];
  metadata: Record<string, unknown>;
  createdBy: string | null;
  immutable: boolean;
}

export interface VersionInsert {
  version: number;
  sha256: string;
  filename: string;
  contentType: string;
  size: number;
  text: string;
  createdBy: string | null;
}

/** Inserts the document row; `text` is its first version's text, for the search vector. */
export async function insertDocument(tx: Executor, doc: DocumentInsert, text: string): Promise<string> {
  const row = await t(tx)
    .insertInto('documents')
    .values({
      tenant_id: doc.tenantId,
      case_id: doc.caseId,
      department_id: doc.departmentId,
      reference: doc.reference,
      procedure_slug: doc.procedureSlug,
      title: doc.title,
      kind: doc.kind,
      tags: doc.tags,
      metadata: JSON.stringify(doc.metadata),
      created_by: doc.createdBy,
      immutable: doc.immutable,
      current_version: 1,
      search: searchVector(doc.title, doc.tags, text),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertVersion(tx: Executor, tenantId: string, documentId: string, v: VersionInsert): Promise<void> {
  await t(tx)
    .insertInto('document_versions')
    .values({
      document_id: documentId,
      tenant_id: tenantId,
      version: v.version,
      sha256: v.sha256,
      filename: v.filename,
      content_type: v.contentType,
      size: v.size,
      text: v.text,
      created_by: v.createdBy,
    })
    .execute();
}

/** The document row, locked until the transaction ends (a new version is numbered under it). */
export const lockDocument = (tx: Executor, tenantId: string, documentId: string) =>
  t(tx)
    .selectFrom('documents')
    .select(documentColumns)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', documentId)
    .forUpdate()
    .executeTakeFirst();

/** Makes `version` current; the search vector follows its text. */
export const setCurrentVersion = (
  tx: Executor,
  tenantId: string,
  documentId: string,
  version: number,
  doc: { title: string; tags: string[]; text: string },
) =>
  t(tx)
    .updateTable('documents')
    .set({ current_version: version, search: searchVector(doc.title, doc.tags, doc.text) })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', documentId)
    .execute();

export const findDocument = (db: Executor, tenantId: string, documentId: string) =>
  t(db)
    .selectFrom('documents')
    .select(documentColumns)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', documentId)
    .executeTakeFirst();

const versionColumns = [
  'document_id',
  'tenant_id',
  'version',
  'sha256',
  'filename',
  'content_type',
  'size',
  'text',
  'created_by',
  'created_at',
] as const;

/** One version of a document (the current one without `version`). */
export async function findVersion(
  db: Executor,
  tenantId: string,
  documentId: string,
  version?: number,
): Promise<VersionRow | undefined> {
  let query = t(db)
    .selectFrom('document_versions as v')
    .innerJoin('documents as d', (j) => j.onRef('d.id', '=', 'v.document_id').onRef('d.tenant_id', '=', 'v.tenant_id'))
    .select(versionColumns.map((c) => `v.${c}` as const))
    .where('v.tenant_id', '=', tenantId)
    .where('v.document_id', '=', documentId);
  query = version === undefined ? query.whereRef('v.version', '=', 'd.current_version') : query.where('v.version', '=', version);
  const row = await query.executeTakeFirst();
  return row && { ...row, size: Number(row.size) };
}

export const listVersions = async (db: Executor, tenantId: string, documentId: string): Promise<VersionRow[]> =>
  (
    await t(db)
      .selectFrom('document_versions')
      .select(versionColumns)
      .where('tenant_id', '=', tenantId)
      .where('document_id', '=', documentId)
      .orderBy('version')
      .execute()
  ).map((r) => ({ ...r, size: Number(r.size) }));

export interface CaseDocumentRow extends DocumentRow {
  version_count: number;
  sha256: string;
  filename: string;
  content_type: string;
  size: number;
  version_created_at: Date;
}

/** A case's documents, oldest first, each with its current version and how many versions it has. */
export async function listCaseDocumentRows(db: Executor, tenantId: string, caseId: string): Promise<CaseDocumentRow[]> {
  const rows = await t(db)
    .selectFrom('documents as d')
    .innerJoin('document_versions as v', (j) =>
      j.onRef('v.document_id', '=', 'd.id').onRef('v.version', '=', 'd.current_version').onRef('v.tenant_id', '=', 'd.tenant_id'),
    )
    .select(documentColumns.map((c) => `d.${c}` as const))
    .select([
      'v.sha256',
      'v.filename',
      'v.content_type',
      'v.size',
      'v.created_at as version_created_at',
      sql<number>`(select count(*)::int from document_versions x where x.document_id = d.id and x.tenant_id = d.tenant_id)`.as(
        'version_count',
      ),
    ])
    .where('d.tenant_id', '=', tenantId)
    .where('d.case_id', '=', caseId)
    .orderBy('d.created_at')
    .orderBy('d.id')
    .execute();
  return rows.map((r) => ({ ...r, size: Number(r.size) }));
}

/** Every version of a case's documents (for the ZIP export), in document order. */
export const listCaseVersionRows = (db: Executor, tenantId: string, caseId: string) =>
  t(db)
    .selectFrom('documents as d')
    .innerJoin('document_versions as v', (j) => j.onRef('v.document_id', '=', 'd.id').onRef('v.tenant_id', '=', 'd.tenant_id'))
    .select([
      'd.id',
      'd.title',
      'd.kind',
      'd.reference',
      'd.created_at',
      'd.current_version',
      'v.version',
      'v.sha256',
      'v.filename',
      'v.content_type',
      'v.size',
      'v.created_at as version_created_at',
    ])
    .where('d.tenant_id', '=', tenantId)
    .where('d.case_id', '=', caseId)
    .orderBy('d.created_at')
    .orderBy('d.id')
    .orderBy('v.version')
    .execute();

/**
 * Removes a case's documents with their versions; returns how many documents and the
 * hashes their versions named (the caller decides which blobs may go).
 */
export async function deleteCaseDocumentRows(
  tx: Executor,
  tenantId: string,
  caseId: string,
): Promise<{ count: number; hashes: string[] }> {
  const versions = await t(tx)
    .selectFrom('document_versions as v')
    .innerJoin('documents as d', 'd.id', 'v.document_id')
    .select('v.sha256')
    .distinct()
    .where('d.tenant_id', '=', tenantId)
    .where('d.case_id', '=', caseId)
    .execute();
  const deleted = await t(tx)
    .deleteFrom('documents')
    .where('tenant_id', '=', tenantId)
    .where('case_id', '=', caseId)
    .returning('id')
    .execute();
  return { count: deleted.length, hashes: versions.map((v) => v.sha256) };
}

/**
 * Serializes storing and deleting one blob hash until the transaction ends: a retention
 * run cannot delete a file that a concurrent upload of the same bytes is about to name.
 */
export const lockBlobHash = (tx: Executor, sha256: string) =>
  sql`select pg_advisory_xact_lock(hashtext('rathaus.document_blob'), hashtext(${sha256}::text))`.execute(tx);

// --- search ---

export interface SearchFilter {
  tenantId: string;
  departmentIds: string[] | 'all';
  reference?: string;
  procedureSlug?: string;
  from?: Date;
  to?: Date;
}

export interface SearchRow {
  id: string;
  title: string;
  kind: DocumentKind;
  reference: string | null;
  procedure_slug: string | null;
  case_id: string | null;
  department_id: string | null;
  created_at: Date;
  current_version: number;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  rank: number;
  snippet: string | null;
  total: number;
}

const likePrefix = (value: string) => `${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * How many of the newest matches are ranked and paged. A common word matches tens of
 * thousands of documents; ranking all of them cost 0.6 s. The newest ones are found by
 * walking the (tenant, department, created_at) index and stop early; beyond them the
 * reader narrows the search (the count says "more than 1,000").
 */
export const SEARCH_WINDOW = 1000;

const DAY = 86_400_000;

/** Age buckets below `upper`, newest first: a month, half a year, two years, older. */
function ageBuckets(upper: Date): { since?: Date; before?: Date }[] {
  const edges = [31, 183, 731].map((days) => new Date(upper.getTime() - days * DAY));
  return [
    { since: edges[0] },
    ...edges.slice(1).map((since, i) => ({ since, before: edges[i] })),
    { before: edges[edges.length - 1] },
  ];
}

function filterSql(f: SearchFilter): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql`d.tenant_id = ${f.tenantId}`];
  // One department as "=", not "= any(...)": only then does the index deliver the rows newest first.
  if (f.departmentIds !== 'all')
    parts.push(
      f.departmentIds.length === 1
        ? sql`d.department_id = ${f.departmentIds[0]}::uuid`
        : sql`d.department_id = any(${f.departmentIds}::uuid[])`,
    );
  // An Aktenzeichen matches itself and everything below it ("BA-2025-" lists a series), in any letter case.
  if (f.reference) parts.push(sql`lower(d.reference) like lower(${likePrefix(f.reference)}::text)`);
  if (f.procedureSlug) parts.push(sql`d.procedure_slug = ${f.procedureSlug}`);
  if (f.from) parts.push(sql`d.created_at >= ${f.from}`);
  if (f.to) parts.push(sql`d.created_at <= ${f.to}`);
  return sql.join(parts, sql` and `);
}

/**
 * Documents whose current version matches the German full-text query, or all with the
 * filters: of the newest SEARCH_WINDOW, the most relevant first (newest first among equals;
 * without a query simply newest first). `total` counts at most SEARCH_WINDOW + 1. The
 * snippet is computed for the page only; its highlight markers are control characters that
 * the view turns into <mark> after escaping everything else.
 */
export async function searchDocumentRows(
  db: Executor,
  filter: SearchFilter,
  text: string | undefined,
  page: { limit: number; offset: number },
  headlineOptions: string,
): Promise<SearchRow[]> {
  const where = filterSql(filter);
  // Inline, not a CTE: the planner folds the constant query and estimates the matches from
  // the lexeme statistics, which decides between walking the newest rows (a common word) and
  // the GIN index (a rare one).
  const tsq = sql`websearch_to_tsquery('german'::regconfig, ${text ?? ''}::text)`;
  const match = text ? sql`and d.search @@ ${tsq}` : sql``;
  // One branch per age bucket, newest first; the limit over the UNION ALL stops before the
  // older branches once the window is full. Each branch is planned with its own bounds: a
  // word common in this department fills the window from the first weeks (walking the index
  // or a small bitmap), a rare one reaches back through every branch on the GIN index.
  const branches = ageBuckets(filter.to ?? new Date()).map(
    ({ since, before }) => sql`(select d.id, d.created_at, ${text ? sql`d.search` : sql`null::tsvector as search`}
      from documents d
      where ${where} ${match}
        ${since ? sql`and d.created_at >= ${since}` : sql``} ${before ? sql`and d.created_at < ${before}` : sql``}
      order by d.created_at desc, d.id
      limit ${SEARCH_WINDOW + 1})`,
  );
  const { rows } = await sql`with recent as (
      select * from (${sql.join(branches, sql` union all `)}) b
      limit ${SEARCH_WINDOW + 1}
    ),
    hits as (
      -- Only the window is ranked; the one row beyond it only tells that there are more.
      select w.id, w.created_at, ${text ? sql`ts_rank_cd(w.search, ${tsq}, 1)` : sql`0`}::float8 as rank
      from (select * from recent order by created_at desc, id limit ${SEARCH_WINDOW}) w
      order by rank desc, w.created_at desc, w.id
      limit ${page.limit} offset ${page.offset}
    )
    select d.id, d.title, d.kind, d.reference, d.procedure_slug, d.case_id, d.department_id, d.created_at,
      d.current_version, v.filename, v.content_type, v.size, v.sha256, h.rank,
      (select count(*) from recent) as total,
      ${
        text
          ? sql`ts_headline('german'::regconfig, translate(d.title || E'\\n' || left(v.text, ${MAX_HEADLINE_CHARS}), E'\\x01\\x02', '  '),
          ${tsq}, ${headlineOptions})`
          : sql`null::text`
      } as snippet
    from hits h
    join documents d on d.id = h.id and d.tenant_id = ${filter.tenantId}
    -- The text only for the page: carried through the ranking it would be copied for every match.
    join document_versions v on v.document_id = d.id and v.version = d.current_version and v.tenant_id = d.tenant_id
    order by h.rank desc, h.created_at desc, h.id`.execute(db);
  return (rows as SearchRow[]).map((r) => ({ ...r, size: Number(r.size), total: Number(r.total), rank: Number(r.rank) }));
}

/** Counts matches (at most SEARCH_WINDOW + 1) when the requested page is past the last hit. */
export async function countDocumentRows(db: Executor, filter: SearchFilter, text: string | undefined): Promise<number> {
  const where = filterSql(filter);
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from (
      select 1 from documents d
      where ${where} ${text ? sql`and d.search @@ websearch_to_tsquery('german'::regconfig, ${text}::text)` : sql``}
      limit ${SEARCH_WINDOW + 1}
    ) m`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

// --- bulk (benchmarks, demo data) ---

export interface BulkDocument extends DocumentInsert {
  createdAt?: Date;
  /** A blob already in platform.files (the caller stores it; many rows may share one). */
  file: { sha256: string; filename: string; contentType: string; size: number; text: string };
}

/**
 * Inserts many single-version documents (for benchmarks and demo data): each batch is one
 * statement with one JSON parameter, documents and versions together, the search vectors
 * computed by the database. Blobs are not written here: each row names a blob the caller
 * already stored.
 */
export async function bulkInsertDocuments(db: Executor, docs: BulkDocument[], batchSize = 1000): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < docs.length; i += batchSize) {
    const batch = docs.slice(i, i + batchSize).map((d) => ({
      id: randomUUID(),
      tenant_id: d.tenantId,
      case_id: d.caseId,
      department_id: d.departmentId,
      reference: d.reference,
      procedure_slug: d.procedureSlug,
      title: d.title,
      kind: d.kind,
      tags: d.tags,
      metadata: d.metadata,
      created_by: d.createdBy,
      immutable: d.immutable,
      created_at: d.createdAt?.toISOString() ?? null,
      sha256: d.file.sha256,
      filename: d.file.filename,
      content_type: d.file.contentType,
      size: d.file.size,
      text: d.file.text,
    }));
    // One statement: the versions' foreign key is checked at its end, when the documents exist.
    await sql`with input as (
        select x.*, coalesce(x.created_at, now()) as created
        from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) as x(
          id uuid, tenant_id uuid, case_id uuid, department_id uuid, reference text, procedure_slug text, title text,
          kind text, tags text[], metadata jsonb, created_by uuid, immutable boolean, created_at timestamptz,
          sha256 text, filename text, content_type text, size bigint, text text)
      ),
      inserted as (
        insert into documents (id, tenant_id, case_id, department_id, reference, procedure_slug, title, kind, tags,
          metadata, created_by, immutable, current_version, search, created_at)
        select id, tenant_id, case_id, department_id, reference, procedure_slug, title, kind, tags,
          metadata, created_by, immutable, 1, ${searchVectorOf(sql`title`, sql`array_to_string(tags, ' ')`, sql`text`)}, created
        from input
      )
      insert into document_versions (document_id, tenant_id, version, sha256, filename, content_type, size, text, created_by, created_at)
      select id, tenant_id, 1, sha256, filename, content_type, size, text, created_by, created from input`.execute(db);
    ids.push(...batch.map((d) => d.id));
  }
  return ids;
}
