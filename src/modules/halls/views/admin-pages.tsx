import type { ComponentChildren } from 'preact';
import {
  ActionButton,
  ErrorSummary,
  type FieldErrors,
  Notice,
  PostForm,
  SelectField,
  SubmitButton,
  TextAreaField,
  TextField,
} from '../../../platform/views/forms.js';
import { StaffFrame, type StaffPageView } from '../../../platform/views/StaffFrame.js';
import { Table } from '../../../platform/views/table.js';
import type { BookingRow, Hall } from '../service.js';
import { euro, germanRange, germanShortDate, germanTime } from '../text.js';
import { photoUrl, rulesUrl, sizeLabel } from './parts.js';

export type StaffView = StaffPageView;

function Frame({ view, title, children }: { view: StaffView; title: string; children: ComponentChildren }) {
  return (
    <StaffFrame tenant={view.tenant} title={title} staff={view.staff} nav={view.nav} currentPath="/raeume" csrfToken={view.csrf}>
      <div class="kern-stack-md">
        {view.notice && <Notice kind="success">{view.notice}</Notice>}
        {children}
      </div>
    </StaffFrame>
  );
}

const base = (view: StaffView) => `/${view.tenant.slug}/verwaltung/raeume`;

export function HallsAdminPage({ view, halls, open }: { view: StaffView; halls: Hall[]; open: Map<string, number> }) {
  return (
    <Frame view={view} title="Räume">
      <h1 class="kern-heading-x-large">Räume</h1>
      <p class="kern-body">
        <a class="kern-btn kern-btn--primary" href={`${base(view)}/neu`}>
          <span class="kern-label">Neuen Raum anlegen</span>
        </a>
      </p>
      {halls.length === 0 ? (
        <p class="kern-body">Noch keine Räume angelegt.</p>
      ) : (
        <Table
          caption="Räume und offene Anfragen"
          columns={['Raum', 'Status', 'Kapazität', 'Offene Anfragen', 'Aktionen']}
          rowHeaders
          rows={halls.map((h) => ({
            key: h.id,
            cells: [
              h.name,
              h.active ? 'buchbar' : 'nicht öffentlich',
              `${h.capacity} Personen`,
              String(open.get(h.id) ?? 0),
              <>
                <a class="kern-link" href={`${base(view)}/${h.id}/anfragen`}>
                  Anfragen<span class="kern-sr-only"> für {h.name}</span>
                </a>{' '}
                ·{' '}
                <a class="kern-link" href={`${base(view)}/${h.id}`}>
                  Bearbeiten<span class="kern-sr-only">: {h.name}</span>
                </a>
              </>,
            ],
          }))}
        />
      )}
    </Frame>
  );
}

export type HallFormValues = Record<
  | 'name'
  | 'slug'
  | 'description'
  | 'address'
  | 'capacity'
  | 'equipment'
  | 'price_hour_club'
  | 'price_hour_private'
  | 'price_day_club'
  | 'price_day_private'
  | 'price_note'
  | 'active',
  string
>;

/** The four tariffs, in the order a club treasurer compares them. */
const PRICE_FIELDS = [
  ['price_hour_club', 'Entgelt Vereine je Stunde (Euro)'],
  ['price_day_club', 'Entgelt Vereine je Tag (Euro)'],
  ['price_hour_private', 'Entgelt Privatpersonen je Stunde (Euro)'],
  ['price_day_private', 'Entgelt Privatpersonen je Tag (Euro)'],
] as const;

