import { type Kysely, sql } from 'kysely';

/**
 * The electronic file (E-Akte): documents and their versions. A version row is only
 * ever inserted (a new version never overwrites an old one); its bytes live in the
 * content-addressed blob store under the sha256 kept here, which a verified read
 * re-hashes. `search` is the German full-text vector over the document's title,
 * tags and the version's text, computed when the version is written.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('documents')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    // No foreign key: the cases table belongs to another module.
    .addColumn('case_id', 'uuid')
    .addColumn('department_id', 'uuid', (c) => c.references('departments.id').onDelete('set null'))
    .addColumn('reference', 'text')
    .addColumn('procedure_slug', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('submission','attachment','upload','bescheid','message','note','receipt','other')`),
    )
    .addColumn('tags', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('metadata', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('immutable', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('current_version', 'integer', (c) => c.notNull().defaultTo(1).check(sql`current_version >= 1`))
    .execute();
  await sql`create index documents_tenant_case on documents (tenant_id, case_id) where case_id is not null`.execute(db);
  await sql`create index documents_tenant_created on documents (tenant_id, created_at desc)`.execute(db);
  await sql`create index documents_tenant_department on documents (tenant_id, department_id, created_at desc)`.execute(db);
  await sql`create index documents_tenant_reference on documents (tenant_id, reference) where reference is not null`.execute(db);
  await sql`create index documents_tenant_procedure on documents (tenant_id, procedure_slug) where procedure_slug is not null`.execute(
    db,
  );

  await db.schema
    .createTable('document_versions')
    .addColumn('document_id', 'uuid', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
    .addColumn('sha256', 'text', (c) => c.notNull().check(sql`sha256 ~ '^[0-9a-f]{64}$'`))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('search', sql`tsvector`, (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('document_versions_document_version', ['document_id', 'version'])
    .execute();
  await sql`create index document_versions_search on document_versions using gin (search)`.execute(db);
  // Deleting a blob asks whether any other version still names it.
  await sql`create index document_versions_sha256 on document_versions (sha256)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('document_versions').execute();
  await db.schema.dropTable('documents').execute();
}
