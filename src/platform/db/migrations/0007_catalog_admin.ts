import { type Kysely, sql } from 'kysely';

/**
 * PDF attachments of services (brochures, leaflets, paper forms). The bytes live in the
 * content-addressed blob store; a row names them by SHA-256, so two services may share
 * one stored file and deleting a row never deletes bytes another row still uses.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('catalog_attachments')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('service_id', 'uuid', (c) => c.notNull().references('catalog_services.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull().check(sql`sha256 ~ '^[0-9a-f]{64}$'`))
    .addColumn('size', 'integer', (c) => c.notNull().check(sql`size >= 0`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('catalog_attachments_service')
    .on('catalog_attachments')
    .columns(['tenant_id', 'service_id', 'created_at'])
    .execute();
  await db.schema.createIndex('catalog_attachments_sha256').on('catalog_attachments').column('sha256').execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrationen werden nicht zurückgenommen.');
}
