import type { ComponentChildren } from 'preact';
import {
  ErrorSummary,
  type FieldErrors,
  fieldId,
  Notice,
  PostForm,
  SelectField,
  SubmitButton,
  TextAreaField,
  TextField,
} from '../../../platform/views/forms.js';
import type { StaffPageView } from '../../../platform/views/StaffFrame.js';
import { StaffFrame } from '../../../platform/views/StaffFrame.js';
import { Table } from '../../../platform/views/table.js';
import type { DeliveryCounts } from '../repo.js';
import type { ChannelMessage, DeliveryProgress, ScheduledMessage, Topic } from '../service.js';
import { germanDateTime, msgTypePrefix } from '../text.js';
import {
  CATEGORIES,
  CERTAINTIES,
  CERTAINTY_LABELS,
  SEVERITIES,
  SEVERITY_LABELS,
  URGENCIES,
  URGENCY_LABELS,
} from '../validation.js';
import { AlertFacts, CheckboxGroup } from './parts.js';

/** A message's title as a link, marked as a warning and as an update or cancellation. */
function MessageLink(p: { href: string; alert: boolean; msgType: Parameters<typeof msgTypePrefix>[0]; title: string }) {
  return (
    <a class="kern-link" href={p.href}>
      {p.alert ? 'Warnung – ' : ''}
      {msgTypePrefix(p.msgType)}
      {p.title}
    </a>
  );
}

export type StaffView = StaffPageView;

/** Refreshes the delivery numbers of the status page while mails are pending. */
export const DELIVERY_STATUS_SCRIPT = '/assets/channel-delivery-status.js';

function Page({
  view,
  title,
  children,
  scripts,
}: {
  view: StaffView;
  title: string;
  children: ComponentChildren;
  scripts?: string[];
}) {
  return (
    <StaffFrame
      tenant={view.tenant}
      title={title}
      staff={view.staff}
      nav={view.nav}
      currentPath="/infokanal"
      csrfToken={view.csrf}
      scripts={scripts}
    >
      <div class="kern-stack-md">
        {view.notice && <Notice kind="success">{view.notice}</Notice>}
        {children}
      </div>
    </StaffFrame>
  );
}

const total = (c: DeliveryCounts) => c.sent + c.pending + c.failed;

export const SCHEDULE_STATUS_LABELS: Record<ScheduledMessage['status'], string> = {
  scheduled: 'geplant',
  published: 'veröffentlicht',
  cancelled: 'zurückgezogen',
  failed: 'nicht veröffentlicht',
};

