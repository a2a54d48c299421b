/** Back office: one page of a procedure: its settings, its fields, adding a field, the preview. */
import {
  type FieldErrors,
  Fieldset,
  PostForm,
  SelectField,
  SubmitButton,
  TextAreaField,
  TextField,
} from '../../../platform/views/forms.js';
import type { FormValues } from '../admin/field-form.js';
import { FIELD_TYPE_LABELS, FIELD_TYPES, OPERATOR_LABELS } from '../admin/field-form.js';
import type { DefinitionInput } from '../definition.js';
import { type BuilderContext, BuilderFrame, MiniAction } from './builder-parts.js';
import { PagePreview } from './builder-preview.js';

export interface ConditionCandidate {
  key: string;
  label: string;
  pageNumber: number;
  /** The answers the field can have, for the hint ("ja, nein"). */
  values?: string;
}

const v = (values: FormValues, name: string) => {
  const x = values[name];
  return Array.isArray(x) ? (x[0] ?? '') : (x ?? '');
};

/** "Show (or require) when an earlier answer equals / does not equal a value": three inputs. */
export function ConditionInputs({
  prefix,
  legend,
  candidates,
  values,
  errors,
}: {
  prefix: string;
  legend: string;
  candidates: ConditionCandidate[];
  values: FormValues;
  errors: FieldErrors;
}) {
  const chosen = candidates.find((c) => c.key === v(values, `${prefix}-field`));
  return (
    <Fieldset legend={legend}>
      {candidates.length === 0 ? (
        <p class="kern-body kern-body--small">
          Bedingungen können nur Antworten früherer Seiten prüfen; davor gibt es keine passenden Felder.
        </p>
      ) : (
        <>
          <SelectField
            name={`${prefix}-field`}
            label={`${legend}: Feld`}
            value={v(values, `${prefix}-field`)}
            error={errors[`${prefix}-field`]}
            options={[
              { value: '', label: 'Keine Bedingung (immer)' },
              ...candidates.map((c) => ({ value: c.key, label: `${c.label} (${c.key}, Seite ${c.pageNumber})` })),
            ]}
          />
          <SelectField
            name={`${prefix}-op`}
            label={`${legend}: Vergleich`}
            value={v(values, `${prefix}-op`) || 'equals'}
            error={errors[`${prefix}-op`]}
            options={Object.entries(OPERATOR_LABELS).map(([value, label]) => ({ value, label }))}
          />
          <TextField
            name={`${prefix}-value`}
            label={`${legend}: Wert`}
            value={v(values, `${prefix}-value`)}
            error={errors[`${prefix}-value`]}
            hint={
              chosen?.values
                ? `Mögliche Werte von „${chosen.label}“: ${chosen.values}`
                : 'Bei Ankreuzfeldern „ja“ oder „nein“, bei Auswahlfeldern der Wert der Antwort.'
            }
          />
        </>
      )}
    </Fieldset>
  );
}

export interface PageEditProps {
  ctx: BuilderContext;
  procedureId: string;
  definition: DefinitionInput;
  pageIndex: number;
  candidates: ConditionCandidate[];
  pageValues: FormValues;
  newFieldValues: FormValues;
  errors?: FieldErrors;
  problems?: string[];
}

