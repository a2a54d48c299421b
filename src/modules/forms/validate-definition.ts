/**
 * Checks a procedure definition before it is saved or published. Every message names
 * its place the way an editor sees it: "Seite 2, Feld „kinder“: …".
 *
 * Refused beyond the shape (see docs/procedure-format.md):
 * - a field key used twice (keys are the names in the submitted data), or a page id used twice;
 * - a condition (showIf, requiredIf, computed `if`) on a field that does not exist or carries no
 *   simple answer (info, file, address, repeating group);
 * - a condition on a field of the same or a later page: without JavaScript the page is
 *   decided when it is shown, so only answers of earlier pages are known. A page whose
 *   showIf looks at such a field is unreachable; so is one whose condition compares with a
 *   value the field can never have (an option it does not offer, a non-boolean for a checkbox);
 * - a pattern that is not a valid regular expression (JavaScript syntax with the `u` flag, as Ajv uses);
 * - min above max (length, number, dates, items).
 */
import { z } from 'zod';
import {
  type AnswerField,
  type Condition,
  type Expression,
  type Field,
  type ProcedureDefinition,
  procedureDefinitionSchema,
  type SubField,
} from './definition.js';

export type DefinitionCheck = { ok: true; definition: ProcedureDefinition } | { ok: false; errors: string[] };

const germanErrors = z.locales.de().localeError;

export function validateDefinition(input: unknown): DefinitionCheck {
  const parsed = procedureDefinitionSchema.safeParse(input, { error: germanErrors });
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((issue) => `${placeOfPath(input, issue.path)}: ${issue.message}`) };
  }
  const errors = semanticErrors(parsed.data);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, definition: parsed.data };
}

/** Like validateDefinition, but throws with all messages (for code that ships definitions, e.g. demo data). */
export function assertValidDefinition(input: unknown): ProcedureDefinition {
  const check = validateDefinition(input);
  if (!check.ok) throw new Error(`Ungültige Verfahrensdefinition:\n${check.errors.join('\n')}`);
  return check.definition;
}

const quote = (s: string) => `„${s}“`;
const pagePlace = (index: number) => `Seite ${index + 1}`;
const fieldPlace = (pageIndex: number, key: string) => `${pagePlace(pageIndex)}, Feld ${quote(key)}`;

/** Turns a Zod path (pages → 1 → fields → 0 → label) into the editor's words. */
function placeOfPath(input: unknown, path: PropertyKey[]): string {
  const parts: string[] = [];
  let node: unknown = input;
  let rest: PropertyKey[] = [];
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const next = path[i + 1];
    if ((segment === 'pages' || segment === 'fields') && typeof next === 'number') {
      const list = (node as Record<string, unknown> | undefined)?.[segment];
      node = Array.isArray(list) ? list[next] : undefined;
      if (segment === 'pages') parts.push(pagePlace(next));
      else {
        const key = (node as { key?: unknown } | undefined)?.key;
        const name = typeof key === 'string' && key ? quote(key) : `Nr. ${next + 1}`;
        parts.push(parts.some((p) => p.startsWith('Feld')) ? `Unterfeld ${name}` : `Feld ${name}`);
      }
      i++;
      continue;
    }
    rest = path.slice(i);
    break;
  }
  const where = parts.length > 0 ? parts.join(', ') : 'Verfahren';
  return rest.length > 0 ? `${where}, Angabe ${quote(rest.map(String).join('.'))}` : where;
}

/** Types a condition can look at: one simple value (or a list of options). */
const CONDITIONABLE = new Set(['text', 'textarea', 'number', 'email', 'phone', 'date', 'select', 'radio', 'checkbox', 'checkboxGroup', 'consent', 'iban']);

