import type { ComponentChildren } from 'preact';
import {
  ActionButton,
  ErrorSummary,
  type FieldErrors,
  Notice,
  PostForm,
  SelectField,
  SubmitButton,
  TextField,
} from '../../../platform/views/forms.js';
import type { StaffPageView } from '../../../platform/views/StaffFrame.js';
import { StaffFrame } from '../../../platform/views/StaffFrame.js';
import { Table } from '../../../platform/views/table.js';
import type { BookingRow, ExceptionRow } from '../repo.js';
import { ATTENDANCE_LABELS, type DayList, type FreeSlot, type LocationWeekFigures } from '../service.js';
import { berlinIso, germanDate, germanDateTime } from '../time.js';

export type StaffView = StaffPageView;

export interface LocationOption {
  id: string;
  label: string;
}

function Page({ view, title, children }: { view: StaffView; title: string; children: ComponentChildren }) {
  return (
    <StaffFrame tenant={view.tenant} title={title} staff={view.staff} nav={view.nav} currentPath="/termine" csrfToken={view.csrf}>
      <div class="kern-stack-md">
        {view.notice && <Notice kind="success">{view.notice}</Notice>}
        {children}
      </div>
    </StaffFrame>
  );
}

const home = (view: StaffView) => `/${view.tenant.slug}/verwaltung/termine`;

function SubNav({ view }: { view: StaffView }) {
  return (
    <nav aria-label="Termine" class="no-print">
      <ul class="kern-list appointment-subnav">
        <li>
          <a class="kern-link" href={home(view)}>
            Tagesliste
          </a>
        </li>
        <li>
          <a class="kern-link" href={`${home(view)}/buchen`}>
            Termin für Anrufer buchen
          </a>
        </li>
        <li>
          <a class="kern-link" href={`${home(view)}/sperren`}>
            Zeiten sperren oder ergänzen
          </a>
        </li>
        <li>
          <a class="kern-link" href={`${home(view)}/kennzahlen`}>
            Kennzahlen
          </a>
        </li>
        {(view.staff?.role === 'admin' || view.staff?.role === 'editor') && (
          <li>
            <a class="kern-link" href={`${home(view)}/angebote`}>
              Terminangebote bearbeiten
            </a>
          </li>
        )}
        {view.staff?.role === 'admin' && (
          <li>
            <a class="kern-link" href={`${home(view)}/einstellungen`}>
              Videosprechstunde einstellen
            </a>
          </li>
        )}
      </ul>
    </nav>
  );
}

function freeSeats(list: DayList) {
  const n = list.slots.reduce((sum, s) => sum + Math.max(0, s.free), 0);
  return `${n} ${n === 1 ? 'Platz' : 'Plätze'}`;
}

function statusText(b: BookingRow) {
  if (b.status === 'cancelled') return 'abgesagt';
  return b.attendance ? ATTENDANCE_LABELS[b.attendance] : 'gebucht';
}

