import { type Kysely, sql } from 'kysely';

/**
 * Links that reopen a citizen's draft from an e-mail (no account needed): only the
 * hash of the secret is stored; a link expires and dies with its draft.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('forms_draft_links')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('draft_id', 'uuid', (c) => c.notNull().references('forms_drafts.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('page_number', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`create index forms_draft_links_draft on forms_draft_links (tenant_id, draft_id, created_at)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrationen werden nicht zurückgenommen.');
}
