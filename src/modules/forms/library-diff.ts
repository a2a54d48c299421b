/**
 * What changed between two versions of a procedure, by page id and field key: shown
 * before an editor publishes a newer shared version that was pulled from the library.
 */
import type { DefinitionInput } from './definition.js';

export interface DiffEntry {
  /** Page id or field key. */
  key: string;
  title: string;
  /** Where it is now (or was, when removed): "Seite 2". */
  place?: string;
  /** What changed, in German ("Beschriftung", "Antwortmöglichkeiten"). */
  changes?: string[];
}

export interface DefinitionDiff {
  general: string[];
  pages: { added: DiffEntry[]; removed: DiffEntry[]; changed: DiffEntry[] };
  fields: { added: DiffEntry[]; removed: DiffEntry[]; changed: DiffEntry[] };
  /** True when labels, hints or other texts changed: local wording must be checked again. */
  textsChanged: boolean;
}

const PROPERTY_NAMES: Record<string, string> = {
  type: 'Typ',
  label: 'Beschriftung',
  hint: 'Hinweis',
  text: 'Text',
  required: 'Pflichtangabe',
  showIf: 'Anzeigebedingung',
  requiredIf: 'Pflichtbedingung',
  options: 'Antwortmöglichkeiten',
  fields: 'Unterfelder',
  itemLabel: 'Bezeichnung eines Eintrags',
  title: 'Titel',
  intro: 'Einleitung',
};
const TEXT_PROPERTIES = new Set(['label', 'hint', 'text', 'title', 'intro', 'patternMessage', 'itemLabel']);

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function changedProperties(a: Record<string, unknown>, b: Record<string, unknown>, ignore: string[]): string[] {
  const props = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((p) => !ignore.includes(p) && !same(a[p], b[p]));
  return props;
}

export function diffDefinitions(before: DefinitionInput, after: DefinitionInput): DefinitionDiff {
  let textsChanged = false;
  const names = (props: string[]) => {
    if (props.some((p) => TEXT_PROPERTIES.has(p))) textsChanged = true;
    const named = props.filter((p) => PROPERTY_NAMES[p]).map((p) => PROPERTY_NAMES[p]);
    return props.some((p) => !PROPERTY_NAMES[p]) ? [...named, 'Prüfregeln'] : named;
  };

  const general: string[] = [];
  if (!same(before.title, after.title)) general.push(`Titel: „${before.title}“ → „${after.title}“`);
  if (!same(before.description, after.description)) general.push('Beschreibung geändert');
  if (!same(before.workflow, after.workflow)) general.push('Bearbeitung (Fachbereich, Fristen, Bescheidvorlagen) geändert');
  if (!same(before.computed, after.computed)) general.push('Berechnete Werte geändert');
  if (general.some((g) => g.startsWith('Titel') || g.startsWith('Beschreibung'))) textsChanged = true;

  const pagesBefore = new Map(before.pages.map((p, i) => [p.id, { page: p, index: i }]));
  const pagesAfter = new Map(after.pages.map((p, i) => [p.id, { page: p, index: i }]));
  const pages: DefinitionDiff['pages'] = { added: [], removed: [], changed: [] };
  for (const [id, { page, index }] of pagesAfter) {
    const old = pagesBefore.get(id);
    if (!old) pages.added.push({ key: id, title: page.title, place: `Seite ${index + 1}` });
    else {
      const props = changedProperties(old.page as Record<string, unknown>, page as Record<string, unknown>, ['fields', 'id']);
      const changes = names(props);
      if (old.index !== index) changes.push(`Position (vorher Seite ${old.index + 1})`);
      if (changes.length > 0) pages.changed.push({ key: id, title: page.title, place: `Seite ${index + 1}`, changes });
    }
  }
  for (const [id, { page, index }] of pagesBefore)
    if (!pagesAfter.has(id)) pages.removed.push({ key: id, title: page.title, place: `Seite ${index + 1}` });

  const fieldsOf = (d: DefinitionInput) =>
    new Map(d.pages.flatMap((p, i) => p.fields.map((f) => [f.key, { field: f, pageIndex: i }] as const)));
  const fieldsBefore = fieldsOf(before);
  const fieldsAfter = fieldsOf(after);
  const fields: DefinitionDiff['fields'] = { added: [], removed: [], changed: [] };
  for (const [key, { field, pageIndex }] of fieldsAfter) {
    const old = fieldsBefore.get(key);
    if (!old) fields.added.push({ key, title: field.label, place: `Seite ${pageIndex + 1}` });
    else {
      const changes = names(changedProperties(old.field as Record<string, unknown>, field as Record<string, unknown>, ['key']));
      if (old.pageIndex !== pageIndex) changes.push(`auf Seite ${pageIndex + 1} verschoben`);
      if (changes.length > 0) fields.changed.push({ key, title: field.label, place: `Seite ${pageIndex + 1}`, changes });
    }
  }
  for (const [key, { field, pageIndex }] of fieldsBefore)
    if (!fieldsAfter.has(key)) fields.removed.push({ key, title: field.label, place: `Seite ${pageIndex + 1}` });

  return { general, pages, fields, textsChanged };
}

export const diffIsEmpty = (d: DefinitionDiff) =>
  d.general.length === 0 &&
  Object.values(d.pages).every((l) => l.length === 0) &&
  Object.values(d.fields).every((l) => l.length === 0);
