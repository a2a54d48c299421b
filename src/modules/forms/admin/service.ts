/**
 * The form builder's domain rules: a procedure has at most one draft (the working copy);
 * published versions never change; publishing the draft makes the next version.
 */
import { appendAudit } from '../../../platform/audit.js';
import type { Executor } from '../../../platform/db/database.js';
import type { FieldErrors } from '../../../platform/views/forms.js';
import { linkServiceToProcedure, unlinkProcedureFromServices } from '../../catalog/index.js';
// A pure JSON helper that lives in the catalog for now (it should move to the platform).
import { jsonErrorOffset } from '../../../platform/text/json-position.js';
import { type DefinitionInput, PROCEDURE_SLUG } from '../definition.js';
import * as formsRepo from '../repo.js';
import { publishProcedureVersion } from '../service.js';
import { validateDefinition } from '../validate-definition.js';
import { type Change, emptyDefinition } from './builder.js';
import { introducedProblems, publishProblems } from './draft-check.js';
import * as repo from './repo.js';
import { slugify as slugOf } from '../../../platform/text/slug.js';

export type { ProcedureListRow } from './repo.js';
export const listProceduresForEditors = repo.listProcedures;

const inTransaction = <T>(db: Executor, fn: (tx: Executor) => Promise<T>) =>
  db.isTransaction ? fn(db) : db.transaction().execute(fn);

export interface NewProcedureValues {
  title: string;
  slug: string;
  description: string;
  firstPage: string;
}

/** A new procedure: not published, with a draft of one empty page. */
export async function createProcedure(
  db: Executor,
  tenant: { id: string; slug: string },
  userId: string,
  values: NewProcedureValues,
): Promise<{ ok: true; id: string } | { ok: false; errors: FieldErrors }> {
  const errors: FieldErrors = {};
  const slug = values.slug || slugOf(values.title);
  if (!values.title) errors.title = 'Bitte geben Sie den Titel des Verfahrens ein.';
  else if (values.title.length > 200) errors.title = 'Der Titel darf höchstens 200 Zeichen lang sein.';
  if (values.title && !PROCEDURE_SLUG.test(slug))
    errors.slug = 'Die Kennung besteht aus Kleinbuchstaben, Ziffern und Bindestrichen (höchstens 120 Zeichen).';
  if (!values.firstPage) errors.firstPage = 'Bitte geben Sie den Titel der ersten Seite ein.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  if (await formsRepo.findProcedureIdBySlug(db, tenant.id, slug)) {
    return { ok: false, errors: { slug: `Die Kennung „${slug}“ ist bereits vergeben. Bitte wählen Sie eine andere.` } };
  }
  const id = await inTransaction(db, async (tx) => {
    const procedureId = await formsRepo.insertProcedure(tx, tenant.id, slug, values.title);
    await repo.saveDraft(
      tx,
      tenant.id,
      procedureId,
      emptyDefinition(slug, values.title, values.description, values.firstPage, tenant.slug),
      userId,
    );
    await appendAudit(tx, {
      tenantId: tenant.id,
      actorId: userId,
      action: 'procedure.created',
      subject: procedureId,
      details: { slug },
    });
    return procedureId;
  });
  return { ok: true, id };
}

export interface BuilderState {
  procedure: repo.ProcedureRow;
  published?: repo.VersionRow;
  draft?: repo.DraftRow;
  /** What the builder shows and edits: the draft, or the last published version until the first change. */
  definition: DefinitionInput;
  submissions: number;
  origin?: repo.OriginRow;
}

export async function loadBuilderState(db: Executor, tenantId: string, procedureId: string): Promise<BuilderState | undefined> {
  const procedure = await repo.findProcedure(db, tenantId, procedureId);
  if (!procedure) return undefined;
  const [published, draft, submissions, origin] = await Promise.all([
    repo.findLastPublishedVersion(db, tenantId, procedureId),
    repo.findDraft(db, tenantId, procedureId),
    repo.countSubmissions(db, tenantId, procedureId),
    repo.findOrigin(db, tenantId, procedureId),
  ]);
  const definition = draft?.definition ?? published?.definition;
  if (!definition) return undefined;
  return { procedure, published, draft, definition, submissions, origin };
}

