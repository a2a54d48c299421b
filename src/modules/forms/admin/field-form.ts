/**
 * The builder's field form: a field of the definition as form values (strings, one
 * input per property) and back. Input names carry a dash ("f-label") so they can never
 * equal a field key of the previewed page (keys have no dashes): ids stay unique.
 */
import type { FieldErrors } from '../../../platform/views/forms.js';
import type { DefinitionInput } from '../definition.js';
import { type Condition, FIELD_KEY, FILE_TYPES, type FieldType, MAX_FILE_BYTES } from '../definition.js';
import type { FieldInput } from './builder.js';
import { dashedWords } from '../../../platform/text/slug.js';

export type FormValues = Record<string, string | string[]>;

export const FIELD_TYPE_LABELS: Record<FieldType, string> = {
  text: 'Textzeile',
  textarea: 'Mehrzeiliger Text',
  number: 'Zahl',
  email: 'E-Mail-Adresse',
  phone: 'Telefonnummer',
  date: 'Datum',
  select: 'Auswahlliste',
  radio: 'Auswahl mit Optionsfeldern (eine Antwort)',
  checkbox: 'Ankreuzfeld (Ja)',
  checkboxGroup: 'Mehrfachauswahl',
  file: 'Datei-Upload',
  address: 'Anschrift',
  iban: 'IBAN (Bankverbindung)',
  info: 'Informationstext (keine Antwort)',
  consent: 'Einwilligung',
  repeatingGroup: 'Wiederholbare Gruppe (z. B. Kinder)',
};
export const FIELD_TYPES = Object.keys(FIELD_TYPE_LABELS) as FieldType[];
export const isFieldType = (v: string): v is FieldType => (FIELD_TYPES as string[]).includes(v);

/** Types whose answer a condition can look at (as the validator allows). */
export const CONDITIONABLE: FieldType[] = [
  'text',
  'textarea',
  'number',
  'email',
  'phone',
  'date',
  'select',
  'radio',
  'checkbox',
  'checkboxGroup',
  'consent',
  'iban',
];
const SUB_TYPES = ['text', 'textarea', 'number', 'email', 'phone', 'date', 'checkbox'] as const;

const str = (values: FormValues, name: string) => {
  const v = values[name];
  return (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
};
const list = (values: FormValues, name: string) => {
  const v = values[name];
  return (Array.isArray(v) ? v : v ? [v] : []).filter(Boolean);
};
const show = (n: number | undefined) => (n === undefined ? '' : String(n).replace('.', ','));

/** The body of a POST as form values (ignores anything that is not a string). */
export function formValuesOf(body: unknown): FormValues {
  const values: FormValues = {};
  for (const [name, value] of Object.entries((body as Record<string, unknown>) ?? {})) {
    if (typeof value === 'string') values[name] = value;
    else if (Array.isArray(value)) values[name] = value.filter((v): v is string => typeof v === 'string');
  }
  return values;
}

// --- options ("Wert = Beschriftung", one per line) ---

const optionValueOf = (label: string) => dashedWords(label).slice(0, 100) || label.slice(0, 100);

export const optionsToText = (options: { value: string; label: string }[]) =>
  options.map((o) => (o.value === optionValueOf(o.label) ? o.label : `${o.value} = ${o.label}`)).join('\n');

function optionsFromText(text: string): { value: string; label: string }[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const eq = line.indexOf(' = ');
      return eq > 0
        ? { value: line.slice(0, eq).trim(), label: line.slice(eq + 3).trim() }
        : { value: optionValueOf(line), label: line };
    });
}

// --- sub-fields of a repeating group ("schluessel | typ | Beschriftung | pflicht") ---

type SubInput = Extract<FieldInput, { type: 'repeatingGroup' }>['fields'][number];

export const subFieldsToText = (fields: SubInput[]) =>
  fields.map((f) => [f.key, f.type, f.label, ...(f.required ? ['pflicht'] : [])].join(' | ')).join('\n');

