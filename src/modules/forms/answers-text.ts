/** Answers as people read them: on the review page, in the receipt mail. */
import { germanDate } from './check-data.js';
import { answerFields, type Answers, computeValues, formatEuro } from './conditions.js';
import type { AnswerField, ProcedureDefinition, SubField } from './definition.js';

export interface AnswerLine {
  pageIndex: number;
  key: string;
  label: string;
  text: string;
}

function valueText(field: AnswerField | SubField, value: unknown): string {
  if (value === undefined || value === null) return '–';
  switch (field.type) {
    case 'checkbox':
    case 'consent':
      return value === true ? 'Ja' : 'Nein';
    case 'select':
    case 'radio':
      return field.options.find((o) => o.value === value)?.label ?? String(value);
    case 'checkboxGroup':
      return (value as string[]).map((v) => field.options.find((o) => o.value === v)?.label ?? v).join(', ');
    case 'date':
      return germanDate(String(value));
    case 'number':
      return `${String(value).replace('.', ',')}${field.unit ? ` ${field.unit}` : ''}`;
    case 'address': {
      const a = value as { street: string; number: string; postalCode: string; city: string };
      return `${a.street} ${a.number}, ${a.postalCode} ${a.city}`;
    }
    case 'file':
      return (value as { filename: string }[]).map((f) => f.filename).join(', ');
    case 'repeatingGroup':
      return (value as Record<string, unknown>[])
        .map((entry, i) => `${field.itemLabel} ${i + 1}: ${field.fields.map((s) => `${s.label}: ${valueText(s, entry[s.key])}`).join('; ')}`)
        .join(' | ');
    default:
      return String(value);
  }
}

/** One line per answered (and visible) question, in page order. */
export function answerLines(definition: ProcedureDefinition, answers: Answers): AnswerLine[] {
  return answerFields(definition)
    .filter(({ field }) => answers[field.key] !== undefined)
    .map(({ pageIndex, field }) => ({ pageIndex, key: field.key, label: field.label, text: valueText(field, answers[field.key]) }));
}

export function computedLines(definition: ProcedureDefinition, answers: Answers): { label: string; text: string }[] {
  const values = computeValues(definition, answers);
  return definition.computed.map((c) => ({
    label: c.label,
    text: c.format === 'euro' ? formatEuro(values[c.key]) : String(values[c.key]).replace('.', ','),
  }));
}
