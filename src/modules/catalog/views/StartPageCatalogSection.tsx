import type { StartPageCatalog } from '../service.js';
import { OnlineBadge, SearchForm } from './parts.js';

/** The catalog's part of the start page: search, Lebenslagen tiles, most used services. */
export function StartPageCatalogSection({ tenantSlug, catalog }: { tenantSlug: string; catalog: StartPageCatalog }) {
  const base = `/${tenantSlug}`;
  return (
    <div class="kern-stack-lg">
      <section aria-labelledby="start-suche" class="kern-stack-sm">
        <h2 id="start-suche" class="kern-heading-medium">
          Was möchten Sie erledigen?
        </h2>
        <SearchForm tenantSlug={tenantSlug} id="start-suche-feld" label="Leistung suchen" />
        <p class="kern-body">
          <a class="kern-link" href={`${base}/leistungen`}>
            Alle Leistungen von A bis Z
          </a>
        </p>
      </section>
      {catalog.lebenslagen.length > 0 && (
        <section aria-labelledby="start-lebenslagen" class="kern-stack-sm">
          <h2 id="start-lebenslagen" class="kern-heading-medium">
            Lebenslagen
          </h2>
          <ul class="kern-list kern-row">
            {catalog.lebenslagen.map((l) => (
              <li key={l.slug} class="kern-col-12 kern-col-md-6 kern-col-lg-4">
                <div class="kern-card kern-card--interactive">
                  <div class="kern-card__container">
                    <div class="kern-card__header">
                      <h3 class="kern-title">
                        <a class="kern-link kern-link--stretched" href={`${base}/lebenslagen/${l.slug}`}>
                          {l.title}
                        </a>
                      </h3>
                    </div>
                    {l.summary && (
                      <div class="kern-card__body">
                        <p class="kern-body kern-body--small">{l.summary}</p>
                      </div>
                    )}
                  </div>
                </div>
              </li>
            ))}
          </ul>
        </section>
      )}
      {catalog.popular.length > 0 && (
        <section aria-labelledby="start-beliebt" class="kern-stack-sm">
          <h2 id="start-beliebt" class="kern-heading-medium">
            Häufig genutzte Leistungen
          </h2>
          <ul class="kern-list kern-list--bullet">
            {catalog.popular.map((p) => (
              <li key={p.slug}>
                <a class="kern-link" href={`${base}/leistungen/${p.slug}`}>
                  {p.title}
                </a>{' '}
                {p.online && <OnlineBadge />}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