export function ChannelAdminPage({
  view,
  topics,
  messages,
  scheduled,
}: {
  view: StaffView;
  topics: (Topic & { subscribers: number })[];
  messages: (ChannelMessage & { counts: DeliveryCounts })[];
  scheduled: ScheduledMessage[];
}) {
  const base = `/${view.tenant.slug}/verwaltung/infokanal`;
  return (
    <Page view={view} title="Infokanal">
      <h1 class="kern-heading-large">Infokanal</h1>
      <p class="kern-body">
        <a class="kern-btn kern-btn--primary" href={`${base}/neu`}>
          <span class="kern-label">Neue Nachricht oder Warnung</span>
        </a>
      </p>
      {scheduled.length > 0 && (
        <Table
          caption="Geplante Nachrichten"
          visibleCaption
          columns={['Titel', 'Veröffentlichung', 'Stand']}
          rows={scheduled.map((m) => ({
            key: m.id,
            cells: [
              <MessageLink key="t" href={`${base}/${m.id}`} alert={m.isAlert} msgType={m.msgType} title={m.title} />,
              <time key="p" datetime={m.publishAt.toISOString()}>
                {germanDateTime(m.publishAt)}
              </time>,
              SCHEDULE_STATUS_LABELS[m.status],
            ],
          }))}
        />
      )}
      <Table
        caption="Gesendete Nachrichten"
        visibleCaption
        columns={['Titel', 'Veröffentlicht', 'Zugestellt']}
        rows={
          messages.length === 0
            ? [{ key: 'leer', cells: ['Noch keine Nachrichten.', '', ''] }]
            : messages.map((m) => ({
                key: m.id,
                cells: [
                  <MessageLink key="t" href={`${base}/${m.id}`} alert={Boolean(m.alert)} msgType={m.msgType} title={m.title} />,
                  germanDateTime(m.publishedAt),
                  `${m.counts.sent} von ${total(m.counts)}${m.counts.failed > 0 ? `, ${m.counts.failed} fehlgeschlagen` : ''}`,
                ],
              }))
        }
      />
      <table class="kern-table">
        <caption class="kern-title">Themen und bestätigte Abonnements</caption>
        <thead class="kern-table__head">
          <tr class="kern-table__row">
            <th class="kern-table__header" scope="col">
              Thema
            </th>
            <th class="kern-table__header" scope="col">
              Abonnements
            </th>
          </tr>
        </thead>
        <tbody class="kern-table__body">
          {topics.map((t) => (
            <tr class="kern-table__row" key={t.id}>
              <td class="kern-table__cell">{t.title}</td>
              <td class="kern-table__cell">{t.subscribers.toLocaleString('de-DE')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Page>
  );
}

const options = (list: string[], labels?: Record<string, string>) => [
  { value: '', label: 'Bitte wählen' },
  ...list.map((v) => ({ value: v, label: labels?.[v] ? `${labels[v]} (${v})` : v })),
];

export function ComposePage({
  view,
  topics,
  values,
  checkedTopics,
  errors = {},
  referenced,
}: {
  view: StaffView;
  topics: Topic[];
  values: Record<string, string>;
  checkedTopics: string[];
  errors?: FieldErrors;
  /** The alert an update or cancellation refers to. */
  referenced?: ChannelMessage;
}) {
  const base = `/${view.tenant.slug}/verwaltung/infokanal`;
  const msgType = values.msgType || 'Alert';
  const heading =
    msgType === 'Update'
      ? 'Warnung aktualisieren'
      : msgType === 'Cancel'
        ? 'Warnung aufheben (Entwarnung)'
        : 'Neue Nachricht oder Warnung';
  return (
    <Page view={view} title={heading}>
      <ErrorSummary errors={errors} />
      <p class="kern-body">
        <a class="kern-link" href={base}>
          Zurück zum Infokanal
        </a>
      </p>
      <h1 class="kern-heading-large">{heading}</h1>
      {referenced && (
        <p class="kern-body">
          Bezieht sich auf: <strong>{referenced.title}</strong> ({germanDateTime(referenced.publishedAt)})
        </p>
      )}
      <p class="kern-body">
        Mit „Veröffentlichen“ geht die Nachricht an alle bestätigten Abonnentinnen und Abonnenten der gewählten Themen: sofort
        oder zum geplanten Zeitpunkt.
      </p>
      <PostForm action={`${base}/neu`} csrfToken={view.csrf}>
        <input type="hidden" name="msgType" value={msgType} />
        {values.references && <input type="hidden" name="references" value={values.references} />}
        <TextField name="title" label="Titel (Betreff der E-Mail)" value={values.title} error={errors.title} required />
        <TextAreaField
          name="body"
          label="Text"
          value={values.body}
          error={errors.body}
          rows={10}
          required
          hint="Absätze durch Leerzeilen trennen. Liste: - Eintrag. **fett**, [Linktext](https://…)."
        />
        <CheckboxGroup
          name="topics"
          legend="Themen"
          options={topics.map((t) => ({ value: t.slug, label: t.title }))}
          checked={checkedTopics}
          error={errors.topics}
        />
        <fieldset class="kern-fieldset" id={fieldId('alert')}>
          <legend class="kern-fieldset__legend">Warnung (für Warn-Apps im CAP-Format)</legend>
          <div class="kern-fieldset__body kern-stack-sm">
            {msgType === 'Alert' ? (
              <div class="kern-form-check">
                <input
                  class="kern-form-check__checkbox"
                  type="checkbox"
                  id="feld-ist-warnung"
                  name="alert"
                  value="ja"
                  checked={values.alert === 'ja'}
                />
                <label class="kern-label" for="feld-ist-warnung">
                  Diese Nachricht ist eine Warnung (Banner auf der Website, CAP-Feed)
                </label>
              </div>
            ) : (
              <input type="hidden" name="alert" value="ja" />
            )}
            <SelectField
              name="alert.category"
              label="Art der Gefahr"
              value={values['alert.category']}
              error={errors['alert.category']}
              options={options(CATEGORIES)}
            />
            <SelectField
              name="alert.severity"
              label="Gefahrenstufe"
              value={values['alert.severity']}
              error={errors['alert.severity']}
              options={options(SEVERITIES, SEVERITY_LABELS)}
            />
            <SelectField
              name="alert.urgency"
              label="Dringlichkeit"
              value={values['alert.urgency']}
              error={errors['alert.urgency']}
              options={options(URGENCIES, URGENCY_LABELS)}
            />
            <SelectField
              name="alert.certainty"
              label="Gewissheit"
              value={values['alert.certainty']}
              error={errors['alert.certainty']}
              options={options(CERTAINTIES, CERTAINTY_LABELS)}
            />
            <TextAreaField
              name="alert.instruction"
              label="Handlungsempfehlung für die Bevölkerung"
              value={values['alert.instruction']}
              error={errors['alert.instruction']}
              rows={3}
            />
            <TextField
              name="alert.area.description"
              label="Betroffenes Gebiet"
              value={values['alert.area.description']}
              error={errors['alert.area.description']}
              hint="Zum Beispiel „Ortsteil Nord“ oder „Gemeindegebiet“."
            />
            <fieldset
              class="kern-fieldset"
              id={fieldId('alert.area.circle')}
              aria-describedby={errors['alert.area.circle'] ? `${fieldId('alert.area.circle')}-fehler` : undefined}
            >
              <legend class="kern-fieldset__legend">Gebiet als Kreis (optional)</legend>
              {errors['alert.area.circle'] && (
                <p class="kern-error" id={`${fieldId('alert.area.circle')}-fehler`}>
                  <span>{errors['alert.area.circle']}</span>
                </p>
              )}
              <div class="kern-fieldset__body kern-stack-sm">
                <TextField
                  name="alert.area.circle.lat"
                  label="Breitengrad des Mittelpunkts"
                  value={values['alert.area.circle.lat']}
                  inputMode="text"
                />
                <TextField
                  name="alert.area.circle.lon"
                  label="Längengrad des Mittelpunkts"
                  value={values['alert.area.circle.lon']}
                  inputMode="text"
                />
                <TextField
                  name="alert.area.circle.radiusKm"
                  label="Radius in Kilometern"
                  value={values['alert.area.circle.radiusKm']}
                  inputMode="text"
                />
              </div>
            </fieldset>
            <TextAreaField
              name="alert.area.polygon"
              label="Gebiet als Polygon (optional)"
              value={values['alert.area.polygon']}
              error={errors['alert.area.polygon']}
              rows={4}
              hint="Ein Punkt je Zeile als „Breite, Länge“, z. B. 48.25, 12.52. Der letzte Punkt muss dem ersten gleichen."
            />
            <TextField
              type="datetime-local"
              name="alert.validFrom"
              label="Gültig ab"
              value={values['alert.validFrom']}
              error={errors['alert.validFrom']}
              hint="Leer lassen: ab sofort. Deutsche Zeit."
            />
            <TextField
              type="datetime-local"
              name="alert.validUntil"
              label="Gültig bis"
              value={values['alert.validUntil']}
              error={errors['alert.validUntil']}
              hint="Deutsche Zeit. Bis dahin steht das Warnbanner auf der Website."
            />
          </div>
        </fieldset>
        <TextField
          type="datetime-local"
          name="publishAt"
          label="Veröffentlichen am (optional)"
          value={values.publishAt}
          error={errors.publishAt}
          hint="Leer lassen: sofort. Deutsche Zeit. Bis dahin wird nichts angezeigt oder gesendet; bis dahin können Sie die Nachricht zurückziehen."
        />
        {errors.references && <Notice kind="danger">{errors.references}</Notice>}
        <SubmitButton label="Veröffentlichen und senden" />
      </PostForm>
    </Page>
  );
}

/** "3 von 10 E-Mails versendet – der Versand läuft." (channel-delivery-status.js writes the same sentence). */
function deliverySummary(c: DeliveryProgress, all: number) {
  const n = (x: number) => x.toLocaleString('de-DE');
  const end = c.done ? (c.failed > 0 ? `, ${n(c.failed)} fehlgeschlagen.` : '.') : ' – der Versand läuft.';
  return `${n(c.sent)} von ${n(all)} E-Mails versendet${end}`;
}

export function MessageStatusPage({
  view,
  message,
  counts,
}: {
  view: StaffView;
  message: ChannelMessage;
  counts: DeliveryProgress;
}) {
  const base = `/${view.tenant.slug}/verwaltung/infokanal`;
  const all = Math.max(total(counts), message.recipients);
  return (
    <Page view={view} title={`Zustellung: ${message.title}`} scripts={counts.done ? [] : [DELIVERY_STATUS_SCRIPT]}>
      <p class="kern-body">
        <a class="kern-link" href={base}>
          Zurück zum Infokanal
        </a>
      </p>
      <h1 class="kern-heading-large">
        {msgTypePrefix(message.msgType)}
        {message.title}
      </h1>
      <p class="kern-body">
        Veröffentlicht {germanDateTime(message.publishedAt)} · Themen: {message.topics.map((t) => t.title).join(', ')}
      </p>
      <section
        aria-labelledby="zustellung-titel"
        class="kern-stack-sm"
        data-delivery-status={`${base}/${message.id}/zustellung.json`}
      >
        <h2 id="zustellung-titel" class="kern-heading-medium">
          Zustellung
        </h2>
        {/* Read out politely when the script updates the numbers. */}
        <p class="kern-body" id="zustellung-stand" aria-live="polite" data-delivery-summary>
          {deliverySummary(counts, all)}
        </p>
        <progress
          id="zustellung-fortschritt"
          class="kern-progress"
          aria-labelledby="zustellung-stand"
          max={Math.max(all, 1)}
          value={counts.sent}
        >
          {counts.sent} von {all}
        </progress>
        <dl class="channel-facts">
          <div>
            <dt>Versendet</dt>
            <dd data-count="sent">{counts.sent}</dd>
          </div>
          <div>
            <dt>Ausstehend</dt>
            <dd data-count="pending">{counts.pending}</dd>
          </div>
          <div>
            <dt>Fehlgeschlagen</dt>
            <dd data-count="failed">{counts.failed}</dd>
          </div>
        </dl>
        <p class="kern-body">
          <a class="kern-link" href={`${base}/${message.id}`} data-delivery-reload>
            Stand aktualisieren
          </a>
        </p>
      </section>
      <AlertFacts message={message} />
      <p class="kern-body">
        <a class="kern-link" href={`/${view.tenant.slug}/infokanal/meldung/${message.id}`}>
          Öffentliche Seite
        </a>
        {message.alert && (
          <>
            {' · '}
            <a class="kern-link" href={`/${view.tenant.slug}/feeds/cap/${message.id}.xml`}>
              CAP-Dokument
            </a>
          </>
        )}
      </p>
      {message.alert && message.msgType !== 'Cancel' && (
        <p class="kern-body">
          <a class="kern-btn kern-btn--secondary" href={`${base}/neu?bezug=${message.id}&art=Update`}>
            <span class="kern-label">Warnung aktualisieren</span>
          </a>{' '}
          <a class="kern-btn kern-btn--secondary" href={`${base}/neu?bezug=${message.id}&art=Cancel`}>
            <span class="kern-label">Warnung aufheben</span>
          </a>
        </p>
      )}
    </Page>
  );
}

/** A message that waits for its time (or was withdrawn, or could not be published then). */
export function ScheduledMessagePage({ view, scheduled }: { view: StaffView; scheduled: ScheduledMessage }) {
  const base = `/${view.tenant.slug}/verwaltung/infokanal`;
  const at = <time datetime={scheduled.publishAt.toISOString()}>{germanDateTime(scheduled.publishAt)}</time>;
  return (
    <Page view={view} title={`Geplant: ${scheduled.title}`}>
      <p class="kern-body">
        <a class="kern-link" href={base}>
          Zurück zum Infokanal
        </a>
      </p>
      <h1 class="kern-heading-large">
        {msgTypePrefix(scheduled.msgType)}
        {scheduled.title}
      </h1>
      <dl class="channel-facts">
        <div>
          <dt>Stand</dt>
          <dd>{SCHEDULE_STATUS_LABELS[scheduled.status]}</dd>
        </div>
        <div>
          <dt>Veröffentlichung</dt>
          <dd>{at} (deutsche Zeit)</dd>
        </div>
        <div>
          <dt>Art</dt>
          <dd>{scheduled.isAlert ? 'Warnung' : 'Nachricht'}</dd>
        </div>
      </dl>
      {scheduled.status === 'scheduled' && (
        <>
          <p class="kern-body">
            Bis dahin ist die Nachricht nirgends zu sehen und wird an niemanden gesendet. Danach steht hier der Versandstand.
          </p>
          <PostForm action={`${base}/${scheduled.id}/zurueckziehen`} csrfToken={view.csrf}>
            <SubmitButton label="Geplante Nachricht zurückziehen" />
          </PostForm>
        </>
      )}
      {scheduled.status === 'cancelled' && (
        <p class="kern-body">Die Nachricht wurde zurückgezogen und wird nicht veröffentlicht.</p>
      )}
      {scheduled.status === 'failed' && (
        <Notice kind="danger">Die Nachricht konnte zum geplanten Zeitpunkt nicht veröffentlicht werden: {scheduled.error}</Notice>
      )}
    </Page>
  );
}