export function PageEditPage({
  ctx,
  procedureId,
  definition,
  pageIndex,
  candidates,
  pageValues,
  newFieldValues,
  errors = {},
  problems,
}: PageEditProps) {
  const page = definition.pages[pageIndex];
  const n = pageIndex + 1;
  const href = `${ctx.base}/${procedureId}/seiten/${n}`;
  const title = `Seite ${n}: ${page.title}`;
  return (
    <BuilderFrame ctx={ctx} title={`${title} – ${definition.title}`} errors={errors} problems={problems}>
      <p class="kern-body kern-body--small">
        <a class="kern-link" href={`${ctx.base}/${procedureId}#seite-${n}`}>
          Zurück zum Verfahren „{definition.title}“
        </a>
      </p>
      <h1 class="kern-heading-large">{title}</h1>

      <section class="kern-stack-sm" aria-labelledby="felder-titel">
        <h2 class="kern-heading-medium" id="felder-titel" tabIndex={-1}>
          Felder dieser Seite
        </h2>
        {page.fields.length === 0 && <p class="kern-body">Noch keine Felder. Fügen Sie unten das erste hinzu.</p>}
        <ol class="kern-list kern-stack-sm">
          {page.fields.map((field, i) => (
            <li key={field.key} id={`zeile-${field.key}`} tabIndex={-1}>
              <p class="kern-body">
                <a class="kern-link" href={`${href}/felder/${field.key}`}>
                  {field.label}
                  <span class="kern-sr-only"> (Feld bearbeiten)</span>
                </a>{' '}
                · {FIELD_TYPE_LABELS[field.type]} · Schlüssel {field.key}
                {'required' in field && field.required ? ' · Pflichtangabe' : ''}
                {field.showIf ? ` · nur wenn „${field.showIf.field}“ passt` : ''}
              </p>
              <div class="builder-actions">
                <MiniAction
                  action={`${href}/felder/${field.key}/hoch`}
                  csrf={ctx.csrf}
                  label="Nach oben"
                  srLabel={`: Feld „${field.label}“ eine Stelle nach oben`}
                  disabled={i === 0}
                />
                <MiniAction
                  action={`${href}/felder/${field.key}/runter`}
                  csrf={ctx.csrf}
                  label="Nach unten"
                  srLabel={`: Feld „${field.label}“ eine Stelle nach unten`}
                  disabled={i === page.fields.length - 1}
                />
                <MiniAction
                  action={`${href}/felder/${field.key}/entfernen`}
                  csrf={ctx.csrf}
                  label="Entfernen"
                  srLabel={`: Feld „${field.label}“`}
                />
              </div>
            </li>
          ))}
        </ol>
      </section>

      <section class="kern-stack-sm" aria-labelledby="neues-feld-titel" id="neues-feld">
        <h2 class="kern-heading-medium" id="neues-feld-titel">
          Feld hinzufügen
        </h2>
        <PostForm action={`${href}/felder`} csrfToken={ctx.csrf}>
          <SelectField
            name="n-type"
            label="Art des Feldes"
            value={v(newFieldValues, 'n-type') || 'text'}
            error={errors['n-type']}
            options={FIELD_TYPES.map((t) => ({ value: t, label: FIELD_TYPE_LABELS[t] }))}
          />
          <TextField
            name="n-label"
            label="Beschriftung des neuen Feldes"
            value={v(newFieldValues, 'n-label')}
            error={errors['n-label']}
            required
          />
          <TextField
            name="n-key"
            label="Feldschlüssel des neuen Feldes"
            value={v(newFieldValues, 'n-key')}
            error={errors['n-key']}
            hint="Der Name der Antwort in den Daten. Bleibt er leer, wird er aus der Beschriftung gebildet. Kleinbuchstabe am Anfang, dann Buchstaben, Ziffern oder _."
          />
          <SubmitButton label="Feld hinzufügen" kind="secondary" />
        </PostForm>
      </section>

      <section class="kern-stack-sm" aria-labelledby="seite-einstellungen-titel" id="einstellungen">
        <h2 class="kern-heading-medium" id="seite-einstellungen-titel">
          Einstellungen der Seite
        </h2>
        <PostForm action={href} csrfToken={ctx.csrf}>
          <TextField name="p-title" label="Titel der Seite" value={v(pageValues, 'p-title')} error={errors['p-title']} required />
          <TextAreaField
            name="p-intro"
            label="Einleitungstext der Seite"
            value={v(pageValues, 'p-intro')}
            error={errors['p-intro']}
            rows={3}
          />
          <ConditionInputs
            prefix="p-showif"
            legend="Seite nur anzeigen, wenn"
            candidates={candidates}
            values={pageValues}
            errors={errors}
          />
          <SubmitButton label="Seite speichern" />
        </PostForm>
      </section>

      <PagePreview page={page} pageNumber={n} />
    </BuilderFrame>
  );
}