function subFieldsFromText(text: string, existing: SubInput[], errors: FieldErrors): SubInput[] {
  const result: SubInput[] = [];
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .forEach((line, i) => {
      const [key = '', type = '', label = '', flag = ''] = line.split('|').map((p) => p.trim());
      const old = existing.find((f) => f.key === key && f.type === type);
      if (!old && !(SUB_TYPES as readonly string[]).includes(type)) {
        errors['f-subfields'] ??=
          `Zeile ${i + 1} der Unterfelder: Typ „${type}“ geht hier nicht; möglich sind ${SUB_TYPES.join(', ')}.`;
        return;
      }
      const sub = { ...(old ?? {}), key, type, label } as SubInput;
      if (flag.toLowerCase() === 'pflicht') sub.required = true;
      else delete sub.required;
      result.push(sub);
    });
  return result;
}

// --- conditions ---

const OPERATORS = ['equals', 'notEquals', 'in'] as const;
export const OPERATOR_LABELS: Record<(typeof OPERATORS)[number], string> = {
  equals: 'ist gleich',
  notEquals: 'ist nicht gleich',
  in: 'ist einer dieser Werte (mit ; getrennt)',
};

function typedValue(type: FieldType | undefined, raw: string): string | number | boolean {
  if (type === 'checkbox' || type === 'consent') {
    if (/^(ja|true|angekreuzt)$/i.test(raw)) return true;
    if (/^(nein|false)$/i.test(raw)) return false;
  }
  if (type === 'number') {
    const n = Number(raw.replace(',', '.'));
    if (raw !== '' && Number.isFinite(n)) return n;
  }
  return raw;
}

export function conditionToValues(prefix: string, condition: Condition | undefined): FormValues {
  if (!condition) return { [`${prefix}-field`]: '', [`${prefix}-op`]: 'equals', [`${prefix}-value`]: '' };
  const text = (v: unknown) => (v === true ? 'ja' : v === false ? 'nein' : String(v).replace('.', ','));
  if (condition.in)
    return {
      [`${prefix}-field`]: condition.field,
      [`${prefix}-op`]: 'in',
      [`${prefix}-value`]: condition.in.map(text).join('; '),
    };
  const op = condition.equals !== undefined ? 'equals' : 'notEquals';
  return {
    [`${prefix}-field`]: condition.field,
    [`${prefix}-op`]: op,
    [`${prefix}-value`]: text(condition.equals ?? condition.notEquals),
  };
}

/** A condition from its three inputs; undefined when no field is chosen. */
export function conditionFromValues(
  prefix: string,
  values: FormValues,
  definition: DefinitionInput,
  errors: FieldErrors,
): Condition | undefined {
  const field = str(values, `${prefix}-field`);
  if (!field) return undefined;
  const op = str(values, `${prefix}-op`) as (typeof OPERATORS)[number];
  const raw = str(values, `${prefix}-value`);
  if (!(OPERATORS as readonly string[]).includes(op)) {
    errors[`${prefix}-op`] = 'Bitte wählen Sie, wie verglichen wird.';
    return undefined;
  }
  if (!raw) {
    errors[`${prefix}-value`] = 'Bitte geben Sie den Wert an, mit dem die Antwort verglichen wird.';
    return undefined;
  }
  const target = definition.pages.flatMap((p) => p.fields).find((f) => f.key === field);
  const type = target?.type;
  // Editors see the labels ("Nein"); the data holds the values ("nein"): either is understood.
  const options = target && 'options' in target ? target.options : [];
  const optionValue = (text: string) => {
    if (options.length === 0 || options.some((o) => o.value === text)) return typedValue(type, text);
    const lower = text.toLowerCase();
    const match = options.find((o) => o.value.toLowerCase() === lower) ?? options.find((o) => o.label.toLowerCase() === lower);
    return match ? match.value : text;
  };
  if (op === 'in')
    return {
      field,
      in: raw
        .split(';')
        .map((v) => optionValue(v.trim()))
        .filter((v) => v !== ''),
    };
  return { field, [op]: optionValue(raw) } as Condition;
}

