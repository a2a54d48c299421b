import type { ComponentChildren } from 'preact';
import {
  ErrorSummary,
  type FieldErrors,
  Fieldset,
  fieldId,
  Notice,
  PostForm,
  SelectField,
  SubmitButton,
  TextAreaField,
  TextField,
} from '../../../platform/views/forms.js';
import { StaffFrame } from '../../../platform/views/StaffFrame.js';
import { Table } from '../../../platform/views/table.js';
import { locationField, type OfferFormValues, type PoolOption } from '../offer-editor.js';
import type { OfferView } from '../service.js';
import type { StaffView } from './staff-pages.js';

const offersPath = (view: StaffView) => `/${view.tenant.slug}/verwaltung/termine/angebote`;

function Frame({ view, title, children }: { view: StaffView; title: string; children: ComponentChildren }) {
  return (
    <StaffFrame tenant={view.tenant} title={title} staff={view.staff} nav={view.nav} currentPath="/termine" csrfToken={view.csrf}>
      <div class="kern-stack-md">
        {view.notice && <Notice kind="success">{view.notice}</Notice>}
        {children}
      </div>
    </StaffFrame>
  );
}

/** The offers of the tenant with their services, duration and locations. */
export function OffersPage({
  view,
  offers,
  poolNames,
}: {
  view: StaffView;
  offers: OfferView[];
  poolNames: Map<string, string>;
}) {
  return (
    <Frame view={view} title="Terminangebote">
      <h1 class="kern-heading-x-large">Terminangebote</h1>
      <p class="kern-body">
        <a class="kern-link" href={`/${view.tenant.slug}/verwaltung/termine`}>
          Zurück zur Tagesliste
        </a>
      </p>
      <p class="kern-body">
        <a class="kern-btn kern-btn--primary" href={`${offersPath(view)}/neu`}>
          <span class="kern-label">Neues Terminangebot</span>
        </a>
      </p>
      {offers.length === 0 ? (
        <p class="kern-body">Es gibt noch keine Terminangebote.</p>
      ) : (
        <Table
          caption="Terminangebote"
          columns={['Angebot', 'Dauer', 'Standorte und Schalter', 'Status']}
          rowHeaders
          rows={offers.map((o) => ({
            key: o.id,
            cells: [
              <a class="kern-link" href={`${offersPath(view)}/${o.id}`} key="title">
                {o.title}
                <span class="kern-sr-only"> bearbeiten</span>
              </a>,
              `${o.durationMinutes} Minuten`,
              o.locations.map((l) => (
                <div key={l.id}>
                  {l.name}: {l.counters} Schalter
                  {l.counterPool ? ` (gemeinsam mit ${poolNames.get(l.counterPool) ?? 'einem anderen Angebot'})` : ''}
                </div>
              )),
              o.active ? 'buchbar' : 'nicht buchbar',
            ],
          }))}
        />
      )}
    </Frame>
  );
}

function Checkbox({ name, label, checked }: { name: string; label: string; checked: boolean }) {
  const id = fieldId(name);
  return (
    <div class="kern-form-check">
      <input class="kern-form-check__input" type="checkbox" id={id} name={name} value="ja" checked={checked} />
      <label class="kern-label" for={id}>
        {label}
      </label>
    </div>
  );
}

