import { type Kysely, sql } from 'kysely';

/**
 * Document search without a join: the current version's full-text vector moves onto the
 * document row, next to tenant, department, Aktenzeichen, procedure and date. A search for
 * a common word then walks documents_tenant_department (newest first), tests each row's
 * vector and stops after the newest matches it needs; a rare word uses the GIN index.
 * Before, every match of a common word was joined to its version and ranked (0.6 s at
 * 100,000 cases). Older versions' vectors were never searched: they go, with their index.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table documents add column search tsvector`.execute(db);
  await sql`update documents d set search = v.search
    from document_versions v
    where v.document_id = d.id and v.version = d.current_version`.execute(db);
  // A document without its current version cannot exist (both are written in one transaction).
  await sql`update documents set search = ''::tsvector where search is null`.execute(db);
  await sql`alter table documents alter column search set not null`.execute(db);
  await sql`create index documents_search on documents using gin (search)`.execute(db);
  await sql`drop index document_versions_search`.execute(db);
  await sql`alter table document_versions drop column search`.execute(db);
  // An Aktenzeichen is searched by its beginning, in any letter case (lower(...) like 'ba-2025-%').
  await sql`drop index documents_tenant_reference`.execute(db);
  await sql`create index documents_tenant_reference_prefix on documents (tenant_id, lower(reference) text_pattern_ops)
    where reference is not null`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrationen werden nicht zurückgenommen.');
}
