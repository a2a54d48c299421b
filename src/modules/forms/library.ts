/**
 * The shared procedure library: a tenant shares a published version; every tenant may
 * browse, preview and import a copy as its own draft. The copy remembers its origin and
 * the shared version it is based on; a newer shared version can be pulled as a new draft,
 * with the differences shown before it is published. Local adaptations (texts, the
 * department) are not merged: the editor redoes them in the new draft.
 */
import { appendAudit } from '../../platform/audit.js';
import type { Executor } from '../../platform/db/database.js';
import { listDepartments } from '../../platform/tenancy/repo.js';
import type { FieldErrors } from '../../platform/views/forms.js';
import * as builderRepo from './admin/repo.js';
import { type DefinitionInput, PROCEDURE_SLUG } from './definition.js';
import { type DefinitionDiff, diffDefinitions } from './library-diff.js';
import * as repo from './library-repo.js';
import * as formsRepo from './repo.js';

export type { SharedVersion } from './library-repo.js';
export const listLibrary = repo.listLatestSharedVersions;
export const findSharedVersion = repo.findSharedVersion;
export const listSharedVersionNumbers = repo.listSharedVersionNumbers;

const inTransaction = <T>(db: Executor, fn: (tx: Executor) => Promise<T>) =>
  db.isTransaction ? fn(db) : db.transaction().execute(fn);

/** Shares the last published version of a procedure. */
export async function shareProcedure(
  db: Executor,
  tenantId: string,
  userId: string | null,
  procedureId: string,
): Promise<{ ok: true; version: number } | { ok: false; message: string } | undefined> {
  const procedure = await builderRepo.findProcedure(db, tenantId, procedureId);
  if (!procedure) return undefined;
  const published = await builderRepo.findLastPublishedVersion(db, tenantId, procedureId);
  if (!published || procedure.status !== 'published')
    return { ok: false, message: 'Nur ein veröffentlichtes Verfahren kann in die Bibliothek gestellt werden.' };
  return inTransaction(db, async (tx) => {
    const d = published.definition;
    const id = await repo.insertSharedVersion(tx, {
      tenantId,
      slug: procedure.slug,
      version: published.version,
      title: d.title,
      description: d.description ?? '',
      licence: d.licence ?? 'CC-BY-4.0',
      definition: d,
      userId,
    });
    if (!id) return { ok: false, message: `Version ${published.version} ist bereits in der Bibliothek.` } as const;
    await appendAudit(tx, {
      tenantId,
      actorId: userId,
      action: 'procedure.shared',
      subject: procedureId,
      details: { slug: procedure.slug, version: published.version },
    });
    return { ok: true, version: published.version } as const;
  });
}

/** A shared definition adapted to the importing tenant: its own slug; the department only if the tenant has one of that name. */
async function adaptToTenant(
  db: Executor,
  tenantId: string,
  shared: repo.SharedVersion,
  slug: string,
): Promise<{ definition: DefinitionInput; departmentDropped?: string }> {
  const departments = new Set((await listDepartments(db, tenantId)).map((d) => d.name));
  const definition: DefinitionInput = structuredClone({
    ...shared.definition,
    id: slug,
    authorTenant: shared.definition.authorTenant ?? shared.originTenantSlug,
  });
  const named = definition.workflow?.department ?? definition.department;
  let departmentDropped: string | undefined;
  if (named && !departments.has(named)) {
    departmentDropped = named;
    delete definition.department;
    if (definition.workflow) delete definition.workflow.department;
  }
  return { definition, departmentDropped };
}

