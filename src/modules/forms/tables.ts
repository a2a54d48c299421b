import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt } from '../../platform/db/schema.js';
import type { ProcedureDefinition } from './definition.js';

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
/** A jsonb column: written as JSON text, read as the parsed value. */
type JsonColumn<T> = ColumnType<T, string, string>;
type JsonWithDefault<T> = ColumnType<T, string | undefined, string>;
type Time = ColumnType<Date, Date | string | undefined, Date | string>;

export type ProcedureStatus = 'draft' | 'published';

export interface FormsProceduresTable {
  id: Generated<string>;
  tenant_id: string;
  slug: string;
  title: string;
  status: ColumnType<ProcedureStatus, ProcedureStatus | undefined, ProcedureStatus>;
  published_version_id: Nullable<string>;
  created_at: CreatedAt;
  updated_at: Time;
}

export interface FormsProcedureVersionsTable {
  id: Generated<string>;
  tenant_id: string;
  procedure_id: string;
  version: number;
  definition: JsonColumn<ProcedureDefinition>;
  published_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: CreatedAt;
}

export interface FormsReferenceCountersTable {
  tenant_id: string;
  year: number;
  last_value: number;
}

/** A stored file answer: the blob's hash and what the citizen uploaded. */
export interface FileAnswer {
  sha256: string;
  filename: string;
  contentType: string;
  size: number;
}

export interface FormsSubmissionsTable {
  id: Generated<string>;
  tenant_id: string;
  procedure_id: string;
  version_id: string;
  reference: string;
  data: JsonColumn<Record<string, unknown>>;
  computed: JsonWithDefault<Record<string, number>>;
  files: JsonWithDefault<(FileAnswer & { field: string })[]>;
  channel: 'web' | 'api';
  idempotency_key: Nullable<string>;
  citizen_id: Nullable<string>;
  case_id: Nullable<string>;
  created_at: CreatedAt;
}

export interface FormsDraftsTable {
  id: Generated<string>;
  tenant_id: string;
  procedure_id: string;
  version_id: string;
  token_hash: string;
  citizen_id: Nullable<string>;
  data: JsonWithDefault<Record<string, unknown>>;
  submission_id: Nullable<string>;
  created_at: CreatedAt;
  updated_at: Time;
  expires_at: Time;
}

/** A type alias (not an interface) so it satisfies withTables' Record constraint. */
export type FormsTables = {
  forms_procedures: FormsProceduresTable;
  forms_procedure_versions: FormsProcedureVersionsTable;
  forms_reference_counters: FormsReferenceCountersTable;
  forms_submissions: FormsSubmissionsTable;
  forms_drafts: FormsDraftsTable;
};
