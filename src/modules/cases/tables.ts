import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt } from '../../platform/db/schema.js';
import type { CaseState, Outcome } from './states.js';

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
type Time = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTime = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** A date column (no time): read as 'YYYY-MM-DD' text through to_char where it matters. */
type DateColumn = ColumnType<Date | string | null, string | null | undefined, string | null>;

export interface CasesTable {
  id: string;
  tenant_id: string;
  submission_id: Nullable<string>;
  procedure_id: Nullable<string>;
  procedure_slug: string;
  procedure_title: string;
  department_id: Nullable<string>;
  reference: string;
  state: ColumnType<CaseState, CaseState | undefined, CaseState>;
  outcome: Nullable<Outcome>;
  assignee_id: Nullable<string>;
  citizen_id: Nullable<string>;
  applicant_name: Nullable<string>;
  applicant_email: Nullable<string>;
  status_token_hash: Nullable<string>;
  deadline: DateColumn;
  bescheid_document_id: Nullable<string>;
  decided_at: NullableTime;
  closed_at: NullableTime;
  retention_years: ColumnType<number, number | undefined, number>;
  retention_until: DateColumn;
  personal_data_deleted_at: NullableTime;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  updated_at: Time;
}

export interface CaseEventsTable {
  id: Generated<number>;
  tenant_id: string;
  case_id: string;
  kind: string;
  actor_id: Nullable<string>;
  public: ColumnType<boolean, boolean | undefined, boolean>;
  text: ColumnType<string, string | undefined, string>;
  created_at: CreatedAt;
}

export interface CaseMessagesTable {
  id: Generated<string>;
  tenant_id: string;
  case_id: string;
  direction: 'in' | 'out';
  author_id: Nullable<string>;
  body: string;
  document_ids: ColumnType<string[], string | undefined, string>;
  read_at: NullableTime;
  created_at: CreatedAt;
}

/** A type alias (not an interface) so it satisfies withTables' Record constraint. */
export type CasesTables = {
  cases: CasesTable;
  case_events: CaseEventsTable;
  case_messages: CaseMessagesTable;
};
