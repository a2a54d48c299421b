import type { TenantView, ViewerView } from '../../../platform/views/context.js';
import { SiteFrame } from '../../../platform/views/SiteFrame.js';
import { CATALOG_SUGGEST_SCRIPT, type StartPageCatalog, StartPageCatalogSection } from '../../catalog/index.js';
import { LatestNewsSection, type NewsItem } from '../../content/index.js';

/** The tenant's start page; later modules fill search, Lebenslagen and news into it. */
interface StartPageProps {
  tenant: TenantView;
  citizen: ViewerView | null;
  catalog: StartPageCatalog;
  news: NewsItem[];
}

export function StartPage({ tenant, citizen, catalog, news }: StartPageProps) {
  return (
    <SiteFrame tenant={tenant} title="Startseite" citizen={citizen} scripts={[CATALOG_SUGGEST_SCRIPT]}>
      <h1 class="kern-heading-x-large">Willkommen beim {tenant.type === 'landkreis' ? 'Landratsamt' : 'Rathaus'} {tenant.name}</h1>
      <p class="kern-body kern-body--large">
        Hier erledigen Sie Ihre Anliegen online: Leistungen finden, Anträge stellen, Termine buchen und Informationen abonnieren.
      </p>
      <StartPageCatalogSection tenantSlug={tenant.slug} catalog={catalog} />
      <LatestNewsSection tenantSlug={tenant.slug} news={news} />
      <section aria-labelledby="konto-titel" class="kern-stack-sm">
        <h2 id="konto-titel" class="kern-heading-medium">
          Ihr Bürgerkonto
        </h2>
        <p class="kern-body">
          {citizen ? (
            <a class="kern-link" href={`/${tenant.slug}/konto`}>
              Zu Ihrem Konto
            </a>
          ) : (
            <>
              <a class="kern-link" href={`/${tenant.slug}/konto/anmelden`}>
                Anmelden
              </a>{' '}
              oder{' '}
              <a class="kern-link" href={`/${tenant.slug}/konto/registrieren`}>
                ein Konto anlegen
              </a>
            </>
          )}
        </p>
      </section>
    </SiteFrame>
  );
}
