/**
 * What the conditions and computed values of a definition mean, on the answers given
 * so far. compile-schema.ts states the same rules as JSON Schema; the property test
 * checks that both agree.
 */
import type { AnswerField, Condition, Expression, Field, Page, ProcedureDefinition } from './definition.js';
import { hasAnswer } from './definition.js';

export type Answers = Record<string, unknown>;

/**
 * equals: the answer is the value (for a checkbox group: it includes the value).
 * notEquals: the opposite, so also true when the question was not answered.
 * in: the answer is one of the values (checkbox group: includes one of them).
 */
export function conditionHolds(condition: Condition, answers: Answers): boolean {
  const value = answers[condition.field];
  const matches = (expected: unknown) => (Array.isArray(value) ? value.includes(expected) : value === expected);
  if (condition.in !== undefined) return condition.in.some(matches);
  if (condition.notEquals !== undefined) return !matches(condition.notEquals);
  return value !== undefined && matches(condition.equals);
}

export const pageVisible = (page: Page, answers: Answers) => !page.showIf || conditionHolds(page.showIf, answers);

export const fieldVisible = (page: Page, field: Field, answers: Answers) =>
  pageVisible(page, answers) && (!field.showIf || conditionHolds(field.showIf, answers));

export function fieldRequired(page: Page, field: AnswerField, answers: Answers): boolean {
  if (!fieldVisible(page, field, answers)) return false;
  return Boolean(field.required) || Boolean(field.requiredIf && conditionHolds(field.requiredIf, answers));
}

/** Each answer field with the page it is on, in order. */
export function answerFields(definition: ProcedureDefinition): { page: Page; pageIndex: number; field: AnswerField }[] {
  return definition.pages.flatMap((page, pageIndex) =>
    page.fields.filter(hasAnswer).map((field) => ({ page, pageIndex, field })),
  );
}

/** The indexes of the pages the citizen sees with these answers. */
export const visiblePageIndexes = (definition: ProcedureDefinition, answers: Answers) =>
  definition.pages.flatMap((page, index) => (pageVisible(page, answers) ? [index] : []));

/** The answers without those to questions that are hidden now (e.g. after changing an earlier answer). */
export function dropHiddenAnswers(definition: ProcedureDefinition, answers: Answers): Answers {
  const kept: Answers = {};
  // Conditions only look at earlier pages, so one pass in page order settles everything.
  for (const { page, field } of answerFields(definition)) {
    if (answers[field.key] !== undefined && fieldVisible(page, field, kept)) kept[field.key] = answers[field.key];
  }
  return kept;
}

export function evaluate(expression: Expression, answers: Answers): number {
  if (typeof expression === 'number') return expression;
  if ('field' in expression) {
    const value = answers[expression.field];
    return typeof value === 'number' && Number.isFinite(value) ? value : 0;
  }
  if ('count' in expression) {
    const value = answers[expression.count];
    return Array.isArray(value) ? value.length : 0;
  }
  if ('sum' in expression) return expression.sum.reduce<number>((total, e) => total + evaluate(e, answers), 0);
  if ('product' in expression) return expression.product.reduce<number>((total, e) => total * evaluate(e, answers), 1);
  return conditionHolds(expression.if, answers) ? evaluate(expression.then, answers) : evaluate(expression.else, answers);
}

/** The computed values (e.g. the fee), rounded to cents. */
export function computeValues(definition: ProcedureDefinition, answers: Answers): Record<string, number> {
  const result: Record<string, number> = {};
  for (const c of definition.computed) result[c.key] = Math.round(evaluate(c.expression, answers) * 100) / 100;
  return result;
}

export const formatEuro = (value: number) =>
  `${value.toLocaleString('de-DE', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} €`;
