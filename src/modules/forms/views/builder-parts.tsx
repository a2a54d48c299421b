/** What every page of the form builder shares: the back-office frame, notices, small controls. */
import type { ComponentChildren } from 'preact';
import type { TenantView, ViewerView } from '../../../platform/views/context.js';
import { ErrorSummary, type FieldErrors, fieldId, Notice } from '../../../platform/views/forms.js';
import { StaffFrame, type StaffNavItem } from '../../../platform/views/StaffFrame.js';

export interface BuilderContext {
  tenant: TenantView;
  staff: ViewerView | null;
  csrf: string;
  nav: StaffNavItem[];
  /** `/{tenant}/verwaltung/verfahren` */
  base: string;
  notice?: string;
}

export function BuilderFrame({
  ctx,
  title,
  errors,
  problems,
  children,
}: {
  ctx: BuilderContext;
  title: string;
  errors?: FieldErrors;
  problems?: string[];
  children: ComponentChildren;
}) {
  const failed = (errors && Object.keys(errors).length > 0) || (problems && problems.length > 0);
  return (
    <StaffFrame
      tenant={ctx.tenant}
      title={failed ? `Fehler: ${title}` : title}
      staff={ctx.staff}
      nav={ctx.nav}
      currentPath="/verfahren"
      csrfToken={ctx.csrf}
    >
      <div class="kern-stack-md">
        {problems && problems.length > 0 ? (
          <ProblemSummary problems={problems} errors={errors} />
        ) : (
          errors && <ErrorSummary errors={errors} />
        )}
        {ctx.notice && <Notice kind="success">{ctx.notice}</Notice>}
        {children}
      </div>
    </StaffFrame>
  );
}

/** The validator's messages (they name the place themselves) and any input errors, as one summary. */
function ProblemSummary({ problems, errors = {} }: { problems: string[]; errors?: FieldErrors }) {
  const linked = Object.entries(errors);
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
          {linked.map(([name, message]) => (
            <li key={name}>
              <a href={`#${fieldId(name)}`} class="kern-link">
                {message}
              </a>
            </li>
          ))}
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** A single checkbox with value "ja". */
export function CheckboxField({ name, label, checked, hint }: { name: string; label: string; checked: boolean; hint?: string }) {
  const id = fieldId(name);
  return (
    <div class="kern-form-check">
      <input
        class="kern-form-check__checkbox"
        type="checkbox"
        id={id}
        name={name}
        value="ja"
        checked={checked}
        aria-describedby={hint ? `${id}-hinweis` : undefined}
      />
      <label class="kern-label" for={id}>
        {label}
      </label>
      {hint && (
        <div class="kern-hint" id={`${id}-hinweis`}>
          {hint}
        </div>
      )}
    </div>
  );
}

/** A one-button POST form whose button says fully what it does (the visible part may be short). */
export function MiniAction({
  action,
  csrf,
  label,
  srLabel,
  kind = 'tertiary',
  disabled,
}: {
  action: string;
  csrf: string;
  label: string;
  srLabel: string;
  kind?: 'primary' | 'secondary' | 'tertiary';
  disabled?: boolean;
}) {
  return (
    <form method="post" action={action} class="inline-form">
      <input type="hidden" name="_csrf" value={csrf} />
      <button type="submit" class={`kern-btn kern-btn--${kind} kern-btn--small`} disabled={disabled}>
        <span class="kern-label">
          {label}
          <span class="kern-sr-only"> {srLabel}</span>
        </span>
      </button>
    </form>
  );
}

const dateFormat = new Intl.DateTimeFormat('de-DE', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  timeZone: 'Europe/Berlin',
});
export const formatDate = (d: Date | null | undefined) => (d ? dateFormat.format(d) : '–');

/** Only these fixed notices can be named by `?hinweis=` (nothing from the URL is shown). */
export const BUILDER_NOTICES: Record<string, string> = {
  angelegt: 'Das Verfahren wurde als Entwurf angelegt. Fügen Sie jetzt Felder hinzu.',
  gespeichert: 'Der Entwurf wurde gespeichert.',
  'seite-angelegt': 'Die Seite wurde hinzugefügt.',
  'seite-entfernt': 'Die Seite wurde entfernt.',
  'feld-angelegt': 'Das Feld wurde hinzugefügt. Ergänzen Sie hier seine Angaben.',
  'feld-entfernt': 'Das Feld wurde entfernt.',
  verschoben: 'Die Reihenfolge wurde geändert.',
  veroeffentlicht: 'Das Verfahren ist veröffentlicht. Bürgerinnen und Bürger können es jetzt online beantragen.',
  'veroeffentlicht-leistung':
    'Das Verfahren ist veröffentlicht und mit seiner Leistung im Katalog verknüpft: Die Leistung gilt jetzt als online verfügbar.',
  'veroeffentlicht-ohne-leistung':
    'Das Verfahren ist veröffentlicht. Die angegebene Leistung gibt es in Ihrem Katalog nicht; es wurde keine Leistung verknüpft.',
  zurueckgezogen: 'Das Verfahren ist offline: Es kann nicht mehr beantragt werden. Versionen und Anträge bleiben erhalten.',
  verworfen: 'Der Entwurf wurde verworfen. Es gilt wieder die veröffentlichte Version.',
  importiert: 'Die Datei wurde als Entwurf übernommen. Prüfen Sie ihn und veröffentlichen Sie ihn dann.',
  geteilt: 'Die veröffentlichte Version steht jetzt in der gemeinsamen Bibliothek.',
  uebernommen:
    'Das Verfahren wurde aus der Bibliothek als Entwurf übernommen. Passen Sie Texte und Fachbereich an und veröffentlichen Sie es dann.',
  'uebernommen-ohne-fachbereich':
    'Das Verfahren wurde aus der Bibliothek als Entwurf übernommen. Den Fachbereich der Herkunft gibt es bei Ihnen nicht: Bitte wählen Sie Ihren zuständigen Fachbereich.',
  'neue-version':
    'Die neue Version aus der Bibliothek ist jetzt Ihr Entwurf. Prüfen Sie die Unterschiede unten, passen Sie Texte und Fachbereich erneut an und veröffentlichen Sie dann.',
};
