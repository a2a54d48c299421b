/**
 * The electronic file (E-Akte): documents with versions whose bytes are kept in the
 * content-addressed blob store and re-hashed on every verified read.
 */
import { createHash } from 'node:crypto';
import { appendAudit } from '../../platform/audit.js';
import { isBlobReferencedAnywhere } from '../../platform/blob-references.js';
import type { Executor } from '../../platform/db/database.js';
import { BlobNotFoundError } from '../../platform/files.js';
import type { Platform } from '../../platform/platform.js';
import { DocumentNotFoundError, ImmutableDocumentError } from './errors.js';
import { cleanText, extractText } from './extract.js';
import * as repo from './repo.js';
import { HEADLINE_OPTIONS, headlineToHtml } from './snippet.js';
import { DOCUMENT_KINDS, type DocumentKind } from './tables.js';

export interface NewDocument {
  tenantId: string;
  caseId?: string | null;
  departmentId?: string | null;
  /** Aktenzeichen of the case. */
  reference?: string | null;
  procedureSlug?: string | null;
  title: string;
  kind: DocumentKind;
  tags?: string[];
  metadata?: Record<string, unknown>;
  filename: string;
  contentType: string;
  bytes: Buffer;
  /** Known text (e.g. of a PDF we generated); otherwise extracted from the bytes. */
  text?: string;
  createdBy?: string | null;
  /** A Bescheid is immutable: it gets no further versions. */
  immutable?: boolean;
}

export interface NewVersion {
  filename: string;
  contentType: string;
  bytes: Buffer;
  text?: string;
  createdBy?: string | null;
}

export interface DocumentSummary {
  id: string;
  caseId: string | null;
  departmentId: string | null;
  reference: string | null;
  procedureSlug: string | null;
  title: string;
  kind: DocumentKind;
  tags: string[];
  metadata: Record<string, unknown>;
  immutable: boolean;
  createdBy: string | null;
  createdAt: Date;
  currentVersion: number;
  versionCount: number;
  /** Of the current version. */
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  versionCreatedAt: Date;
}

export interface DocumentVersionInfo {
  version: number;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  createdBy: string | null;
  createdAt: Date;
}

export interface DocumentHit {
  id: string;
  title: string;
  kind: DocumentKind;
  reference: string | null;
  procedureSlug: string | null;
  caseId: string | null;
  departmentId: string | null;
  createdAt: Date;
  version: number;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  rank: number;
  /** Safe HTML: escaped text with the matches in <mark>; null without a text query. */
  snippetHtml: string | null;
}

export interface DocumentQuery {
  text?: string;
  /** The departments whose documents the reader may see, or 'all' (tenant admins). */
  departmentIds?: string[] | 'all';
  reference?: string;
  procedureSlug?: string;
  from?: Date;
  to?: Date;
  limit?: number;
  offset?: number;
}

export type VerifiedRead =
  | { bytes: Buffer; filename: string; contentType: string; sha256: string; version: number }
  | { tampered: true; reason: 'hash_mismatch' | 'missing' };

const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function checkKind(kind: string): DocumentKind {
  if (!(DOCUMENT_KINDS as readonly string[]).includes(kind)) throw new Error(`Unbekannte Dokumentart: ${kind}`);
  return kind as DocumentKind;
}

