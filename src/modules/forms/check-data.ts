/**
 * Validates submitted data with Ajv against the compiled JSON Schema and turns Ajv's
 * errors into one German message per field path ("anschrift.postalCode", "kinder.1.vorname").
 */
import Ajv2020Module, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { type CompileOptions, compileToJsonSchema, todayInGermany } from './compile-schema.js';
import type { AnswerField, ProcedureDefinition, SubField } from './definition.js';
import { hasAnswer } from './definition.js';
import { ibanIsValid } from './iban.js';

// CommonJS packages: their default export arrives wrapped under NodeNext.
const Ajv2020 = Ajv2020Module as unknown as typeof Ajv2020Module.default;
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

export type FieldMessages = Record<string, string>;

function createAjv() {
  // Not strict: the schema carries `title` and the ajv-formats keywords, which is fine for us.
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv, { formats: ['date', 'email'], keywords: true });
  ajv.addFormat('iban', { type: 'string', validate: ibanIsValid });
  return ajv;
}

const ajv = createAjv();
/** Compiled validators by version id and day (relative date bounds change at midnight). */
const cache = new Map<string, ValidateFunction>();
const CACHE_LIMIT = 500;

export function validatorFor(definition: ProcedureDefinition, cacheKey?: string, options: CompileOptions = {}): ValidateFunction {
  const today = options.today ?? todayInGermany();
  const key = cacheKey ? `${cacheKey}:${today}` : undefined;
  const cached = key ? cache.get(key) : undefined;
  if (cached) return cached;
  const validate = ajv.compile(compileToJsonSchema(definition, { ...options, today }));
  if (key) {
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(key, validate);
  }
  return validate;
}

/** German messages for every wrong field; empty when the data is valid. */
export function checkSubmissionData(
  definition: ProcedureDefinition,
  data: unknown,
  options: { cacheKey?: string; today?: string } = {},
): FieldMessages {
  const validate = validatorFor(definition, options.cacheKey, { today: options.today });
  if (validate(data)) return {};
  return describeErrors(definition, validate.errors ?? []);
}

const labelled = (label: string) => `„${label}“`;

function describeErrors(definition: ProcedureDefinition, errors: ErrorObject[]): FieldMessages {
  const fields = new Map<string, AnswerField>();
  for (const page of definition.pages) for (const f of page.fields) if (hasAnswer(f)) fields.set(f.key, f);

  const messages: FieldMessages = {};
  for (const error of errors) {
    // "must match then schema" repeats the errors inside `then`; those carry the field.
    if (error.keyword === 'if') continue;
    const segments = error.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (error.keyword === 'required') segments.push(String((error.params as { missingProperty: string }).missingProperty));
    if (error.keyword === 'additionalProperties') segments.push(String((error.params as { additionalProperty: string }).additionalProperty));
    const path = segments.length > 0 ? segments.join('.') : 'data';
    if (messages[path]) continue;
    messages[path] = messageFor(error, segments, fields);
  }
  return messages;
}

const ADDRESS_PARTS: Record<string, string> = { street: 'Straße', number: 'Hausnummer', postalCode: 'Postleitzahl', city: 'Ort' };