// --- the field ---

/** The form values that show a stored field. */
export function fieldToValues(field: FieldInput): FormValues {
  const f = field as Record<string, unknown> & FieldInput;
  const values: FormValues = {
    'f-label': f.label,
    'f-key': f.key,
    'f-hint': typeof f.hint === 'string' ? f.hint : '',
    'f-required': f.required === true ? 'ja' : '',
    ...conditionToValues('f-showif', f.showIf),
    ...conditionToValues('f-requiredif', 'requiredIf' in f ? (f.requiredIf as Condition | undefined) : undefined),
  };
  const n = (name: string, prop: string) => {
    values[name] = show(f[prop] as number | undefined);
  };
  switch (field.type) {
    case 'text':
    case 'textarea':
      n('f-minlength', 'minLength');
      n('f-maxlength', 'maxLength');
      values['f-pattern'] = field.pattern ?? '';
      values['f-patternmessage'] = field.patternMessage ?? '';
      if (field.type === 'text') values['f-prefill'] = field.prefill ?? '';
      break;
    case 'number':
      n('f-min', 'min');
      n('f-max', 'max');
      values['f-integer'] = field.integer ? 'ja' : '';
      values['f-unit'] = field.unit ?? '';
      break;
    case 'email':
      values['f-prefill'] = field.prefill ?? '';
      break;
    case 'date':
      values['f-mindate'] = field.minDate ?? '';
      values['f-maxdate'] = field.maxDate ?? '';
      break;
    case 'select':
    case 'radio':
      values['f-options'] = optionsToText(field.options);
      break;
    case 'checkboxGroup':
      values['f-options'] = optionsToText(field.options);
      n('f-minitems', 'minItems');
      n('f-maxitems', 'maxItems');
      break;
    case 'file':
      values['f-accept'] = [...(field.accept ?? FILE_TYPES)];
      values['f-maxmb'] = show(Math.round(((field.maxBytes ?? 10 * 1024 * 1024) / 1024 / 1024) * 100) / 100);
      values['f-maxcount'] = String(field.maxCount ?? 1);
      break;
    case 'info':
    case 'consent':
      values['f-text'] = field.text ?? '';
      break;
    case 'repeatingGroup':
      values['f-itemlabel'] = field.itemLabel;
      values['f-subfields'] = subFieldsToText(field.fields);
      n('f-minitems', 'minItems');
      n('f-maxitems', 'maxItems');
      break;
  }
  return values;
}

function numberOf(values: FormValues, name: string, errors: FieldErrors, what: string, integer = false): number | undefined {
  const raw = str(values, name);
  if (!raw) return undefined;
  const normalized = raw.includes(',') ? raw.replace(/\./g, '').replace(',', '.') : raw;
  const n = Number(normalized);
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n))) {
    errors[name] = `${what}: Bitte geben Sie eine ${integer ? 'ganze ' : ''}Zahl ein.`;
    return undefined;
  }
  return n;
}

const DATE_BOUND = /^(\d{4}-\d{2}-\d{2}|today)$/;

/**
 * The field the form describes. Input mistakes (a number that is none) come back as
 * errors by input name; everything else the definition validator checks afterwards.
 */
