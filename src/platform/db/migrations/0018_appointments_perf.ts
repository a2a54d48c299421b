import { type Kysely, sql } from 'kysely';

/**
 * A per-tenant version of the appointment set-up (offers, their services, locations,
 * exceptions, settings), so app processes may memoize it and still never use what another
 * process has changed: every use checks the token first (one primary-key read, or none
 * when it came with the tenant), and any committed change replaces it. Same scheme as the
 * catalog version (0011): a random token, bumped by deferred constraint triggers at
 * commit, once per transaction. Bookings are not set-up and do not bump it.
 */
const TABLES = [
  'appointment_offers',
  'appointment_offer_services',
  'appointment_locations',
  'appointment_exceptions',
  'appointment_settings',
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table appointment_versions (
      tenant_id uuid primary key references tenants(id) on delete cascade,
      token uuid not null default gen_random_uuid(),
      xact xid8
    )`.execute(db);
  await sql`insert into appointment_versions (tenant_id) select id from tenants`.execute(db);
  await sql`
    create function appointment_bump_version() returns trigger language plpgsql as $$
    declare
      t uuid := case when tg_op = 'DELETE' then old.tenant_id else new.tenant_id end;
    begin
      if exists (select 1 from appointment_versions where tenant_id = t and xact = pg_current_xact_id()) then
        return null;
      end if;
      -- A deleted tenant (whose rows go by cascade) needs no version any more.
      insert into appointment_versions as v (tenant_id, token, xact)
        select t, gen_random_uuid(), pg_current_xact_id() where exists (select 1 from tenants where id = t)
        on conflict (tenant_id) do update set token = excluded.token, xact = excluded.xact;
      return null;
    end $$
  `.execute(db);
  for (const table of TABLES) {
    await sql`
      create constraint trigger ${sql.id(`${table}_version`)} after insert or update or delete on ${sql.table(table)}
      deferrable initially deferred for each row execute function appointment_bump_version()
    `.execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('Migrationen werden nicht zurückgenommen.');
}
