import type { TenantView, ViewerView } from '../../../platform/views/context.js';
import { SiteFrame } from '../../../platform/views/SiteFrame.js';
import { SearchForm } from './parts.js';

/** 404 for an unknown service or Lebenslage: offers the search instead of a dead end. */
export function ServiceNotFoundPage({ tenant, citizen, what }: { tenant: TenantView; citizen: ViewerView | null; what: string }) {
  return (
    <SiteFrame tenant={tenant} title="Seite nicht gefunden" citizen={citizen}>
      <div class="kern-stack-md">
        <h1 class="kern-heading-x-large">Seite nicht gefunden</h1>
        <p class="kern-body">Diese {what} gibt es hier nicht (mehr). Vielleicht hilft Ihnen die Suche weiter:</p>
        <SearchForm tenantSlug={tenant.slug} />
        <p class="kern-body">
          Oder sehen Sie in der{' '}
          <a class="kern-link" href={`/${tenant.slug}/leistungen`}>
            Liste aller Leistungen von A bis Z
          </a>{' '}
          nach.
        </p>
      </div>
    </SiteFrame>
  );
}
