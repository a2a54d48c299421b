/**
 * The portable procedure definition (Verfahrensdefinition): a JSON document that a
 * tenant builds, publishes, exports and shares. The Zod schema checks its shape;
 * validate-definition.ts checks what a shape cannot (duplicate keys, conditions,
 * patterns, reachable pages). docs/procedure-format.md describes it for people,
 * docs/procedure-format.schema.json (generated from this file) for machines.
 */
import { z } from 'zod';

export const FORMAT_VERSION = 1;

/** A field key: the property name in the submitted data. */
export const FIELD_KEY = /^[a-z][a-zA-Z0-9_]{0,59}$/;
/** A procedure id (slug): the last part of `/{tenant}/antrag/{id}`. */
export const PROCEDURE_SLUG = /^[a-z0-9][a-z0-9-]{0,119}$/;

const text = (max: number) => z.string().trim().min(1).max(max);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** An absolute date (YYYY-MM-DD) or `today`, resolved when the schema is compiled. */
const dateBound = z.union([isoDate, z.literal('today')]);
const scalar = z.union([z.string().max(200), z.number(), z.boolean()]);

/** Shown or required when another (earlier) answer has a value. Exactly one of equals, notEquals, in. */
export const conditionSchema = z
  .object({
    field: z.string().regex(FIELD_KEY),
    equals: scalar.optional(),
    notEquals: scalar.optional(),
    in: z.array(scalar).min(1).max(50).optional(),
  })
  .strict()
  .refine((c) => [c.equals, c.notEquals, c.in].filter((v) => v !== undefined).length === 1, {
    message: 'Eine Bedingung braucht genau eine der Angaben equals, notEquals oder in.',
  });

const option = z.object({ value: z.string().min(1).max(100), label: text(200) }).strict();

const base = {
  key: z.string().regex(FIELD_KEY, 'Feldschlüssel: Kleinbuchstabe am Anfang, dann Buchstaben, Ziffern oder _ (höchstens 60).'),
  label: text(300),
  hint: z.string().max(1000).optional(),
  required: z.boolean().optional(),
  showIf: conditionSchema.optional(),
  requiredIf: conditionSchema.optional(),
};

const textLimits = {
  minLength: z.number().int().min(0).max(10000).optional(),
  maxLength: z.number().int().min(1).max(10000).optional(),
  pattern: z.string().max(500).optional(),
  /** Shown when the pattern does not match (German). */
  patternMessage: z.string().max(300).optional(),
};

const textField = z.object({ ...base, type: z.literal('text'), ...textLimits, prefill: z.enum(['name', 'email']).optional() }).strict();
const textareaField = z.object({ ...base, type: z.literal('textarea'), ...textLimits }).strict();
const numberField = z
  .object({ ...base, type: z.literal('number'), min: z.number().optional(), max: z.number().optional(), integer: z.boolean().optional(), unit: z.string().max(30).optional() })
  .strict();
const emailField = z.object({ ...base, type: z.literal('email'), prefill: z.literal('email').optional() }).strict();
const phoneField = z.object({ ...base, type: z.literal('phone') }).strict();
const dateField = z.object({ ...base, type: z.literal('date'), minDate: dateBound.optional(), maxDate: dateBound.optional() }).strict();
const selectField = z.object({ ...base, type: z.literal('select'), options: z.array(option).min(1).max(200) }).strict();
const radioField = z.object({ ...base, type: z.literal('radio'), options: z.array(option).min(1).max(50) }).strict();
const checkboxField = z.object({ ...base, type: z.literal('checkbox') }).strict();
const checkboxGroupField = z
  .object({
    ...base,
    type: z.literal('checkboxGroup'),
    options: z.array(option).min(1).max(50),
    minItems: z.number().int().min(0).max(50).optional(),
    maxItems: z.number().int().min(1).max(50).optional(),
  })
  .strict();

export const FILE_TYPES = ['pdf', 'png', 'jpeg'] as const;
export type AcceptedFileType = (typeof FILE_TYPES)[number];
export const FILE_CONTENT_TYPES: Record<AcceptedFileType, string> = { pdf: 'application/pdf', png: 'image/png', jpeg: 'image/jpeg' };
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

const fileField = z
  .object({
    ...base,
    type: z.literal('file'),
    accept: z.array(z.enum(FILE_TYPES)).min(1).default(['pdf', 'png', 'jpeg']),
    maxBytes: z.number().int().min(1024).max(MAX_FILE_BYTES).default(10 * 1024 * 1024),
    maxCount: z.number().int().min(1).max(10).default(1),
  })
  .strict();
const addressField = z.object({ ...base, type: z.literal('address') }).strict();
const ibanField = z.object({ ...base, type: z.literal('iban') }).strict();
/** Text for the reader; no answer. */
const infoField = z.object({ key: base.key, type: z.literal('info'), label: text(300), text: z.string().max(5000), showIf: conditionSchema.optional() }).strict();
/** A checkbox that must be ticked when required (e.g. Datenschutz). */
const consentField = z.object({ ...base, type: z.literal('consent'), text: z.string().max(5000).optional() }).strict();

/** Types a repeating group may contain: one value each, no files, no nesting. */
const subField = z.discriminatedUnion('type', [
  textField.omit({ showIf: true, requiredIf: true, prefill: true }),
  textareaField.omit({ showIf: true, requiredIf: true }),
  numberField.omit({ showIf: true, requiredIf: true }),
  emailField.omit({ showIf: true, requiredIf: true, prefill: true }),
  phoneField.omit({ showIf: true, requiredIf: true }),
  dateField.omit({ showIf: true, requiredIf: true }),
  selectField.omit({ showIf: true, requiredIf: true }),
  radioField.omit({ showIf: true, requiredIf: true }),
  checkboxField.omit({ showIf: true, requiredIf: true }),
]);