/** A download name without path parts or control characters. */
export function safeFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters never belong in a file name
    .replace(/[\u0000-\u001f\u007f"]/g, '')
    .trim()
    .slice(0, 200);
  return cleaned && cleaned !== '.' && cleaned !== '..' ? cleaned : 'dokument';
}

/** Writes the blob and returns its hash; the blob hash lock keeps retention from deleting it before we commit. */
async function putBlob(platform: Platform, tx: Executor, bytes: Buffer): Promise<{ sha256: string; size: number }> {
  await repo.lockBlobHash(tx, sha256Of(bytes));
  return platform.files.put(bytes);
}

/**
 * Stores a new document (version 1): the blob in platform.files, the rows inside the
 * caller's transaction (given the root handle, it opens its own).
 */
export async function storeDocument(
  platform: Platform,
  tx: Executor,
  doc: NewDocument,
): Promise<{ id: string; version: number; sha256: string }> {
  if (!tx.isTransaction) return tx.transaction().execute((t) => storeDocument(platform, t, doc));
  const title = doc.title.trim();
  if (!title) throw new Error('Ein Dokument braucht einen Titel.');
  const kind = checkKind(doc.kind);
  const tags = (doc.tags ?? []).map((tag) => tag.trim()).filter(Boolean);
  const text = doc.text !== undefined ? cleanText(doc.text) : await extractText(doc.bytes, doc.contentType, doc.filename);
  const blob = await putBlob(platform, tx, doc.bytes);
  const id = await repo.insertDocument(
    tx,
    {
      tenantId: doc.tenantId,
      caseId: doc.caseId ?? null,
      departmentId: doc.departmentId ?? null,
      reference: doc.reference?.trim() || null,
      procedureSlug: doc.procedureSlug ?? null,
      title,
      kind,
      tags,
      metadata: doc.metadata ?? {},
      createdBy: doc.createdBy ?? null,
      immutable: doc.immutable ?? false,
    },
    text,
  );
  await repo.insertVersion(tx, doc.tenantId, id, {
    version: 1,
    sha256: blob.sha256,
    filename: safeFilename(doc.filename),
    contentType: doc.contentType,
    size: blob.size,
    text,
    createdBy: doc.createdBy ?? null,
  });
  return { id, version: 1, sha256: blob.sha256 };
}

/**
 * Adds a version; earlier versions stay as they are. Throws DocumentNotFoundError
 * for another tenant's document and ImmutableDocumentError for a Bescheid.
 */
export async function addDocumentVersion(
  platform: Platform,
  tx: Executor,
  tenantId: string,
  documentId: string,
  file: NewVersion,
): Promise<{ version: number; sha256: string }> {
  if (!tx.isTransaction) return tx.transaction().execute((t) => addDocumentVersion(platform, t, tenantId, documentId, file));
  const text = file.text !== undefined ? cleanText(file.text) : await extractText(file.bytes, file.contentType, file.filename);
  // The lock numbers versions one after another even when two arrive at once.
  const doc = await repo.lockDocument(tx, tenantId, documentId);
  if (!doc) throw new DocumentNotFoundError();
  if (doc.immutable) throw new ImmutableDocumentError(documentId);
  const blob = await putBlob(platform, tx, file.bytes);
  const version = doc.current_version + 1;
  await repo.insertVersion(tx, tenantId, documentId, {
    version,
    sha256: blob.sha256,
    filename: safeFilename(file.filename),
    contentType: file.contentType,
    size: blob.size,
    text,
    createdBy: file.createdBy ?? null,
  });
  await repo.setCurrentVersion(tx, tenantId, documentId, version, { title: doc.title, tags: doc.tags, text });
  return { version, sha256: blob.sha256 };
}

const toSummary = (r: repo.CaseDocumentRow): DocumentSummary => ({
  id: r.id,
  caseId: r.case_id,
  departmentId: r.department_id,
  reference: r.reference,
  procedureSlug: r.procedure_slug,
  title: r.title,
  kind: r.kind,
  tags: r.tags,
  metadata: r.metadata,
  immutable: r.immutable,
  createdBy: r.created_by,
  createdAt: r.created_at,
  currentVersion: r.current_version,
  versionCount: r.version_count,
  filename: r.filename,
  contentType: r.content_type,
  size: r.size,
  sha256: r.sha256,
  versionCreatedAt: r.version_created_at,
});

/** A case's documents, oldest first, with their current version and version count. */
export async function listCaseDocuments(db: Executor, tenantId: string, caseId: string): Promise<DocumentSummary[]> {
  return (await repo.listCaseDocumentRows(db, tenantId, caseId)).map(toSummary);
}

/** One document of the tenant (without bytes), e.g. to check a reader's department; undefined if none. */
export async function getDocument(db: Executor, tenantId: string, documentId: string) {
  const doc = await repo.findDocument(db, tenantId, documentId);
  if (!doc) return undefined;
  return {
    id: doc.id,
    caseId: doc.case_id,
    departmentId: doc.department_id,
    reference: doc.reference,
    procedureSlug: doc.procedure_slug,
    title: doc.title,
    kind: doc.kind,
    tags: doc.tags,
    metadata: doc.metadata,
    immutable: doc.immutable,
    createdBy: doc.created_by,
    createdAt: doc.created_at,
    currentVersion: doc.current_version,
  };
}

/** Every version of a document, oldest first. */
export async function listDocumentVersions(db: Executor, tenantId: string, documentId: string): Promise<DocumentVersionInfo[]> {
  return (await repo.listVersions(db, tenantId, documentId)).map((v) => ({
    version: v.version,
    filename: v.filename,
    contentType: v.content_type,
    size: v.size,
    sha256: v.sha256,
    createdBy: v.created_by,
    createdAt: v.created_at,
  }));
}

async function readBlob(platform: Platform, sha256: string): Promise<Buffer | null> {
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of await platform.files.get(sha256)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  } catch (error) {
    if (error instanceof BlobNotFoundError) return null;
    throw error;
  }
}

/**
 * The bytes of a version (the current one by default), after re-hashing them. Bytes
 * that no longer match their recorded hash (or are gone) are never returned: the
 * result is `tampered` and the audit log gets 'document.tamper_detected'. With an
 * actorId, a successful read is logged as 'document.read'. Throws
 * DocumentNotFoundError for an unknown document or version of this tenant.
 * Uses the root handle: call it outside a transaction (on PGlite one would wait on itself).
 */
