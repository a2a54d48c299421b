import { ActionButton, SelectField, SubmitButton } from '../../../../platform/views/forms.js';
import { Table } from '../../../../platform/views/table.js';
import type { ServiceStatus } from '../../tables.js';
import { type AdminContext, AdminPage, formatDate } from './parts.js';

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
          <SubmitButton label="Filtern" kind="secondary" />
        </form>
      )}
      <p class="kern-body" role="status">
        {services.length === 1 ? '1 Leistung' : `${services.length} Leistungen`}
      </p>
      {services.length > 0 && (
        <Table
          caption={title}
          columns={['Titel', 'Status', 'Online', 'Zuletzt geprüft', filter.review && 'Aktion']}
          rows={services.map((s) => ({
            key: s.id,
            cells: [
              <a key="link" class="kern-link" href={`${list}/${s.id}`}>
                {s.title}
              </a>,
              STATUS_LABELS[s.status],
              s.online ? 'ja' : 'nein',
              formatDate(s.reviewedAt),
              ...(filter.review
                ? [
                    <ActionButton
                      key="geprueft"
                      action={`${list}/${s.id}/geprueft`}
                      csrf={ctx.csrf}
                      label="Jetzt als geprüft markieren"
                      srLabel={`: ${s.title}`}
                      hidden={{ zurueck: 'pruefen' }}
                    />,
                  ]
                : []),
            ],
          }))}
        />
      )}
    </AdminPage>
  );
}
