/** The inputs of one application page. Input names are the data paths; ids come from fieldId(name). */
import type { ComponentChildren } from 'preact';
import { type FieldErrors, fieldId, SelectField, TextField } from '../../../platform/views/forms.js';
import type { AnswerField, Field, SubField } from '../definition.js';
import type { FormBody } from '../form-input.js';
import type { FileAnswer } from '../tables.js';
import { Checked, inlineRules } from './inline-rules.js';

/** Input values by input name, as the browser sent them or as derived from stored answers. */
export type FormValues = FormBody;

const str = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';
const list = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);

/** Stored answers of a page as input values (for showing a page again). */
export function answersToValues(fields: Field[], answers: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  const put = (name: string, field: AnswerField | SubField, value: unknown) => {
    if (value === undefined) return;
    if (field.type === 'checkbox' || field.type === 'consent') values[name] = value === true ? 'ja' : '';
    else if (field.type === 'checkboxGroup') values[name] = value as string[];
    else if (field.type === 'number') values[name] = String(value).replace('.', ',');
    else values[name] = String(value);
  };
  for (const field of fields) {
    if (field.type === 'info' || field.type === 'file') continue;
    const value = answers[field.key];
    if (field.type === 'address') {
      for (const [part, v] of Object.entries((value as Record<string, string>) ?? {})) values[`${field.key}.${part}`] = v;
    } else if (field.type === 'repeatingGroup') {
      const entries = (value as Record<string, unknown>[] | undefined) ?? [];
      values[`${field.key}._anzahl`] = String(entries.length);
      entries.forEach((entry, i) => {
        for (const sub of field.fields) put(`${field.key}.${i}.${sub.key}`, sub, entry[sub.key]);
      });
    } else put(field.key, field, value);
  }
  return values;
}

function ErrorText({ id, error }: { id: string; error?: string }) {
  if (!error) return null;
  return (
    <p class="kern-error" id={`${id}-fehler`}>
      <span class="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true" />
      <span>{error}</span>
    </p>
  );
}

function Fieldset({
  name,
  legend,
  hint,
  error,
  required,
  children,
}: {
  name: string;
  legend: string;
  hint?: string;
  error?: string;
  required?: boolean;
  children: ComponentChildren;
}) {
  const id = fieldId(name);
  const describedBy = [hint ? `${id}-hinweis` : '', error ? `${id}-fehler` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset class={`kern-fieldset${error ? ' kern-fieldset--error' : ''}`} aria-describedby={describedBy}>
      <legend class="kern-fieldset__legend">
        {legend}
        {!required && <span class="kern-label__optional"> (optional)</span>}
      </legend>
      {hint && (
        <div class="kern-hint" id={`${id}-hinweis`}>
          {hint}
        </div>
      )}
      <ErrorText id={id} error={error} />
      <div class="kern-fieldset__body kern-stack-sm">{children}</div>
    </fieldset>
  );
}

function Choice({
  type,
  name,
  value,
  label,
  checked,
  id,
}: {
  type: 'radio' | 'checkbox';
  name: string;
  value: string;
  label: string;
  checked: boolean;
  id: string;
}) {
  return (
    <div class="kern-form-check">
      <input
        class={`kern-form-check__${type === 'radio' ? 'radio' : 'checkbox'}`}
        type={type}
        id={id}
        name={name}
        value={value}
        checked={checked}
      />
      <label class="kern-label" for={id}>
        {label}
      </label>
    </div>
  );
}

function TextArea({
  name,
  label,
  value,
  error,
  hint,
  required,
}: {
  name: string;
  label: string;
  value: string;
  error?: string;
  hint?: string;
  required?: boolean;
}) {
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
      <ErrorText id={id} error={error} />
      <textarea
        class={`kern-form-input__input${error ? ' kern-form-input__input--error' : ''}`}
        id={id}
        name={name}
        rows={5}
        aria-describedby={describedBy}
        aria-invalid={error ? 'true' : undefined}
        required={required}
      >
        {value}
      </textarea>
    </div>
  );
}

interface InputProps {
  field: AnswerField | SubField;
  name: string;
  label: string;
  values: FormValues;
  errors: FieldErrors;
  required: boolean;
  /** How messages name the input (inside a group: "Kind 2: Alter"), as the server's do. */
  messageLabel?: string;
}

/** One simple input (also used inside repeating groups), with its rules for the inline check. */
function SimpleInput(props: InputProps) {
  const { field, label, required, messageLabel } = props;
  if (field.type === 'radio' || field.type === 'checkbox') return <SimpleControl {...props} />;
  return (
    <Checked rules={inlineRules(field, messageLabel ?? label, required)}>
      <SimpleControl {...props} />
    </Checked>
  );
}