function semanticErrors(def: ProcedureDefinition): string[] {
  const errors: string[] = [];
  const where = new Map<string, { pageIndex: number; field: Field }>();
  const pageIds = new Set<string>();

  def.pages.forEach((page, pageIndex) => {
    if (pageIds.has(page.id)) errors.push(`${pagePlace(pageIndex)}: Die Seitenkennung ${quote(page.id)} kommt mehrfach vor.`);
    pageIds.add(page.id);
    for (const field of page.fields) {
      const earlier = where.get(field.key);
      if (earlier) {
        errors.push(
          `${fieldPlace(pageIndex, field.key)}: Der Feldschlüssel kommt bereits auf ${pagePlace(earlier.pageIndex)} vor; jeder Schlüssel darf nur einmal vorkommen.`,
        );
      } else where.set(field.key, { pageIndex, field });
    }
  });

  /** Why a condition at `place`, evaluated on `pageIndex`, cannot work; undefined if fine. */
  const conditionProblem = (condition: Condition, pageIndex: number): { message: string; unreachable: boolean } | undefined => {
    const target = where.get(condition.field);
    if (!target) return { message: `Die Bedingung bezieht sich auf das Feld ${quote(condition.field)}, das es nicht gibt.`, unreachable: true };
    if (!CONDITIONABLE.has(target.field.type)) {
      return { message: `Die Bedingung bezieht sich auf das Feld ${quote(condition.field)} (${target.field.type}); Bedingungen können nur einfache Antworten prüfen.`, unreachable: true };
    }
    if (target.pageIndex >= pageIndex) {
      const relation = target.pageIndex === pageIndex ? 'derselben Seite' : `einer späteren Seite (${pagePlace(target.pageIndex)})`;
      return {
        message: `Die Bedingung bezieht sich auf das Feld ${quote(condition.field)} auf ${relation}; Bedingungen dürfen nur Antworten früherer Seiten prüfen.`,
        unreachable: true,
      };
    }
    const impossible = impossibleValue(target.field as AnswerField, condition);
    if (impossible !== undefined) {
      return { message: `Die Bedingung vergleicht ${quote(condition.field)} mit ${JSON.stringify(impossible)}, diesen Wert kann das Feld nie haben.`, unreachable: true };
    }
    return undefined;
  };

  def.pages.forEach((page, pageIndex) => {
    if (page.showIf) {
      const problem = conditionProblem(page.showIf, pageIndex);
      if (problem) errors.push(`${pagePlace(pageIndex)}: Die Seite ist nie erreichbar. ${problem.message}`);
    }
    for (const field of page.fields) {
      const place = fieldPlace(pageIndex, field.key);
      for (const kind of ['showIf', 'requiredIf'] as const) {
        const condition = (field as { showIf?: Condition; requiredIf?: Condition })[kind];
        const problem = condition && conditionProblem(condition, pageIndex);
        if (problem) errors.push(`${place} (${kind}): ${problem.message}`);
      }
      errors.push(...limitErrors(place, field));
      if (field.type === 'repeatingGroup') {
        const subKeys = new Set<string>();
        for (const sub of field.fields) {
          const subPlace = `${place}, Unterfeld ${quote(sub.key)}`;
          if (subKeys.has(sub.key)) errors.push(`${subPlace}: Der Schlüssel kommt in dieser Gruppe mehrfach vor.`);
          subKeys.add(sub.key);
          errors.push(...limitErrors(subPlace, sub));
        }
      }
    }
  });

  const computedKeys = new Set<string>();
  def.computed.forEach((computed) => {
    const place = `Berechneter Wert ${quote(computed.key)}`;
    if (where.has(computed.key) || computedKeys.has(computed.key)) errors.push(`${place}: Der Schlüssel ist bereits vergeben.`);
    computedKeys.add(computed.key);
    errors.push(...expressionErrors(place, computed.expression, where, conditionProblem, def.pages.length));
  });
  return errors;
}

