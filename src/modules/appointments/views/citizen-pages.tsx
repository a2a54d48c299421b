import type { ComponentChildren } from 'preact';
import type { TenantView, ViewerView } from '../../../platform/views/context.js';
import {
  ErrorSummary,
  type FieldErrors,
  Fieldset,
  fieldId,
  Notice,
  PostForm,
  SubmitButton,
  TextField,
} from '../../../platform/views/forms.js';
import { SiteFrame } from '../../../platform/views/SiteFrame.js';
import type { FreeSlot, LocationView, OfferView } from '../service.js';
import { berlinIso, berlinTime, germanDate, germanDateTime } from '../time.js';

export interface CitizenView {
  tenant: TenantView;
  citizen: ViewerView | null;
  csrf: string;
}

function Frame({ view, title, children }: { view: CitizenView; title: string; children: ComponentChildren }) {
  return (
    <SiteFrame tenant={view.tenant} title={title} citizen={view.citizen}>
      <div class="kern-stack-md">{children}</div>
    </SiteFrame>
  );
}

const termine = (view: CitizenView) => `/${view.tenant.slug}/termine`;

/** Where the citizen is in the booking: offer → location → day → time → details. */
function Steps({ offer, location, date }: { offer?: OfferView; location?: LocationView; date?: string }) {
  const items = [
    offer && `Anliegen: ${offer.title}`,
    location && `Standort: ${location.name}`,
    date && `Tag: ${germanDate(date)}`,
  ].filter(Boolean);
  if (items.length === 0) return null;
  return (
    <ul class="kern-list appointment-steps" aria-label="Ihre bisherige Auswahl">
      {items.map((i) => (
        <li key={i}>{i}</li>
      ))}
    </ul>
  );
}

