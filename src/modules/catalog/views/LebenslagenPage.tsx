import type { TenantView, ViewerView } from '../../../platform/views/context.js';
import { SiteFrame } from '../../../platform/views/SiteFrame.js';
import type { LebenslageNode } from '../service.js';

/** The Lebenslagen tree: top level as cards, sub-entries as links. */
export function LebenslagenPage({
  tenant,
  citizen,
  tree,
}: {
  tenant: TenantView;
  citizen: ViewerView | null;
  tree: LebenslageNode[];
}) {
  const base = `/${tenant.slug}/lebenslagen`;
  return (
    <SiteFrame tenant={tenant} title="Lebenslagen" citizen={citizen}>
      <div class="kern-stack-md">
        <h1 class="kern-heading-x-large">Lebenslagen</h1>
        <p class="kern-body kern-body--large">
          Was steht bei Ihnen an? Hier finden Sie die passenden Leistungen nach Lebenslage.
        </p>
        <ul class="kern-list kern-row">
          {tree.map((l) => (
            <li key={l.slug} class="kern-col-12 kern-col-md-6 kern-col-lg-4">
              <div class="kern-card">
                <div class="kern-card__container">
                  <div class="kern-card__header">
                    <h2 class="kern-title">
                      <a class="kern-link" href={`${base}/${l.slug}`}>
                        {l.title}
                      </a>
                    </h2>
                  </div>
                  <div class="kern-card__body kern-stack-xs">
                    {l.summary && <p class="kern-body">{l.summary}</p>}
                    {l.children.length > 0 && (
                      <ul class="kern-list kern-list--bullet">
                        {l.children.map((c) => (
                          <li key={c.slug}>
                            <a class="kern-link" href={`${base}/${c.slug}`}>
                              {c.title}
                            </a>
                          </li>
                        ))}
                      </ul>
                    )}
                  </div>
                </div>
              </div>
            </li>
          ))}
        </ul>
      </div>
    </SiteFrame>
  );
}
