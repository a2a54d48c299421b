import { type Kysely, type RawBuilder, type Selectable, sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import type { PlatformTables } from '../../platform/db/schema.js';
import type { DocumentKind, DocumentsTable, DocumentTables, DocumentVersionsTable } from './tables.js';

type DocumentsDb = Kysely<PlatformTables & DocumentTables>;
const t = (db: Executor): DocumentsDb => db.withTables<DocumentTables>();

export type DocumentRow = Selectable<DocumentsTable>;
export type VersionRow = Omit<Selectable<DocumentVersionsTable>, 'search'>;

/** Text beyond this is kept for reading but not indexed: a tsvector is limited to 1 MB. */
const MAX_INDEXED_CHARS = 300_000;
/** What ts_headline reads of a long text: enough for a snippet, bounded in cost. */
const MAX_HEADLINE_CHARS = 50_000;

/**
 * The German full-text vector of a version: title weighs most, then tags, then text.
 * Written with the row (not a generated column) because title and tags live on the
 * document, not on the version.
 */
export const searchVector = (title: string, tags: string[], text: string): RawBuilder<unknown> =>
  sql`setweight(to_tsvector('german'::regconfig, ${title}::text), 'A')
    || setweight(to_tsvector('german'::regconfig, ${tags.join(' ')}::text), 'B')
    || setweight(to_tsvector('german'::regconfig, ${text.slice(0, MAX_INDEXED_CHARS)}::text), 'C')`;

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

export async function insertDocument(tx: Executor, doc: DocumentInsert): Promise<string> {
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
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertVersion(
  tx: Executor,
  tenantId: string,
  documentId: string,
  doc: { title: string; tags: string[] },
  v: VersionInsert,
): Promise<void> {
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
      search: searchVector(doc.title, doc.tags, v.text),
      created_by: v.createdBy,
    })
    .execute();
}

/** The document row, locked until the transaction ends (a new version is numbered under it). */
export const lockDocument = (tx: Executor, tenantId: string, documentId: string) =>
  t(tx)
    .selectFrom('documents')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', documentId)
    .forUpdate()
    .executeTakeFirst();

export const setCurrentVersion = (tx: Executor, tenantId: string, documentId: string, version: number) =>
  t(tx)
    .updateTable('documents')
    .set({ current_version: version })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', documentId)
    .execute();

export const findDocument = (db: Executor, tenantId: string, documentId: string) =>
  t(db).selectFrom('documents').selectAll().where('tenant_id', '=', tenantId).where('id', '=', documentId).executeTakeFirst();

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
    .selectAll('d')
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

function filterSql(f: SearchFilter): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql`d.tenant_id = ${f.tenantId}`];
  if (f.departmentIds !== 'all') parts.push(sql`d.department_id = any(${f.departmentIds}::uuid[])`);
  // An Aktenzeichen matches itself and everything below it ("BA-2025-" lists a series).
  if (f.reference) parts.push(sql`d.reference ilike ${likePrefix(f.reference)}`);
  if (f.procedureSlug) parts.push(sql`d.procedure_slug = ${f.procedureSlug}`);
  if (f.from) parts.push(sql`d.created_at >= ${f.from}`);
  if (f.to) parts.push(sql`d.created_at <= ${f.to}`);
  return sql.join(parts, sql` and `);
}

