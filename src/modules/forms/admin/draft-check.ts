/**
 * Checks a builder draft. A draft may be incomplete while it is built (a page without
 * fields yet); every other problem the definition validator knows is refused when a
 * change would introduce it, and all of them are refused on publishing.
 */
import type { DefinitionInput } from '../definition.js';
import { validateDefinition } from '../validate-definition.js';

const PLACEHOLDER = 'zz_leere_seite_';

/** The validator's messages for the draft, with empty pages allowed (they get an invisible stand-in field). */
export function draftProblems(definition: DefinitionInput): string[] {
  const copy: DefinitionInput = {
    ...definition,
    pages: definition.pages.map((page, i) =>
      page.fields.length > 0 ? page : { ...page, fields: [{ key: `${PLACEHOLDER}${i}`, type: 'info', label: 'Leer', text: '' }] },
    ),
  };
  const check = validateDefinition(copy);
  return check.ok ? [] : check.errors;
}

/** Problems of `after` that `before` did not have: what a change introduced. */
export function introducedProblems(before: DefinitionInput, after: DefinitionInput): string[] {
  const known = new Set(draftProblems(before));
  return draftProblems(after).filter((p) => !known.has(p));
}

/** Everything that stops the draft from being published, in the editor's words. */
export function publishProblems(definition: DefinitionInput): string[] {
  const empty = definition.pages.flatMap((page, i) =>
    page.fields.length === 0
      ? [
          `Seite ${i + 1} („${page.title}“): Die Seite hat noch keine Felder. Fügen Sie ein Feld hinzu oder entfernen Sie die Seite.`,
        ]
      : [],
  );
  return [...empty, ...draftProblems(definition)];
}