export function HallFormPage({
  view,
  hall,
  values,
  errors = {},
  uploadErrors = {},
  feedUrl,
}: {
  view: StaffView;
  /** Undefined when creating a room. */
  hall?: Hall;
  values: HallFormValues;
  errors?: FieldErrors;
  uploadErrors?: FieldErrors;
  feedUrl?: string;
}) {
  const action = hall ? `${base(view)}/${hall.id}` : `${base(view)}/neu`;
  const title = hall ? `Raum bearbeiten: ${hall.name}` : 'Neuen Raum anlegen';
  return (
    <Frame view={view} title={title}>
      <ErrorSummary errors={{ ...errors, ...uploadErrors }} />
      <p class="kern-body">
        <a class="kern-link" href={base(view)}>
          Alle Räume
        </a>
        {hall && (
          <>
            {' · '}
            <a class="kern-link" href={`/${view.tenant.slug}/raeume/${hall.slug}`}>
              Öffentliche Seite
            </a>
          </>
        )}
      </p>
      <h1 class="kern-heading-x-large">{title}</h1>
      <div class="form-narrow">
        <PostForm action={action} csrfToken={view.csrf}>
          <TextField name="name" label="Name" value={values.name} error={errors.name} required />
          <TextField
            name="slug"
            label="Kürzel für die Adresse"
            value={values.slug}
            error={errors.slug}
            hint="Kleinbuchstaben, Ziffern, Bindestriche, z. B. dgh-nord."
            required
          />
          <TextField name="address" label="Adresse" value={values.address} error={errors.address} />
          <TextAreaField
            name="description"
            label="Beschreibung"
            value={values.description}
            error={errors.description}
            hint="Absätze und Listen wie in Markdown."
            rows={8}
          />
          <TextField
            name="capacity"
            label="Kapazität (Personen)"
            value={values.capacity}
            error={errors.capacity}
            inputMode="numeric"
            required
          />
          <TextAreaField
            name="equipment"
            label="Ausstattung"
            value={values.equipment}
            error={errors.equipment}
            hint="Ein Merkmal je Zeile."
            rows={6}
          />
          {PRICE_FIELDS.map(([name, label], i) => (
            <TextField
              key={name}
              name={name}
              label={label}
              value={values[name]}
              error={errors[name]}
              hint={i === 0 ? 'Leer lassen, wenn es diesen Tarif nicht gibt.' : undefined}
            />
          ))}
          <TextAreaField
            name="price_note"
            label="Hinweis zum Entgelt"
            value={values.price_note}
            error={errors.price_note}
            hint="Z. B. Kaution, Endreinigung."
            rows={3}
          />
          <SelectField
            name="active"
            label="Öffentlich buchbar"
            value={values.active}
            options={[
              { value: 'ja', label: 'Ja, auf der Website zeigen' },
              { value: 'nein', label: 'Nein, nicht zeigen' },
            ]}
            required
          />
          <SubmitButton label={hall ? 'Speichern' : 'Raum anlegen'} />
        </PostForm>
      </div>
      {hall && (
        <>
          <section aria-labelledby="fotos-titel" class="kern-stack-sm">
            <h2 id="fotos-titel" class="kern-heading-medium">
              Fotos
            </h2>
            {hall.photos.length === 0 ? (
              <p class="kern-body">Noch keine Fotos.</p>
            ) : (
              <ul class="kern-list">
                {hall.photos.map((p) => (
                  <li key={p.id}>
                    <img src={photoUrl(view.tenant.slug, hall, p.id)} alt={p.alt} width={240} />{' '}
                    <ActionButton
                      action={`${base(view)}/${hall.id}/fotos/${p.id}/entfernen`}
                      csrf={view.csrf}
                      label="Entfernen"
                      srLabel={`Foto: ${p.alt}`}
                    />
                  </li>
                ))}
              </ul>
            )}
            <div class="form-narrow">
              <PostForm action={`${base(view)}/${hall.id}/fotos`} csrfToken={view.csrf} enctype="multipart/form-data">
                <TextField
                  name="photo"
                  label="Foto (JPEG, PNG, GIF oder WebP, höchstens 10 MB)"
                  type="file"
                  accept="image/jpeg,image/png,image/gif,image/webp"
                  error={uploadErrors.photo}
                  required
                />
                <TextField
                  name="alt"
                  label="Alternativtext"
                  hint="Was ist auf dem Foto zu sehen? Z. B. „Großer Saal mit Bühne und Stuhlreihen“."
                  error={uploadErrors.alt}
                  required
                />
                <SubmitButton label="Foto hochladen" kind="secondary" />
              </PostForm>
            </div>
          </section>
          <section aria-labelledby="hausordnung-titel" class="kern-stack-sm">
            <h2 id="hausordnung-titel" class="kern-heading-medium">
              Hausordnung
            </h2>
            {hall.rules_sha256 && hall.rules_size !== null ? (
              <p class="kern-body">
                <a class="kern-link" href={rulesUrl(view.tenant.slug, hall)}>
                  Aktuelle Hausordnung (PDF, {sizeLabel(hall.rules_size)})
                </a>
              </p>
            ) : (
              <p class="kern-body">Noch keine Hausordnung hinterlegt.</p>
            )}
            <div class="form-narrow">
              <PostForm action={`${base(view)}/${hall.id}/hausordnung`} csrfToken={view.csrf} enctype="multipart/form-data">
                <TextField
                  name="rules"
                  label="Hausordnung (PDF, höchstens 20 MB)"
                  type="file"
                  accept="application/pdf"
                  error={uploadErrors.rules}
                  required
                />
                <SubmitButton label="Hausordnung hochladen" kind="secondary" />
              </PostForm>
            </div>
          </section>
          {feedUrl && (
            <section aria-labelledby="feed-titel" class="kern-stack-sm">
              <h2 id="feed-titel" class="kern-heading-medium">
                Kalender-Abonnement für die Verwaltung
              </h2>
              <p class="kern-body">
                Diese geheime Adresse zeigt alle genehmigten Buchungen mit Namen in Ihrem Kalenderprogramm. Geben Sie sie nicht
                weiter; bei Bedarf erzeugen Sie eine neue, dann gilt die alte nicht mehr.
              </p>
              <p class="kern-body">
                <code>{feedUrl}</code>
              </p>
              <ActionButton action={`${base(view)}/${hall.id}/feed-erneuern`} csrf={view.csrf} label="Neue Adresse erzeugen" />
            </section>
          )}
        </>
      )}
    </Frame>
  );
}

