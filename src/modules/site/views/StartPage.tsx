import type { TenantView, ViewerView } from '../../../platform/views/context.js';
import { SiteFrame } from '../../../platform/views/SiteFrame.js';

/** The tenant's start page; later modules fill search, Lebenslagen and news into it. */
export function StartPage({ tenant, citizen }: { tenant: TenantView; citizen: ViewerView | null }) {
  return (
    <SiteFrame tenant={tenant} title="Startseite" citizen={citizen}>
      <h1 class="kern-heading-x-large">Willkommen beim {tenant.type === 'landkreis' ? 'Landratsamt' : 'Rathaus'} {tenant.name}</h1>
      <p class="kern-body kern-body--large">
        Hier erledigen Sie Ihre Anliegen online: Leistungen finden, Anträge stellen, Termine buchen und Informationen abonnieren.
      </p>
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
