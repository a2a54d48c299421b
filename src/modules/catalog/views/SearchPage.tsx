import type { TenantView, ViewerView } from '../../../platform/views/context.js';
import { SiteFrame } from '../../../platform/views/SiteFrame.js';
import type { SearchResult } from '../service.js';
import { SearchForm, ServiceTeaser } from './parts.js';

interface Props {
  tenant: TenantView;
  citizen: ViewerView | null;
  result: SearchResult;
  online: boolean;
  scripts?: string[];
}

/** Search results with highlighted snippets; a plain GET page that needs no JavaScript. */
export function SearchPage({ tenant, citizen, result, online, scripts }: Props) {
  const base = `/${tenant.slug}/suche`;
  const pages = Math.ceil(result.total / result.pageSize);
  const link = (params: Record<string, string | number | undefined>) => {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') search.set(k, String(v));
    return `${base}?${search.toString()}`;
  };
  const pageLink = (page: number) =>
    link({ q: result.query, online: online ? 'true' : undefined, page: page > 1 ? page : undefined });
  return (
    <SiteFrame tenant={tenant} title={result.query ? `Suche: ${result.query}` : 'Suche'} citizen={citizen} scripts={scripts}>
      <div class="kern-stack-md">
        <h1 class="kern-heading-x-large">Suche</h1>
        <SearchForm tenantSlug={tenant.slug} query={result.query} label="Suchbegriff" />
        {result.query && (
          <section aria-labelledby="ergebnisse" class="kern-stack-sm">
            <h2 id="ergebnisse" class="kern-heading-medium" aria-live="polite">
              {result.total === 0 ? 'Keine Treffer' : result.total === 1 ? '1 Treffer' : `${result.total} Treffer`} für „
              {result.query}“
            </h2>
            {online ? (
              <p class="kern-body">
                Nur Leistungen, die online möglich sind.{' '}
                <a class="kern-link" href={link({ q: result.query })}>
                  Alle Leistungen zeigen
                </a>
              </p>
            ) : (
              result.total > 0 && (
                <p class="kern-body">
                  <a class="kern-link" href={link({ q: result.query, online: 'true' })}>
                    Nur online mögliche Leistungen zeigen
                  </a>
                </p>
              )
            )}
            {result.didYouMean && (
              <p class="kern-body kern-body--large">
                Meinten Sie{' '}
                <a class="kern-link" href={link({ q: result.didYouMean })}>
                  {result.didYouMean}
                </a>
                ?
              </p>
            )}
            {result.total === 0 && (
              <p class="kern-body">
                Prüfen Sie die Schreibweise, versuchen Sie ein anderes Wort oder sehen Sie in der{' '}
                <a class="kern-link" href={`/${tenant.slug}/leistungen`}>
                  Liste aller Leistungen von A bis Z
                </a>{' '}
                oder bei den{' '}
                <a class="kern-link" href={`/${tenant.slug}/lebenslagen`}>
                  Lebenslagen
                </a>{' '}
                nach.
              </p>
            )}
            {result.items.length > 0 && (
              <ol class="kern-list kern-stack-sm" start={(result.page - 1) * result.pageSize + 1}>
                {result.items.map((item) => (
                  <ServiceTeaser key={item.slug} tenantSlug={tenant.slug} service={item} snippetHtml={item.snippetHtml} />
                ))}
              </ol>
            )}
            {pages > 1 && (
              <nav aria-label="Seiten der Trefferliste">
                <ul class="kern-list kern-list--horizontal">
                  {result.page > 1 && (
                    <li>
                      <a class="kern-link" href={pageLink(result.page - 1)} rel="prev">
                        Vorherige Seite
                      </a>
                    </li>
                  )}
                  <li>
                    Seite {result.page} von {pages}
                  </li>
                  {result.page < pages && (
                    <li>
                      <a class="kern-link" href={pageLink(result.page + 1)} rel="next">
                        Nächste Seite
                      </a>
                    </li>
                  )}
                </ul>
              </nav>
            )}
          </section>
        )}
        {!result.query && (
          <p class="kern-body">
            Geben Sie ein, was Sie erledigen möchten, zum Beispiel „Ausweis verloren“ oder „Auto anmelden“. Alle Leistungen finden
            Sie auch{' '}
            <a class="kern-link" href={`/${tenant.slug}/leistungen`}>
              von A bis Z
            </a>
            .
          </p>
        )}
      </div>
    </SiteFrame>
  );
}