/** Imports a shared version as a new procedure (a draft) of this tenant. */
export async function importSharedProcedure(
  db: Executor,
  tenantId: string,
  userId: string | null,
  sharedId: string,
  slugInput: string,
): Promise<{ ok: true; procedureId: string; departmentDropped?: string } | { ok: false; errors: FieldErrors } | undefined> {
  const shared = await repo.findSharedVersion(db, sharedId);
  if (!shared) return undefined;
  const slug = slugInput || shared.slug;
  if (!PROCEDURE_SLUG.test(slug))
    return {
      ok: false,
      errors: { slug: 'Die Kennung besteht aus Kleinbuchstaben, Ziffern und Bindestrichen (höchstens 120 Zeichen).' },
    };
  if (await formsRepo.findProcedureIdBySlug(db, tenantId, slug)) {
    return { ok: false, errors: { slug: `Die Kennung „${slug}“ ist bei Ihnen bereits vergeben. Bitte wählen Sie eine andere.` } };
  }
  const { definition, departmentDropped } = await adaptToTenant(db, tenantId, shared, slug);
  const procedureId = await inTransaction(db, async (tx) => {
    const id = await formsRepo.insertProcedure(tx, tenantId, slug, definition.title);
    await builderRepo.saveDraft(tx, tenantId, id, definition, userId, { version: shared.version, baseVersion: null });
    await builderRepo.insertOrigin(tx, tenantId, id, {
      tenantId: shared.originTenantId,
      slug: shared.slug,
      version: shared.version,
    });
    await appendAudit(tx, {
      tenantId,
      actorId: userId,
      action: 'procedure.imported_from_library',
      subject: id,
      details: { slug, origin: shared.originTenantSlug, originSlug: shared.slug, version: shared.version },
    });
    return id;
  });
  return { ok: true, procedureId, departmentDropped };
}

export interface LibraryStatus {
  origin: builderRepo.OriginRow;
  latest?: repo.SharedVersion;
  /** A newer shared version than the copy is based on, not yet pulled into the draft. */
  updateAvailable: boolean;
}

export async function libraryStatusOf(db: Executor, tenantId: string, procedureId: string): Promise<LibraryStatus | undefined> {
  const origin = await builderRepo.findOrigin(db, tenantId, procedureId);
  if (!origin) return undefined;
  const [latest, draft] = await Promise.all([
    repo.findLatestSharedVersion(db, origin.originTenantId, origin.originSlug),
    builderRepo.findDraft(db, tenantId, procedureId),
  ]);
  const known = Math.max(origin.originVersion, draft?.libraryVersion ?? 0);
  return { origin, latest, updateAvailable: Boolean(latest && latest.version > known) };
}

/** Makes the newest shared version the draft (replacing any draft); the diff is shown on the procedure's page. */
export async function pullSharedUpdate(
  db: Executor,
  tenantId: string,
  userId: string | null,
  procedureId: string,
): Promise<{ ok: true; version: number; departmentDropped?: string } | { ok: false; message: string } | undefined> {
  const procedure = await builderRepo.findProcedure(db, tenantId, procedureId);
  const status = procedure && (await libraryStatusOf(db, tenantId, procedureId));
  if (!procedure || !status) return undefined;
  if (!status.latest || !status.updateAvailable) return { ok: false, message: 'Es gibt keine neuere Version in der Bibliothek.' };
  const latest = status.latest;
  const { definition, departmentDropped } = await adaptToTenant(db, tenantId, latest, procedure.slug);
  await inTransaction(db, async (tx) => {
    await builderRepo.saveDraft(tx, tenantId, procedureId, definition, userId, {
      version: latest.version,
      baseVersion: status.origin.originVersion,
    });
    await appendAudit(tx, {
      tenantId,
      actorId: userId,
      action: 'procedure.library_update_pulled',
      subject: procedureId,
      details: { version: latest.version },
    });
  });
  return { ok: true, version: latest.version, departmentDropped };
}

/**
 * What the pulled shared version changes: against the shared version the copy was
 * based on (the origin's changes), or against the local version when that is gone.
 */
export async function pulledUpdateDiff(
  db: Executor,
  tenantId: string,
  procedureId: string,
): Promise<{ from: number; to: number; diff: DefinitionDiff } | undefined> {
  const [draft, origin] = await Promise.all([
    builderRepo.findDraft(db, tenantId, procedureId),
    builderRepo.findOrigin(db, tenantId, procedureId),
  ]);
  if (!draft || draft.libraryVersion === null || draft.libraryBaseVersion === null || !origin) return undefined;
  const base =
    (await repo.findSharedVersionByNumber(db, origin.originTenantId, origin.originSlug, draft.libraryBaseVersion))?.definition ??
    (await builderRepo.findLastPublishedVersion(db, tenantId, procedureId))?.definition;
  if (!base) return undefined;
  return { from: draft.libraryBaseVersion, to: draft.libraryVersion, diff: diffDefinitions(base, draft.definition) };
}
