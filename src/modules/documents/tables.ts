import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt } from '../../platform/db/schema.js';

type NullableText = ColumnType<string | null, string | null | undefined, string | null>;

/** What a document is in the file (Akte); a check constraint in 0013 lists the same values. */
export const DOCUMENT_KINDS = ['submission', 'attachment', 'upload', 'bescheid', 'message', 'note', 'receipt', 'other'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** One logical document; its content lives in document_versions. */
export interface DocumentsTable {
  id: Generated<string>;
  tenant_id: string;
  /** The case (Vorgang) it belongs to; no foreign key: the cases table belongs to another module. */
  case_id: NullableText;
  department_id: NullableText;
  /** Aktenzeichen of the case, copied so search and filters need no join into another module. */
  reference: NullableText;
  procedure_slug: NullableText;
  title: string;
  kind: DocumentKind;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  metadata: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_by: NullableText;
  created_at: CreatedAt;
  /** A Bescheid is final: no further versions. */
  immutable: ColumnType<boolean, boolean | undefined, boolean>;
  current_version: ColumnType<number, number | undefined, number>;
  /**
   * German full-text vector of the current version (title, tags, text), kept on the document
   * so a search filters and orders on one table (0019); rewritten with each new version.
   */
  search: ColumnType<string, unknown, unknown>;
}

/** One version of a document's content; rows are only ever inserted. */
export interface DocumentVersionsTable {
  document_id: string;
  tenant_id: string;
  version: number;
  /** Names the blob in platform.files and is re-checked on every verified read. */
  sha256: string;
  filename: string;
  content_type: string;
  size: number;
  /** Extracted (or known) text; empty for images. */
  text: ColumnType<string, string | undefined, string>;
  created_by: NullableText;
  created_at: CreatedAt;
}

/** A type alias (not an interface) so it satisfies withTables' Record constraint. */
export type DocumentTables = {
  documents: DocumentsTable;
  document_versions: DocumentVersionsTable;
};