export function fieldFromValues(
  type: FieldType,
  values: FormValues,
  definition: DefinitionInput,
  existing?: FieldInput,
): { field: FieldInput; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const label = str(values, 'f-label');
  const key = str(values, 'f-key');
  if (!label) errors['f-label'] = 'Bitte geben Sie die Beschriftung ein, die Antragstellende sehen.';
  if (!key) errors['f-key'] = 'Bitte geben Sie einen Feldschlüssel ein.';
  else if (!FIELD_KEY.test(key))
    errors['f-key'] =
      `Der Feldschlüssel „${key}“ geht nicht: Kleinbuchstabe am Anfang, dann Buchstaben, Ziffern oder _ (höchstens 60 Zeichen).`;
  const hint = str(values, 'f-hint');
  const field: Record<string, unknown> = { key, type, label };
  if (type !== 'info') {
    if (hint) field.hint = hint;
    if (str(values, 'f-required') === 'ja') field.required = true;
  }
  const showIf = conditionFromValues('f-showif', values, definition, errors);
  if (showIf) field.showIf = showIf;
  if (type !== 'info') {
    const requiredIf = conditionFromValues('f-requiredif', values, definition, errors);
    if (requiredIf) field.requiredIf = requiredIf;
  }
  const put = (prop: string, value: unknown) => {
    if (value !== undefined && value !== '') field[prop] = value;
  };
  switch (type) {
    case 'text':
    case 'textarea':
      put('minLength', numberOf(values, 'f-minlength', errors, 'Mindestlänge', true));
      put('maxLength', numberOf(values, 'f-maxlength', errors, 'Höchstlänge', true));
      put('pattern', str(values, 'f-pattern'));
      put('patternMessage', str(values, 'f-patternmessage'));
      if (type === 'text' && ['name', 'email'].includes(str(values, 'f-prefill'))) field.prefill = str(values, 'f-prefill');
      break;
    case 'number':
      put('min', numberOf(values, 'f-min', errors, 'Kleinster Wert'));
      put('max', numberOf(values, 'f-max', errors, 'Größter Wert'));
      if (str(values, 'f-integer') === 'ja') field.integer = true;
      put('unit', str(values, 'f-unit'));
      break;
    case 'email':
      if (str(values, 'f-prefill') === 'email') field.prefill = 'email';
      break;
    case 'date':
      for (const [name, prop] of [
        ['f-mindate', 'minDate'],
        ['f-maxdate', 'maxDate'],
      ] as const) {
        const v = str(values, name);
        if (v && !DATE_BOUND.test(v)) errors[name] = 'Bitte geben Sie ein Datum als JJJJ-MM-TT oder „today“ (heute) ein.';
        else put(prop, v);
      }
      break;
    case 'select':
    case 'radio':
    case 'checkboxGroup': {
      const options = optionsFromText(str(values, 'f-options'));
      if (options.length === 0) errors['f-options'] = 'Bitte geben Sie mindestens eine Antwortmöglichkeit ein, eine je Zeile.';
      field.options = options;
      if (type === 'checkboxGroup') {
        put('minItems', numberOf(values, 'f-minitems', errors, 'Mindestens anzukreuzen', true));
        put('maxItems', numberOf(values, 'f-maxitems', errors, 'Höchstens anzukreuzen', true));
      }
      break;
    }
    case 'file': {
      const accept = list(values, 'f-accept').filter((v) => (FILE_TYPES as readonly string[]).includes(v));
      if (accept.length === 0) errors['f-accept'] = 'Bitte wählen Sie mindestens einen erlaubten Dateityp.';
      field.accept = accept;
      const mb = numberOf(values, 'f-maxmb', errors, 'Größte Datei');
      if (mb !== undefined) {
        const bytes = Math.round(mb * 1024 * 1024);
        if (bytes < 1024 || bytes > MAX_FILE_BYTES)
          errors['f-maxmb'] = `Die größte erlaubte Datei muss zwischen 0,01 und ${MAX_FILE_BYTES / 1024 / 1024} MB liegen.`;
        else field.maxBytes = bytes;
      }
      const count = numberOf(values, 'f-maxcount', errors, 'Anzahl der Dateien', true);
      if (count !== undefined && (count < 1 || count > 10)) errors['f-maxcount'] = 'Es können 1 bis 10 Dateien erlaubt werden.';
      else put('maxCount', count);
      break;
    }
    case 'info':
      field.text = str(values, 'f-text');
      if (!field.text) errors['f-text'] = 'Bitte geben Sie den Informationstext ein.';
      break;
    case 'consent':
      put('text', str(values, 'f-text'));
      break;
    case 'repeatingGroup': {
      field.itemLabel = str(values, 'f-itemlabel');
      if (!field.itemLabel) errors['f-itemlabel'] = 'Bitte geben Sie an, wie ein Eintrag heißt (zum Beispiel „Kind“).';
      const old = existing?.type === 'repeatingGroup' ? existing.fields : [];
      field.fields = subFieldsFromText(str(values, 'f-subfields'), old, errors);
      if ((field.fields as unknown[]).length === 0)
        errors['f-subfields'] ??= 'Bitte geben Sie mindestens ein Unterfeld ein, eines je Zeile.';
      put('minItems', numberOf(values, 'f-minitems', errors, 'Mindestanzahl', true));
      put('maxItems', numberOf(values, 'f-maxitems', errors, 'Höchstanzahl', true));
      break;
    }
  }
  return { field: field as FieldInput, errors };
}