/** The front desk's day: one row per counter and slot, print-friendly. */
export function DayListPage({
  view,
  locations,
  list,
  locationId,
  date,
}: {
  view: StaffView;
  locations: LocationOption[];
  list?: DayList;
  locationId: string;
  date: string;
}) {
  const back = `${home(view)}?standort=${locationId}&datum=${date}`;
  const rows = list
    ? list.slots.flatMap((slot) =>
        Array.from({ length: list.location.counters }, (_, i) => {
          const seat = i + 1;
          const b = list.bookings.find(
            (x) => x.status === 'booked' && x.seat_no === seat && x.starts_at.getTime() === slot.start.getTime(),
          );
          return {
            key: `${slot.time}-${seat}`,
            cells: [
              slot.time,
              `Schalter ${seat}`,
              b ? b.name : '–',
              b ? b.reference : '',
              b ? [b.phone, b.email].filter(Boolean).join(', ') : '',
              b ? statusText(b) : 'frei',
              b ? <Actions view={view} b={b} back={back} /> : '',
            ],
          };
        }),
      )
    : [];
  const cancelled = list?.bookings.filter((b) => b.status === 'cancelled') ?? [];
  // Bookings no longer on the grid (hours changed, times blocked later) still need to be seen.
  const offGrid =
    list?.bookings.filter((b) => b.status === 'booked' && !list.slots.some((s) => s.start.getTime() === b.starts_at.getTime())) ??
    [];
  return (
    <Page view={view} title="Termine – Tagesliste">
      <h1 class="kern-heading-x-large">Tagesliste{list ? `: ${list.location.name}, ${germanDate(date)}` : ''}</h1>
      <SubNav view={view} />
      <form method="get" action={home(view)} class="kern-stack-sm no-print appointment-filter">
        <SelectField
          name="standort"
          label="Standort"
          value={locationId}
          options={locations.map((l) => ({ value: l.id, label: l.label }))}
        />
        <TextField name="datum" label="Datum" type="date" value={date} required />
        <SubmitButton label="Anzeigen" kind="secondary" />
      </form>
      {!list ? (
        <Notice>Es gibt noch keine Terminangebote.</Notice>
      ) : (
        <>
          <p class="kern-body">
            {list.offer.title}: {list.bookings.filter((b) => b.status === 'booked').length} gebucht, {freeSeats(list)} frei.
            Drucken Sie diese Seite für den Tresen (Strg+P); Navigation und Schaltflächen erscheinen nicht im Ausdruck.
          </p>
          {rows.length === 0 ? (
            <Notice>An diesem Tag werden hier keine Termine vergeben.</Notice>
          ) : (
            <Table
              caption={`Termine am ${germanDate(date)}, ${list.location.name}`}
              visibleCaption
              columns={[
                'Zeit',
                'Schalter',
                'Name',
                'Vorgangsnummer',
                'Kontakt',
                'Status',
                <span class="no-print">Aktionen</span>,
              ]}
              rows={rows}
              small
            />
          )}
          {offGrid.length > 0 && (
            <Table
              caption="Weitere Termine außerhalb des Rasters"
              visibleCaption
              columns={['Zeit', 'Name', 'Vorgangsnummer', 'Status', 'Aktionen']}
              rows={offGrid.map((b) => ({
                key: b.id,
                cells: [
                  germanDateTime(b.starts_at),
                  b.name,
                  b.reference,
                  statusText(b),
                  <Actions view={view} b={b} back={back} />,
                ],
              }))}
              small
            />
          )}
          {cancelled.length > 0 && (
            <Table
              caption="Abgesagte Termine"
              visibleCaption
              columns={['Zeit', 'Name', 'Vorgangsnummer']}
              rows={cancelled.map((b) => ({ key: b.id, cells: [germanDateTime(b.starts_at), b.name, b.reference] }))}
              small
            />
          )}
        </>
      )}
    </Page>
  );
}

function Actions({ view, b, back }: { view: StaffView; b: BookingRow; back: string }) {
  const action = `${home(view)}/${b.id}`;
  const who = `für ${b.name}, ${b.reference}`;
  return (
    <div class="no-print appointment-actions">
      {(['arrived', 'done', 'no_show'] as const)
        .filter((a) => a !== b.attendance)
        .map((a) => (
          <ActionButton
            key={a}
            action={`${action}/status`}
            csrf={view.csrf}
            label={ATTENDANCE_LABELS[a][0].toUpperCase() + ATTENDANCE_LABELS[a].slice(1)}
            srLabel={who}
            kind="tertiary"
            hidden={{ attendance: a, zurueck: back }}
          />
        ))}
      <a class="kern-link" href={`${action}/verschieben`}>
        Verschieben<span class="kern-sr-only"> {who}</span>
      </a>
      <ActionButton
        action={`${action}/absagen`}
        csrf={view.csrf}
        label="Absagen"
        srLabel={who}
        kind="tertiary"
        hidden={{ zurueck: back }}
      />
    </div>
  );
}

export interface StaffBookValues {
  location: string;
  date: string;
  start: string;
  name: string;
  email: string;
  phone: string;
}

