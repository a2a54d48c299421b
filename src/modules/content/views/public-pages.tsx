import type { TenantView, ViewerView } from '../../../platform/views/context.js';
import { SiteFrame } from '../../../platform/views/SiteFrame.js';
import { renderMarkdown, SearchForm } from '../../catalog/index.js';
import type { NewsItem, NewsList, StaticPage } from '../service.js';
import { germanDate, liftHeadings } from '../text.js';

interface Frame {
  tenant: TenantView;
  citizen: ViewerView | null;
}

export const NewsDate = ({ date }: { date: Date }) => <time datetime={date.toISOString()}>{germanDate(date)}</time>;

/** Press releases, newest first, ten per page. */
export function NewsListPage({ tenant, citizen, list }: Frame & { list: NewsList }) {
  const base = `/${tenant.slug}/aktuelles`;
  const pageLink = (page: number) => (page > 1 ? `${base}?seite=${page}` : base);
  return (
    <SiteFrame tenant={tenant} title={list.page > 1 ? `Aktuelles – Seite ${list.page}` : 'Aktuelles'} citizen={citizen}>
      <div class="kern-stack-md">
        <h1 class="kern-heading-x-large">Aktuelles</h1>
        <p class="kern-body">
          Pressemitteilungen und Neuigkeiten aus {tenant.name}.{' '}
          <a class="kern-link" href={`/${tenant.slug}/feeds/news.atom`} type="application/atom+xml">
            Als Newsfeed (Atom) abonnieren
          </a>
        </p>
        {list.items.length === 0 ? (
          <p class="kern-body">
            {list.total === 0 ? 'Zurzeit gibt es keine Meldungen.' : 'Auf dieser Seite gibt es keine Meldungen mehr.'}
          </p>
        ) : (
          <ul class="kern-list kern-stack-md">
            {list.items.map((n) => (
              <li key={n.slug} class="kern-stack-xxs">
                <h2 class="kern-heading-small">
                  <a class="kern-link" href={`${base}/${n.slug}`}>
                    {n.title}
                  </a>
                </h2>
                <p class="kern-body kern-body--small">
                  <NewsDate date={n.publishedAt} />
                </p>
                <p class="kern-body">{n.teaser}</p>
              </li>
            ))}
          </ul>
        )}
        {list.pages > 1 && (
          <nav aria-label="Seiten der Meldungen">
            <ul class="kern-list kern-list--horizontal">
              {list.page > 1 && (
                <li>
                  <a class="kern-link" href={pageLink(list.page - 1)} rel="prev">
                    Neuere Meldungen
                  </a>
                </li>
              )}
              <li>
                Seite {list.page} von {list.pages}
              </li>
              {list.page < list.pages && (
                <li>
                  <a class="kern-link" href={pageLink(list.page + 1)} rel="next">
                    Ältere Meldungen
                  </a>
                </li>
              )}
            </ul>
          </nav>
        )}
      </div>
    </SiteFrame>
  );
}

/** One press release. */
export function NewsArticlePage({ tenant, citizen, item }: Frame & { item: NewsItem }) {
  return (
    <SiteFrame tenant={tenant} title={item.title} citizen={citizen}>
      <article class="kern-stack-md">
        <p class="kern-body kern-body--small">
          <a class="kern-link" href={`/${tenant.slug}/aktuelles`}>
            Aktuelles
          </a>{' '}
          · Pressemitteilung vom <NewsDate date={item.publishedAt} />
        </p>
        <h1 class="kern-heading-x-large">{item.title}</h1>
        <p class="kern-body kern-body--large">{item.teaser}</p>
        {/* renderMarkdown escapes everything first; only its own tags are markup. */}
        <div class="kern-stack-sm rich-text" dangerouslySetInnerHTML={{ __html: liftHeadings(renderMarkdown(item.bodyMd)) }} />
      </article>
    </SiteFrame>
  );
}

/** Impressum, Datenschutz, Barrierefreiheit, Kontakt and further editor pages. */
export function StaticPageView({ tenant, citizen, page }: Frame & { page: StaticPage }) {
  return (
    <SiteFrame tenant={tenant} title={page.title} citizen={citizen}>
      <article class="kern-stack-md">
        <h1 class="kern-heading-x-large">{page.title}</h1>
        <div class="kern-stack-sm rich-text" dangerouslySetInnerHTML={{ __html: liftHeadings(renderMarkdown(page.bodyMd)) }} />
        {page.updatedAt && (
          <p class="kern-body kern-body--small">
            Stand: <NewsDate date={page.updatedAt} />
          </p>
        )}
      </article>
    </SiteFrame>
  );
}

/** 404 for unknown news and pages: offers the search and the news list instead of a dead end. */
export function ContentNotFoundPage({ tenant, citizen, what }: Frame & { what: 'Meldung' | 'Seite' }) {
  return (
    <SiteFrame tenant={tenant} title="Seite nicht gefunden" citizen={citizen}>
      <div class="kern-stack-md">
        <h1 class="kern-heading-x-large">Seite nicht gefunden</h1>
        <p class="kern-body">Diese {what} gibt es hier nicht (mehr). Vielleicht hilft Ihnen die Suche weiter:</p>
        <SearchForm tenantSlug={tenant.slug} />
        <p class="kern-body">
          Oder sehen Sie bei{' '}
          <a class="kern-link" href={`/${tenant.slug}/aktuelles`}>
            Aktuelles
          </a>{' '}
          nach.
        </p>
      </div>
    </SiteFrame>
  );
}