/** A new field of a type with what the add form gave: sensible defaults so the draft stays valid. */
export function newField(type: FieldType, key: string, label: string): FieldInput {
  switch (type) {
    case 'select':
    case 'radio':
    case 'checkboxGroup':
      return {
        key,
        type,
        label,
        options: [
          { value: 'ja', label: 'Ja' },
          { value: 'nein', label: 'Nein' },
        ],
      };
    case 'info':
      return { key, type, label, text: 'Bitte ergänzen Sie hier den Informationstext.' };
    case 'repeatingGroup':
      return { key, type, label, itemLabel: 'Eintrag', fields: [{ key: 'name', type: 'text', label: 'Name', required: true }] };
    case 'file':
      return { key, type, label, accept: ['pdf', 'png', 'jpeg'], maxBytes: 10 * 1024 * 1024, maxCount: 1 };
    default:
      return { key, type, label } as FieldInput;
  }
}

/** Which input shows a validator message about the edited field ("…, Angabe „maxLength“: …"). */
export function inputNameForMessage(message: string): string | undefined {
  const prop = /Angabe „([A-Za-z]+)/.exec(message)?.[1];
  const byProp: Record<string, string> = {
    key: 'f-key',
    label: 'f-label',
    hint: 'f-hint',
    minLength: 'f-minlength',
    maxLength: 'f-maxlength',
    pattern: 'f-pattern',
    patternMessage: 'f-patternmessage',
    min: 'f-min',
    max: 'f-max',
    unit: 'f-unit',
    options: 'f-options',
    minItems: 'f-minitems',
    maxItems: 'f-maxitems',
    accept: 'f-accept',
    maxBytes: 'f-maxmb',
    maxCount: 'f-maxcount',
    text: 'f-text',
    itemLabel: 'f-itemlabel',
    fields: 'f-subfields',
    minDate: 'f-mindate',
    maxDate: 'f-maxdate',
    showIf: 'f-showif-field',
    requiredIf: 'f-requiredif-field',
  };
  if (prop && byProp[prop]) return byProp[prop];
  if (message.includes('(showIf)')) return 'f-showif-field';
  if (message.includes('(requiredIf)')) return 'f-requiredif-field';
  if (message.includes('Unterfeld')) return 'f-subfields';
  if (message.includes('Feldschlüssel') || message.includes('Schlüssel ist bereits')) return 'f-key';
  if (message.includes('Muster')) return 'f-pattern';
  if (message.includes('Antwortwert') || message.includes('Antworten gewählt')) return 'f-options';
  if (message.includes(': Länge:')) return 'f-minlength';
  if (message.includes(': Zahl:')) return 'f-min';
  if (message.includes(': Datum:') || message.includes('kein gültiges Datum')) return 'f-mindate';
  if (message.includes(': Anzahl')) return 'f-minitems';
  return undefined;
}
