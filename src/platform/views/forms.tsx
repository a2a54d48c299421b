import type { ComponentChildren } from 'preact';

/** Field errors keyed by the input's name. */
export type FieldErrors = Record<string, string>;

/** GOV.UK-style error summary: the first thing on the page, each entry links to its field. */
export function ErrorSummary({ errors }: { errors: FieldErrors }) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
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
          {entries.map(([name, message]) => (
            <li key={name}>
              <a href={`#${fieldId(name)}`} class="kern-link">
                {message}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

export const fieldId = (name: string) => `feld-${name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;

interface TextFieldProps {
  name: string;
  label: string;
  value?: string;
  error?: string;
  hint?: string;
  type?: 'text' | 'email' | 'password' | 'tel' | 'url' | 'number' | 'date' | 'datetime-local' | 'color' | 'file';
  autocomplete?: string;
  required?: boolean;
  inputMode?: 'numeric' | 'text' | 'email' | 'tel';
  /** For `type="file"`: which files the picker offers. */
  accept?: string;
}

/** `aria-describedby` for a field: its hint and its error, whichever are shown. */
export const describedBy = (id: string, hint?: string, error?: string) =>
  [hint ? `${id}-hinweis` : '', error ? `${id}-fehler` : ''].filter(Boolean).join(' ') || undefined;

/** The error line under a label, referenced by the field's `aria-describedby`. */
export function FieldError({ id, error }: { id: string; error?: string }) {
  if (!error) return null;
  return (
    <p class="kern-error" id={`${id}-fehler`}>
      <span class="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true" />
      <span>{error}</span>
    </p>
  );
}

/** Label (marked optional unless required), hint and error: the top of every single field. */
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
      <FieldError id={id} error={error} />
    </>
  );
}

const inputClass = (base: string, error?: string) => `${base}${error ? ` ${base}--error` : ''}`;

/** A labelled input with hint and error text wired up for screen readers. */
export function TextField({
  name,
  label,
  value,
  error,
  hint,
  type = 'text',
  autocomplete,
  required,
  inputMode,
  accept,
}: TextFieldProps) {
  const id = fieldId(name);
  return (
    <div class={inputClass('kern-form-input', error)}>
      <FieldHead id={id} label={label} hint={hint} error={error} required={required} />
      {/* The attribute union of Preact's input types does not accept a variable type. */}
      <input
        {...({ type } as object)}
        class={inputClass('kern-form-input__input', error)}
        id={id}
        name={name}
        value={type === 'password' || type === 'file' ? undefined : value}
        autocomplete={autocomplete}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? 'true' : undefined}
        required={required}
        inputMode={inputMode}
        accept={accept}
      />
    </div>
  );
}

/** A labelled multi-line field, wired like TextField. */
export function TextAreaField({
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
    <div class={inputClass('kern-form-input', error)}>
      <FieldHead id={id} label={label} hint={hint} error={error} required={required} />
      <textarea
        class={inputClass('kern-form-input__input', error)}
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

/** A group of fields under a legend; with `name`, the group is a field of its own (id, error). */
export function Fieldset({
  legend,
  name,
  error,
  stacked = true,
  children,
}: {
  legend: string;
  name?: string;
  error?: string;
  /** Space the fields apart (off for a list of checkboxes). */
  stacked?: boolean;
  children: ComponentChildren;
}) {
  const id = name ? fieldId(name) : undefined;
  return (
    <fieldset class="kern-fieldset" id={id} aria-describedby={id && error ? `${id}-fehler` : undefined}>
      <legend class="kern-fieldset__legend">{legend}</legend>
      {id && <FieldError id={id} error={error} />}
      <div class={`kern-fieldset__body${stacked ? ' kern-stack-sm' : ''}`}>{children}</div>
    </fieldset>
  );
}

/** A group of checkboxes sharing one name: every checked value is submitted. */
export function CheckboxGroupField({
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
    <Fieldset legend={legend} name={name} error={error} stacked={false}>
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
    </Fieldset>
  );
}

interface SelectFieldProps {
  name: string;
  label: string;
  value?: string;
  error?: string;
  hint?: string;
  options: { value: string; label: string }[];
  required?: boolean;
}

export function SelectField({ name, label, value, error, hint, options, required }: SelectFieldProps) {
  const id = fieldId(name);
  return (
    <div class={inputClass('kern-form-input', error)}>
      <FieldHead id={id} label={label} hint={hint} error={error} required={required} />
      <div class="kern-form-input__select-wrapper">
        <select
          class={inputClass('kern-form-input__select', error)}
          id={id}
          name={name}
          aria-describedby={describedBy(id, hint, error)}
          aria-invalid={error ? 'true' : undefined}
          required={required}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value} selected={o.value === value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

/** A POST form carrying the CSRF token. */
export function PostForm({
  action,
  csrfToken,
  children,
  enctype,
}: {
  action: string;
  csrfToken: string;
  children: ComponentChildren;
  enctype?: string;
}) {
  return (
    <form method="post" action={action} novalidate enctype={enctype} class="kern-stack-md">
      <input type="hidden" name="_csrf" value={csrfToken} />
      {children}
    </form>
  );
}

export function SubmitButton({ label, kind = 'primary' }: { label: string; kind?: 'primary' | 'secondary' | 'tertiary' }) {
  return (
    <button type="submit" class={`kern-btn kern-btn--${kind}`}>
      <span class="kern-label">{label}</span>
    </button>
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

export function Notice({
  kind = 'info',
  children,
}: {
  kind?: 'info' | 'success' | 'warning' | 'danger';
  children: ComponentChildren;
}) {
  return (
    <div class={`kern-alert kern-alert--${kind}`} role={kind === 'danger' ? 'alert' : 'status'}>
      <div class="kern-alert__body">{children}</div>
    </div>
  );
}
