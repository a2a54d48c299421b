import type { TenantView, ViewerView } from '../../../platform/views/context.js';
import { SiteFrame } from '../../../platform/views/SiteFrame.js';
import type { LebenslagePage as LebenslageData } from '../service.js';
import { ServiceTeaser } from './parts.js';

/** One Lebenslage: its text, sub-entries and their services. */
export function LebenslagePage({
  tenant,
  citizen,
  page,
}: {
  tenant: TenantView;
  citizen: ViewerView | null;
  page: LebenslageData;
}) {
  const base = `/${tenant.slug}/lebenslagen`;
  const { lebenslage, parent, groups } = page;
  const empty = groups.every((g) => g.services.length === 0);
  return (
    <SiteFrame tenant={tenant} title={lebenslage.title} citizen={citizen}>
      <nav aria-label="Brotkrumen" class="kern-body kern-body--small">
        <a class="kern-link" href={base}>
          Lebenslagen
        </a>
        {parent && (
          <>
            {' › '}
            <a class="kern-link" href={`${base}/${parent.slug}`}>
              {parent.title}
            </a>
          </>
        )}
      </nav>
      <div class="kern-stack-md">
        <h1 class="kern-heading-x-large">{lebenslage.title}</h1>
        {lebenslage.summary && <p class="kern-body kern-body--large">{lebenslage.summary}</p>}
        {empty && <p class="kern-body">Zu dieser Lebenslage sind noch keine Leistungen eingetragen.</p>}
        {groups.map((g, index) =>
          g.services.length === 0 ? null : (
            <section key={g.lebenslage.slug} aria-labelledby={`lage-${g.lebenslage.slug}`} class="kern-stack-sm">
              <h2 id={`lage-${g.lebenslage.slug}`} class="kern-heading-medium">
                {index === 0 ? (
                  'Leistungen'
                ) : (
                  <a class="kern-link" href={`${base}/${g.lebenslage.slug}`}>
                    {g.lebenslage.title}
                  </a>
                )}
              </h2>
              <ul class="kern-list kern-stack-sm">
                {g.services.map((s) => (
                  <ServiceTeaser key={s.slug} tenantSlug={tenant.slug} service={s} />
                ))}
              </ul>
            </section>
          ),
        )}
      </div>
    </SiteFrame>
  );
}
