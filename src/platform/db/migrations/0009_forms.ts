import { type Kysely, sql } from 'kysely';

/**
 * Online procedures (Verfahren), their versions, citizens' drafts and submissions.
 * A published version is immutable: a trigger refuses any UPDATE of a row whose
 * published_at is set; a new version is a new row. A submission records its version.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('forms_procedures')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('slug', 'text', (c) => c.notNull().check(sql`slug ~ '^[a-z0-9][a-z0-9-]{0,119}$'`))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft').check(sql`status in ('draft','published')`))
    .addColumn('published_version_id', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('forms_procedures_tenant_slug', ['tenant_id', 'slug'])
    .execute();

  await db.schema
    .createTable('forms_procedure_versions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('procedure_id', 'uuid', (c) => c.notNull().references('forms_procedures.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
    .addColumn('definition', 'jsonb', (c) => c.notNull())
    .addColumn('published_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('forms_procedure_versions_number', ['procedure_id', 'version'])
    .execute();
  await sql`
    alter table forms_procedures add constraint forms_procedures_published_version
    foreign key (published_version_id) references forms_procedure_versions (id) on delete set null
  `.execute(db);
  await sql`
    create function forms_versions_immutable() returns trigger language plpgsql as $$
    begin
      raise exception 'Eine veröffentlichte Verfahrensversion ist unveränderlich (%).', old.id;
    end $$
  `.execute(db);
  // Deleting stays possible (a tenant's removal cascades); changing a published version is not.
  await sql`
    create trigger forms_versions_immutable before update on forms_procedure_versions
    for each row when (old.published_at is not null) execute function forms_versions_immutable()
  `.execute(db);

  await db.schema
    .createTable('forms_reference_counters')
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last_value', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('forms_reference_counters_pk', ['tenant_id', 'year'])
    .execute();

  await db.schema
    .createTable('forms_submissions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('procedure_id', 'uuid', (c) => c.notNull().references('forms_procedures.id'))
    .addColumn('version_id', 'uuid', (c) => c.notNull().references('forms_procedure_versions.id'))
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('computed', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('files', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('web','api')`))
    .addColumn('idempotency_key', 'text')
    .addColumn('citizen_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    // Filled by case processing (issue 6) when it opens the case for this submission.
    .addColumn('case_id', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('forms_submissions_reference', ['tenant_id', 'reference'])
    .addUniqueConstraint('forms_submissions_idempotency', ['tenant_id', 'idempotency_key'])
    .execute();
  await sql`create index forms_submissions_recent on forms_submissions (tenant_id, created_at desc)`.execute(db);

  await db.schema
    .createTable('forms_drafts')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('procedure_id', 'uuid', (c) => c.notNull().references('forms_procedures.id').onDelete('cascade'))
    .addColumn('version_id', 'uuid', (c) => c.notNull().references('forms_procedure_versions.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('citizen_id', 'uuid', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('submission_id', 'uuid', (c) => c.references('forms_submissions.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`create index forms_drafts_citizen on forms_drafts (tenant_id, citizen_id, procedure_id) where citizen_id is not null`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrationen werden nicht zurückgenommen.');
}
