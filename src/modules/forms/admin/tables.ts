import type { ColumnType, Generated } from 'kysely';
import type { DefinitionInput } from '../definition.js';

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
type JsonColumn<T> = ColumnType<T, string, string>;
type Time = ColumnType<Date, Date | string | undefined, Date | string>;

/** The builder's working copy of a procedure (may be incomplete until it is published). */
export interface FormsProcedureDraftsTable {
  procedure_id: string;
  tenant_id: string;
  definition: JsonColumn<DefinitionInput>;
  library_version: Nullable<number>;
  library_base_version: Nullable<number>;
  updated_by: Nullable<string>;
  updated_at: Time;
}

/** A version shared in the library; rows belong to the origin tenant and are read by all. */
export interface FormsLibraryTable {
  id: Generated<string>;
  tenant_id: string;
  procedure_slug: string;
  version: number;
  title: string;
  description: ColumnType<string, string | undefined, string>;
  definition: JsonColumn<DefinitionInput>;
  licence: string;
  published_by: Nullable<string>;
  published_at: Time;
}

/** Where a tenant's copy of a shared procedure came from. */
export interface FormsProcedureOriginsTable {
  procedure_id: string;
  tenant_id: string;
  origin_tenant_id: string;
  origin_slug: string;
  origin_version: number;
  imported_at: Time;
}

export type BuilderTables = {
  forms_procedure_drafts: FormsProcedureDraftsTable;
  forms_library: FormsLibraryTable;
  forms_procedure_origins: FormsProcedureOriginsTable;
};
