/**
 * Compiles a definition to the JSON Schema (draft 2020-12) of its submitted data.
 *
 * - `additionalProperties: false` everywhere: unknown fields are rejected.
 * - An answer that is present is never empty: unanswered questions are left out, not sent as "".
 * - Conditions become `if`/`then`: a required field under a showIf is required when the
 *   condition holds, and `else` forbids it (`properties: { key: false }`): an answer to a
 *   hidden question is refused, not silently kept.
 * - IBAN: `pattern` (shape) plus `format: "iban"` (checksum). The checksum is a custom
 *   format registered on our Ajv; validators that do not know the format ignore it, as
 *   draft 2020-12 allows.
 * - Dates: `format: "date"` and, for ranges, `formatMinimum`/`formatMaximum` (the ajv-formats
 *   keywords). `today` in a definition is resolved to the date of compilation.
 */

import { berlinIsoDate } from '../../platform/calendar/berlin-time.js';
import type { AnswerField, Condition, Page, ProcedureDefinition, SubField } from './definition.js';
import { FILE_CONTENT_TYPES, hasAnswer } from './definition.js';
import { IBAN_PATTERN } from './iban.js';

export type JsonSchema = Record<string, unknown>;

export const PHONE_PATTERN = '^\\+?[0-9][0-9 ()/-]{4,29}$';
export const POSTAL_CODE_PATTERN = '^[0-9]{5}$';

export interface CompileOptions {
  /** The date `today` stands for (YYYY-MM-DD); defaults to the current date in Germany. */
  today?: string;
  /** The schema's $id, e.g. its public URL. */
  id?: string;
}

export const todayInGermany = (now = new Date()) => berlinIsoDate(now);

/** The JSON Schema that one condition holds. */
export function conditionSchema(condition: Condition, arrayField: boolean): JsonSchema {
  const test = (values: unknown[]): JsonSchema => {
    const one: JsonSchema = values.length === 1 ? { const: values[0] } : { enum: values };
    return { required: [condition.field], properties: { [condition.field]: arrayField ? { contains: one } : one } };
  };
  if (condition.in !== undefined) return test(condition.in);
  if (condition.notEquals !== undefined) return { not: test([condition.notEquals]) };
  return test([condition.equals]);
}

export function compileToJsonSchema(definition: ProcedureDefinition, options: CompileOptions = {}): JsonSchema {
  const today = options.today ?? todayInGermany();
  const arrayFields = new Set(
    definition.pages.flatMap((p) => p.fields.filter((f) => f.type === 'checkboxGroup').map((f) => f.key)),
  );
  const cond = (c: Condition) => conditionSchema(c, arrayFields.has(c.field));
  const all = (conditions: Condition[]): JsonSchema =>
    conditions.length === 1 ? cond(conditions[0]) : { allOf: conditions.map(cond) };

  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  const rules: JsonSchema[] = [];

  for (const page of definition.pages) {
    for (const field of page.fields) {
      if (!hasAnswer(field)) continue;
      properties[field.key] = valueSchema(field, today);
      const visibility = visibilityConditions(page, field);
      const requiredThen = requiredSchema(field);
      if (visibility.length === 0) {
        if (field.required) required.push(field.key);
        // A required consent must be given, not just answered "no".
        if (field.required && field.type === 'consent') properties[field.key] = { ...properties[field.key], const: true };
      } else {
        // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keywords
        rules.push({
          if: all(visibility),
          then: field.required ? requiredThen : {},
          else: { properties: { [field.key]: false } },
        });
      }
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keywords
      if (field.requiredIf) rules.push({ if: all([...visibility, field.requiredIf]), then: requiredThen });
    }
  }

  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    ...(options.id ? { $id: options.id } : {}),
    title: definition.title,
    description: `Daten eines Antrags „${definition.title}“ (Version ${definition.version}).`,
    type: 'object',
    additionalProperties: false,
    properties,
    ...(required.length > 0 ? { required } : {}),
    ...(rules.length > 0 ? { allOf: rules } : {}),
  };
}

