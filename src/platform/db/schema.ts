import type { ColumnType, Generated } from 'kysely';

/** A timestamp column: written as Date or ISO string, read as Date. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
export type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
export type Json<T> = ColumnType<T, string, string>;
/** A column with a database default: optional on insert. */
export type WithDefault<T> = ColumnType<T, T | undefined, T>;

export type TenantType = 'landkreis' | 'gemeinde';
export type StaffRole = 'admin' | 'editor' | 'clerk';
export type UserKind = 'citizen' | 'staff';

export interface OpeningHours {
  /** 1 = Montag … 7 = Sonntag */
  day: number;
  from: string;
  to: string;
}

export interface TenantsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  type: TenantType;
  street: WithDefault<string>;
  postal_code: WithDefault<string>;
  city: WithDefault<string>;
  phone: WithDefault<string>;
  email: WithDefault<string>;
  opening_hours: ColumnType<OpeningHours[], string | undefined, string>;
  opening_hours_note: WithDefault<string>;
  logo_sha256: WithDefault<string | null>;
  primary_color: WithDefault<string>;
  created_at: CreatedAt;
}

export interface DepartmentsTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  email: WithDefault<string>;
  phone: WithDefault<string>;
  created_at: CreatedAt;
}

export interface UsersTable {
  id: Generated<string>;
  tenant_id: string;
  kind: UserKind;
  email: string;
  name: WithDefault<string>;
  password_hash: string;
  role: StaffRole | null;
  department_id: ColumnType<string | null, string | null | undefined, string | null>;
  email_confirmed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  totp_secret: ColumnType<string | null, string | null | undefined, string | null>;
  totp_enabled_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** The TOTP time step last accepted: a code is never accepted twice. */
  totp_last_step: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: CreatedAt;
}

export interface SessionsTable {
  id_hash: string;
  tenant_id: string;
  user_id: string;
  kind: UserKind;
  /** Staff with TOTP: logged in by password, second factor still owed. */
  pending_second_factor: WithDefault<boolean>;
  created_at: CreatedAt;
  last_seen_at: ColumnType<Date, Date | string | undefined, Date | string>;
  expires_at: Timestamp;
}

export interface ApiTokensTable {
  id: Generated<string>;
  tenant_id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: CreatedAt;
  last_used_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  revoked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface PlatformSecretsTable {
  name: string;
  value: string;
}

export type OutgoingMailStatus = 'queued' | 'sent' | 'captured' | 'failed';

/** A mail in the outbox; written with the change that caused it (see platform/mail.ts). */
export interface OutgoingMailsTable {
  id: Generated<string>;
  tenant_id: string;
  to: string;
  subject: string;
  text: string;
  html: ColumnType<string | null, string | null | undefined, string | null>;
  status: WithDefault<OutgoingMailStatus>;
  attempts: WithDefault<number>;
  /** Why the last try failed; never contains credentials. */
  last_error: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
  sent_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  message_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** Text attachments such as an iCalendar file (column added by migration 0014). */
  attachments: ColumnType<MailAttachment[], string | undefined, string>;
}

/** A small attachment of an outgoing mail (e.g. `termin.ics`, or a receipt PDF in base64). */
export interface MailAttachment {
  filename: string;
  contentType: string;
  content: string;
  /** Set for binary files: `content` holds their bytes in base64. */
  encoding?: 'base64';
}

export type OneTimeTokenPurpose = 'confirm_email' | 'password_reset' | 'email_change' | 'staff_invitation';

/** Links sent by mail (confirmation, reset, e-mail change, invitation): single use, expiring. */
export interface OneTimeTokensTable {
  id: Generated<string>;
  tenant_id: string;
  user_id: string;
  purpose: OneTimeTokenPurpose;
  token_hash: string;
  /** E.g. the new address of an e-mail change. */
  payload: ColumnType<Record<string, string>, string | undefined, string>;
  created_at: CreatedAt;
  expires_at: Timestamp;
  used_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface PlatformTables {
  tenants: TenantsTable;
  departments: DepartmentsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  platform_secrets: PlatformSecretsTable;
  outgoing_mails: OutgoingMailsTable;
  one_time_tokens: OneTimeTokensTable;
}
