import { type Kysely, sql } from 'kysely';

/**
 * Case processing (Vorgänge): one case per submission, its timeline and the messages
 * between applicant and administration. The files of a case live in the document
 * store (E-Akte); a case refers to them by id. The case's id is its submission's id.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('cases')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('submission_id', 'uuid', (c) => c.references('forms_submissions.id').onDelete('set null'))
    .addColumn('procedure_id', 'uuid')
    .addColumn('procedure_slug', 'text', (c) => c.notNull())
    .addColumn('procedure_title', 'text', (c) => c.notNull())
    .addColumn('department_id', 'uuid', (c) => c.references('departments.id').onDelete('set null'))
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .defaultTo('eingegangen')
        .check(sql`state in ('eingegangen','in_bearbeitung','rueckfrage','entschieden','abgeschlossen','zurueckgezogen')`),
    )
    .addColumn('outcome', 'text', (c) => c.check(sql`outcome in ('bewilligt','teilweise_bewilligt','abgelehnt')`))
    .addColumn('assignee_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('citizen_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('applicant_name', 'text')
    .addColumn('applicant_email', 'text')
    .addColumn('status_token_hash', 'text')
    .addColumn('deadline', 'date')
    .addColumn('bescheid_document_id', 'uuid')
    .addColumn('decided_at', 'timestamptz')
    .addColumn('closed_at', 'timestamptz')
    .addColumn('retention_years', 'integer', (c) => c.notNull().defaultTo(10))
    .addColumn('retention_until', 'date')
    .addColumn('personal_data_deleted_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('cases_tenant_reference', ['tenant_id', 'reference'])
    .execute();
  // The inbox: a department's cases by state and deadline (admins: the tenant's).
  await sql`create index cases_inbox on cases (tenant_id, department_id, state, deadline)`.execute(db);
  await sql`create index cases_tenant_state on cases (tenant_id, state, deadline)`.execute(db);
  await sql`create index cases_assignee on cases (tenant_id, assignee_id, state) where assignee_id is not null`.execute(db);
  await sql`create index cases_citizen on cases (tenant_id, citizen_id, created_at desc) where citizen_id is not null`.execute(
    db,
  );
  await sql`create index cases_retention on cases (tenant_id, retention_until) where retention_until is not null and personal_data_deleted_at is null`.execute(
    db,
  );

  await db.schema
    .createTable('case_events')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('case_id', 'uuid', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    // Shown to the applicant on the status page; internal notes are not.
    .addColumn('public', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index case_events_case on case_events (tenant_id, case_id, id)`.execute(db);

  await db.schema
    .createTable('case_messages')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('case_id', 'uuid', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('direction', 'text', (c) => c.notNull().check(sql`direction in ('in','out')`))
    .addColumn('author_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('document_ids', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('read_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index case_messages_case on case_messages (tenant_id, case_id, created_at)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrationen werden nicht zurückgenommen.');
}