const visibilityConditions = (page: Page, field: AnswerField): Condition[] =>
  [page.showIf, field.showIf].filter((c): c is Condition => c !== undefined);

/** What "this answer is required" adds: presence, and for a consent a tick. */
const requiredSchema = (field: AnswerField): JsonSchema =>
  field.type === 'consent' ? { required: [field.key], properties: { [field.key]: { const: true } } } : { required: [field.key] };

function valueSchema(field: AnswerField | SubField, today: string): JsonSchema {
  const titled = (schema: JsonSchema): JsonSchema => ({ title: field.label, ...schema });
  switch (field.type) {
    case 'text':
    case 'textarea':
      return titled({
        type: 'string',
        minLength: Math.max(1, field.minLength ?? 1),
        maxLength: field.maxLength ?? (field.type === 'text' ? 500 : 5000),
        ...(field.pattern !== undefined ? { pattern: field.pattern } : {}),
      });
    case 'number':
      return titled({
        type: field.integer ? 'integer' : 'number',
        ...(field.min !== undefined ? { minimum: field.min } : {}),
        ...(field.max !== undefined ? { maximum: field.max } : {}),
      });
    case 'email':
      return titled({ type: 'string', format: 'email', maxLength: 254 });
    case 'phone':
      return titled({ type: 'string', pattern: PHONE_PATTERN });
    case 'date': {
      const bound = (b: string | undefined) => (b === 'today' ? today : b);
      const min = bound(field.minDate);
      const max = bound(field.maxDate);
      return titled({
        type: 'string',
        format: 'date',
        ...(min ? { formatMinimum: min } : {}),
        ...(max ? { formatMaximum: max } : {}),
      });
    }
    case 'select':
    case 'radio':
      return titled({ type: 'string', enum: field.options.map((o) => o.value) });
    case 'checkbox':
      return titled({ type: 'boolean' });
  }
  switch (field.type) {
    case 'consent':
      return titled({ type: 'boolean' });
    case 'checkboxGroup':
      return titled({
        type: 'array',
        items: { type: 'string', enum: field.options.map((o) => o.value) },
        uniqueItems: true,
        minItems: Math.max(1, field.minItems ?? 1),
        ...(field.maxItems !== undefined ? { maxItems: field.maxItems } : {}),
      });
    case 'file':
      return titled({
        type: 'array',
        minItems: 1,
        maxItems: field.maxCount,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['sha256', 'filename', 'contentType', 'size'],
          properties: {
            sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
            filename: { type: 'string', minLength: 1, maxLength: 255 },
            contentType: { type: 'string', enum: field.accept.map((t) => FILE_CONTENT_TYPES[t]) },
            size: { type: 'integer', minimum: 1, maximum: field.maxBytes },
          },
        },
      });
    case 'address':
      return titled({
        type: 'object',
        additionalProperties: false,
        required: ['street', 'number', 'postalCode', 'city'],
        properties: {
          street: { title: 'Straße', type: 'string', minLength: 1, maxLength: 200 },
          number: { title: 'Hausnummer', type: 'string', minLength: 1, maxLength: 20 },
          postalCode: { title: 'Postleitzahl', type: 'string', pattern: POSTAL_CODE_PATTERN },
          city: { title: 'Ort', type: 'string', minLength: 1, maxLength: 200 },
        },
      });
    case 'iban':
      return titled({ type: 'string', pattern: IBAN_PATTERN, format: 'iban' });
    case 'repeatingGroup': {
      const properties: Record<string, JsonSchema> = {};
      for (const sub of field.fields) properties[sub.key] = valueSchema(sub, today);
      const required = field.fields.filter((s) => s.required).map((s) => s.key);
      return titled({
        type: 'array',
        minItems: Math.max(1, field.minItems ?? 1),
        maxItems: field.maxItems,
        items: { type: 'object', additionalProperties: false, properties, ...(required.length > 0 ? { required } : {}) },
      });
    }
  }
}
