import { type TenantView, WEEKDAYS } from './context.js';

/** Opening hours grouped by weekday, e.g. "Montag: 08:00–12:00, 13:30–16:00". */
export function OpeningHoursList({ tenant }: { tenant: TenantView }) {
  const days = WEEKDAYS.map((name, index) => ({
    name,
    slots: tenant.opening_hours.filter((h) => h.day === index + 1),
  })).filter((d) => d.slots.length > 0);
  if (days.length === 0 && !tenant.opening_hours_note) return <p>Nach Vereinbarung.</p>;
  return (
    <>
      <dl class="opening-hours">
        {days.map((d) => (
          <div key={d.name}>
            <dt>{d.name}</dt>
            <dd>{d.slots.map((s) => `${s.from}–${s.to} Uhr`).join(', ')}</dd>
          </div>
        ))}
      </dl>
      {tenant.opening_hours_note && <p>{tenant.opening_hours_note}</p>}
    </>
  );
}
