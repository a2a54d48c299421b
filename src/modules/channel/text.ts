import { CATEGORIES, SEVERITY_LABELS } from './validation.js';

const dateTime = new Intl.DateTimeFormat('de-DE', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/Berlin',
});
/** "14. Juli 2026 um 22:38 Uhr" */
export const germanDateTime = (date: Date) => `${dateTime.format(date).replace(',', ' um')} Uhr`;

const localParts = new Intl.DateTimeFormat('sv-SE', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/Berlin',
  hourCycle: 'h23',
});
/** The value of an <input type="datetime-local"> in German time: "2026-07-14T22:38". */
export const datetimeLocalValue = (date: Date) => localParts.format(date).replace(' ', 'T');

export const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

export const severityLabel = (s: string | null) => (s ? (SEVERITY_LABELS[s] ?? s) : '');
export const CATEGORY_OPTIONS = CATEGORIES;

/** KERN alert modifier by CAP severity: the banner's colour. */
export const severityKind = (s: string | null): 'danger' | 'warning' | 'info' =>
  s === 'Extreme' || s === 'Severe' ? 'danger' : s === 'Moderate' ? 'warning' : 'info';

export const msgTypePrefix = (t: string) => (t === 'Update' ? 'Aktualisierung: ' : t === 'Cancel' ? 'Entwarnung: ' : '');
