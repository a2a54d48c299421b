import { Table } from '../../../platform/views/table.js';
import type { Hall, ResourceRow } from '../service.js';
import { euro } from '../text.js';

/** The price list of a room as a definition list; "nach Vereinbarung" when it has none. */
export function PriceList({ hall }: { hall: ResourceRow }) {
  const rows: [string, number | null][] = [
    ['Vereine und Organisationen, je Stunde', hall.price_hour_club],
    ['Vereine und Organisationen, je Tag', hall.price_day_club],
    ['Privatpersonen, je Stunde', hall.price_hour_private],
    ['Privatpersonen, je Tag', hall.price_day_private],
  ];
  const priced = rows.filter((r): r is [string, number] => r[1] !== null);
  return (
    <>
      {priced.length === 0 ? (
        <p class="kern-body">Das Nutzungsentgelt wird nach Vereinbarung festgelegt.</p>
      ) : (
        <Table
          caption="Nutzungsentgelt"
          columns={['Tarif', 'Entgelt']}
          rows={priced.map(([label, cents]) => ({ key: label, cells: [label, euro(cents)] }))}
          rowHeaders
          small
        />
      )}
      {hall.price_note && <p class="kern-body">{hall.price_note}</p>}
    </>
  );
}

export function Equipment({ hall }: { hall: Hall }) {
  if (hall.equipment.length === 0) return <p class="kern-body">Keine Angaben.</p>;
  return (
    <ul class="kern-list">
      {hall.equipment.map((e) => (
        <li key={e}>{e}</li>
      ))}
    </ul>
  );
}

export const photoUrl = (tenantSlug: string, hall: Pick<ResourceRow, 'slug'>, photoId: string) =>
  `/${tenantSlug}/raeume/${hall.slug}/fotos/${photoId}`;
export const rulesUrl = (tenantSlug: string, hall: Pick<ResourceRow, 'slug'>) =>
  `/${tenantSlug}/raeume/${hall.slug}/hausordnung.pdf`;

export const sizeLabel = (bytes: number) =>
  bytes < 1024 * 1024
    ? `${Math.max(1, Math.round(bytes / 1024))} KB`
    : `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB`;
