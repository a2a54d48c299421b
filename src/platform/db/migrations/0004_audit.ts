import { type Kysely, sql } from 'kysely';

/**
 * The audit log: one hash chain per tenant. `audit_heads` holds each chain's last
 * seq and hash; appending locks that row, so two transactions cannot fork the chain,
 * and verification compares it with the last entry, so cutting off the tail shows.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_heads')
    // No cascade: a tenant with a history cannot vanish together with it.
    .addColumn('tenant_id', 'uuid', (c) => c.primaryKey().references('tenants.id'))
    .addColumn('last_seq', 'bigint', (c) => c.notNull())
    .addColumn('last_hash', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id'))
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    // A user id without foreign key: users get deleted, their history stays.
    .addColumn('actor_id', 'uuid')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_log_pkey', ['tenant_id', 'seq'])
    .execute();

  // Append-only in the database too: changing history needs a deliberate
  // `alter table audit_log disable trigger …` by the table owner.
  await sql`
    create function audit_log_reject_change() returns trigger language plpgsql as $$
    begin
      raise exception 'Das Audit-Log ist unveränderlich (% ist nicht erlaubt).', tg_op;
    end
    $$`.execute(db);
  await sql`
    create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function audit_log_reject_change()`.execute(db);
  await sql`
    create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_reject_change()`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrationen werden nicht zurückgenommen.');
}