function expressionErrors(
  place: string,
  expression: Expression,
  where: Map<string, { pageIndex: number; field: Field }>,
  conditionProblem: (c: Condition, pageIndex: number) => { message: string } | undefined,
  pageCount: number,
): string[] {
  if (typeof expression === 'number') return [];
  if ('field' in expression) {
    const target = where.get(expression.field)?.field;
    return target?.type === 'number' ? [] : [`${place}: ${quote(expression.field)} ist kein Zahlenfeld dieses Verfahrens.`];
  }
  if ('count' in expression) {
    const target = where.get(expression.count)?.field;
    return target?.type === 'repeatingGroup' || target?.type === 'checkboxGroup'
      ? []
      : [`${place}: ${quote(expression.count)} ist keine Gruppe und keine Mehrfachauswahl dieses Verfahrens.`];
  }
  const recurse = (e: Expression) => expressionErrors(place, e, where, conditionProblem, pageCount);
  if ('sum' in expression) return expression.sum.flatMap(recurse);
  if ('product' in expression) return expression.product.flatMap(recurse);
  // Computed values are shown on the review page, after every page: any field may be asked.
  const problem = conditionProblem(expression.if, pageCount);
  return [...(problem ? [`${place}: ${problem.message}`] : []), ...recurse(expression.then), ...recurse(expression.else)];
}

/** The value of a condition that the field can never have; undefined if every value is possible. */
function impossibleValue(field: AnswerField, condition: Condition): unknown {
  const values = condition.in ?? [condition.equals !== undefined ? condition.equals : condition.notEquals];
  const possible = (v: unknown): boolean => {
    switch (field.type) {
      case 'select':
      case 'radio':
      case 'checkboxGroup':
        return field.options.some((o) => o.value === v);
      case 'checkbox':
      case 'consent':
        return typeof v === 'boolean';
      case 'number':
        return typeof v === 'number';
      default:
        return typeof v === 'string';
    }
  };
  return values.find((v) => !possible(v));
}

function limitErrors(place: string, field: Field | SubField): string[] {
  const errors: string[] = [];
  const pair = (min: number | undefined, max: number | undefined, what: string) => {
    if (min !== undefined && max !== undefined && min > max) errors.push(`${place}: ${what}: das Minimum (${min}) ist größer als das Maximum (${max}).`);
  };
  switch (field.type) {
    case 'text':
    case 'textarea':
      pair(field.minLength, field.maxLength, 'Länge');
      if (field.pattern !== undefined) {
        try {
          new RegExp(field.pattern, 'u');
        } catch (error) {
          errors.push(`${place}: Das Muster ${quote(field.pattern)} ist kein gültiger regulärer Ausdruck (${(error as Error).message}).`);
        }
      }
      break;
    case 'number':
      pair(field.min, field.max, 'Zahl');
      break;
    case 'date':
      if (field.minDate && field.maxDate && field.minDate !== 'today' && field.maxDate !== 'today' && field.minDate > field.maxDate) {
        errors.push(`${place}: Datum: das früheste (${field.minDate}) liegt nach dem spätesten (${field.maxDate}).`);
      }
      for (const bound of [field.minDate, field.maxDate]) {
        if (bound && bound !== 'today' && Number.isNaN(Date.parse(`${bound}T00:00:00Z`))) errors.push(`${place}: ${quote(bound)} ist kein gültiges Datum.`);
      }
      break;
    case 'checkboxGroup':
      pair(field.minItems, field.maxItems, 'Anzahl');
      if (field.minItems !== undefined && field.minItems > field.options.length) {
        errors.push(`${place}: Es sollen mindestens ${field.minItems} Antworten gewählt werden, es gibt aber nur ${field.options.length}.`);
      }
      break;
    case 'repeatingGroup':
      pair(field.minItems, field.maxItems, 'Anzahl der Einträge');
      break;
  }
  if ('options' in field) {
    const seen = new Set<string>();
    for (const o of field.options) {
      if (seen.has(o.value)) errors.push(`${place}: Der Antwortwert ${quote(o.value)} kommt mehrfach vor.`);
      seen.add(o.value);
    }
  }
  return errors;
}