const repeatingGroupField = z
  .object({
    ...base,
    type: z.literal('repeatingGroup'),
    /** How one entry is called, e.g. "Kind". */
    itemLabel: text(100),
    fields: z.array(subField).min(1).max(30),
    minItems: z.number().int().min(0).max(50).optional(),
    maxItems: z.number().int().min(1).max(50).default(10),
  })
  .strict();

export const fieldSchema = z.discriminatedUnion('type', [
  textField,
  textareaField,
  numberField,
  emailField,
  phoneField,
  dateField,
  selectField,
  radioField,
  checkboxField,
  checkboxGroupField,
  fileField,
  addressField,
  ibanField,
  infoField,
  consentField,
  repeatingGroupField,
]);

export const pageSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,59}$/),
    title: text(200),
    intro: z.string().max(2000).optional(),
    showIf: conditionSchema.optional(),
    fields: z.array(fieldSchema).min(1).max(60),
  })
  .strict();

/**
 * A computed value as a small expression tree (JSON, never evaluated as code):
 * a number, `{ "field": key }` (a number answer, 0 if missing), `{ "count": key }`
 * (entries of a repeating group or ticks of a checkbox group), `{ "sum": [...] }`,
 * `{ "product": [...] }`, or `{ "if": condition, "then": expr, "else": expr }`.
 */
export type Expression =
  | number
  | { field: string }
  | { count: string }
  | { sum: Expression[] }
  | { product: Expression[] }
  | { if: Condition; then: Expression; else: Expression };

export const expressionSchema: z.ZodType<Expression> = z.lazy(() =>
  z.union([
    z.number(),
    z.object({ field: z.string().regex(FIELD_KEY) }).strict(),
    z.object({ count: z.string().regex(FIELD_KEY) }).strict(),
    z.object({ sum: z.array(expressionSchema).min(1).max(50) }).strict(),
    z.object({ product: z.array(expressionSchema).min(1).max(10) }).strict(),
    // biome-ignore lint/suspicious/noThenProperty: a computed-value expression (if/then/else), not a promise
    z.object({ if: conditionSchema, then: expressionSchema, else: expressionSchema }).strict(),
  ]),
);

const computedSchema = z
  .object({
    key: z.string().regex(FIELD_KEY),
    label: text(200),
    expression: expressionSchema,
    /** `euro` shows "42,00 €". */
    format: z.enum(['number', 'euro']).default('number'),
  })
  .strict();

/**
 * A Bescheid template: Markdown with placeholders ({{reference}}, {{date}},
 * {{applicant.name}}, {{data.<key>}}, {{tenor}}, {{reasons}}, {{fee}}, {{outcome}}, …),
 * usually with the sections Tenor, Begründung, Gebühren and Rechtsbehelfsbelehrung.
 * A plain string only names a template; case processing then uses its default text.
 */
export const decisionTemplateSchema = z
  .object({
    name: text(200),
    /** Only offered for this outcome; without it, for every outcome. */
    outcome: z.enum(['bewilligt', 'teilweise_bewilligt', 'abgelehnt']).optional(),
    /** The heading of the letter, e.g. "Bescheid über die Hundesteuer". */
    title: z.string().max(200).optional(),
    markdown: z.string().min(1).max(20000),
  })
  .strict();
export type DecisionTemplate = z.infer<typeof decisionTemplateSchema>;

export const procedureDefinitionSchema = z
  .object({
    formatVersion: z.literal(FORMAT_VERSION),
    id: z.string().regex(PROCEDURE_SLUG, 'Kennung: Kleinbuchstaben, Ziffern und Bindestriche.'),
    title: text(200),
    description: z.string().max(5000).default(''),
    /** Responsible department (Fachbereich), by name. */
    department: z.string().max(200).optional(),
    /** Slug of the catalog service (Leistung) this procedure is the online application of. */
    service: z.string().regex(PROCEDURE_SLUG).optional(),
    /** Slug of the tenant that wrote it (kept when another tenant imports a copy). */
    authorTenant: z.string().max(120).optional(),
    licence: z.string().max(100).default('CC-BY-4.0'),
    version: z.number().int().min(1).default(1),
    pages: z.array(pageSchema).min(1).max(30),
    computed: z.array(computedSchema).max(20).default([]),
    workflow: z
      .object({
        department: z.string().max(200).optional(),
        deadlineDays: z.number().int().min(1).max(3650).optional(),
        retentionYears: z.number().int().min(1).max(100).default(10),
        /** Bescheid templates for case processing: a name (default text) or a template with Markdown. */
        decisionTemplates: z.array(z.union([z.string().max(200), decisionTemplateSchema])).max(20).default([]),
      })
      .strict()
      .default({ retentionYears: 10, decisionTemplates: [] }),
  })
  .strict();

export type ProcedureDefinition = z.infer<typeof procedureDefinitionSchema>;
export type DefinitionInput = z.input<typeof procedureDefinitionSchema>;
export type Page = ProcedureDefinition['pages'][number];
export type Field = z.infer<typeof fieldSchema>;
export type SubField = z.infer<typeof subField>;
export type Condition = z.infer<typeof conditionSchema>;
export type ComputedValue = ProcedureDefinition['computed'][number];
export type FieldType = Field['type'];
/** Fields that carry an answer in the submitted data. */
export type AnswerField = Exclude<Field, { type: 'info' }>;

export const hasAnswer = (field: Field): field is AnswerField => field.type !== 'info';

/** The JSON Schema of the definition format itself (docs/procedure-format.schema.json). */
export function definitionFormatJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(procedureDefinitionSchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
