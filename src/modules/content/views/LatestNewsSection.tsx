import type { NewsItem } from '../service.js';
import { NewsDate } from './public-pages.js';

/** The start page's news: the newest few and a link to all. Renders nothing without news. */
export function LatestNewsSection({ tenantSlug, news }: { tenantSlug: string; news: NewsItem[] }) {
  if (news.length === 0) return null;
  const base = `/${tenantSlug}/aktuelles`;
  return (
    <section aria-labelledby="start-aktuelles" class="kern-stack-sm">
      <h2 id="start-aktuelles" class="kern-heading-medium">
        Aktuelles
      </h2>
      <ul class="kern-list kern-stack-sm">
        {news.map((n) => (
          <li key={n.slug} class="kern-stack-xxs">
            <a class="kern-link" href={`${base}/${n.slug}`}>
              {n.title}
            </a>
            <p class="kern-body kern-body--small">
              <NewsDate date={n.publishedAt} /> – {n.teaser}
            </p>
          </li>
        ))}
      </ul>
      <p class="kern-body">
        <a class="kern-link" href={base}>
          Alle Meldungen
        </a>
      </p>
    </section>
  );
}