const requester = (b: BookingRow) => (b.organisation ? `${b.requester_name} (${b.organisation})` : b.requester_name);
const STATE_LABEL: Record<BookingRow['state'], string> = {
  requested: 'offen',
  approved: 'genehmigt',
  declined: 'abgelehnt',
  cancelled: 'aufgehoben',
};

function BookingTable({ view, hall, caption, rows }: { view: StaffView; hall: Hall; caption: string; rows: BookingRow[] }) {
  if (rows.length === 0) return <p class="kern-body">Keine.</p>;
  return (
    <Table
      caption={caption}
      columns={['Vorgang', 'Zeit', 'Angefragt von', 'Anlass', 'Gäste', 'Status']}
      rowHeaders
      small
      rows={rows.map((b) => ({
        key: b.id,
        cells: [
          <a class="kern-link" href={`${base(view)}/${hall.id}/anfragen/${b.id}`}>
            {b.reference}
          </a>,
          `${germanShortDate(b.starts_at)} ${germanTime(b.starts_at)}–${germanTime(b.ends_at)}`,
          requester(b),
          b.purpose,
          String(b.guests),
          STATE_LABEL[b.state],
        ],
      }))}
    />
  );
}

export function RequestsPage({
  view,
  hall,
  requests,
}: {
  view: StaffView;
  hall: Hall;
  requests: { open: BookingRow[]; approved: BookingRow[]; closed: BookingRow[] };
}) {
  return (
    <Frame view={view} title={`Anfragen: ${hall.name}`}>
      <p class="kern-body">
        <a class="kern-link" href={base(view)}>
          Alle Räume
        </a>
      </p>
      <h1 class="kern-heading-x-large">Anfragen: {hall.name}</h1>
      <section aria-labelledby="offen" class="kern-stack-sm">
        <h2 id="offen" class="kern-heading-medium">
          Offene Anfragen ({requests.open.length})
        </h2>
        <BookingTable view={view} hall={hall} caption="Offene Anfragen" rows={requests.open} />
      </section>
      <section aria-labelledby="kommend" class="kern-stack-sm">
        <h2 id="kommend" class="kern-heading-medium">
          Kommende Buchungen ({requests.approved.length})
        </h2>
        <BookingTable view={view} hall={hall} caption="Kommende genehmigte Buchungen" rows={requests.approved} />
      </section>
      <section aria-labelledby="erledigt" class="kern-stack-sm">
        <h2 id="erledigt" class="kern-heading-medium">
          Erledigt (letzte 30 Tage)
        </h2>
        <BookingTable view={view} hall={hall} caption="Abgelehnte, aufgehobene und vergangene Buchungen" rows={requests.closed} />
      </section>
    </Frame>
  );
}