/**
 * Documents whose current version matches the German full-text query (ranked), or,
 * without a query, the newest first. The snippet is computed for the page only; its
 * highlight markers are control characters that the view turns into <mark> after
 * escaping everything else.
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
  // the lexeme statistics (behind a CTE it guesses ~1,000 and picks a nested loop over 100,000).
  const tsq = sql`websearch_to_tsquery('german'::regconfig, ${text ?? ''}::text)`;
  const query = text
    ? sql`with matches as (
        -- Ranked where the rows are read (in parallel workers on PostgreSQL): only the rank,
        -- not the tsvector, travels on to the count and the sort. "offset 0" keeps the
        -- planner from merging this into the outer query (it would rank after the count).
        select d.id, d.title, d.kind, d.reference, d.procedure_slug, d.case_id, d.department_id, d.created_at,
          d.current_version, v.filename, v.content_type, v.size, v.sha256,
          ts_rank_cd(v.search, ${tsq}, 1) as rank
        from documents d
        join document_versions v on v.document_id = d.id and v.version = d.current_version and v.tenant_id = d.tenant_id
        where ${where} and v.search @@ ${tsq}
        offset 0
      ),
      hits as (
        select m.*, count(*) over () as total
        from matches m
        order by m.rank desc, m.created_at desc, m.id
        limit ${page.limit} offset ${page.offset}
      )
      select h.id, h.title, h.kind, h.reference, h.procedure_slug, h.case_id, h.department_id, h.created_at,
        h.current_version, h.filename, h.content_type, h.size, h.sha256, h.rank::float8 as rank, h.total,
        ts_headline('german'::regconfig, translate(h.title || E'\\n' || left(t.text, ${MAX_HEADLINE_CHARS}), E'\\x01\\x02', '  '),
          ${tsq}, ${headlineOptions}) as snippet
      from hits h
      -- The text only for the page: carried through the ranking it would be copied for every match.
      join document_versions t on t.document_id = h.id and t.version = h.current_version and t.tenant_id = ${filter.tenantId}
      order by h.rank desc, h.created_at desc, h.id`
    : sql`select d.id, d.title, d.kind, d.reference, d.procedure_slug, d.case_id, d.department_id, d.created_at,
          d.current_version, v.filename, v.content_type, v.size, v.sha256, 0::float8 as rank, count(*) over () as total,
          null::text as snippet
        from documents d
        join document_versions v on v.document_id = d.id and v.version = d.current_version and v.tenant_id = d.tenant_id
        where ${where}
        order by d.created_at desc, d.id
        limit ${page.limit} offset ${page.offset}`;
  const { rows } = await query.execute(db);
  return (rows as SearchRow[]).map((r) => ({ ...r, size: Number(r.size), total: Number(r.total), rank: Number(r.rank) }));
}

/** Counts matches when the requested page is past the last hit (the window count is then missing). */
export async function countDocumentRows(db: Executor, filter: SearchFilter, text: string | undefined): Promise<number> {
  const where = filterSql(filter);
  const { rows } = await sql<{ n: number }>`select count(*)::int as n
    from documents d
    join document_versions v on v.document_id = d.id and v.version = d.current_version and v.tenant_id = d.tenant_id
    where ${where} ${text ? sql`and v.search @@ websearch_to_tsquery('german'::regconfig, ${text}::text)` : sql``}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

// --- bulk (benchmarks, demo data) ---

export interface BulkDocument extends DocumentInsert {
  createdAt?: Date;
  /** A blob already in platform.files (the caller stores it; many rows may share one). */
  file: { sha256: string; filename: string; contentType: string; size: number; text: string };
}

/**
 * Inserts many single-version documents in a few statements (for benchmarks and demo
 * data). Blobs are not written here: each row names a blob the caller already stored.
 */
export async function bulkInsertDocuments(db: Executor, docs: BulkDocument[], batchSize = 500): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < docs.length; i += batchSize) {
    const batch = docs.slice(i, i + batchSize);
    const inserted = await t(db)
      .insertInto('documents')
      .values(
        batch.map((d) => ({
          tenant_id: d.tenantId,
          case_id: d.caseId,
          department_id: d.departmentId,
          reference: d.reference,
          procedure_slug: d.procedureSlug,
          title: d.title,
          kind: d.kind,
          tags: d.tags,
          metadata: JSON.stringify(d.metadata),
          created_by: d.createdBy,
          immutable: d.immutable,
          current_version: 1,
          ...(d.createdAt ? { created_at: d.createdAt } : {}),
        })),
      )
      .returning('id')
      .execute();
    await t(db)
      .insertInto('document_versions')
      .values(
        batch.map((d, k) => ({
          document_id: inserted[k].id,
          tenant_id: d.tenantId,
          version: 1,
          sha256: d.file.sha256,
          filename: d.file.filename,
          content_type: d.file.contentType,
          size: d.file.size,
          text: d.file.text,
          search: searchVector(d.title, d.tags, d.file.text),
          created_by: d.createdBy,
          ...(d.createdAt ? { created_at: d.createdAt } : {}),
        })),
      )
      .execute();
    ids.push(...inserted.map((r) => r.id));
  }
  return ids;
}
