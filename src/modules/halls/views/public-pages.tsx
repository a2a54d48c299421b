import type { ComponentChildren } from 'preact';
import type { TenantView, ViewerView } from '../../../platform/views/context.js';
import {
  ErrorSummary,
  type FieldErrors,
  Notice,
  PostForm,
  SelectField,
  SubmitButton,
  TextAreaField,
  TextField,
} from '../../../platform/views/forms.js';
import { SiteFrame } from '../../../platform/views/SiteFrame.js';
import { renderMarkdown } from '../../catalog/index.js';
import type { CalendarDay, Hall } from '../service.js';
import { germanMonth, germanTime } from '../text.js';
import { Equipment, PriceList, photoUrl, rulesUrl, sizeLabel } from './parts.js';

export interface PublicView {
  tenant: TenantView;
  citizen: ViewerView | null;
  csrf: string;
}

function Frame({ view, title, children }: { view: PublicView; title: string; children: ComponentChildren }) {
  return (
    <SiteFrame tenant={view.tenant} title={title} citizen={view.citizen}>
      <div class="kern-stack-md">{children}</div>
    </SiteFrame>
  );
}

export function HallsListPage({ view, halls }: { view: PublicView; halls: Hall[] }) {
  const base = `/${view.tenant.slug}/raeume`;
  return (
    <Frame view={view} title="Räume und Dorfgemeinschaftshäuser">
      <h1 class="kern-heading-x-large">Räume und Dorfgemeinschaftshäuser</h1>
      <p class="kern-body">
        Vereine, Gruppen und Privatpersonen können diese Räume von {view.tenant.name} mieten, etwa für Versammlungen, Feiern oder
        Kurse. Wählen Sie einen Raum, um freie Termine zu sehen und eine Anfrage zu senden.
      </p>
      {halls.length === 0 ? (
        <p class="kern-body">Derzeit können keine Räume angefragt werden.</p>
      ) : (
        <ul class="kern-list">
          {halls.map((h) => (
            <li key={h.id}>
              <a class="kern-link" href={`${base}/${h.slug}`}>
                {h.name}
              </a>
              <span>
                {' '}
                – bis {h.capacity} Personen{h.address ? `, ${h.address}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Frame>
  );
}

const WEEKDAY_SHORT = ['Mo', 'Di', 'Mi', 'Do', 'Fr', 'Sa', 'So'];
const WEEKDAY_LONG = ['Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag', 'Sonntag'];

function dayStatus(day: CalendarDay): string {
  if (day.past) return 'vergangen';
  if (day.busy.length === 0) return 'frei';
  if (day.busy.some((b) => b.fromDayStart && b.toDayEnd)) return 'ganztägig belegt';
  return `belegt ${day.busy
    .map((b) => `${b.fromDayStart ? '00:00' : germanTime(b.start)}–${b.toDayEnd ? '24:00' : germanTime(b.end)}`)
    .join(', ')}`;
}

/** Free/busy per day in a month grid: times only, never who booked or why. Works without JavaScript. */
export function AvailabilityCalendar({
  days,
  year,
  month,
  pageUrl,
}: {
  days: CalendarDay[];
  year: number;
  month: number;
  pageUrl: string;
}) {
  const weeks: (CalendarDay | null)[][] = [];
  let week: (CalendarDay | null)[] = Array.from({ length: days[0]?.weekday ?? 0 }, () => null);
  for (const d of days) {
    week.push(d);
    if (week.length === 7) {
      weeks.push(week);
      week = [];
    }
  }
  if (week.length > 0) weeks.push([...week, ...Array.from({ length: 7 - week.length }, () => null)]);
  const prev = month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
  const next = month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
  const prevLabel = month === 1 ? germanMonth(year - 1, 12) : germanMonth(year, month - 1);
  const nextLabel = month === 12 ? germanMonth(year + 1, 1) : germanMonth(year, month + 1);
  return (
    <section aria-labelledby="belegung" class="kern-stack-sm">
      <h2 id="belegung" class="kern-heading-medium">
        Belegung im {germanMonth(year, month)}
      </h2>
      <p class="kern-body">
        Der Kalender zeigt, wann der Raum durch genehmigte Buchungen belegt ist. Offene Anfragen anderer sind nicht eingetragen.
      </p>
      <nav aria-label="Monat wechseln" class="page-tools">
        <a class="kern-link" href={`${pageUrl}?monat=${prev}#belegung`}>
          Vorheriger Monat ({prevLabel})
        </a>
        <a class="kern-link" href={`${pageUrl}?monat=${next}#belegung`}>
          Nächster Monat ({nextLabel})
        </a>
      </nav>
      <div class="kern-table-responsive">
        <table class="kern-table kern-table--small">
          <caption class="kern-sr-only">Belegung im {germanMonth(year, month)}, je Tag frei oder belegt</caption>
          <thead class="kern-table__head">
            <tr class="kern-table__row">
              {WEEKDAY_SHORT.map((d, i) => (
                <th scope="col" class="kern-table__header" key={d}>
                  <abbr title={WEEKDAY_LONG[i]}>{d}</abbr>
                </th>
              ))}
            </tr>
          </thead>
          <tbody class="kern-table__body">
            {weeks.map((w, i) => (
              <tr class="kern-table__row" key={i}>
                {w.map((d, j) =>
                  d ? (
                    <td class="kern-table__cell" key={d.key}>
                      <strong>{d.day}.</strong> <span>{dayStatus(d)}</span>
                    </td>
                  ) : (
                    <td class="kern-table__cell" key={`leer-${j}`} />
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export interface RequestValues {
  name: string;
  email: string;
  organisation: string;
  rate: string;
  purpose: string;
  guests: string;
  date: string;
  end_date: string;
  start: string;
  end: string;
}

export const emptyRequest = (citizen: ViewerView | null): RequestValues => ({
  name: citizen?.name ?? '',
  email: citizen?.email ?? '',
  organisation: '',
  rate: 'private',
  purpose: '',
  guests: '',
  date: '',
  end_date: '',
  start: '',
  end: '',
});

export function HallPage({
  view,
  hall,
  calendar,
  values,
  errors = {},
  conflict,
}: {
  view: PublicView;
  hall: Hall;
  calendar: { days: CalendarDay[]; year: number; month: number };
  values: RequestValues;
  errors?: FieldErrors;
  conflict?: string;
}) {
  const pageUrl = `/${view.tenant.slug}/raeume/${hall.slug}`;
  return (
    <Frame view={view} title={hall.name}>
      {conflict && (
        <Notice kind="danger">
          <p class="kern-body">{conflict}</p>
          <p class="kern-body">
            <a class="kern-link" href="#belegung">
              Zum Belegungskalender
            </a>
          </p>
        </Notice>
      )}
      <ErrorSummary errors={errors} />
      <p class="kern-body">
        <a class="kern-link" href={`/${view.tenant.slug}/raeume`}>
          Alle Räume
        </a>
      </p>
      <h1 class="kern-heading-x-large">{hall.name}</h1>
      {hall.address && <p class="kern-body">{hall.address}</p>}
      {hall.description && <div class="markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(hall.description) }} />}
      {hall.photos.length > 0 && (
        <section aria-labelledby="fotos" class="kern-stack-sm">
          <h2 id="fotos" class="kern-heading-medium">
            Fotos
          </h2>
          <ul class="hall-photos">
            {hall.photos.map((p) => (
              <li key={p.id}>
                <img src={photoUrl(view.tenant.slug, hall, p.id)} alt={p.alt} width={480} loading="lazy" />
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="ausstattung" class="kern-stack-sm">
        <h2 id="ausstattung" class="kern-heading-medium">
          Kapazität und Ausstattung
        </h2>
        <p class="kern-body">Bis zu {hall.capacity} Personen.</p>
        <Equipment hall={hall} />
      </section>
      <section aria-labelledby="preise" class="kern-stack-sm">
        <h2 id="preise" class="kern-heading-medium">
          Nutzungsentgelt
        </h2>
        <PriceList hall={hall} />
      </section>
      {hall.rules_sha256 && hall.rules_size !== null && (
        <section aria-labelledby="hausordnung" class="kern-stack-sm">
          <h2 id="hausordnung" class="kern-heading-medium">
            Hausordnung
          </h2>
          <p class="kern-body">
            <a class="kern-link" href={rulesUrl(view.tenant.slug, hall)}>
              Hausordnung {hall.name} (PDF, {sizeLabel(hall.rules_size)})
            </a>
          </p>
        </section>
      )}
      <AvailabilityCalendar days={calendar.days} year={calendar.year} month={calendar.month} pageUrl={pageUrl} />
      <section aria-labelledby="anfrage" class="kern-stack-sm form-narrow">
        <h2 id="anfrage" class="kern-heading-medium">
          Raum anfragen
        </h2>
        <p class="kern-body">
          Ihre Anfrage ist noch keine Buchung. Die Verwaltung prüft sie und schreibt Ihnen, ob der Raum für Sie reserviert ist und
          welches Entgelt anfällt.
        </p>
        <PostForm action={`${pageUrl}/anfrage`} csrfToken={view.csrf}>
          <TextField name="name" label="Ihr Name" value={values.name} error={errors.name} autocomplete="name" required />
          <TextField
            name="email"
            label="E-Mail-Adresse"
            type="email"
            value={values.email}
            error={errors.email}
            autocomplete="email"
            required
          />
          <SelectField
            name="rate"
            label="Sie fragen an als"
            value={values.rate}
            error={errors.rate}
            options={[
              { value: 'private', label: 'Privatperson' },
              { value: 'club', label: 'Verein oder Organisation' },
            ]}
            required
          />
          <TextField
            name="organisation"
            label="Name des Vereins oder der Organisation"
            value={values.organisation}
            error={errors.organisation}
            hint="Nur bei einer Anfrage als Verein oder Organisation."
            autocomplete="organization"
          />
          <TextAreaField
            name="purpose"
            label="Anlass der Veranstaltung"
            value={values.purpose}
            error={errors.purpose}
            rows={3}
            required
          />
          <TextField
            name="guests"
            label="Erwartete Zahl der Gäste"
            value={values.guests}
            error={errors.guests}
            hint={`Höchstens ${hall.capacity} Personen.`}
            inputMode="numeric"
            required
          />
          <TextField
            name="date"
            label="Datum"
            type="date"
            value={values.date}
            error={errors.date}
            hint="Zum Beispiel 14.06.2025."
            required
          />
          <TextField
            name="start"
            label="Beginn (Uhrzeit)"
            value={values.start}
            error={errors.start}
            hint="Zum Beispiel 18:00."
            required
          />
          <TextField
            name="end"
            label="Ende (Uhrzeit)"
            value={values.end}
            error={errors.end}
            hint="Zum Beispiel 23:00."
            required
          />
          <TextField
            name="end_date"
            label="Enddatum"
            type="date"
            value={values.end_date}
            error={errors.end_date}
            hint="Nur wenn die Veranstaltung nach Mitternacht oder an einem späteren Tag endet."
          />
          <SubmitButton label="Anfrage senden" />
        </PostForm>
      </section>
    </Frame>
  );
}

export function RequestSentPage({
  view,
  hallName,
  hallUrl,
  reference,
}: {
  view: PublicView;
  hallName: string;
  hallUrl: string;
  reference: string;
}) {
  return (
    <Frame view={view} title="Anfrage gesendet">
      <h1 class="kern-heading-x-large">Ihre Anfrage ist eingegangen</h1>
      <Notice kind="success">
        <p class="kern-body">
          Vielen Dank. Ihre Anfrage für „{hallName}“ hat die Vorgangsnummer <strong>{reference}</strong>.
        </p>
      </Notice>
      <p class="kern-body">
        Wir haben Ihnen eine Eingangsbestätigung per E-Mail geschickt. Die Anfrage ist noch keine Zusage: Sobald die Verwaltung
        entschieden hat, erhalten Sie eine weitere E-Mail, bei einer Zusage mit dem Nutzungsentgelt und einem Kalendereintrag.
      </p>
      <p class="kern-body">
        <a class="kern-link" href={hallUrl}>
          Zurück zu {hallName}
        </a>
      </p>
    </Frame>
  );
}