/** Book for a caller: choose location and day (GET), then time and the caller's details. */
export function StaffBookPage({
  view,
  locations,
  values,
  slots,
  errors = {},
}: {
  view: StaffView;
  locations: LocationOption[];
  values: StaffBookValues;
  slots: FreeSlot[] | null;
  errors?: FieldErrors;
}) {
  return (
    <Page view={view} title="Termin für Anrufer buchen">
      <ErrorSummary errors={errors} />
      <h1 class="kern-heading-x-large">Termin für Anrufer buchen</h1>
      <SubNav view={view} />
      <form method="get" action={`${home(view)}/buchen`} class="kern-stack-sm">
        <SelectField
          name="standort"
          label="Angebot und Standort"
          value={values.location}
          options={locations.map((l) => ({ value: l.id, label: l.label }))}
        />
        <TextField name="datum" label="Datum" type="date" value={values.date} required />
        <SubmitButton label="Freie Zeiten zeigen" kind="secondary" />
      </form>
      {slots &&
        (slots.length === 0 ? (
          <Notice>An diesem Tag ist an diesem Standort kein Termin frei.</Notice>
        ) : (
          <PostForm action={`${home(view)}/buchen`} csrfToken={view.csrf}>
            <input type="hidden" name="location" value={values.location} />
            <input type="hidden" name="date" value={values.date} />
            <SelectField
              name="start"
              label="Uhrzeit"
              value={values.start}
              error={errors.start}
              options={slots.map((s) => ({ value: berlinIso(s.start), label: `${s.time} Uhr (${s.free} frei)` }))}
              required
            />
            <TextField
              name="name"
              label="Name der Anruferin oder des Anrufers"
              value={values.name}
              error={errors.name}
              required
            />
            <TextField
              name="email"
              label="E-Mail-Adresse"
              type="email"
              hint="Mit Adresse erhält die Person die Bestätigung mit Kalendereintrag und Absagelink."
              value={values.email}
              error={errors.email}
            />
            <TextField name="phone" label="Telefon" type="tel" value={values.phone} error={errors.phone} />
            <SubmitButton label="Termin buchen" />
          </PostForm>
        ))}
    </Page>
  );
}

export function StaffMovePage({
  view,
  booking,
  date,
  slots,
  error,
}: {
  view: StaffView;
  booking: BookingRow;
  date: string;
  slots: FreeSlot[];
  error?: string;
}) {
  const errors: FieldErrors = error ? { start: error } : {};
  return (
    <Page view={view} title="Termin verschieben">
      <ErrorSummary errors={errors} />
      <h1 class="kern-heading-x-large">Termin verschieben</h1>
      <p class="kern-body">
        {booking.name} ({booking.reference}), bisher {germanDateTime(booking.starts_at)}. Die Person erhält eine E-Mail mit dem
        neuen Kalendereintrag.
      </p>
      <form method="get" action={`${home(view)}/${booking.id}/verschieben`} class="kern-stack-sm">
        <TextField name="datum" label="Neues Datum" type="date" value={date} required />
        <SubmitButton label="Freie Zeiten zeigen" kind="secondary" />
      </form>
      {slots.length === 0 ? (
        <Notice>An diesem Tag ist kein Termin frei.</Notice>
      ) : (
        <PostForm action={`${home(view)}/${booking.id}/verschieben`} csrfToken={view.csrf}>
          <SelectField
            name="start"
            label="Neue Uhrzeit"
            error={errors.start}
            options={slots.map((s) => ({
              value: berlinIso(s.start),
              label: `${germanDate(s.date)}, ${s.time} Uhr (${s.free} frei)`,
            }))}
            required
          />
          <SubmitButton label="Verschieben" />
        </PostForm>
      )}
    </Page>
  );
}

export interface BlockValues {
  locationId: string;
  day: string;
  from: string;
  to: string;
  note: string;
  kind: 'closed' | 'extra';
}