function messageFor(error: ErrorObject, segments: string[], fields: Map<string, AnswerField>): string {
  if (error.keyword === 'additionalProperties') return 'Dieses Feld ist im Verfahren nicht vorgesehen.';
  const field = fields.get(segments[0]);
  if (!field) return 'Dieses Feld ist im Verfahren nicht vorgesehen.';
  if (error.keyword === 'false schema') {
    return `${labelled(field.label)} gehört bei Ihren übrigen Angaben nicht zum Antrag. Bitte lassen Sie das Feld leer.`;
  }

  // Inside an address or a repeating group entry: name the part.
  let target: AnswerField | SubField = field;
  let label = field.label;
  if (field.type === 'address' && segments.length >= 2) {
    label = `${field.label}: ${ADDRESS_PARTS[segments[1]] ?? segments[1]}`;
    if (segments[1] === 'postalCode') return `${labelled(label)} muss aus genau fünf Ziffern bestehen.`;
    if (error.keyword === 'required' || error.keyword === 'minLength') return `Bitte geben Sie ${labelled(label)} an.`;
    return `${labelled(label)} ist ungültig.`;
  }
  if (field.type === 'repeatingGroup' && segments.length >= 3) {
    const sub = field.fields.find((s) => s.key === segments[2]);
    if (!sub) return 'Dieses Feld ist im Verfahren nicht vorgesehen.';
    target = sub;
    label = `${field.itemLabel} ${Number(segments[1]) + 1}: ${sub.label}`;
  } else if (field.type === 'repeatingGroup' && segments.length === 2) {
    return `Der Eintrag ${field.itemLabel} ${Number(segments[1]) + 1} ist ungültig.`;
  }

  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      if (target.type === 'file') return `Bitte laden Sie ${labelled(label)} hoch.`;
      if (target.type === 'consent') return `Bitte bestätigen Sie ${labelled(label)}.`;
      if (['select', 'radio', 'checkboxGroup'].includes(target.type)) return `Bitte wählen Sie bei ${labelled(label)} eine Antwort aus.`;
      if (target.type === 'repeatingGroup') return `Bitte geben Sie mindestens einen Eintrag bei ${labelled(label)} an.`;
      return `Bitte füllen Sie ${labelled(label)} aus.`;
    case 'const':
      return `Bitte bestätigen Sie ${labelled(label)}.`;
    case 'minLength':
      return Number(p.limit) <= 1 ? `Bitte füllen Sie ${labelled(label)} aus.` : `${labelled(label)} muss mindestens ${p.limit} Zeichen lang sein.`;
    case 'maxLength':
      return `${labelled(label)} darf höchstens ${p.limit} Zeichen lang sein.`;
    case 'minimum':
      return `${labelled(label)} muss mindestens ${String(p.limit).replace('.', ',')} sein.`;
    case 'maximum':
      return `${labelled(label)} darf höchstens ${String(p.limit).replace('.', ',')} sein.`;
    case 'formatMinimum':
      return `${labelled(label)} darf nicht vor dem ${germanDate(String(p.limit))} liegen.`;
    case 'formatMaximum':
      return `${labelled(label)} darf nicht nach dem ${germanDate(String(p.limit))} liegen.`;
    case 'minItems':
      if (target.type === 'repeatingGroup') return `Bitte geben Sie mindestens ${p.limit} Einträge bei ${labelled(label)} an.`;
      return `Bitte wählen Sie bei ${labelled(label)} mindestens ${p.limit} Antworten.`;
    case 'maxItems':
      if (target.type === 'repeatingGroup') return `Bei ${labelled(label)} sind höchstens ${p.limit} Einträge möglich.`;
      if (target.type === 'file') return `Bei ${labelled(label)} sind höchstens ${p.limit} Dateien möglich.`;
      return `Bitte wählen Sie bei ${labelled(label)} höchstens ${p.limit} Antworten.`;
    case 'enum':
      return `Bitte wählen Sie bei ${labelled(label)} eine der angebotenen Antworten.`;
    case 'uniqueItems':
      return `Bei ${labelled(label)} ist eine Antwort doppelt gewählt.`;
    case 'pattern':
    case 'format':
      return formatMessage(target, label);
    case 'type':
      if (target.type === 'number') return `${labelled(label)} muss eine ${target.integer ? 'ganze ' : ''}Zahl sein.`;
      return `${labelled(label)} hat einen ungültigen Wert.`;
    default:
      return `${labelled(label)} ist ungültig.`;
  }
}

function formatMessage(field: AnswerField | SubField, label: string): string {
  switch (field.type) {
    case 'email':
      return `Bitte geben Sie bei ${labelled(label)} eine E-Mail-Adresse an, zum Beispiel name@beispiel.de.`;
    case 'phone':
      return `Bitte geben Sie bei ${labelled(label)} eine Telefonnummer an (Ziffern, Leerzeichen, + ( ) / -).`;
    case 'date':
      return `Bitte geben Sie bei ${labelled(label)} ein gültiges Datum an.`;
    case 'iban':
      return `Die IBAN bei ${labelled(label)} ist ungültig. Bitte prüfen Sie die Eingabe.`;
    case 'text':
    case 'textarea':
      return field.patternMessage ?? `${labelled(label)} hat nicht das erwartete Format.`;
    case 'file':
      return `Die Datei bei ${labelled(label)} hat einen nicht erlaubten Dateityp.`;
    default:
      return `${labelled(label)} ist ungültig.`;
  }
}

/** "2026-03-01" → "01.03.2026". */
export const germanDate = (iso: string) => (/^\d{4}-\d{2}-\d{2}$/.test(iso) ? iso.split('-').reverse().join('.') : iso);
