import { type Kysely, sql } from 'kysely';

/**
 * Indexes in the clerk's inbox order (see listCases in src/modules/cases/repo.ts), so the
 * first page is an index scan that stops after 50 rows instead of a sort of every case of
 * the department: newest first, and the open cases by deadline (a partial index: closed
 * cases, the large majority, stay out of it). The `_all` pair serves admins (whole tenant).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index cases_department_received on cases (tenant_id, department_id, created_at desc, id)`.execute(db);
  await sql`create index cases_department_open_deadline on cases (tenant_id, department_id, deadline, created_at, id)
    where state in ('eingegangen', 'in_bearbeitung', 'rueckfrage')`.execute(db);
  // Counting a clerk's cases assigned from other departments reads only this index.
  await sql`create index cases_assignee_scope on cases (tenant_id, assignee_id, department_id, state, deadline)
    where assignee_id is not null`.execute(db);
  await sql`create index cases_all_received on cases (tenant_id, created_at desc, id)`.execute(db);
  await sql`create index cases_all_open_deadline on cases (tenant_id, deadline, created_at, id)
    where state in ('eingegangen', 'in_bearbeitung', 'rueckfrage')`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrationen werden nicht zurückgenommen.');
}