export type ChangeResult =
  | { ok: true; definition: DefinitionInput }
  /** The change itself cannot be made (input mistakes by input name, or a message). */
  | { ok: false; errors: FieldErrors; definition?: DefinitionInput }
  /** The change would make the definition wrong: the validator's messages, naming the place. */
  | { ok: false; problems: string[]; definition: DefinitionInput };

/**
 * Applies one builder change to the draft (making the draft from the last published
 * version first: published versions stay as they are) and saves it, unless the change
 * brings a problem the validator knows. Undefined: no such procedure in this tenant.
 */
export async function changeDraft(
  db: Executor,
  tenantId: string,
  userId: string | null,
  procedureId: string,
  change: (definition: DefinitionInput) => Change | { ok: false; errors: FieldErrors },
): Promise<ChangeResult | undefined> {
  return inTransaction(db, async (tx) => {
    const procedure = await repo.lockProcedure(tx, tenantId, procedureId);
    if (!procedure) return undefined;
    const draft = await repo.findDraft(tx, tenantId, procedureId);
    const before = draft?.definition ?? (await repo.findLastPublishedVersion(tx, tenantId, procedureId))?.definition;
    if (!before) return undefined;
    const result = change(before);
    if (!result.ok)
      return 'errors' in result
        ? { ok: false, errors: result.errors, definition: before }
        : { ok: false, errors: { _: result.message }, definition: before };
    // The slug is the procedure's address; it never changes through the builder.
    const after = { ...result.definition, id: procedure.slug };
    const problems = introducedProblems(before, after);
    if (problems.length > 0) return { ok: false, problems, definition: after };
    await repo.saveDraft(tx, tenantId, procedureId, after, userId);
    return { ok: true, definition: after };
  });
}

export type PublishResult =
  | { ok: true; version: number; service?: { slug: string; linked: boolean } }
  | { ok: false; problems: string[] };

/**
 * Publishes the draft as the next version (a withdrawn procedure without a draft is put
 * back online as it was). A procedure that names a catalog service is linked to it, which
 * marks the service as available online.
 */
export async function publishDraft(
  db: Executor,
  tenantId: string,
  userId: string | null,
  procedureId: string,
): Promise<PublishResult | undefined> {
  return inTransaction(db, async (tx) => {
    const procedure = await repo.lockProcedure(tx, tenantId, procedureId);
    if (!procedure) return undefined;
    const draft = await repo.findDraft(tx, tenantId, procedureId);
    let version: number;
    let definition: DefinitionInput;
    if (!draft) {
      const last = await repo.findLastPublishedVersion(tx, tenantId, procedureId);
      if (!last) return { ok: false, problems: ['Es gibt nichts zu veröffentlichen: Das Verfahren hat noch keinen Entwurf.'] };
      if (procedure.status === 'published')
        return {
          ok: false,
          problems: ['Diese Version ist bereits veröffentlicht. Ändern Sie das Verfahren, um eine neue Version zu erstellen.'],
        };
      await formsRepo.publishVersion(tx, tenantId, procedureId, last.id, last.definition.title);
      ({ version, definition } = last);
    } else {
      const problems = publishProblems(draft.definition);
      if (problems.length > 0) return { ok: false, problems };
      const published = await publishProcedureVersion(tx, tenantId, { ...draft.definition, id: procedure.slug });
      if (!published.ok) return { ok: false, problems: published.errors };
      await repo.deleteDraft(tx, tenantId, procedureId);
      if (draft.libraryVersion !== null) await repo.setOriginVersion(tx, tenantId, procedureId, draft.libraryVersion);
      version = published.value.version;
      definition = draft.definition;
    }
    let service: { slug: string; linked: boolean } | undefined;
    if (definition.service)
      service = {
        slug: definition.service,
        linked: await linkServiceToProcedure(tx, tenantId, definition.service, procedure.slug),
      };
    await appendAudit(tx, {
      tenantId,
      actorId: userId,
      action: 'procedure.published',
      subject: procedureId,
      details: { slug: procedure.slug, version },
    });
    return { ok: true, version, service };
  });
}

