/**
 * Turns the fields of one page as a browser posts them (strings) into typed answers.
 * Input names are the data paths: `name`, `anschrift.postalCode`, `kinder.0.vorname`.
 * An empty input means "not answered" and leaves the answer out.
 */
import type { FieldMessages } from './check-data.js';
import type { AnswerField, Page, SubField } from './definition.js';
import { hasAnswer } from './definition.js';
import { normalizeIban } from './iban.js';

export type FormBody = Record<string, string | string[] | undefined>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? '';
const all = (value: string | string[] | undefined) => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

/** How many entries of a repeating group the page shows (hidden field `<key>._anzahl`). */
export const entryCount = (body: FormBody, key: string, max: number) => {
  const n = Number.parseInt(first(body[`${key}._anzahl`]), 10);
  return Number.isFinite(n) ? Math.min(Math.max(n, 0), max) : 0;
};

interface Parsed {
  value: unknown;
  error?: string;
}

function parseScalar(field: AnswerField | SubField, raw: string | string[] | undefined): Parsed {
  const text = first(raw).trim();
  switch (field.type) {
    case 'checkbox':
    case 'consent':
      return { value: text === 'ja' ? true : undefined };
    case 'checkboxGroup': {
      const values = [...new Set(all(raw).filter(Boolean))];
      return { value: values.length > 0 ? values : undefined };
    }
    case 'number': {
      if (!text) return { value: undefined };
      // German input: "1.250,50" or "12,5".
      const normalized = text.includes(',') ? text.replace(/\./g, '').replace(',', '.') : text;
      const n = /^[-+]?\d+(\.\d+)?$/.test(normalized) ? Number(normalized) : Number.NaN;
      if (!Number.isFinite(n)) return { value: undefined, error: `„${field.label}“ muss eine Zahl sein.` };
      return { value: n };
    }
    case 'date': {
      if (!text) return { value: undefined };
      const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
      return { value: german ? `${german[3]}-${german[2].padStart(2, '0')}-${german[1].padStart(2, '0')}` : text };
    }
    case 'iban':
      return { value: text ? normalizeIban(text) : undefined };
    default:
      return { value: text || undefined };
  }
}

/**
 * The answers to this page's fields (undefined: not answered) and the inputs that could
 * not even be read (e.g. letters in a number). Files are handled by the upload route.
 */
export function parsePageInput(page: Page, body: FormBody): { answers: Record<string, unknown>; errors: FieldMessages } {
  const answers: Record<string, unknown> = {};
  const errors: FieldMessages = {};
  for (const field of page.fields) {
    if (!hasAnswer(field) || field.type === 'file') continue;
    if (field.type === 'address') {
      const parts = ['street', 'number', 'postalCode', 'city'] as const;
      const address = Object.fromEntries(parts.map((p) => [p, first(body[`${field.key}.${p}`]).trim()]));
      // Partly filled: keep what is there so the schema names the missing parts.
      const filled = Object.entries(address).filter(([, v]) => v !== '');
      answers[field.key] = filled.length > 0 ? Object.fromEntries(filled) : undefined;
      continue;
    }
    if (field.type === 'repeatingGroup') {
      const entries: Record<string, unknown>[] = [];
      const count = entryCount(body, field.key, field.maxItems);
      for (let i = 0; i < count; i++) {
        const entry: Record<string, unknown> = {};
        for (const sub of field.fields) {
          const parsed = parseScalar(sub, body[`${field.key}.${i}.${sub.key}`]);
          if (parsed.error) errors[`${field.key}.${entries.length}.${sub.key}`] = parsed.error;
          if (parsed.value !== undefined) entry[sub.key] = parsed.value;
        }
        // An entry left completely empty is no entry.
        if (Object.keys(entry).length > 0) entries.push(entry);
      }
      answers[field.key] = entries.length > 0 ? entries : undefined;
      continue;
    }
    const parsed = parseScalar(field, body[field.key]);
    if (parsed.error) errors[field.key] = parsed.error;
    answers[field.key] = parsed.value;
  }
  return { answers, errors };
}
