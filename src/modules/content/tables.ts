import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, WithDefault } from '../../platform/db/schema.js';

export type NewsStatus = 'draft' | 'published';

export interface ContentNewsTable {
  id: Generated<string>;
  tenant_id: string;
  slug: string;
  title: string;
  teaser: WithDefault<string>;
  body_md: WithDefault<string>;
  status: WithDefault<NewsStatus>;
  published_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  /** Kept by trigger; never written by the application. */
  search_vector: ColumnType<string, never, never>;
}

export interface ContentPagesTable {
  tenant_id: string;
  slug: string;
  title: string;
  body_md: WithDefault<string>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** A type alias (not an interface) so it satisfies withTables' Record constraint. */
export type ContentTables = {
  content_news: ContentNewsTable;
  content_pages: ContentPagesTable;
};
