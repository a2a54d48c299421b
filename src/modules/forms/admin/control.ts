/**
 * `rathaus procedures export|import`, answered on an open platform: by the CLI itself,
 * or by the running embedded server through its control channel (it owns the data folder).
 */
import type { Platform } from '../../../platform/platform.js';
import { findTenantBySlug } from '../../../platform/tenancy/repo.js';
import { PROCEDURE_SLUG } from '../definition.js';
import { exportDefinitionBySlug, importDefinitionFile } from './service.js';

export type ProceduresRequest =
  | { type: 'procedures.export'; tenant: string; procedure: string }
  | { type: 'procedures.import'; tenant: string; text: string; publish: boolean };

export type ProceduresAnswer =
  | { json: string; version: number | null }
  | { lines: string[] }
  | { problems: string[] }
  | { usageError: string };

function isProceduresRequest(req: unknown): req is ProceduresRequest {
  const r = req as Record<string, unknown> | null;
  if (typeof r !== 'object' || r === null || typeof r.tenant !== 'string') return false;
  if (r.type === 'procedures.export') return typeof r.procedure === 'string';
  return r.type === 'procedures.import' && typeof r.text === 'string' && typeof r.publish === 'boolean';
}

/** Undefined for requests of other types (the control channel asks every module in turn). */
export async function answerProceduresRequest(platform: Platform, req: unknown): Promise<ProceduresAnswer | undefined> {
  if (!isProceduresRequest(req)) return undefined;
  const tenant = await findTenantBySlug(platform.db, req.tenant);
  if (!tenant) return { usageError: `Den Mandanten „${req.tenant}“ gibt es nicht. Die Mandanten zeigt: rathaus tenant list` };
  if (req.type === 'procedures.export') {
    const file = PROCEDURE_SLUG.test(req.procedure)
      ? await exportDefinitionBySlug(platform.db, tenant.id, req.procedure)
      : undefined;
    if (!file) return { usageError: `Das Verfahren „${req.procedure}“ gibt es bei „${tenant.slug}“ nicht.` };
    return { json: `${JSON.stringify(file.definition, null, 2)}\n`, version: file.version ?? null };
  }
  const result = await importDefinitionFile(platform.db, tenant, null, req.text, { publish: req.publish });
  if (!result.ok) return { problems: result.problems };
  return {
    lines: [
      `Verfahren „${result.slug}“ in „${tenant.slug}“ ${result.created ? 'neu angelegt' : 'aktualisiert'}: ${req.publish ? 'veröffentlicht' : 'als Entwurf gespeichert (veröffentlichen in der Verwaltung unter Online-Verfahren)'}.`,
    ],
  };
}
