import { type Kysely, sql } from 'kysely';

/**
 * App processes keep the tenant row and its version stamps (tenancy/stamps.ts) in memory
 * instead of reading them on every request. To never serve a stale copy, every committed
 * change of a tenant or of a stamp table notifies channel `rathaus_tenant_stamps` with the
 * tenant id; each process listens and drops its copy (tenancy/tenant-memo.ts). NOTIFY is
 * delivered at commit only, and once per transaction and payload.
 *
 * A module that registers a new stamp table adds the same trigger in its migration:
 * `after insert or update or delete on <table> for each row execute function tenant_stamp_notify()`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function tenant_stamp_notify() returns trigger language plpgsql as $$
    declare
      t uuid;
    begin
      if tg_table_name = 'tenants' then
        t := case when tg_op = 'DELETE' then old.id else new.id end;
      else
        t := case when tg_op = 'DELETE' then old.tenant_id else new.tenant_id end;
      end if;
      perform pg_notify('rathaus_tenant_stamps', t::text);
      return null;
    end $$
  `.execute(db);
  for (const table of ['tenants', 'catalog_versions', 'appointment_versions']) {
    await sql`
      create trigger ${sql.id(`${table}_notify`)} after insert or update or delete on ${sql.table(table)}
      for each row execute function tenant_stamp_notify()
    `.execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('Migrationen werden nicht zurückgenommen.');
}