export function BookingPage({
  view,
  hall,
  booking,
  conflicts,
  values,
  errors = {},
  problem,
}: {
  view: StaffView;
  hall: Hall;
  booking: BookingRow;
  conflicts: BookingRow[];
  values: { fee: string; message: string; decline_message: string; cancel_message: string };
  errors?: FieldErrors;
  problem?: string;
}) {
  const action = `${base(view)}/${hall.id}/anfragen/${booking.id}`;
  return (
    <Frame view={view} title={`Anfrage ${booking.reference}`}>
      {problem && (
        <Notice kind="danger">
          <p class="kern-body">{problem}</p>
        </Notice>
      )}
      <ErrorSummary errors={errors} />
      <p class="kern-body">
        <a class="kern-link" href={`${base(view)}/${hall.id}/anfragen`}>
          Alle Anfragen für {hall.name}
        </a>
      </p>
      <h1 class="kern-heading-x-large">Anfrage {booking.reference}</h1>
      <Table
        caption="Angaben der Anfrage"
        columns={['Angabe', 'Wert']}
        rowHeaders
        rows={[
          ['Status', STATE_LABEL[booking.state]],
          ['Raum', hall.name],
          ['Zeit', germanRange(booking.starts_at, booking.ends_at)],
          ['Name', booking.requester_name],
          ['E-Mail', booking.requester_email],
          ['Verein/Organisation', booking.organisation || '–'],
          ['Tarif', booking.rate === 'club' ? 'Verein/Organisation' : 'Privat'],
          ['Anlass', booking.purpose],
          ['Gäste', String(booking.guests)],
          ['Entgelt', booking.fee !== null ? euro(booking.fee) : '–'],
          ['Nachricht der Verwaltung', booking.staff_message || '–'],
        ].map(([k, v]) => ({ key: k, cells: [k, v] }))}
      />
      {booking.state === 'requested' && conflicts.length > 0 && (
        <Notice kind="warning">
          <p class="kern-body">
            Achtung: In diesem Zeitraum gibt es bereits eine genehmigte Buchung (
            {conflicts.map((c) => `${c.reference}, ${germanRange(c.starts_at, c.ends_at)}`).join('; ')}). Eine Genehmigung ist
            nicht möglich.
          </p>
        </Notice>
      )}
      {booking.state === 'requested' && (
        <>
          <section aria-labelledby="genehmigen" class="kern-stack-sm form-narrow">
            <h2 id="genehmigen" class="kern-heading-medium">
              Genehmigen
            </h2>
            <PostForm action={`${action}/genehmigen`} csrfToken={view.csrf}>
              <TextField
                name="fee"
                label="Nutzungsentgelt (Euro)"
                value={values.fee}
                error={errors.fee}
                hint="Vorgeschlagen nach der Entgeltordnung; leer lassen für „nach Vereinbarung“."
              />
              <TextAreaField
                name="message"
                label="Nachricht an die anfragende Person"
                value={values.message}
                error={errors.message}
                hint="Z. B. Schlüsselübergabe, Kaution."
                rows={4}
              />
              <SubmitButton label="Genehmigen und Zusage senden" />
            </PostForm>
          </section>
          <section aria-labelledby="ablehnen" class="kern-stack-sm form-narrow">
            <h2 id="ablehnen" class="kern-heading-medium">
              Ablehnen
            </h2>
            <PostForm action={`${action}/ablehnen`} csrfToken={view.csrf}>
              <TextAreaField
                name="decline_message"
                label="Begründung"
                value={values.decline_message}
                error={errors.decline_message}
                rows={4}
                required
              />
              <SubmitButton label="Ablehnen und Absage senden" kind="secondary" />
            </PostForm>
          </section>
        </>
      )}
      {booking.state === 'approved' && booking.ends_at > new Date() && (
        <section aria-labelledby="aufheben" class="kern-stack-sm form-narrow">
          <h2 id="aufheben" class="kern-heading-medium">
            Buchung aufheben
          </h2>
          <PostForm action={`${action}/aufheben`} csrfToken={view.csrf}>
            <TextAreaField
              name="cancel_message"
              label="Begründung"
              value={values.cancel_message}
              error={errors.cancel_message}
              rows={3}
            />
            <SubmitButton label="Buchung aufheben" kind="secondary" />
          </PostForm>
        </section>
      )}
    </Frame>
  );
}