/** Create or edit an offer: services, lead times, limit, video, locations with counters, hours and exceptions. */
export function OfferEditPage({
  view,
  offerId,
  values,
  errors,
  pools,
  canEditTemplate,
}: {
  view: StaffView;
  offerId?: string;
  values: OfferFormValues;
  errors: FieldErrors;
  pools: PoolOption[];
  /** The tenant-wide video link template is an admin setting (its secret pattern opens every video room). */
  canEditTemplate: boolean;
}) {
  const title = offerId ? `Terminangebot bearbeiten: ${values.title || 'ohne Titel'}` : 'Neues Terminangebot';
  const poolOptions = [{ value: '', label: 'eigene Schalter' }, ...pools];
  return (
    <Frame view={view} title={title}>
      <ErrorSummary errors={errors} />
      <h1 class="kern-heading-x-large">{title}</h1>
      <p class="kern-body">
        <a class="kern-link" href={offersPath(view)}>
          Zurück zu den Terminangeboten
        </a>
      </p>
      <PostForm action={offerId ? `${offersPath(view)}/${offerId}` : `${offersPath(view)}/neu`} csrfToken={view.csrf}>
        <input type="hidden" name="orte" value={String(values.locations.length)} />
        <TextField name="title" label="Titel" value={values.title} error={errors.title} required />
        <TextAreaField name="description" label="Beschreibung (optional)" value={values.description} rows={3} />
        <TextAreaField
          name="services"
          label="Leistungen mit Dauer"
          hint="Je Zeile das Kürzel der Leistung aus dem Leistungskatalog und die Dauer in Minuten, zum Beispiel „personalausweis-beantragen 15“. Ein Termin deckt alle Leistungen ab; seine Dauer ist die Summe."
          value={values.services}
          error={errors.services}
          rows={3}
          required
        />
        <TextField
          name="minLeadMinutes"
          label="Vorlaufzeit in Minuten"
          hint="So viele Minuten vor Beginn kann man spätestens buchen."
          inputMode="numeric"
          value={values.minLeadMinutes}
          error={errors.minLeadMinutes}
          required
        />
        <TextField
          name="maxLeadDays"
          label="Buchbar im Voraus, in Tagen"
          hint="Höchstens 730 Tage."
          inputMode="numeric"
          value={values.maxLeadDays}
          error={errors.maxLeadDays}
          required
        />
        <TextField
          name="limitPerEmailDay"
          label="Höchstens Termine je E-Mail-Adresse und Tag (optional)"
          hint="Leer lassen für keine Grenze."
          inputMode="numeric"
          value={values.limitPerEmailDay}
          error={errors.limitPerEmailDay}
        />
        <Fieldset legend="Art und Status">
          <Checkbox name="virtual" label="Videosprechstunde (Termin per Video statt vor Ort)" checked={values.virtual} />
          <Checkbox name="active" label="Buchbar (auf der Terminseite angeboten)" checked={values.active} />
        </Fieldset>
        {canEditTemplate && (
          <TextField
            name="videoLinkTemplate"
            label="Vorlage für den Link zum Videoraum (für alle Videosprechstunden)"
            type="url"
            hint="Zum Beispiel https://meet.example.org/sprechstunde-{secret}. {secret} wird je Termin durch ein Geheimnis ersetzt, {reference} durch die Vorgangsnummer."
            value={values.videoLinkTemplate}
            error={errors.videoLinkTemplate}
          />
        )}
        {values.locations.map((l, i) => {
          const name = (f: string) => locationField(i, f);
          return (
            <Fieldset key={name('block')} legend={l.id ? `Standort ${i + 1}: ${l.name}` : `Neuer Standort (optional)`}>
              <input type="hidden" name={name('id')} value={l.id} />
              <TextField name={name('name')} label="Name des Standorts" value={l.name} error={errors[name('name')]} />
              <TextField name={name('street')} label="Straße und Hausnummer" value={l.street} autocomplete="off" />
              <TextField name={name('postalCode')} label="Postleitzahl" value={l.postalCode} inputMode="numeric" />
              <TextField name={name('city')} label="Ort" value={l.city} />
              <TextAreaField name={name('directions')} label="Wegbeschreibung (optional)" value={l.directions} rows={2} />
              <TextField
                name={name('counters')}
                label="Zahl der Schalter"
                hint="So viele Termine können gleichzeitig stattfinden."
                inputMode="numeric"
                value={l.counters}
                error={errors[name('counters')]}
              />
              <SelectField
                name={name('pool')}
                label="Schalter teilen mit"
                hint="Geteilte Schalter: Eine Buchung eines Angebots belegt den Schalter auch für die anderen Angebote zur selben Zeit."
                value={l.pool}
                options={poolOptions}
                error={errors[name('pool')]}
              />
              <TextAreaField
                name={name('hours')}
                label="Buchbare Zeiten"
                hint="Je Zeile ein Wochentag und eine Zeitspanne, zum Beispiel „Mo 08:00-12:00“ (Mo, Di, Mi, Do, Fr, Sa, So)."
                value={l.hours}
                error={errors[name('hours')]}
                rows={5}
              />
              <TextAreaField
                name={name('exceptions')}
                label="Ausnahmen ab heute (optional)"
                hint="Je Zeile: „2026-12-24 geschlossen Heiligabend“, „2026-12-22 07:30-09:00 geschlossen Teambesprechung“ oder „2026-12-19 09:00-12:00 zusätzlich“. Feiertage für alle Standorte pflegen Sie unter „Zeiten sperren oder ergänzen“."
                value={l.exceptions}
                error={errors[name('exceptions')]}
                rows={3}
              />
              {l.id && (
                <>
                  <Checkbox name={name('remove')} label="Diesen Standort entfernen" checked={l.remove} />
                  {errors[name('remove')] && (
                    <p class="kern-error" id={`${fieldId(name('remove'))}-fehler`}>
                      {errors[name('remove')]}
                    </p>
                  )}
                </>
              )}
            </Fieldset>
          );
        })}
        <SubmitButton label="Speichern" />
      </PostForm>
    </Frame>
  );
}