function SimpleControl({ field, name, label, values, errors, required }: InputProps) {
  const error = errors[name];
  const value = str(values[name]);
  const hint = field.hint;
  switch (field.type) {
    case 'textarea':
      return <TextArea name={name} label={label} value={value} error={error} hint={hint} required={required} />;
    case 'number':
      return (
        <TextField
          name={name}
          label={field.unit ? `${label} (${field.unit})` : label}
          value={value}
          error={error}
          hint={hint}
          required={required}
          inputMode="numeric"
        />
      );
    case 'email':
      return (
        <TextField
          name={name}
          label={label}
          type="email"
          autocomplete="email"
          value={value}
          error={error}
          hint={hint}
          required={required}
        />
      );
    case 'phone':
      return (
        <TextField
          name={name}
          label={label}
          type="tel"
          autocomplete="tel"
          value={value}
          error={error}
          hint={hint}
          required={required}
        />
      );
    case 'date':
      return (
        <TextField
          name={name}
          label={label}
          type="date"
          value={value}
          error={error}
          hint={hint ?? 'Zum Beispiel 24.12.2026'}
          required={required}
        />
      );
    case 'select':
      return (
        <SelectField
          name={name}
          label={label}
          value={value}
          error={error}
          required={required}
          options={[{ value: '', label: 'Bitte wählen' }, ...field.options]}
        />
      );
    case 'radio':
      return (
        <Fieldset name={name} legend={label} hint={hint} error={error} required={required}>
          {field.options.map((o, i) => (
            <Choice
              key={o.value}
              type="radio"
              name={name}
              value={o.value}
              label={o.label}
              checked={value === o.value}
              id={i === 0 ? fieldId(name) : `${fieldId(name)}-${i}`}
            />
          ))}
        </Fieldset>
      );
    case 'checkbox':
      return (
        <Fieldset name={`${name}-gruppe`} legend={label} hint={hint} error={error} required={required}>
          <Choice type="checkbox" name={name} value="ja" label="Ja" checked={value === 'ja'} id={fieldId(name)} />
        </Fieldset>
      );
    default:
      return (
        <TextField
          name={name}
          label={label}
          value={value}
          error={error}
          hint={hint}
          required={required}
          autocomplete={'prefill' in field && field.prefill === 'name' ? 'name' : undefined}
        />
      );
  }
}

export interface PageFieldProps {
  field: Field;
  values: FormValues;
  errors: FieldErrors;
  required: boolean;
  /** Entries shown in addition to the answered ones (after "weiteren Eintrag hinzufügen"). */
  extraEntries: number;
  files: FileAnswer[];
}