/** Takes the procedure offline: citizens no longer find it; its versions and submissions stay. */
export async function unpublishProcedure(db: Executor, tenantId: string, userId: string, procedureId: string): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    const procedure = await repo.lockProcedure(tx, tenantId, procedureId);
    if (!procedure) return false;
    if (procedure.status === 'published') {
      await repo.setProcedureStatus(tx, tenantId, procedureId, 'draft');
      // "Online beantragen" must not lead to a procedure that is gone.
      await unlinkProcedureFromServices(tx, tenantId, procedure.slug);
      await appendAudit(tx, {
        tenantId,
        actorId: userId,
        action: 'procedure.unpublished',
        subject: procedureId,
        details: { slug: procedure.slug },
      });
    }
    return true;
  });
}

/** Drops the draft; a procedure that was never published has nothing else and cannot lose it. */
export async function discardDraft(
  db: Executor,
  tenantId: string,
  procedureId: string,
): Promise<'discarded' | 'only-draft' | undefined> {
  const state = await loadBuilderState(db, tenantId, procedureId);
  if (!state) return undefined;
  if (!state.published) return 'only-draft';
  await repo.deleteDraft(db, tenantId, procedureId);
  return 'discarded';
}

// --- JSON files ---

/** The definition as the export file carries it: the draft or the last published version. */
export async function exportDefinition(
  db: Executor,
  tenantId: string,
  procedureId: string,
  which: 'entwurf' | 'veroeffentlicht',
) {
  const state = await loadBuilderState(db, tenantId, procedureId);
  if (!state) return undefined;
  const stored = which === 'entwurf' ? state.draft?.definition : state.published?.definition;
  // Through the schema again: its key order (formatVersion, id, title, …) reads better than jsonb's.
  const check = stored && validateDefinition(stored);
  const definition = check?.ok ? check.definition : stored;
  return definition
    ? { slug: state.procedure.slug, version: which === 'entwurf' ? undefined : state.published?.version, definition }
    : undefined;
}

export const exportDefinitionBySlug = async (db: Executor, tenantId: string, slug: string) => {
  const id = await formsRepo.findProcedureIdBySlug(db, tenantId, slug);
  if (!id) return undefined;
  return (await exportDefinition(db, tenantId, id, 'veroeffentlicht')) ?? exportDefinition(db, tenantId, id, 'entwurf');
};

/** "Zeile 3, Spalte 7": where the JSON text stops being valid. */
function jsonErrorPlace(text: string): string {
  const offset = jsonErrorOffset(text);
  const before = text.slice(0, offset);
  return `Zeile ${before.split('\n').length}, Spalte ${offset - before.lastIndexOf('\n')}`;
}

export type ImportResult = { ok: true; procedureId: string; slug: string; created: boolean } | { ok: false; problems: string[] };

/**
 * Reads a definition file (JSON) into the draft of the procedure with its id, creating
 * the procedure if the tenant has none of that id. Nothing is stored unless the whole
 * file is valid; every problem names its place.
 */
export async function importDefinitionFile(
  db: Executor,
  tenant: { id: string },
  userId: string | null,
  text: string,
  options: { publish?: boolean } = {},
): Promise<ImportResult> {
  let input: unknown;
  try {
    input = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, problems: [`${jsonErrorPlace(text)}: Die Datei ist kein gültiges JSON (${(error as Error).message}).`] };
  }
  if (!input || typeof input !== 'object' || Array.isArray(input))
    return { ok: false, problems: ['Die Datei enthält keine Verfahrensdefinition (ein JSON-Objekt wird erwartet).'] };
  const check = validateDefinition(input);
  if (!check.ok) return { ok: false, problems: check.errors };
  const definition = check.definition;
  return inTransaction(db, async (tx) => {
    const existing = await formsRepo.findProcedureIdBySlug(tx, tenant.id, definition.id);
    const procedureId = existing ?? (await formsRepo.insertProcedure(tx, tenant.id, definition.id, definition.title));
    await repo.saveDraft(tx, tenant.id, procedureId, definition, userId);
    await appendAudit(tx, {
      tenantId: tenant.id,
      actorId: userId,
      action: 'procedure.imported',
      subject: procedureId,
      details: { slug: definition.id },
    });
    if (options.publish) {
      const published = await publishDraft(tx, tenant.id, userId, procedureId);
      if (published && !published.ok) throw new Error(published.problems.join('\n'));
    }
    return { ok: true, procedureId, slug: definition.id, created: !existing };
  });
}