export const address = (l: LocationView) =>
  [l.street, [l.postalCode, l.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');

export function OffersPage({
  view,
  offers,
  services,
  filter,
}: {
  view: CitizenView;
  offers: OfferView[];
  services: Map<string, { slug: string; title: string }[]>;
  filter?: { slug: string; title: string };
}) {
  return (
    <Frame view={view} title="Termin buchen">
      <h1 class="kern-heading-x-large">Termin buchen</h1>
      <p class="kern-body">
        Wählen Sie Ihr Anliegen. Danach wählen Sie den Standort, den Tag und die Uhrzeit. Die Bestätigung erhalten Sie per E-Mail,
        mit einem Kalendereintrag und Links zum Verschieben oder Absagen.
      </p>
      {filter && (
        <p class="kern-body">
          Angebote für „{filter.title}“.{' '}
          <a class="kern-link" href={termine(view)}>
            Alle Angebote zeigen
          </a>
        </p>
      )}
      {view.citizen && (
        <p class="kern-body">
          <a class="kern-link" href={`${termine(view)}/meine`}>
            Meine Termine
          </a>
        </p>
      )}
      {offers.length === 0 ? (
        <Notice>Zurzeit können hier keine Termine gebucht werden.</Notice>
      ) : (
        <ul class="kern-list appointment-offers">
          {offers.map((o) => (
            <li key={o.id} class="kern-stack-xs">
              <a class="kern-link kern-heading-small" href={`${termine(view)}/angebot/${o.id}`}>
                {o.title}
              </a>
              <span class="kern-body">
                {' '}
                – {o.durationMinutes} Minuten
                {o.virtual
                  ? ', per Video'
                  : `, ${o.locations.length === 1 ? o.locations[0].name : `${o.locations.length} Standorte`}`}
              </span>
              {o.description && <p class="kern-body">{o.description}</p>}
              {(services.get(o.id)?.length ?? 0) > 0 && (
                <p class="kern-body kern-body--small">
                  Leistungen:{' '}
                  {services
                    .get(o.id)
                    ?.map((s) => s.title)
                    .join(', ')}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </Frame>
  );
}

export function LocationsPage({ view, offer }: { view: CitizenView; offer: OfferView }) {
  return (
    <Frame view={view} title={`Standort wählen – ${offer.title}`}>
      <Steps offer={offer} />
      <h1 class="kern-heading-x-large">Standort wählen</h1>
      <ul class="kern-list">
        {offer.locations.map((l) => (
          <li key={l.id}>
            <a class="kern-link" href={`${termine(view)}/angebot/${offer.id}/${l.id}`}>
              {l.name}
            </a>
            {!offer.virtual && address(l) && <span> – {address(l)}</span>}
          </li>
        ))}
      </ul>
      <p class="kern-body">
        <a class="kern-link" href={termine(view)}>
          Anderes Anliegen wählen
        </a>
      </p>
    </Frame>
  );
}

export interface DayCount {
  date: string;
  free: number;
}

/** A week of days with their free slots: the calendar that works without JavaScript. */
export function DaysPage({
  view,
  offer,
  location,
  days,
  week,
  prevWeek,
  nextWeek,
  base,
  query = '',
  heading = 'Tag wählen',
}: {
  view: CitizenView;
  offer: OfferView;
  location: LocationView;
  days: DayCount[];
  week: string;
  prevWeek?: string;
  nextWeek?: string;
  /** Link base for a day: `${base}/${date}`. */
  base: string;
  /** Extra query (e.g. the token of a move), starting with &. */
  query?: string;
  heading?: string;
}) {
  const anyFree = days.some((d) => d.free > 0);
  return (
    <Frame view={view} title={`${heading} – ${offer.title}`}>
      <Steps offer={offer} location={location} />
      <h1 class="kern-heading-x-large">{heading}</h1>
      <h2 class="kern-heading-medium" id="woche-titel">
        Woche vom {germanDate(week)}
      </h2>
      <ul class="kern-list appointment-days" aria-labelledby="woche-titel">
        {days.map((d) => (
          <li key={d.date}>
            {d.free > 0 ? (
              <a class="kern-link" href={`${base}/${d.date}${query ? `?${query.replace(/^&/, '')}` : ''}`}>
                {germanDate(d.date)}: {d.free} {d.free === 1 ? 'freier Termin' : 'freie Termine'}
              </a>
            ) : (
              <span>{germanDate(d.date)}: keine freien Termine</span>
            )}
          </li>
        ))}
      </ul>
      {!anyFree && <Notice>In dieser Woche sind keine Termine frei. Bitte sehen Sie in der nächsten Woche nach.</Notice>}
      <nav aria-label="Wochen" class="appointment-weeks">
        <ul class="kern-list">
          {prevWeek && (
            <li>
              <a class="kern-link" href={`${base}?woche=${prevWeek}${query}`}>
                Vorherige Woche
              </a>
            </li>
          )}
          {nextWeek && (
            <li>
              <a class="kern-link" href={`${base}?woche=${nextWeek}${query}`}>
                Nächste Woche
              </a>
            </li>
          )}
        </ul>
      </nav>
    </Frame>
  );
}

/** Free times of a day as radio buttons (a fieldset, usable with keyboard and screen reader). */
export function TimeChoice({
  slots,
  value,
  error,
  legend = 'Uhrzeit',
}: {
  slots: FreeSlot[];
  value?: string;
  error?: string;
  legend?: string;
}) {
  const id = fieldId('start');
  return (
    <Fieldset legend={legend} name="start" error={error} stacked={false}>
      <div class="appointment-times">
        {slots.map((s, i) => {
          const iso = berlinIso(s.start);
          return (
            <div class="kern-form-check" key={iso}>
              <input
                class="kern-form-check__radio"
                type="radio"
                id={i === 0 ? `${id}-0` : `${id}-${i}`}
                name="start"
                value={iso}
                checked={value === iso}
                aria-describedby={error ? `${id}-fehler` : undefined}
              />
              <label class="kern-label" for={`${id}-${i}`}>
                {slots.some((x) => x.date !== s.date) ? `${germanDate(s.date)}, ` : ''}
                {s.time} Uhr
              </label>
            </div>
          );
        })}
      </div>
    </Fieldset>
  );
}

export interface ContactValues {
  start: string;
  name: string;
  email: string;
}

export function TimesPage({
  view,
  offer,
  location,
  date,
  slots,
  values,
  errors = {},
  notice,
}: {
  view: CitizenView;
  offer: OfferView;
  location: LocationView;
  date: string;
  slots: FreeSlot[];
  values: ContactValues;
  errors?: FieldErrors;
  notice?: string;
}) {
  const back = `${termine(view)}/angebot/${offer.id}/${location.id}`;
  return (
    <Frame view={view} title={`Uhrzeit wählen – ${offer.title}`}>
      <ErrorSummary errors={errors} />
      {notice && <Notice kind="warning">{notice}</Notice>}
      <Steps offer={offer} location={location} date={date} />
      <h1 class="kern-heading-x-large">Uhrzeit und Kontaktdaten</h1>
      {slots.length === 0 ? (
        <Notice>An diesem Tag sind keine Termine mehr frei.</Notice>
      ) : (
        <PostForm action={`${termine(view)}/pruefen`} csrfToken={view.csrf}>
          <input type="hidden" name="offer" value={offer.id} />
          <input type="hidden" name="location" value={location.id} />
          <TimeChoice slots={slots} value={values.start} error={errors.start} />
          <TextField name="name" label="Vor- und Nachname" autocomplete="name" value={values.name} error={errors.name} required />
          <TextField
            name="email"
            label="E-Mail-Adresse"
            type="email"
            autocomplete="email"
            hint="An diese Adresse senden wir die Bestätigung mit dem Kalendereintrag."
            value={values.email}
            error={errors.email}
            required
          />
          <SubmitButton label="Weiter zur Übersicht" />
        </PostForm>
      )}
      <p class="kern-body">
        <a class="kern-link" href={`${back}?woche=${date}`}>
          Anderen Tag wählen
        </a>
      </p>
    </Frame>
  );
}

export function ConfirmPage({
  view,
  offer,
  location,
  start,
  values,
  documents,
}: {
  view: CitizenView;
  offer: OfferView;
  location: LocationView;
  start: Date;
  values: ContactValues;
  documents: string[];
}) {
  return (
    <Frame view={view} title={`Angaben prüfen – ${offer.title}`}>
      <h1 class="kern-heading-x-large">Angaben prüfen</h1>
      <dl class="appointment-facts">
        <dt>Anliegen</dt>
        <dd>{offer.title}</dd>
        <dt>Termin</dt>
        <dd>
          {germanDateTime(start)} ({offer.durationMinutes} Minuten)
        </dd>
        <dt>{offer.virtual ? 'Art' : 'Ort'}</dt>
        <dd>
          {offer.virtual
            ? 'Videosprechstunde (den Link erhalten Sie mit der Bestätigung)'
            : `${location.name}, ${address(location)}`}
        </dd>
        <dt>Name</dt>
        <dd>{values.name}</dd>
        <dt>E-Mail-Adresse</dt>
        <dd>{values.email}</dd>
      </dl>
      {documents.length > 0 && <Documents documents={documents} />}
      <PostForm action={`${termine(view)}/buchen`} csrfToken={view.csrf}>
        <input type="hidden" name="offer" value={offer.id} />
        <input type="hidden" name="location" value={location.id} />
        <input type="hidden" name="start" value={values.start} />
        <input type="hidden" name="name" value={values.name} />
        <input type="hidden" name="email" value={values.email} />
        <SubmitButton label="Termin verbindlich buchen" />
      </PostForm>
      <p class="kern-body">
        <a class="kern-link" href={`${termine(view)}/angebot/${offer.id}/${location.id}/${berlinIso(start).slice(0, 10)}`}>
          Zurück zur Auswahl der Uhrzeit
        </a>
      </p>
    </Frame>
  );
}

function Documents({ documents }: { documents: string[] }) {
  return (
    <section aria-labelledby="unterlagen-titel" class="kern-stack-xs">
      <h2 id="unterlagen-titel" class="kern-heading-medium">
        Bitte mitbringen
      </h2>
      <ul class="kern-list">
        {documents.map((d) => (
          <li key={d}>{d}</li>
        ))}
      </ul>
    </section>
  );
}

/** The slot was taken meanwhile: the nearest free times, to pick one without starting over. */
export function SlotTakenPage({
  view,
  offer,
  location,
  alternatives,
  values,
  message,
}: {
  view: CitizenView;
  offer: OfferView;
  location: LocationView;
  alternatives: FreeSlot[];
  values: ContactValues;
  message: string;
}) {
  return (
    <Frame view={view} title="Termin bereits vergeben">
      <h1 class="kern-heading-x-large">Dieser Termin ist bereits vergeben</h1>
      <Notice kind="warning">{message}</Notice>
      {alternatives.length > 0 ? (
        <PostForm action={`${termine(view)}/pruefen`} csrfToken={view.csrf}>
          <input type="hidden" name="offer" value={offer.id} />
          <input type="hidden" name="location" value={location.id} />
          <input type="hidden" name="name" value={values.name} />
          <input type="hidden" name="email" value={values.email} />
          <TimeChoice slots={alternatives} legend="Die nächsten freien Termine" />
          <SubmitButton label="Diesen Termin wählen" />
        </PostForm>
      ) : (
        <Notice>In den nächsten Wochen ist an diesem Standort kein Termin frei.</Notice>
      )}
      <p class="kern-body">
        <a class="kern-link" href={`${termine(view)}/angebot/${offer.id}/${location.id}`}>
          Alle freien Tage ansehen
        </a>
      </p>
    </Frame>
  );
}

export interface AppointmentDetails {
  reference: string;
  name: string;
  email: string;
  start: Date;
  end: Date;
  cancelled: boolean;
  offerTitle: string;
  location: LocationView;
  virtual: boolean;
  videoLink: string | null;
  documents: string[];
  links: { view: string; cancel: string; move: string; ics: string };
}

/** The citizen's appointment, opened by the secret link: the only public page with the video link. */
export function AppointmentPage({ view, a, notice }: { view: CitizenView; a: AppointmentDetails; notice?: string }) {
  const path = (url: string) => url.replace(/^https?:\/\/[^/]+/, '');
  return (
    <Frame view={view} title={`Ihr Termin ${a.reference}`}>
      {notice && <Notice kind="success">{notice}</Notice>}
      <h1 class="kern-heading-x-large">Ihr Termin: {a.offerTitle}</h1>
      {a.cancelled && <Notice kind="warning">Dieser Termin ist abgesagt.</Notice>}
      <dl class="appointment-facts">
        <dt>Vorgangsnummer</dt>
        <dd>{a.reference}</dd>
        <dt>Termin</dt>
        <dd>
          {germanDateTime(a.start)} bis {berlinTime(a.end)} Uhr
        </dd>
        {a.virtual ? (
          <>
            <dt>Videosprechstunde</dt>
            <dd>
              {a.videoLink ? (
                <a class="kern-link" href={a.videoLink} rel="noreferrer noopener">
                  {a.videoLink}
                </a>
              ) : (
                'Den Link erhalten Sie rechtzeitig vor dem Termin per E-Mail.'
              )}
            </dd>
          </>
        ) : (
          <>
            <dt>Ort</dt>
            <dd>
              {a.location.name}
              {address(a.location) && `, ${address(a.location)}`}
              {a.location.directions && <p class="kern-body kern-body--small">{a.location.directions}</p>}
            </dd>
          </>
        )}
        <dt>Name</dt>
        <dd>{a.name}</dd>
        {a.email && (
          <>
            <dt>E-Mail-Adresse</dt>
            <dd>{a.email}</dd>
          </>
        )}
      </dl>
      {a.documents.length > 0 && !a.cancelled && <Documents documents={a.documents} />}
      {!a.cancelled && (
        <ul class="kern-list">
          <li>
            <a class="kern-link" href={path(a.links.ics)}>
              Termin in den Kalender übernehmen (.ics)
            </a>
          </li>
          <li>
            <a class="kern-link" href={path(a.links.move)}>
              Termin verschieben
            </a>
          </li>
          <li>
            <a class="kern-link" href={path(a.links.cancel)}>
              Termin absagen
            </a>
          </li>
        </ul>
      )}
    </Frame>
  );
}

export function CancelConfirmPage({
  view,
  a,
  token,
  bookingId,
}: {
  view: CitizenView;
  a: AppointmentDetails;
  token: string;
  bookingId: string;
}) {
  return (
    <Frame view={view} title="Termin absagen">
      <h1 class="kern-heading-x-large">Termin absagen</h1>
      <p class="kern-body">
        Möchten Sie Ihren Termin „{a.offerTitle}“ am {germanDateTime(a.start)} (Vorgangsnummer {a.reference}) absagen? Der Termin
        wird dann für andere frei.
      </p>
      <PostForm action={`${termine(view)}/buchung/${bookingId}/absagen`} csrfToken={view.csrf}>
        <input type="hidden" name="token" value={token} />
        <SubmitButton label="Termin absagen" />
      </PostForm>
      <p class="kern-body">
        <a class="kern-link" href={a.links.view.replace(/^https?:\/\/[^/]+/, '')}>
          Nicht absagen, zurück zum Termin
        </a>
      </p>
    </Frame>
  );
}

export function CancelledPage({ view, a }: { view: CitizenView; a: AppointmentDetails }) {
  return (
    <Frame view={view} title="Termin abgesagt">
      <h1 class="kern-heading-x-large">Ihr Termin ist abgesagt</h1>
      <Notice kind="success">
        Der Termin „{a.offerTitle}“ am {germanDateTime(a.start)} ist abgesagt.
        {a.email && ' Sie erhalten eine Bestätigung per E-Mail, die den Eintrag aus Ihrem Kalender entfernt.'}
      </Notice>
      <p class="kern-body">
        <a class="kern-link" href={termine(view)}>
          Einen neuen Termin buchen
        </a>
      </p>
    </Frame>
  );
}

/** A used, altered or outdated link: a clear German message, never a stack trace. */
export function LinkProblemPage({ view, title, message }: { view: CitizenView; title: string; message: string }) {
  return (
    <Frame view={view} title={title}>
      <h1 class="kern-heading-x-large">{title}</h1>
      <Notice kind="warning">{message}</Notice>
      <p class="kern-body">
        <a class="kern-link" href={termine(view)}>
          Zur Terminbuchung
        </a>
      </p>
    </Frame>
  );
}

export function MoveTimesPage({
  view,
  a,
  token,
  date,
  slots,
  error,
  bookingId,
}: {
  view: CitizenView;
  a: AppointmentDetails;
  token: string;
  date: string;
  slots: FreeSlot[];
  error?: string;
  bookingId: string;
}) {
  const errors: FieldErrors = error ? { start: error } : {};
  return (
    <Frame view={view} title="Termin verschieben">
      <ErrorSummary errors={errors} />
      <h1 class="kern-heading-x-large">Termin verschieben</h1>
      <p class="kern-body">
        Bisher: {germanDateTime(a.start)}. Neuer Tag: {germanDate(date)}.
      </p>
      {slots.length === 0 ? (
        <Notice>An diesem Tag sind keine Termine frei.</Notice>
      ) : (
        <PostForm action={`${termine(view)}/buchung/${bookingId}/verschieben`} csrfToken={view.csrf}>
          <input type="hidden" name="token" value={token} />
          <TimeChoice slots={slots} legend="Neue Uhrzeit" error={errors.start} />
          <SubmitButton label="Termin verschieben" />
        </PostForm>
      )}
      <p class="kern-body">
        <a
          class="kern-link"
          href={`${termine(view)}/buchung/${bookingId}/verschieben?token=${encodeURIComponent(token)}&woche=${date}`}
        >
          Anderen Tag wählen
        </a>
      </p>
    </Frame>
  );
}

export interface MyAppointment {
  id: string;
  reference: string;
  offerTitle: string;
  place: string;
  start: Date;
  cancelled: boolean;
  viewUrl: string;
}

export function MyAppointmentsPage({ view, items, now }: { view: CitizenView; items: MyAppointment[]; now: Date }) {
  const upcoming = items.filter((i) => !i.cancelled && i.start > now).reverse();
  const other = items.filter((i) => i.cancelled || i.start <= now);
  const List = ({ list, caption }: { list: MyAppointment[]; caption: string }) => (
    <section class="kern-stack-xs" aria-label={caption}>
      <h2 class="kern-heading-medium">{caption}</h2>
      {list.length === 0 ? (
        <p class="kern-body">Keine.</p>
      ) : (
        <ul class="kern-list">
          {list.map((i) => (
            <li key={i.id}>
              <a class="kern-link" href={i.viewUrl.replace(/^https?:\/\/[^/]+/, '')}>
                {germanDateTime(i.start)}: {i.offerTitle}
              </a>{' '}
              ({i.reference}
              {i.place ? `, ${i.place}` : ''}
              {i.cancelled ? ', abgesagt' : ''})
            </li>
          ))}
        </ul>
      )}
    </section>
  );
  return (
    <Frame view={view} title="Meine Termine">
      <h1 class="kern-heading-x-large">Meine Termine</h1>
      <List list={upcoming} caption="Anstehende Termine" />
      <List list={other} caption="Vergangene und abgesagte Termine" />
      <p class="kern-body">
        <a class="kern-link" href={termine(view)}>
          Neuen Termin buchen
        </a>
      </p>
    </Frame>
  );
}
