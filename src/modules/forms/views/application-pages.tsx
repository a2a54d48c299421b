/** The citizen's online application: start, one page per step, review, confirmation. */

import type { TenantView, ViewerView } from '../../../platform/views/context.js';
import { type FieldErrors, fieldId, Notice, PostForm, SubmitButton } from '../../../platform/views/forms.js';
import { SiteFrame } from '../../../platform/views/SiteFrame.js';
import type { AnswerLine } from '../answers-text.js';
import type { Page, ProcedureDefinition } from '../definition.js';
import type { FileAnswer } from '../tables.js';
import { type FormValues, PageField } from './fields.js';

interface Frame {
  tenant: TenantView;
  citizen: ViewerView | null;
}

const base = (tenant: TenantView, slug: string) => `/${tenant.slug}/antrag/${slug}`;
/** The inline check of the inputs (and the focus on the error summary); the pages work without it. */
const FORM_CHECK_SCRIPT = '/assets/form-check.js';

/** GOV.UK-style summary whose links may point to another page (the review lists errors of every step). */
function LinkedErrorSummary({ errors }: { errors: { href: string; message: string }[] }) {
  if (errors.length === 0) return null;
  return (
    <div class="kern-alert kern-alert--danger error-summary" role="alert" aria-labelledby="fehler-titel" tabIndex={-1}>
      <div class="kern-alert__header">
        <span class="kern-icon kern-icon--danger" aria-hidden="true" />
        <h2 id="fehler-titel" class="kern-title">
          Bitte prüfen Sie Ihre Angaben
        </h2>
      </div>
      <div class="kern-alert__body">
        <ul class="kern-list">
          {errors.map((e) => (
            <li key={e.href + e.message}>
              <a href={e.href} class="kern-link">
                {e.message}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

export function ProcedureStartPage({
  tenant,
  citizen,
  definition,
  hasDraft,
}: Frame & { definition: ProcedureDefinition; hasDraft: boolean }) {
  const href = base(tenant, definition.id);
  return (
    <SiteFrame tenant={tenant} citizen={citizen} title={`${definition.title} – Online-Antrag`}>
      <div class="kern-stack-md">
        <h1 class="kern-heading-large">{definition.title}</h1>
        {definition.description.split(/\n{2,}/).map((p, i) => (
          <p class="kern-body" key={i}>
            {p}
          </p>
        ))}
        <h2 class="kern-heading-medium">So geht es</h2>
        <ol class="kern-list">
          {definition.pages.map((p) => (
            <li key={p.id}>{p.title}</li>
          ))}
          <li>Angaben prüfen und absenden</li>
        </ol>
        <p class="kern-body">
          Ihre Angaben werden nach jedem Schritt gespeichert. Sie erhalten nach dem Absenden ein Aktenzeichen und eine
          Eingangsbestätigung per E-Mail.
        </p>
        <p>
          <a class="kern-btn kern-btn--primary" href={`${href}/schritt/1`}>
            <span class="kern-label">{hasDraft ? 'Antrag weiter ausfüllen' : 'Antrag starten'}</span>
          </a>
        </p>
        {!citizen && (
          <p class="kern-body">
            Mit einem{' '}
            <a class="kern-link" href={`/${tenant.slug}/konto/anmelden?zurueck=${encodeURIComponent(href)}`}>
              Bürgerkonto
            </a>{' '}
            können Sie den Antrag auch auf einem anderen Gerät fortsetzen. Ohne Konto schicken wir Ihnen mit „Entwurf speichern“
            einen Link per E-Mail, mit dem Sie später weitermachen.
          </p>
        )}
      </div>
    </SiteFrame>
  );
}

export interface StepPageProps extends Frame {
  definition: ProcedureDefinition;
  page: Page;
  pageNumber: number;
  step: number;
  steps: number;
  values: FormValues;
  errors: FieldErrors;
  required: Set<string>;
  visible: Set<string>;
  extraEntries: Record<string, number>;
  files: Record<string, FileAnswer[]>;
  csrfToken: string;
  backHref: string;
  returnToReview: boolean;
  notice?: string;
}

export function StepPage(p: StepPageProps) {
  const href = base(p.tenant, p.definition.id);
  const multipart = p.page.fields.some((f) => f.type === 'file' && p.visible.has(f.key));
  const action = `${href}/schritt/${p.pageNumber}${p.returnToReview ? '?zurueck=pruefen' : ''}`;
  const errorCount = Object.keys(p.errors).length;
  return (
    <SiteFrame
      tenant={p.tenant}
      citizen={p.citizen}
      title={`${errorCount > 0 ? 'Fehler: ' : ''}${p.page.title} – ${p.definition.title}`}
      scripts={[FORM_CHECK_SCRIPT]}
    >
      <div class="kern-stack-md">
        <p>
          <a class="kern-link" href={p.backHref}>
            Zurück
          </a>
        </p>
        <LinkedErrorSummary
          errors={Object.entries(p.errors).map(([name, message]) => ({ href: `#${fieldId(name)}`, message }))}
        />
        {p.notice && <Notice kind="warning">{p.notice}</Notice>}
        <p class="kern-body kern-body--muted" id="fortschritt">
          {p.definition.title} · Schritt {p.step} von {p.steps}
        </p>
        <progress class="kern-progress" max={p.steps} value={p.step} aria-labelledby="fortschritt" />
        <h1 class="kern-heading-large">{p.page.title}</h1>
        {p.page.intro && <p class="kern-body">{p.page.intro}</p>}
        <PostForm action={action} csrfToken={p.csrfToken} enctype={multipart ? 'multipart/form-data' : undefined}>
          {/* Enter in a text input presses the first submit button: make that "Weiter". */}
          <button type="submit" name="_aktion" value="weiter" class="kern-sr-only" tabIndex={-1} aria-hidden="true">
            Weiter
          </button>
          {p.page.fields
            .filter((f) => p.visible.has(f.key))
            .map((f) => (
              <PageField
                key={f.key}
                field={f}
                values={p.values}
                errors={p.errors}
                required={p.required.has(f.key)}
                extraEntries={p.extraEntries[f.key] ?? 0}
                files={p.files[f.key] ?? []}
              />
            ))}
          <div class="builder-actions">
            <button type="submit" class="kern-btn kern-btn--primary" name="_aktion" value="weiter">
              <span class="kern-label">{p.returnToReview ? 'Speichern und zur Übersicht' : 'Weiter'}</span>
            </button>
            <button type="submit" class="kern-btn kern-btn--secondary" name="_aktion" value="speichern">
              <span class="kern-label">Entwurf speichern</span>
            </button>
          </div>
        </PostForm>
      </div>
    </SiteFrame>
  );
}

export interface ReviewPageProps extends Frame {
  definition: ProcedureDefinition;
  pages: { pageNumber: number; title: string; lines: AnswerLine[] }[];
  computed: { label: string; text: string }[];
  errors: { href: string; message: string }[];
  declarationError?: string;
  csrfToken: string;
  backHref: string;
  notice?: string;
}

export function ReviewPage(p: ReviewPageProps) {
  const href = base(p.tenant, p.definition.id);
  const errors = p.declarationError
    ? [...p.errors, { href: `#${fieldId('erklaerung')}`, message: p.declarationError }]
    : p.errors;
  return (
    <SiteFrame
      tenant={p.tenant}
      citizen={p.citizen}
      title={`${errors.length > 0 ? 'Fehler: ' : ''}Angaben prüfen – ${p.definition.title}`}
      scripts={[FORM_CHECK_SCRIPT]}
    >
      <div class="kern-stack-md">
        <p>
          <a class="kern-link" href={p.backHref}>
            Zurück
          </a>
        </p>
        <LinkedErrorSummary errors={errors} />
        {p.notice && <Notice kind="warning">{p.notice}</Notice>}
        <h1 class="kern-heading-large">Angaben prüfen</h1>
        <p class="kern-body">Bitte prüfen Sie Ihre Angaben zu „{p.definition.title}“, bevor Sie den Antrag absenden.</p>
        {p.pages.map((page) => (
          <section key={page.pageNumber} class="kern-stack-sm" aria-labelledby={`seite-${page.pageNumber}`}>
            <h2 class="kern-heading-medium" id={`seite-${page.pageNumber}`}>
              {page.title}
            </h2>
            <dl class="kern-description-list">
              {page.lines.map((line) => (
                <div class="kern-description-list-item" key={line.key}>
                  <dt class="kern-description-list-item__key">{line.label}</dt>
                  <dd class="kern-description-list-item__value">
                    {line.text}{' '}
                    <a class="kern-link" href={`${href}/schritt/${page.pageNumber}?zurueck=pruefen#${fieldId(line.key)}`}>
                      Ändern<span class="kern-sr-only">: {line.label}</span>
                    </a>
                  </dd>
                </div>
              ))}
              {page.lines.length === 0 && (
                <div class="kern-description-list-item">
                  <dt class="kern-description-list-item__key">Keine Angaben</dt>
                  <dd class="kern-description-list-item__value">
                    <a class="kern-link" href={`${href}/schritt/${page.pageNumber}?zurueck=pruefen`}>
                      Ändern<span class="kern-sr-only">: {page.title}</span>
                    </a>
                  </dd>
                </div>
              )}
            </dl>
          </section>
        ))}
        {p.computed.length > 0 && (
          <section class="kern-stack-sm" aria-labelledby="berechnet">
            <h2 class="kern-heading-medium" id="berechnet">
              Berechnet aus Ihren Angaben
            </h2>
            <dl class="kern-description-list">
              {p.computed.map((c) => (
                <div class="kern-description-list-item" key={c.label}>
                  <dt class="kern-description-list-item__key">{c.label}</dt>
                  <dd class="kern-description-list-item__value">{c.text}</dd>
                </div>
              ))}
            </dl>
          </section>
        )}
        <PostForm action={`${href}/absenden`} csrfToken={p.csrfToken}>
          <fieldset class={`kern-fieldset${p.declarationError ? ' kern-fieldset--error' : ''}`}>
            <legend class="kern-fieldset__legend">Erklärung</legend>
            {p.declarationError && (
              <p class="kern-error" id={`${fieldId('erklaerung')}-fehler`}>
                <span>{p.declarationError}</span>
              </p>
            )}
            <div class="kern-fieldset__body">
              <div class="kern-form-check">
                <input
                  class="kern-form-check__checkbox"
                  type="checkbox"
                  id={fieldId('erklaerung')}
                  name="erklaerung"
                  value="ja"
                  aria-describedby={p.declarationError ? `${fieldId('erklaerung')}-fehler` : undefined}
                />
                <label class="kern-label" for={fieldId('erklaerung')}>
                  Ich versichere, dass meine Angaben richtig und vollständig sind, und bin mit der Verarbeitung meiner Daten für
                  dieses Verfahren einverstanden.
                </label>
              </div>
            </div>
          </fieldset>
          <SubmitButton label="Antrag verbindlich absenden" />
        </PostForm>
      </div>
    </SiteFrame>
  );
}

export function ConfirmationPage({
  tenant,
  citizen,
  definition,
  reference,
  mailSent,
}: Frame & { definition: ProcedureDefinition; reference: string; mailSent: boolean }) {
  return (
    <SiteFrame tenant={tenant} citizen={citizen} title={`Antrag eingegangen – ${definition.title}`}>
      <div class="kern-stack-md">
        <div class="kern-alert kern-alert--success" role="status">
          <div class="kern-alert__body kern-stack-xs">
            <h1 class="kern-heading-large">Ihr Antrag ist eingegangen</h1>
            <p class="kern-body kern-body--large">
              Ihr Aktenzeichen: <strong>{reference}</strong>
            </p>
          </div>
        </div>
        <p class="kern-body">
          Wir haben Ihren Antrag „{definition.title}“ erhalten.{' '}
          {mailSent
            ? 'Eine Eingangsbestätigung mit Ihren Angaben ist per E-Mail unterwegs.'
            : 'Bitte notieren Sie sich das Aktenzeichen.'}
        </p>
        <h2 class="kern-heading-medium">Wie geht es weiter?</h2>
        <p class="kern-body">
          {definition.workflow.department ?? definition.department ?? 'Die zuständige Stelle'} bearbeitet Ihren Antrag
          {definition.workflow.deadlineDays ? ` in der Regel innerhalb von ${definition.workflow.deadlineDays} Tagen` : ''}. Bitte
          geben Sie bei Rückfragen das Aktenzeichen an.
        </p>
        <p>
          <a class="kern-link" href={`/${tenant.slug}`}>
            Zur Startseite
          </a>
        </p>
      </div>
    </SiteFrame>
  );
}

export function ProcedureNotFoundPage({ tenant, citizen }: Frame) {
  return (
    <SiteFrame tenant={tenant} citizen={citizen} title="Online-Antrag nicht gefunden">
      <div class="kern-stack-md">
        <h1 class="kern-heading-large">Diesen Online-Antrag gibt es hier nicht</h1>
        <p class="kern-body">
          Der Antrag ist nicht (mehr) online verfügbar. Bitte suchen Sie die Leistung in der Übersicht; dort finden Sie
          Ansprechpartner und Formulare.
        </p>
        <p>
          <a class="kern-link" href={`/${tenant.slug}/leistungen`}>
            Alle Leistungen von A bis Z
          </a>
        </p>
      </div>
    </SiteFrame>
  );
}
