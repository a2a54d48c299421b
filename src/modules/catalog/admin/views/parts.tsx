import type { ComponentChildren } from 'preact';
import type { TenantView, ViewerView } from '../../../../platform/views/context.js';
import { ErrorSummary, type FieldErrors, fieldId, Notice } from '../../../../platform/views/forms.js';
import { StaffFrame, type StaffNavItem } from '../../../../platform/views/StaffFrame.js';

/** What every back-office page of the catalog needs besides its own data. */
export interface AdminContext {
  tenant: TenantView;
  staff: ViewerView | null;
  csrf: string;
  nav: StaffNavItem[];
  /** `/{tenant}/verwaltung` */
  base: string;
  notice?: string;
}

export function AdminPage({
  ctx,
  title,
  path,
  errors,
  children,
}: {
  ctx: AdminContext;
  title: string;
  path: string;
  errors?: FieldErrors;
  children: ComponentChildren;
}) {
  const failed = errors && Object.keys(errors).length > 0;
  return (
    <StaffFrame
      tenant={ctx.tenant}
      title={failed ? `Fehler: ${title}` : title}
      staff={ctx.staff}
      nav={ctx.nav}
      currentPath={path}
      csrfToken={ctx.csrf}
    >
      <div class="kern-stack-md">
        {errors && <ErrorSummary errors={errors} />}
        {ctx.notice && <Notice kind="success">{ctx.notice}</Notice>}
        {children}
      </div>
    </StaffFrame>
  );
}

const dateFormat = new Intl.DateTimeFormat('de-DE', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  timeZone: 'Europe/Berlin',
});
export const formatDate = (d: Date | null) => (d ? dateFormat.format(d) : 'nie');

function FieldHead({
  id,
  label,
  hint,
  error,
  required,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  required?: boolean;
}) {
  return (
    <>
      <label class="kern-label" for={id}>
        {label}
        {!required && <span class="kern-label__optional"> (optional)</span>}
      </label>
      {hint && (
        <div class="kern-hint" id={`${id}-hinweis`}>
          {hint}
        </div>
      )}
      {error && (
        <p class="kern-error" id={`${id}-fehler`}>
          <span class="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true" />
          <span>{error}</span>
        </p>
      )}
    </>
  );
}

const describedBy = (id: string, hint?: string, error?: string) =>
  [hint ? `${id}-hinweis` : '', error ? `${id}-fehler` : ''].filter(Boolean).join(' ') || undefined;

export function TextArea({
  name,
  label,
  value,
  error,
  hint,
  rows = 5,
  required,
}: {
  name: string;
  label: string;
  value?: string;
  error?: string;
  hint?: string;
  rows?: number;
  required?: boolean;
}) {
  const id = fieldId(name);
  return (
    <div class={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
      <FieldHead id={id} label={label} hint={hint} error={error} required={required} />
      <textarea
        class={`kern-form-input__input${error ? ' kern-form-input__input--error' : ''}`}
        id={id}
        name={name}
        rows={rows}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? 'true' : undefined}
        required={required}
      >
        {value ?? ''}
      </textarea>
    </div>
  );
}

export function CheckboxGroup({
  name,
  legend,
  options,
  checked,
  error,
}: {
  name: string;
  legend: string;
  options: { value: string; label: string }[];
  checked: string[];
  error?: string;
}) {
  const id = fieldId(name);
  return (
    <fieldset class="kern-fieldset" id={id} aria-describedby={error ? `${id}-fehler` : undefined}>
      <legend class="kern-fieldset__legend">{legend}</legend>
      {error && (
        <p class="kern-error" id={`${id}-fehler`}>
          <span>{error}</span>
        </p>
      )}
      <div class="kern-fieldset__body">
        {options.map((o, index) => (
          <div class="kern-form-check" key={o.value}>
            <input
              class="kern-form-check__input"
              type="checkbox"
              id={`${id}-${index}`}
              name={name}
              value={o.value}
              checked={checked.includes(o.value)}
            />
            <label class="kern-label" for={`${id}-${index}`}>
              {o.label}
            </label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

/** A one-button POST form (publish, remove, move): no JavaScript needed. */
export function ActionButton({
  action,
  csrf,
  label,
  srLabel,
  kind = 'secondary',
  hidden,
}: {
  action: string;
  csrf: string;
  label: string;
  /** Extra words for screen readers, e.g. which entry "Entfernen" removes. */
  srLabel?: string;
  kind?: 'primary' | 'secondary' | 'tertiary';
  hidden?: Record<string, string>;
}) {
  return (
    <form method="post" action={action} class="inline-form">
      <input type="hidden" name="_csrf" value={csrf} />
      {Object.entries(hidden ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} key={name} />
      ))}
      <button type="submit" class={`kern-btn kern-btn--${kind} kern-btn--small`}>
        <span class="kern-label">
          {label}
          {srLabel && <span class="kern-sr-only"> {srLabel}</span>}
        </span>
      </button>
    </form>
  );
}
