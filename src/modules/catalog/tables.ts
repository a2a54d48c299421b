import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, OpeningHours, WithDefault } from '../../platform/db/schema.js';

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
/** A jsonb column: written as JSON text, read as the parsed value. */
type JsonColumn<T> = ColumnType<T, string | undefined, string>;

export type ServiceStatus = 'draft' | 'published';

export interface CatalogServicesTable {
  id: Generated<string>;
  tenant_id: string;
  slug: string;
  title: string;
  summary: WithDefault<string>;
  description_md: WithDefault<string>;
  documents: WithDefault<string[]>;
  fees: WithDefault<string>;
  processing_time: WithDefault<string>;
  legal_basis: WithDefault<string>;
  leika_key: Nullable<string>;
  department_id: Nullable<string>;
  keywords: WithDefault<string[]>;
  online_procedure_id: Nullable<string>;
  online_url: Nullable<string>;
  easy_language_md: WithDefault<string>;
  status: WithDefault<ServiceStatus>;
  reviewed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  visits: WithDefault<number>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  /** Kept by trigger; never written by the application. */
  search_vector: ColumnType<string, never, never>;
  search_text: ColumnType<string, never, never>;
}

export interface CatalogWordsTable {
  tenant_id: string;
  word: string;
}

export interface CatalogContactsTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  function: WithDefault<string>;
  phone: WithDefault<string>;
  email: WithDefault<string>;
  room: WithDefault<string>;
  consultation_hours: JsonColumn<OpeningHours[]>;
  consultation_note: WithDefault<string>;
}

export interface CatalogLocationsTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  street: WithDefault<string>;
  postal_code: WithDefault<string>;
  city: WithDefault<string>;
  accessibility: WithDefault<string>;
  opening_hours: JsonColumn<OpeningHours[]>;
  opening_hours_note: WithDefault<string>;
}

export interface CatalogServiceContactsTable {
  tenant_id: string;
  service_id: string;
  contact_id: string;
  position: WithDefault<number>;
}

export interface CatalogServiceLocationsTable {
  tenant_id: string;
  service_id: string;
  location_id: string;
  position: WithDefault<number>;
}

export interface CatalogLebenslagenTable {
  id: Generated<string>;
  tenant_id: string;
  parent_id: Nullable<string>;
  slug: string;
  title: string;
  summary: WithDefault<string>;
  position: WithDefault<number>;
}

export interface CatalogServiceLebenslagenTable {
  tenant_id: string;
  service_id: string;
  lebenslage_id: string;
}

export interface CatalogSynonymsTable {
  id: Generated<string>;
  tenant_id: string;
  term: string;
  expansions: string[];
}

export interface CatalogAttachmentsTable {
  id: Generated<string>;
  tenant_id: string;
  service_id: string;
  title: string;
  /** A safe download name (ASCII letters, digits, dot, dash), ending in .pdf. */
  filename: string;
  sha256: string;
  size: number;
  created_at: CreatedAt;
}

/** A type alias (not an interface) so it satisfies withTables' Record constraint. */
export type CatalogTables = {
  catalog_services: CatalogServicesTable;
  catalog_words: CatalogWordsTable;
  catalog_contacts: CatalogContactsTable;
  catalog_locations: CatalogLocationsTable;
  catalog_service_contacts: CatalogServiceContactsTable;
  catalog_service_locations: CatalogServiceLocationsTable;
  catalog_lebenslagen: CatalogLebenslagenTable;
  catalog_service_lebenslagen: CatalogServiceLebenslagenTable;
  catalog_synonyms: CatalogSynonymsTable;
  catalog_attachments: CatalogAttachmentsTable;
};