export function PageField({ field, values, errors, required, extraEntries, files }: PageFieldProps) {
  const key = field.key;
  switch (field.type) {
    case 'info':
      return (
        <section class="kern-stack-xs" aria-labelledby={`${fieldId(key)}-titel`}>
          <h2 class="kern-heading-small" id={`${fieldId(key)}-titel`}>
            {field.label}
          </h2>
          {field.text.split(/\n{2,}/).map((p, i) => (
            <p class="kern-body" key={i}>
              {p}
            </p>
          ))}
        </section>
      );
    case 'consent':
      return (
        <Fieldset name={`${key}-gruppe`} legend={field.label} hint={field.text} error={errors[key]} required={required}>
          <Choice
            type="checkbox"
            name={key}
            value="ja"
            label="Ich stimme zu"
            checked={str(values[key]) === 'ja'}
            id={fieldId(key)}
          />
        </Fieldset>
      );
    case 'checkboxGroup': {
      const checked = list(values[key]);
      return (
        <Fieldset name={`${key}-gruppe`} legend={field.label} hint={field.hint} error={errors[key]} required={required}>
          {field.options.map((o, i) => (
            <Choice
              key={o.value}
              type="checkbox"
              name={key}
              value={o.value}
              label={o.label}
              checked={checked.includes(o.value)}
              id={i === 0 ? fieldId(key) : `${fieldId(key)}-${i}`}
            />
          ))}
        </Fieldset>
      );
    }
    case 'address':
      return (
        <Fieldset name={`${key}-gruppe`} legend={field.label} hint={field.hint} error={errors[key]} required={required}>
          <TextField
            name={`${key}.street`}
            label="Straße"
            autocomplete="address-line1"
            value={str(values[`${key}.street`])}
            error={errors[`${key}.street`]}
            required={required}
          />
          <TextField
            name={`${key}.number`}
            label="Hausnummer"
            value={str(values[`${key}.number`])}
            error={errors[`${key}.number`]}
            required={required}
          />
          <TextField
            name={`${key}.postalCode`}
            label="Postleitzahl"
            autocomplete="postal-code"
            inputMode="numeric"
            value={str(values[`${key}.postalCode`])}
            error={errors[`${key}.postalCode`]}
            required={required}
            hint="Fünf Ziffern"
          />
          <TextField
            name={`${key}.city`}
            label="Ort"
            autocomplete="address-level2"
            value={str(values[`${key}.city`])}
            error={errors[`${key}.city`]}
            required={required}
          />
        </Fieldset>
      );
    case 'iban':
      return (
        <Checked rules={inlineRules(field, field.label, required)}>
          <TextField
            name={key}
            label={field.label}
            value={str(values[key])}
            error={errors[key]}
            hint={field.hint ?? 'Zum Beispiel DE02 1203 0000 0000 2020 51'}
            required={required}
          />
        </Checked>
      );
    case 'file': {
      const id = fieldId(key);
      const accept = field.accept.map((t) => (t === 'jpeg' ? '.jpg,.jpeg' : `.${t}`)).join(',');
      const describedBy = [`${id}-hinweis`, errors[key] ? `${id}-fehler` : ''].filter(Boolean).join(' ');
      return (
        <div class={`kern-form-input${errors[key] ? ' kern-form-input--error' : ''}`}>
          <label class="kern-label" for={id}>
            {field.label}
            {!required && <span class="kern-label__optional"> (optional)</span>}
          </label>
          <div class="kern-hint" id={`${id}-hinweis`}>
            {field.hint ? `${field.hint} ` : ''}
            Erlaubt: {field.accept.map((t) => t.toUpperCase()).join(', ')}, höchstens{' '}
            {Math.round(field.maxBytes / 1024 / 1024) || 1} MB
            {field.maxCount > 1 ? `, bis zu ${field.maxCount} Dateien` : ''}.
          </div>
          <ErrorText id={id} error={errors[key]} />
          {files.length > 0 && (
            <p class="kern-body">
              Bereits hochgeladen: {files.map((f) => f.filename).join(', ')}. Eine neue Auswahl ersetzt diese Datei
              {files.length > 1 ? 'en' : ''}.
            </p>
          )}
          <input
            class={`kern-form-input__input${errors[key] ? ' kern-form-input__input--error' : ''}`}
            type="file"
            id={id}
            name={key}
            accept={accept}
            multiple={field.maxCount > 1}
            aria-describedby={describedBy}
            aria-invalid={errors[key] ? 'true' : undefined}
          />
        </div>
      );
    }
    case 'repeatingGroup': {
      const stored = Number.parseInt(str(values[`${key}._anzahl`]), 10) || 0;
      const count = Math.min(field.maxItems, Math.max(stored, field.minItems ?? 1, 1) + extraEntries);
      return (
        <Fieldset name={key} legend={field.label} hint={field.hint} error={errors[key]} required={required}>
          <input type="hidden" name={`${key}._anzahl`} value={String(count)} />
          {Array.from({ length: count }, (_, i) => (
            <section class="kern-stack-sm" key={i} aria-labelledby={`${fieldId(`${key}.${i}`)}-titel`}>
              <h3 class="kern-heading-small" id={`${fieldId(`${key}.${i}`)}-titel`}>
                {field.itemLabel} {i + 1}
              </h3>
              {field.fields.map((sub) => (
                <SimpleInput
                  key={sub.key}
                  field={sub}
                  name={`${key}.${i}.${sub.key}`}
                  label={sub.label}
                  messageLabel={`${field.itemLabel} ${i + 1}: ${sub.label}`}
                  values={values}
                  errors={errors}
                  required={Boolean(sub.required)}
                />
              ))}
              {count > 1 && (
                <button
                  type="submit"
                  class="kern-btn kern-btn--tertiary kern-btn--x-small"
                  name="_aktion"
                  value={`entfernen:${key}:${i}`}
                >
                  <span class="kern-label">
                    {field.itemLabel} {i + 1} entfernen
                  </span>
                </button>
              )}
            </section>
          ))}
          {count < field.maxItems && (
            <button type="submit" class="kern-btn kern-btn--secondary" name="_aktion" value={`hinzufuegen:${key}`}>
              <span class="kern-label">Weiteren Eintrag hinzufügen: {field.itemLabel}</span>
            </button>
          )}
        </Fieldset>
      );
    }
    default:
      return <SimpleInput field={field} name={key} label={field.label} values={values} errors={errors} required={required} />;
  }
}
