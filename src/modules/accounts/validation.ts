import type { FieldErrors } from '../../platform/views/forms.js';

/** A form field as a trimmed string ('' when missing or not a string). */
export const field = (body: unknown, name: string): string => {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.trim() : '';
};

/** A password field: not trimmed (spaces may be part of it). */
export const secretField = (body: unknown, name: string): string => {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
};

export const isValidEmail = (email: string) => email.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email);

export function emailProblem(email: string): string | undefined {
  if (!email) return 'Bitte geben Sie Ihre E-Mail-Adresse ein.';
  if (!isValidEmail(email)) return 'Bitte geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel name@example.org.';
  return undefined;
}

/** Adds the message under the field name when there is one. */
export function collect(errors: FieldErrors, name: string, problem: string | undefined) {
  if (problem && !errors[name]) errors[name] = problem;
}

export const hasErrors = (errors: FieldErrors) => Object.keys(errors).length > 0;

/**
 * The `zurueck` target after a login, only if it is a local path of this tenant
 * (and of the back office for staff): never another site or another tenant.
 */
export function safeReturnPath(value: unknown, tenantSlug: string, area: 'site' | 'staff'): string | undefined {
  if (typeof value !== 'string' || value.length > 2000) return undefined;
  const base = area === 'staff' ? `/${tenantSlug}/verwaltung` : `/${tenantSlug}`;
  if (value !== base && !value.startsWith(`${base}/`) && !value.startsWith(`${base}?`)) return undefined;
  // Plain path characters only: no backslash, whitespace or control characters that browsers reinterpret.
  if (!/^[A-Za-z0-9\-._~/?=&%+]*$/.test(value) || value.includes('//') || value.includes('/..') || /%2f|%5c/i.test(value)) {
    return undefined;
  }
  return value;
}