export function BlockPage({
  view,
  locations,
  values,
  errors = {},
  exceptions,
}: {
  view: StaffView;
  locations: LocationOption[];
  values: BlockValues;
  errors?: FieldErrors;
  exceptions: ExceptionRow[];
}) {
  const name = (id: string | null) => (id ? (locations.find((l) => l.id === id)?.label ?? 'Standort') : 'alle Standorte');
  return (
    <Page view={view} title="Zeiten sperren oder ergänzen">
      <ErrorSummary errors={errors} />
      <h1 class="kern-heading-x-large">Zeiten sperren oder ergänzen</h1>
      <SubNav view={view} />
      <p class="kern-body">
        Gesperrte Zeiten werden nicht mehr angeboten; bereits gebuchte Termine bleiben bestehen und stehen weiter in der
        Tagesliste. Ohne Uhrzeiten gilt die Sperre für den ganzen Tag (zum Beispiel ein Feiertag).
      </p>
      <PostForm action={`${home(view)}/sperren`} csrfToken={view.csrf}>
        <SelectField
          name="kind"
          label="Art"
          value={values.kind}
          options={[
            { value: 'closed', label: 'Sperren (geschlossen, Feiertag, Schulung)' },
            { value: 'extra', label: 'Zusätzliche Zeiten (Sondertermin, Samstag)' },
          ]}
        />
        <SelectField
          name="locationId"
          label="Standort"
          value={values.locationId}
          error={errors.locationId}
          options={[{ value: 'alle', label: 'Alle Standorte' }, ...locations.map((l) => ({ value: l.id, label: l.label }))]}
        />
        <TextField name="day" label="Datum" type="date" value={values.day} error={errors.day} required />
        <TextField
          name="from"
          label="Von (HH:MM)"
          value={values.from}
          error={errors.from}
          hint="Leer lassen für den ganzen Tag"
        />
        <TextField name="to" label="Bis (HH:MM)" value={values.to} error={errors.to} />
        <TextField name="note" label="Anmerkung" value={values.note} />
        <SubmitButton label="Speichern" />
      </PostForm>
      <Table
        caption="Kommende Sperren und Sonderzeiten"
        visibleCaption
        columns={['Datum', 'Zeit', 'Art', 'Standort', 'Anmerkung', 'Aktion']}
        rows={exceptions.map((e) => ({
          key: e.id,
          cells: [
            germanDate(e.day),
            e.from_time ? `${e.from_time}–${e.to_time} Uhr` : 'ganzer Tag',
            e.kind === 'closed' ? 'gesperrt' : 'zusätzlich',
            name(e.location_id),
            e.note,
            <ActionButton
              action={`${home(view)}/sperren/${e.id}/loeschen`}
              csrf={view.csrf}
              label="Löschen"
              srLabel={`${germanDate(e.day)}`}
              kind="tertiary"
            />,
          ],
        }))}
      />
    </Page>
  );
}

const percent = (v: number | null) => (v === null ? '–' : `${Math.round(v * 100)} %`);

export function FiguresPage({
  view,
  figures,
  from,
  to,
}: {
  view: StaffView;
  figures: LocationWeekFigures[];
  from: string;
  to: string;
}) {
  return (
    <Page view={view} title="Termine – Kennzahlen">
      <h1 class="kern-heading-x-large">Kennzahlen</h1>
      <SubNav view={view} />
      <form method="get" action={`${home(view)}/kennzahlen`} class="kern-stack-sm no-print">
        <TextField name="von" label="Von" type="date" value={from} />
        <TextField name="bis" label="Bis" type="date" value={to} />
        <SubmitButton label="Anzeigen" kind="secondary" />
      </form>
      <Table
        caption={`Buchungen je Standort und Kalenderwoche, ${germanDate(from)} bis ${germanDate(to)}`}
        visibleCaption
        columns={['Woche', 'Angebot', 'Standort', 'Buchungen', 'Absagen', 'Nicht erschienen', 'No-Show-Quote', 'Auslastung']}
        rows={figures.map((f) => ({
          key: `${f.week}-${f.locationId}`,
          cells: [
            f.week,
            f.offerTitle,
            f.locationName,
            f.bookings,
            f.cancelled,
            f.noShow,
            percent(f.noShowRate),
            percent(f.utilisation),
          ],
        }))}
        small
      />
      <p class="kern-body kern-body--small">
        Die No-Show-Quote bezieht sich auf Termine, deren Erscheinen erfasst wurde; die Auslastung auf die angebotenen Plätze
        (Zeiten × Schalter) ohne Absagen.
      </p>
    </Page>
  );
}

export function SettingsPage({ view, template, error }: { view: StaffView; template: string; error?: string }) {
  return (
    <Page view={view} title="Videosprechstunde einstellen">
      <ErrorSummary errors={error ? { template: error } : {}} />
      <h1 class="kern-heading-x-large">Videosprechstunde einstellen</h1>
      <SubNav view={view} />
      <PostForm action={`${home(view)}/einstellungen`} csrfToken={view.csrf}>
        <TextField
          name="template"
          label="Vorlage für den Link zum Videoraum"
          type="url"
          hint="Zum Beispiel https://meet.example.org/sprechstunde-{secret}. {secret} wird je Termin durch ein Geheimnis ersetzt, {reference} durch die Vorgangsnummer. Der Link steht nur in der Bestätigung und in der Terminansicht."
          value={template}
          error={error}
        />
        <SubmitButton label="Speichern" />
      </PostForm>
    </Page>
  );
}
