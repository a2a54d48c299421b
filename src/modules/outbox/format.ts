import type { OutgoingMailStatus } from '../../platform/db/schema.js';

export const STATUS_LABELS: Record<OutgoingMailStatus, { text: string; kind: 'info' | 'success' | 'warning' | 'danger' }> = {
  queued: { text: 'Wartet auf Versand', kind: 'warning' },
  sent: { text: 'Versendet', kind: 'success' },
  captured: { text: 'Gespeichert (nicht versendet)', kind: 'info' },
  failed: { text: 'Fehlgeschlagen', kind: 'danger' },
};

const dateTime = new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'Europe/Berlin' });

/** German local time of the town halls, whatever the server's time zone. */
export const formatDateTime = (date: Date) => dateTime.format(date);
