import { type Kysely, sql } from 'kysely';

/**
 * The form builder's drafts and the shared procedure library.
 *
 * - forms_procedure_drafts: the one working copy of a procedure that the builder edits.
 *   It may be incomplete (a page without fields yet); it is checked in full when it is
 *   published, which turns it into a new immutable row of forms_procedure_versions.
 * - forms_library: shared versions, readable by every tenant (that is the point of the
 *   library); a row belongs to its origin tenant and never changes (trigger).
 * - forms_procedure_origins: a tenant's copy of a shared procedure remembers where it
 *   came from and which shared version it is based on, so a newer one can be offered.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('forms_procedure_drafts')
    .addColumn('procedure_id', 'uuid', (c) => c.primaryKey().references('forms_procedures.id').onDelete('cascade'))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('definition', 'jsonb', (c) => c.notNull())
    // Set when the draft was pulled from a newer shared version: that version and the one before.
    .addColumn('library_version', 'integer')
    .addColumn('library_base_version', 'integer')
    .addColumn('updated_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index forms_procedure_drafts_tenant on forms_procedure_drafts (tenant_id)`.execute(db);

  await db.schema
    .createTable('forms_library')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('procedure_slug', 'text', (c) => c.notNull().check(sql`procedure_slug ~ '^[a-z0-9][a-z0-9-]{0,119}$'`))
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('definition', 'jsonb', (c) => c.notNull())
    .addColumn('licence', 'text', (c) => c.notNull())
    .addColumn('published_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('published_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('forms_library_version', ['tenant_id', 'procedure_slug', 'version'])
    .execute();
  await sql`create index forms_library_recent on forms_library (published_at desc)`.execute(db);
  await sql`
    create function forms_library_immutable() returns trigger language plpgsql as $$
    begin
      raise exception 'Eine geteilte Verfahrensversion ist unveränderlich (%).', old.id;
    end $$
  `.execute(db);
  await sql`
    create trigger forms_library_immutable before update on forms_library
    for each row execute function forms_library_immutable()
  `.execute(db);

  await db.schema
    .createTable('forms_procedure_origins')
    .addColumn('procedure_id', 'uuid', (c) => c.primaryKey().references('forms_procedures.id').onDelete('cascade'))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('origin_tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('origin_slug', 'text', (c) => c.notNull())
    .addColumn('origin_version', 'integer', (c) => c.notNull())
    .addColumn('imported_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index forms_procedure_origins_source on forms_procedure_origins (origin_tenant_id, origin_slug)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrationen werden nicht zurückgenommen.');
}
