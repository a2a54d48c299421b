import { appendAudit } from '../../../platform/audit.js';
import type { Executor } from '../../../platform/db/database.js';
import type { FieldErrors } from '../../../platform/views/forms.js';
import { foldText, tokenize } from '../search-query.js';
import * as repo from './repo.js';
import type { Result } from './service.js';
import { commaList, hasErrors, requireLength, SLUG, slugify, UUID } from './validation.js';

/** Lebenslagen (two levels) and search synonyms: the vocabulary editors keep per tenant. */

export interface LebenslageFormValues {
  title: string;
  slug: string;
  summary: string;
  parent: string;
}

async function validateLebenslage(db: Executor, tenantId: string, v: LebenslageFormValues, exceptId?: string) {
  const errors: FieldErrors = {};
  requireLength(errors, 'title', v.title, 'den Titel', 120, true);
  requireLength(errors, 'summary', v.summary, 'den Kurztext', 500);
  const slug = v.slug || slugify(v.title);
  if (!errors.title) {
    if (!SLUG.test(slug)) errors.slug = 'Das Kürzel darf nur Kleinbuchstaben, Ziffern und Bindestriche enthalten.';
    else if (await repo.isLebenslageSlugTaken(db, tenantId, slug, exceptId)) {
      errors.slug = `Das Kürzel „${slug}“ hat bereits eine andere Lebenslage.`;
    }
  }
  let parentId: string | null = null;
  if (v.parent) {
    const parent = UUID.test(v.parent) ? await repo.findLebenslage(db, tenantId, v.parent) : undefined;
    // Two levels only: a parent must itself be top-level, and an entry with children stays top-level.
    if (!parent || parent.parent_id !== null || parent.id === exceptId) {
      errors.parent = 'Bitte wählen Sie eine Lebenslage der obersten Ebene als Oberbegriff.';
    } else if (exceptId && (await repo.countLebenslageChildren(db, tenantId, exceptId)) > 0) {
      errors.parent = 'Diese Lebenslage hat selbst Unterpunkte und muss daher auf der obersten Ebene bleiben.';
    } else parentId = parent.id;
  }
  if (hasErrors(errors)) return { ok: false as const, errors };
  return { ok: true as const, row: { title: v.title, slug, summary: v.summary, parent_id: parentId } };
}

export async function createLebenslage(
  db: Executor,
  tenantId: string,
  actorId: string,
  v: LebenslageFormValues,
): Promise<Result<{ id: string }>> {
  const checked = await validateLebenslage(db, tenantId, v);
  if (!checked.ok) return checked;
  const id = await db.transaction().execute(async (tx) => {
    const position = await repo.nextLebenslagePosition(tx, tenantId, checked.row.parent_id);
    const { id } = await repo.insertLebenslage(tx, { tenant_id: tenantId, ...checked.row, position });
    await appendAudit(tx, { tenantId, actorId, action: 'catalog.lebenslage_created', subject: id });
    return id;
  });
  return { ok: true, value: { id } };
}

export async function updateLebenslageFromForm(
  db: Executor,
  tenantId: string,
  actorId: string,
  id: string,
  v: LebenslageFormValues,
): Promise<Result<{ id: string }> | undefined> {
  const current = await repo.findLebenslage(db, tenantId, id);
  if (!current) return undefined;
  const checked = await validateLebenslage(db, tenantId, v, id);
  if (!checked.ok) return checked;
  await db.transaction().execute(async (tx) => {
    const moved = current.parent_id !== checked.row.parent_id;
    const position = moved ? await repo.nextLebenslagePosition(tx, tenantId, checked.row.parent_id) : current.position;
    await repo.updateLebenslage(tx, tenantId, id, { ...checked.row, position });
    await appendAudit(tx, { tenantId, actorId, action: 'catalog.lebenslage_updated', subject: id });
  });
  return { ok: true, value: { id } };
}

/** Swaps the Lebenslage with its neighbour among its siblings; positions are renumbered 0…n. */
export async function moveLebenslage(db: Executor, tenantId: string, actorId: string, id: string, direction: 'up' | 'down') {
  return db.transaction().execute(async (tx) => {
    const current = await repo.findLebenslage(tx, tenantId, id);
    if (!current) return false;
    const siblings = (await repo.listSiblingLebenslagen(tx, tenantId, current.parent_id)).map((s) => s.id);
    const index = siblings.indexOf(id);
    const target = direction === 'up' ? index - 1 : index + 1;
    if (target < 0 || target >= siblings.length) return true;
    [siblings[index], siblings[target]] = [siblings[target], siblings[index]];
    for (const [position, siblingId] of siblings.entries()) await repo.updateLebenslage(tx, tenantId, siblingId, { position });
    await appendAudit(tx, { tenantId, actorId, action: 'catalog.lebenslage_moved', subject: id, details: { direction } });
    return true;
  });
}

export const lebenslageFormOf = async (db: Executor, tenantId: string, id: string) => {
  const l = await repo.findLebenslage(db, tenantId, id);
  return l
    ? { lebenslage: l, values: { title: l.title, slug: l.slug, summary: l.summary, parent: l.parent_id ?? '' } }
    : undefined;
};

// --- synonyms ---

export interface SynonymFormValues {
  term: string;
  expansions: string;
}

/** Saves "term → expansions"; an existing term gets the new expansions. */
export async function saveSynonym(
  db: Executor,
  tenantId: string,
  actorId: string,
  v: SynonymFormValues,
): Promise<Result<{ id: string }>> {
  const errors: FieldErrors = {};
  requireLength(errors, 'term', v.term, 'den Suchbegriff', 100, true);
  requireLength(errors, 'expansions', v.expansions, 'die Bedeutungen', 1000, true);
  // Stored the way the search looks terms up: folded words joined by one space.
  const term = tokenize(foldText(v.term)).join(' ');
  const expansions = commaList(v.expansions);
  if (!errors.term && !term) errors.term = 'Der Suchbegriff braucht mindestens einen Buchstaben oder eine Ziffer.';
  if (!errors.expansions && expansions.length === 0) errors.expansions = 'Bitte geben Sie mindestens eine Bedeutung an.';
  if (hasErrors(errors)) return { ok: false, errors };
  const id = await db.transaction().execute(async (tx) => {
    const { id } = await repo.upsertSynonym(tx, tenantId, term, expansions);
    await appendAudit(tx, { tenantId, actorId, action: 'catalog.synonym_saved', subject: id });
    return id;
  });
  return { ok: true, value: { id } };
}

export async function removeSynonym(db: Executor, tenantId: string, actorId: string, id: string) {
  return db.transaction().execute(async (tx) => {
    const result = await repo.deleteSynonym(tx, tenantId, id);
    if (Number(result.numDeletedRows) === 0) return false;
    await appendAudit(tx, { tenantId, actorId, action: 'catalog.synonym_removed', subject: id });
    return true;
  });
}