export async function readDocumentVerified(
  platform: Platform,
  tenantId: string,
  documentId: string,
  version?: number,
  actorId?: string | null,
): Promise<VerifiedRead> {
  const row = await repo.findVersion(platform.db, tenantId, documentId, version);
  if (!row) throw new DocumentNotFoundError();
  const bytes = await readBlob(platform, row.sha256);
  const actual = bytes && sha256Of(bytes);
  if (actual !== row.sha256) {
    const reason = bytes ? 'hash_mismatch' : 'missing';
    await appendAudit(platform.db, {
      tenantId,
      actorId: actorId ?? null,
      action: 'document.tamper_detected',
      subject: documentId,
      details: { version: row.version, expected: row.sha256, actual, reason },
    });
    return { tampered: true, reason };
  }
  if (actorId) {
    await appendAudit(platform.db, {
      tenantId,
      actorId,
      action: 'document.read',
      subject: documentId,
      details: { version: row.version },
    });
  }
  return {
    bytes: bytes as Buffer,
    filename: row.filename,
    contentType: row.content_type,
    sha256: row.sha256,
    version: row.version,
  };
}

export const MAX_SEARCH_LIMIT = 100;

/** How many of the newest matches a search ranks and pages through (see repo.SEARCH_WINDOW). */
export const SEARCH_WINDOW = repo.SEARCH_WINDOW;

export interface DocumentSearchResult {
  items: DocumentHit[];
  /** Matches, at most SEARCH_WINDOW. */
  total: number;
  /** More than SEARCH_WINDOW documents match: only the newest SEARCH_WINDOW are ranked and listed. */
  capped: boolean;
}

/**
 * German full-text search over title, tags and extracted text of each document's
 * current version, with a highlighted snippet: of the newest SEARCH_WINDOW matches the
 * most relevant first, newest first among equals; without text the newest first.
 * Only the given departments' documents are searched (default: none).
 */
export async function searchDocuments(db: Executor, tenantId: string, query: DocumentQuery): Promise<DocumentSearchResult> {
  const text = query.text?.replace(/\s+/g, ' ').trim().slice(0, 200) || undefined;
  const filter: repo.SearchFilter = {
    tenantId,
    departmentIds: query.departmentIds ?? [],
    reference: query.reference?.trim() || undefined,
    procedureSlug: query.procedureSlug?.trim() || undefined,
    from: query.from,
    to: query.to,
  };
  if (Array.isArray(filter.departmentIds) && filter.departmentIds.length === 0) return { items: [], total: 0, capped: false };
  const limit = Math.min(Math.max(Math.trunc(query.limit ?? 20), 1), MAX_SEARCH_LIMIT);
  const offset = Math.max(Math.trunc(query.offset ?? 0), 0);
  const rows = await repo.searchDocumentRows(db, filter, text, { limit, offset }, HEADLINE_OPTIONS);
  const count = rows.length > 0 ? rows[0].total : offset > 0 ? await repo.countDocumentRows(db, filter, text) : 0;
  return {
    total: Math.min(count, SEARCH_WINDOW),
    capped: count > SEARCH_WINDOW,
    items: rows.map((r) => ({
      id: r.id,
      title: r.title,
      kind: r.kind,
      reference: r.reference,
      procedureSlug: r.procedure_slug,
      caseId: r.case_id,
      departmentId: r.department_id,
      createdAt: r.created_at,
      version: r.current_version,
      filename: r.filename,
      contentType: r.content_type,
      size: r.size,
      sha256: r.sha256,
      rank: r.rank,
      snippetHtml: r.snippet === null ? null : headlineToHtml(r.snippet),
    })),
  };
}

/**
 * For the retention job: removes a case's documents with all versions, and the blobs
 * that no remaining version (of any tenant) names. Call it last in the transaction:
 * the blobs are deleted at once, a rollback afterwards would leave rows without bytes.
 */
export async function deleteCaseDocuments(platform: Platform, tx: Executor, tenantId: string, caseId: string): Promise<number> {
  if (!tx.isTransaction) return tx.transaction().execute((t) => deleteCaseDocuments(platform, t, tenantId, caseId));
  const { count, hashes } = await repo.deleteCaseDocumentRows(tx, tenantId, caseId);
  for (const sha256 of hashes.sort()) {
    await repo.lockBlobHash(tx, sha256);
    // Blobs are shared by content with other modules and tenants: only a blob nobody names goes.
    if (!(await isBlobReferencedAnywhere(tx, sha256))) await platform.files.delete?.(sha256);
  }
  return count;
}
