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
export { SLUG } from '../../../platform/text/slug.js';
export const LEIKA = /^[0-9]{14}$/;

export { dashedWords, slugify } from '../../../platform/text/slug.js';

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
