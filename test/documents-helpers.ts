import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import type { AuditTables } from '../src/platform/audit.js';
import type { Platform } from '../src/platform/platform.js';
import { insertDepartment, type Tenant } from '../src/platform/tenancy/repo.js';
import { createTenants, createTestApp, type TestApp } from './helpers/app.js';

/** A real PDF whose only text is `lines`, one paragraph each. */
export function makePdf(...lines: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ info: { Title: 'Testdokument' } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    for (const line of lines) doc.text(line);
    doc.end();
  });
}

export const PNG_1PX = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

export interface DocumentsWorld {
  t: TestApp;
  platform: Platform;
  dataDir: string;
  a: Tenant;
  b: Tenant;
  /** Departments of tenant a. */
  bauamt: string;
  ordnungsamt: string;
  close(): Promise<void>;
}

/** An app on a fresh database with its own data folder, two tenants and two departments in tenant a. */
export async function createDocumentsWorld(): Promise<DocumentsWorld> {
  const dataDir = await mkdtemp(join(tmpdir(), 'rathaus-documents-'));
  const t = await createTestApp({ env: { DATA_DIR: dataDir } });
  const { a, b } = await createTenants(t.platform);
  const bauamt = (await insertDepartment(t.platform.db, a.id, { name: 'Bauamt' })).id;
  const ordnungsamt = (await insertDepartment(t.platform.db, a.id, { name: 'Ordnungsamt' })).id;
  return {
    t,
    platform: t.platform,
    dataDir,
    a,
    b,
    bauamt,
    ordnungsamt,
    async close() {
      await t.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The tenant's audit entries with this action, oldest first. */
export const auditEntries = (platform: Platform, tenantId: string, action: string) =>
  platform.db
    .withTables<AuditTables>()
    .selectFrom('audit_log')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('action', '=', action)
    .orderBy('seq')
    .execute();

export const blobPath = (dataDir: string, sha256: string) =>
  join(dataDir, 'files', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
