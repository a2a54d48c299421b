import { SelectField } from '../../../../platform/views/forms.js';
import type { ServiceStatus } from '../../tables.js';
import { ActionButton, type AdminContext, AdminPage, formatDate } from './parts.js';

export interface ServiceListEntry {
  id: string;
  title: string;
  status: ServiceStatus;
  online: boolean;
  reviewedAt: Date | null;
}

export const STATUS_LABELS: Record<ServiceStatus, string> = { draft: 'Entwurf', published: 'Veröffentlicht' };

export function ServicesListPage({
  ctx,
  services,
  filter,
}: {
  ctx: AdminContext;
  services: ServiceListEntry[];
  filter: { status: '' | ServiceStatus; review: boolean };
}) {
  const title = filter.review ? 'Leistungen ohne Prüfung seit 12 Monaten' : 'Leistungen';
  const list = `${ctx.base}/leistungen`;
  return (
    <AdminPage ctx={ctx} title={title} path="/leistungen">
      <h1 class="kern-heading-large">{title}</h1>
      <p class="kern-body">
        <a class="kern-btn kern-btn--primary" href={`${list}/neu`}>
          <span class="kern-label">Neue Leistung anlegen</span>
        </a>
      </p>
      <nav aria-label="Ansichten" class="kern-body">
        {filter.review ? (
          <a class="kern-link" href={list}>
            Alle Leistungen anzeigen
          </a>
        ) : (
          <a class="kern-link" href={`${list}?filter=pruefen`}>
            Leistungen ohne Prüfung seit 12 Monaten
          </a>
        )}
      </nav>
      {!filter.review && (
        <form method="get" action={list} class="kern-stack-sm">
          <SelectField
            name="status"
            label="Status"
            value={filter.status}
            options={[
              { value: '', label: 'Alle' },
              { value: 'draft', label: STATUS_LABELS.draft },
              { value: 'published', label: STATUS_LABELS.published },
            ]}
          />
          <button type="submit" class="kern-btn kern-btn--secondary">
            <span class="kern-label">Filtern</span>
          </button>
        </form>
      )}
      <p class="kern-body" role="status">
        {services.length === 1 ? '1 Leistung' : `${services.length} Leistungen`}
      </p>
      {services.length > 0 && (
        <div class="kern-table-responsive">
          <table class="kern-table">
            <caption class="kern-sr-only">{title}</caption>
            <thead class="kern-table__header">
              <tr class="kern-table__row">
                <th scope="col" class="kern-table__header">
                  Titel
                </th>
                <th scope="col" class="kern-table__header">
                  Status
                </th>
                <th scope="col" class="kern-table__header">
                  Online
                </th>
                <th scope="col" class="kern-table__header">
                  Zuletzt geprüft
                </th>
                {filter.review && (
                  <th scope="col" class="kern-table__header">
                    Aktion
                  </th>
                )}
              </tr>
            </thead>
            <tbody class="kern-table__body">
              {services.map((s) => (
                <tr class="kern-table__row" key={s.id}>
                  <td class="kern-table__cell">
                    <a class="kern-link" href={`${list}/${s.id}`}>
                      {s.title}
                    </a>
                  </td>
                  <td class="kern-table__cell">{STATUS_LABELS[s.status]}</td>
                  <td class="kern-table__cell">{s.online ? 'ja' : 'nein'}</td>
                  <td class="kern-table__cell">{formatDate(s.reviewedAt)}</td>
                  {filter.review && (
                    <td class="kern-table__cell">
                      <ActionButton
                        action={`${list}/${s.id}/geprueft`}
                        csrf={ctx.csrf}
                        label="Jetzt als geprüft markieren"
                        srLabel={`: ${s.title}`}
                        hidden={{ zurueck: 'pruefen' }}
                      />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </AdminPage>
  );
}
