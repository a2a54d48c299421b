import type { TenantView, ViewerView } from '../../../platform/views/context.js';
import { SiteFrame } from '../../../platform/views/SiteFrame.js';
import { SearchForm, ServiceTeaser } from './parts.js';

interface Props {
  tenant: TenantView;
  citizen: ViewerView | null;
  groups: { letter: string; services: { slug: string; title: string; summary: string; online: boolean }[] }[];
}

/** All published services, grouped by initial letter, with a jump bar. */
export function ServicesAtoZPage({ tenant, citizen, groups }: Props) {
  const anchor = (letter: string) => `buchstabe-${letter === '#' ? 'ziffer' : letter.toLowerCase()}`;
  return (
    <SiteFrame tenant={tenant} title="Leistungen A–Z" citizen={citizen}>
      <div class="kern-stack-md">
        <h1 class="kern-heading-x-large">Leistungen von A bis Z</h1>
        <SearchForm tenantSlug={tenant.slug} />
        {groups.length === 0 ? (
          <p class="kern-body">Zurzeit sind keine Leistungen veröffentlicht.</p>
        ) : (
          <>
            <nav aria-label="Buchstaben">
              <ul class="kern-list kern-list--horizontal">
                {groups.map((g) => (
                  <li key={g.letter}>
                    <a class="kern-link" href={`#${anchor(g.letter)}`}>
                      {g.letter}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
            {groups.map((g) => (
              <section key={g.letter} aria-labelledby={anchor(g.letter)} class="kern-stack-sm">
                <h2 id={anchor(g.letter)} class="kern-heading-medium">
                  {g.letter}
                </h2>
                <ul class="kern-list kern-stack-sm">
                  {g.services.map((s) => (
                    <ServiceTeaser key={s.slug} tenantSlug={tenant.slug} service={s} />
                  ))}
                </ul>
              </section>
            ))}
          </>
        )}
      </div>
    </SiteFrame>
  );
}
