import type { ComponentChildren } from 'preact';
import type { DocumentSummary } from '../../documents/index.js';
import type { CaseEvent, CaseMessage } from '../repo.js';
import { type CaseState, STATE_LABELS } from '../states.js';

export const dateTime = (d: Date) =>
  d.toLocaleString('de-DE', { timeZone: 'Europe/Berlin', dateStyle: 'medium', timeStyle: 'short' });
export const dateOnly = (d: Date) =>
  d.toLocaleDateString('de-DE', { timeZone: 'Europe/Berlin', day: '2-digit', month: '2-digit', year: 'numeric' });
/** A YYYY-MM-DD date as 31.12.2026. */
export const isoDate = (iso: string | null) => (iso ? `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}` : '–');

const STATE_BADGE: Record<CaseState, string> = {
  eingegangen: 'info',
  in_bearbeitung: 'info',
  rueckfrage: 'warning',
  entschieden: 'success',
  abgeschlossen: 'success',
  zurueckgezogen: 'warning',
};

export function StateBadge({ state }: { state: CaseState }) {
  return (
    <span class={`kern-badge kern-badge--${STATE_BADGE[state]}`}>
      <span class="kern-label kern-label--small">{STATE_LABELS[state]}</span>
    </span>
  );
}

/** Overdue is said in words, not only by colour. */
export function OverdueBadge() {
  return (
    <span class="kern-badge kern-badge--danger">
      <span class="kern-label kern-label--small">Überfällig</span>
    </span>
  );
}

export function Facts({ items }: { items: [string, ComponentChildren][] }) {
  return (
    <dl class="kern-description-list">
      {items.map(([key, value]) => (
        <div class="kern-description-list-item" key={key}>
          <dt class="kern-description-list-item__key">{key}</dt>
          <dd class="kern-description-list-item__value">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Text with its line breaks kept, without markup. */
export function MultilineText({ text }: { text: string }) {
  const lines = text.split(/\r?\n/);
  return (
    <p class="kern-body">
      {lines.map((line, i) => (
        <span key={i}>
          {line}
          {i < lines.length - 1 && <br />}
        </span>
      ))}
    </p>
  );
}

export function Timeline({ events, showActor }: { events: CaseEvent[]; showActor: boolean }) {
  if (events.length === 0) return <p class="kern-body">Noch keine Einträge.</p>;
  return (
    <ol class="kern-list case-timeline">
      {events.map((e) => (
        <li key={e.id}>
          <span class="kern-body kern-body--small">{dateTime(e.createdAt)}</span>
          {showActor && e.actorName ? <span class="kern-body kern-body--small"> · {e.actorName}</span> : null}
          {showActor && !e.public ? <span class="kern-body kern-body--small"> · intern</span> : null}
          <br />
          <span class="kern-body">{e.text || '(Text gelöscht)'}</span>
        </li>
      ))}
    </ol>
  );
}

export function Messages({
  messages,
  documents,
  downloadHref,
  ownSide,
}: {
  messages: CaseMessage[];
  documents: DocumentSummary[];
  downloadHref: (docId: string) => string;
  /** Whose messages are "Ihre": the applicant's (in) or the office's (out). */
  ownSide: 'in' | 'out';
}) {
  if (messages.length === 0) return <p class="kern-body">Noch keine Nachrichten.</p>;
  const byId = new Map(documents.map((d) => [d.id, d]));
  return (
    <ol class="kern-list case-messages">
      {messages.map((m) => (
        <li key={m.id} class="kern-stack-xs">
          <h3 class="kern-heading-small">
            {m.direction === ownSide
              ? 'Ihre Nachricht'
              : m.direction === 'out'
                ? 'Nachricht der Verwaltung'
                : 'Nachricht der antragstellenden Person'}{' '}
            vom {dateTime(m.createdAt)}
            {m.direction !== ownSide && !m.readAt ? ' (neu)' : ''}
          </h3>
          <MultilineText text={m.body} />
          {m.documentIds.length > 0 && (
            <ul class="kern-list">
              {m.documentIds.map((id) => {
                const doc = byId.get(id);
                return doc ? (
                  <li key={id}>
                    <a class="kern-link" href={downloadHref(id)}>
                      {doc.title} ({doc.filename}, {formatSize(doc.size)})
                    </a>
                  </li>
                ) : null;
              })}
            </ul>
          )}
        </li>
      ))}
    </ol>
  );
}

export const formatSize = (bytes: number) =>
  bytes < 1024 * 1024
    ? `${Math.max(1, Math.round(bytes / 1024))} KB`
    : `${(bytes / 1024 / 1024).toLocaleString('de-DE', { maximumFractionDigits: 1 })} MB`;

export const KIND_LABELS: Record<string, string> = {
  submission: 'Antrag',
  attachment: 'Anlage',
  upload: 'Dokument der Verwaltung',
  bescheid: 'Bescheid',
  message: 'Anlage zu einer Nachricht',
  note: 'Notiz',
  receipt: 'Quittung',
  other: 'Sonstiges',
};
