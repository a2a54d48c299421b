import type { OpeningHours } from '../../../platform/db/schema.js';
import { WEEKDAYS } from '../../../platform/views/context.js';

/** The catalog search form; GET, so it works without JavaScript and results can be bookmarked. */
export function SearchForm({
  tenantSlug,
  query = '',
  id = 'suche',
  label = 'Leistung suchen',
}: {
  tenantSlug: string;
  query?: string;
  id?: string;
  label?: string;
}) {
  const inputId = `${id}-q`;
  return (
    <search>
      <form
        method="get"
        action={`/${tenantSlug}/suche`}
        class="kern-stack-xs catalog-search"
        data-suggest={`/${tenantSlug}/suche/vorschlaege`}
      >
        <label class="kern-label" for={inputId}>
          {label}
        </label>
        <div class="kern-input-group">
          <input
            class="kern-form-input__input"
            type="search"
            id={inputId}
            name="q"
            value={query}
            maxLength={200}
            autocomplete="off"
            placeholder="z. B. Personalausweis, Kfz-Zulassung, Wohngeld"
          />
          <button type="submit" class="kern-btn kern-btn--primary">
            <span class="kern-icon kern-icon--search" aria-hidden="true" />
            <span class="kern-label">Suchen</span>
          </button>
        </div>
      </form>
    </search>
  );
}

export function OnlineBadge() {
  return (
    <span class="kern-badge kern-badge--success kern-badge--small">
      <span class="kern-label kern-label--small">online möglich</span>
    </span>
  );
}

/** A linked service title with summary, as in lists and results. */
export function ServiceTeaser({
  tenantSlug,
  service,
  snippetHtml,
}: {
  tenantSlug: string;
  service: { slug: string; title: string; summary: string; online: boolean };
  snippetHtml?: string | null;
}) {
  return (
    <li class="kern-stack-xxs">
      <a class="kern-link" href={`/${tenantSlug}/leistungen/${service.slug}`}>
        {service.title}
      </a>{' '}
      {service.online && <OnlineBadge />}
      {snippetHtml ? (
        // Escaped in headlineToHtml; only <mark> is markup.
        <p class="kern-body kern-body--small" dangerouslySetInnerHTML={{ __html: snippetHtml }} />
      ) : (
        service.summary && <p class="kern-body kern-body--small">{service.summary}</p>
      )}
    </li>
  );
}

/** Weekday hours, e.g. "Montag: 08:00–12:00 Uhr". */
export function HoursList({ hours, note }: { hours: OpeningHours[]; note?: string }) {
  const days = WEEKDAYS.map((name, index) => ({ name, slots: hours.filter((h) => h.day === index + 1) })).filter(
    (d) => d.slots.length > 0,
  );
  return (
    <>
      {days.length > 0 && (
        <dl class="opening-hours">
          {days.map((d) => (
            <div key={d.name}>
              <dt>{d.name}</dt>
              <dd>{d.slots.map((s) => `${s.from}–${s.to} Uhr`).join(', ')}</dd>
            </div>
          ))}
        </dl>
      )}
      {note && <p class="kern-body">{note}</p>}
    </>
  );
}
