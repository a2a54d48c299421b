/**
 * The builder's changes to a draft definition: pure functions, each returning a new
 * definition (or a message when the change cannot be made at all).
 */
import type { DefinitionInput } from '../definition.js';
import { dashedWords } from '../../../platform/text/slug.js';

export type PageInput = DefinitionInput['pages'][number];
export type FieldInput = PageInput['fields'][number];
export type Change = { ok: true; definition: DefinitionInput } | { ok: false; message: string };

const clone = (d: DefinitionInput): DefinitionInput => structuredClone(d);
const done = (definition: DefinitionInput): Change => ({ ok: true, definition });

/** A page id from its title, unique in the procedure. */
export function newPageId(definition: DefinitionInput, title: string): string {
  const stem = dashedWords(title).slice(0, 50).replace(/-+$/, '') || 'seite';
  const taken = new Set(definition.pages.map((p) => p.id));
  if (!taken.has(stem)) return stem;
  for (let n = 2; ; n++) if (!taken.has(`${stem}-${n}`)) return `${stem}-${n}`;
}

/** A field key from its label ("Name des Hundes" → "nameDesHundes"), unique in the procedure. */
export function newFieldKey(definition: DefinitionInput, label: string): string {
  const words = dashedWords(label).split('-').filter(Boolean).slice(0, 4);
  let stem = words
    .map((w, i) => (i === 0 ? w : w[0].toUpperCase() + w.slice(1)))
    .join('')
    .slice(0, 50);
  if (!/^[a-z]/.test(stem)) stem = `feld${stem}`;
  const taken = new Set(allKeys(definition));
  if (!taken.has(stem)) return stem;
  for (let n = 2; ; n++) if (!taken.has(`${stem}${n}`)) return `${stem}${n}`;
}

export const allKeys = (definition: DefinitionInput) => definition.pages.flatMap((p) => p.fields.map((f) => f.key));

export function findField(definition: DefinitionInput, pageIndex: number, key: string): FieldInput | undefined {
  return definition.pages[pageIndex]?.fields.find((f) => f.key === key);
}

function move<T>(list: T[], index: number, by: -1 | 1): boolean {
  const to = index + by;
  if (index < 0 || to < 0 || to >= list.length) return false;
  [list[index], list[to]] = [list[to], list[index]];
  return true;
}

// --- pages ---

export function addPage(definition: DefinitionInput, title: string): Change {
  const next = clone(definition);
  next.pages.push({ id: newPageId(definition, title), title, fields: [] });
  return done(next);
}

export function updatePage(
  definition: DefinitionInput,
  index: number,
  changes: Pick<PageInput, 'title' | 'intro' | 'showIf'>,
): Change {
  const next = clone(definition);
  const page = next.pages[index];
  if (!page) return { ok: false, message: 'Diese Seite gibt es nicht mehr.' };
  page.title = changes.title;
  if (changes.intro) page.intro = changes.intro;
  else delete page.intro;
  if (changes.showIf) page.showIf = changes.showIf;
  else delete page.showIf;
  return done(next);
}

export function movePage(definition: DefinitionInput, index: number, by: -1 | 1): Change {
  const next = clone(definition);
  return move(next.pages, index, by) ? done(next) : { ok: false, message: 'Die Seite lässt sich nicht weiter verschieben.' };
}

export function removePage(definition: DefinitionInput, index: number): Change {
  if (!definition.pages[index]) return { ok: false, message: 'Diese Seite gibt es nicht mehr.' };
  if (definition.pages.length === 1) return { ok: false, message: 'Ein Verfahren braucht mindestens eine Seite.' };
  const next = clone(definition);
  next.pages.splice(index, 1);
  return done(next);
}

// --- fields ---

export function addField(definition: DefinitionInput, pageIndex: number, field: FieldInput): Change {
  const next = clone(definition);
  const page = next.pages[pageIndex];
  if (!page) return { ok: false, message: 'Diese Seite gibt es nicht mehr.' };
  page.fields.push(field);
  return done(next);
}

export function replaceField(definition: DefinitionInput, pageIndex: number, key: string, field: FieldInput): Change {
  const next = clone(definition);
  const fields = next.pages[pageIndex]?.fields;
  const index = fields?.findIndex((f) => f.key === key) ?? -1;
  if (!fields || index < 0) return { ok: false, message: 'Dieses Feld gibt es nicht mehr.' };
  fields[index] = field;
  if (field.key !== key) renameReferences(next, key, field.key);
  return done(next);
}

export function moveField(definition: DefinitionInput, pageIndex: number, key: string, by: -1 | 1): Change {
  const next = clone(definition);
  const fields = next.pages[pageIndex]?.fields;
  const index = fields?.findIndex((f) => f.key === key) ?? -1;
  if (!fields || index < 0) return { ok: false, message: 'Dieses Feld gibt es nicht mehr.' };
  return move(fields, index, by) ? done(next) : { ok: false, message: 'Das Feld lässt sich nicht weiter verschieben.' };
}

export function removeField(definition: DefinitionInput, pageIndex: number, key: string): Change {
  const next = clone(definition);
  const fields = next.pages[pageIndex]?.fields;
  const index = fields?.findIndex((f) => f.key === key) ?? -1;
  if (!fields || index < 0) return { ok: false, message: 'Dieses Feld gibt es nicht mehr.' };
  fields.splice(index, 1);
  return done(next);
}

/** A renamed key: conditions and computed values that looked at the old key follow it. */
function renameReferences(definition: DefinitionInput, from: string, to: string) {
  const fix = (c: { field: string } | undefined) => {
    if (c && c.field === from) c.field = to;
  };
  for (const page of definition.pages) {
    fix(page.showIf);
    for (const f of page.fields) {
      fix(f.showIf);
      if ('requiredIf' in f) fix(f.requiredIf);
    }
  }
  const walk = (e: unknown) => {
    if (!e || typeof e !== 'object') return;
    const node = e as Record<string, unknown>;
    if (node.field === from) node.field = to;
    if (node.count === from) node.count = to;
    if (node.if) fix(node.if as { field: string });
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === 'object') walk(value);
    }
  };
  for (const c of definition.computed ?? []) walk(c.expression);
}

// --- general settings ---

export interface GeneralSettings {
  title: string;
  description: string;
  service?: string;
  department?: string;
  licence: string;
  deadlineDays?: number;
  retentionYears: number;
}

export function updateGeneral(definition: DefinitionInput, s: GeneralSettings): Change {
  const next = clone(definition);
  next.title = s.title;
  next.description = s.description;
  if (s.service) next.service = s.service;
  else delete next.service;
  if (s.department) next.department = s.department;
  else delete next.department;
  next.licence = s.licence;
  const workflow = { ...(next.workflow ?? {}) };
  if (s.department) workflow.department = s.department;
  else delete workflow.department;
  if (s.deadlineDays !== undefined) workflow.deadlineDays = s.deadlineDays;
  else delete workflow.deadlineDays;
  workflow.retentionYears = s.retentionYears;
  next.workflow = workflow;
  return done(next);
}

/** The first draft of a new procedure: one page, no fields yet. */
export function emptyDefinition(
  slug: string,
  title: string,
  description: string,
  firstPageTitle: string,
  authorTenant: string,
): DefinitionInput {
  return {
    formatVersion: 1,
    id: slug,
    title,
    description,
    authorTenant,
    licence: 'CC-BY-4.0',
    pages: [{ id: newPageId({ pages: [] } as unknown as DefinitionInput, firstPageTitle), title: firstPageTitle, fields: [] }],
    workflow: { retentionYears: 10 },
  };
}
