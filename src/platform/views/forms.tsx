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
  type?: 'text' | 'email' | 'password' | 'tel' | 'url' | 'number' | 'date' | 'color';
  autocomplete?: string;
  required?: boolean;
  inputMode?: 'numeric' | 'text' | 'email' | 'tel';
}

/** A labelled input with hint and error text wired up for screen readers. */
export function TextField({ name, label, value, error, hint, type = 'text', autocomplete, required, inputMode }: TextFieldProps) {
  const id = fieldId(name);
  const describedBy = [hint ? `${id}-hinweis` : '', error ? `${id}-fehler` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
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
      {/* The attribute union of Preact's input types does not accept a variable type. */}
      <input
        {...({ type } as object)}
        class={`kern-form-input__input${error ? ' kern-form-input__input--error' : ''}`}
        id={id}
        name={name}
        value={type === 'password' ? undefined : value}
        autocomplete={autocomplete}
        aria-describedby={describedBy}
        aria-invalid={error ? 'true' : undefined}
        required={required}
        inputMode={inputMode}
      />
    </div>
  );
}

interface SelectFieldProps {
  name: string;
  label: string;
  value?: string;
  error?: string;
  options: { value: string; label: string }[];
  required?: boolean;
}

export function SelectField({ name, label, value, error, options, required }: SelectFieldProps) {
  const id = fieldId(name);
  return (
    <div class={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
      <label class="kern-label" for={id}>
        {label}
        {!required && <span class="kern-label__optional"> (optional)</span>}
      </label>
      {error && (
        <p class="kern-error" id={`${id}-fehler`}>
          <span class="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true" />
          <span>{error}</span>
        </p>
      )}
      <div class="kern-form-input__select-wrapper">
        <select
          class={`kern-form-input__select${error ? ' kern-form-input__select--error' : ''}`}
          id={id}
          name={name}
          aria-describedby={error ? `${id}-fehler` : undefined}
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
export function PostForm({ action, csrfToken, children, enctype }: { action: string; csrfToken: string; children: ComponentChildren; enctype?: string }) {
  return (
    <form method="post" action={action} novalidate enctype={enctype} class="kern-stack-md">
      <input type="hidden" name="_csrf" value={csrfToken} />
      {children}
    </form>
  );
}

export function SubmitButton({ label }: { label: string }) {
  return (
    <button type="submit" class="kern-btn kern-btn--primary">
      <span class="kern-label">{label}</span>
    </button>
  );
}

export function Notice({ kind = 'info', children }: { kind?: 'info' | 'success' | 'warning' | 'danger'; children: ComponentChildren }) {
  return (
    <div class={`kern-alert kern-alert--${kind}`} role={kind === 'danger' ? 'alert' : 'status'}>
      <div class="kern-alert__body">{children}</div>
    </div>
  );
}
