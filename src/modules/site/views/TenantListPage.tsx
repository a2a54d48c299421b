import { Document } from '../../../platform/views/Document.js';

export interface TenantListItem {
  slug: string;
  name: string;
  type: 'landkreis' | 'gemeinde';
}

const TYPE_LABEL = { landkreis: 'Landkreis', gemeinde: 'Gemeinde' } as const;

export function TenantListPage({ tenants }: { tenants: TenantListItem[] }) {
  return (
    <Document title="Rathaus – digitale Verwaltung">
      <nav class="skip-links" aria-label="Sprungziele">
        <a href="#inhalt" class="kern-link">
          Zum Inhalt springen
        </a>
      </nav>
      <header class="site-header">
        <div class="kern-container site-header__inner">
          <span class="site-header__name">Rathaus</span>
        </div>
      </header>
      <main id="inhalt" tabIndex={-1} class="kern-container site-main">
        <h1 class="kern-heading-x-large">Digitale Verwaltung</h1>
        <p class="kern-body kern-body--large">Wählen Sie Ihren Landkreis oder Ihre Gemeinde.</p>
        {tenants.length === 0 ? (
          <p class="kern-body">Es ist noch kein Landkreis und keine Gemeinde eingerichtet.</p>
        ) : (
          <ul class="tenant-list">
            {tenants.map((t) => (
              <li key={t.slug} class="kern-card kern-card--interactive">
                <div class="kern-card__container">
                  <div class="kern-card__header">
                    <p class="kern-preline">{TYPE_LABEL[t.type]}</p>
                    <h2 class="kern-title">
                      <a href={`/${t.slug}`} class="kern-link kern-link--stretched">
                        {t.name}
                      </a>
                    </h2>
                  </div>
                </div>
              </li>
            ))}
          </ul>
        )}
      </main>
    </Document>
  );
}
