import type { FieldErrors } from '../../../platform/views/forms.js';

/** A form field as a trimmed string ('' when missing or repeated oddly). */
export const field = (body: unknown, name: string): string => {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first.trim() : '';
};

/** A checkbox group: every checked value (none, one or several). */
export const fieldList = (body: unknown, name: string): string[] => {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((v): v is string => typeof v === 'string' && v.length > 0);
};

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const SLUG = /^[a-z0-9][a-z0-9-]{0,119}$/;
export const LEIKA = /^[0-9]{14}$/;

/** Lower-case ASCII words joined by dashes: umlauts spelled out, accents and punctuation dropped. */
export const dashedWords = (text: string): string =>
  text
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

/** "Führerschein umtauschen (Pflichtumtausch)" → "fuehrerschein-umtauschen-pflichtumtausch". */
export function slugify(title: string): string {
  return dashedWords(title).slice(0, 120).replace(/-+$/, '');
}

/** Only http and https with a host: no javascript:, data: or relative addresses behind "Online beantragen". */
export function isHttpUrl(value: string): boolean {
  if (value.length > 2000 || /\s/.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

/** "a, b ,, c" → ["a", "b", "c"], without duplicates. */
export const commaList = (value: string) => [
  ...new Set(
    value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean),
  ),
];

/** One entry per non-empty line. */
export const lineList = (value: string) =>
  value
    .split(/\r?\n/)
    .map((v) => v.trim())
    .filter(Boolean);

export function requireLength(errors: FieldErrors, name: string, value: string, label: string, max: number, required = false) {
  if (errors[name]) return;
  if (required && !value) errors[name] = `Bitte geben Sie ${label} ein.`;
  else if (value.length > max)
    errors[name] =
      `${label.replace(/^(den|die|das|eine|einen) /, '')} darf höchstens ${max.toLocaleString('de-DE')} Zeichen lang sein.`;
}

export const hasErrors = (errors: FieldErrors) => Object.keys(errors).length > 0;
