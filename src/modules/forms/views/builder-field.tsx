/** Back office: editing one field: its texts, validation, conditions; the page preview below. */
import {
  CheckboxGroupField,
  type FieldErrors,
  Fieldset,
  PostForm,
  SelectField,
  SubmitButton,
  TextAreaField,
  TextField,
} from '../../../platform/views/forms.js';
import type { FormValues } from '../admin/field-form.js';
import { FIELD_TYPE_LABELS } from '../admin/field-form.js';
import type { DefinitionInput, FieldType } from '../definition.js';
import { type ConditionCandidate, ConditionInputs } from './builder-page.js';
import { type BuilderContext, BuilderFrame, CheckboxField } from './builder-parts.js';
import { PagePreview } from './builder-preview.js';

const v = (values: FormValues, name: string) => {
  const x = values[name];
  return Array.isArray(x) ? (x[0] ?? '') : (x ?? '');
};
const many = (values: FormValues, name: string) => {
  const x = values[name];
  return Array.isArray(x) ? x : x ? [x] : [];
};

export interface FieldEditProps {
  ctx: BuilderContext;
  procedureId: string;
  definition: DefinitionInput;
  pageIndex: number;
  fieldKey: string;
  type: FieldType;
  values: FormValues;
  candidates: ConditionCandidate[];
  errors?: FieldErrors;
  problems?: string[];
}

export function FieldEditPage({
  ctx,
  procedureId,
  definition,
  pageIndex,
  fieldKey,
  type,
  values,
  candidates,
  errors = {},
  problems,
}: FieldEditProps) {
  const n = pageIndex + 1;
  const pageHref = `${ctx.base}/${procedureId}/seiten/${n}`;
  const title = `Feld bearbeiten: ${v(values, 'f-label') || fieldKey}`;
  const text = (name: string, label: string, hint?: string) => (
    <TextField name={name} label={label} value={v(values, name)} error={errors[name]} hint={hint} />
  );
  const number = (name: string, label: string, hint?: string) => (
    <TextField name={name} label={label} value={v(values, name)} error={errors[name]} hint={hint} inputMode="numeric" />
  );
  const area = (name: string, label: string, hint?: string, rows = 4) => (
    <TextAreaField name={name} label={label} value={v(values, name)} error={errors[name]} hint={hint} rows={rows} />
  );
  return (
    <BuilderFrame ctx={ctx} title={`${title} – ${definition.title}`} errors={errors} problems={problems}>
      <p class="kern-body kern-body--small">
        <a class="kern-link" href={`${pageHref}#zeile-${fieldKey}`}>
          Zurück zu Seite {n}: {definition.pages[pageIndex].title}
        </a>
      </p>
      <h1 class="kern-heading-large">{title}</h1>
      <p class="kern-body">Art: {FIELD_TYPE_LABELS[type]}</p>
      <PostForm action={`${pageHref}/felder/${fieldKey}`} csrfToken={ctx.csrf}>
        <TextField
          name="f-label"
          label={type === 'info' ? 'Überschrift' : 'Beschriftung'}
          value={v(values, 'f-label')}
          error={errors['f-label']}
          required
        />
        <TextField
          name="f-key"
          label="Feldschlüssel"
          value={v(values, 'f-key')}
          error={errors['f-key']}
          required
          hint="Der Name der Antwort in den Daten: Kleinbuchstabe am Anfang, dann Buchstaben, Ziffern oder _. Bedingungen, die ihn nutzen, werden mit umbenannt."
        />
        {type !== 'info' && text('f-hint', 'Hinweistext unter der Beschriftung')}
        {type !== 'info' && <CheckboxField name="f-required" label="Pflichtangabe" checked={v(values, 'f-required') === 'ja'} />}

        {(type === 'text' || type === 'textarea') && (
          <Fieldset legend="Prüfregeln für den Text">
            {number('f-minlength', 'Mindestlänge in Zeichen')}
            {number('f-maxlength', 'Höchstlänge in Zeichen')}
            {text('f-pattern', 'Muster (regulärer Ausdruck)', 'Zum Beispiel ^[0-9]{5}$ für fünf Ziffern.')}
            {text('f-patternmessage', 'Fehlermeldung, wenn das Muster nicht passt')}
          </Fieldset>
        )}
        {(type === 'text' || type === 'email') && (
          <SelectField
            name="f-prefill"
            label="Vorbelegen aus dem Bürgerkonto"
            value={v(values, 'f-prefill')}
            error={errors['f-prefill']}
            options={[
              { value: '', label: 'Nicht vorbelegen' },
              ...(type === 'text' ? [{ value: 'name', label: 'Name' }] : []),
              { value: 'email', label: 'E-Mail-Adresse' },
            ]}
          />
        )}
        {type === 'number' && (
          <Fieldset legend="Prüfregeln für die Zahl">
            {number('f-min', 'Kleinster erlaubter Wert')}
            {number('f-max', 'Größter erlaubter Wert')}
            <CheckboxField name="f-integer" label="Nur ganze Zahlen" checked={v(values, 'f-integer') === 'ja'} />
            {text('f-unit', 'Einheit', 'Zum Beispiel Euro, m² oder Minuten.')}
          </Fieldset>
        )}
        {type === 'date' && (
          <Fieldset legend="Erlaubter Zeitraum">
            {text('f-mindate', 'Frühestes Datum', 'JJJJ-MM-TT oder „today“ für den Tag des Antrags.')}
            {text('f-maxdate', 'Spätestes Datum', 'JJJJ-MM-TT oder „today“ für den Tag des Antrags.')}
          </Fieldset>
        )}
        {(type === 'select' || type === 'radio' || type === 'checkboxGroup') &&
          area(
            'f-options',
            'Antwortmöglichkeiten, eine je Zeile',
            'Nur die Beschriftung, oder „wert = Beschriftung“, wenn der gespeicherte Wert anders heißen soll.',
            6,
          )}
        {type === 'checkboxGroup' && (
          <Fieldset legend="Anzahl der Kreuze">
            {number('f-minitems', 'Mindestens anzukreuzen')}
            {number('f-maxitems', 'Höchstens anzukreuzen')}
          </Fieldset>
        )}
        {type === 'file' && (
          <Fieldset legend="Erlaubte Dateien">
            <CheckboxGroupField
              name="f-accept"
              legend="Erlaubte Dateitypen"
              options={[
                { value: 'pdf', label: 'PDF' },
                { value: 'png', label: 'PNG-Bild' },
                { value: 'jpeg', label: 'JPEG-Bild' },
              ]}
              checked={many(values, 'f-accept')}
              error={errors['f-accept']}
            />
            {text('f-maxmb', 'Größte Datei in MB', 'Höchstens 20 MB.')}
            {number('f-maxcount', 'Höchstzahl der Dateien', '1 bis 10.')}
          </Fieldset>
        )}
        {(type === 'info' || type === 'consent') &&
          area(
            'f-text',
            type === 'info' ? 'Informationstext' : 'Text der Einwilligung',
            'Absätze durch eine Leerzeile trennen.',
            6,
          )}
        {type === 'repeatingGroup' && (
          <Fieldset legend="Einträge der Gruppe">
            {text('f-itemlabel', 'Bezeichnung eines Eintrags', 'Zum Beispiel „Kind“.')}
            {area(
              'f-subfields',
              'Unterfelder, eines je Zeile',
              'schluessel | typ | Beschriftung | pflicht – Typen: text, textarea, number, email, phone, date, checkbox.',
              5,
            )}
            {number('f-minitems', 'Mindestanzahl der Einträge')}
            {number('f-maxitems', 'Höchstanzahl der Einträge')}
          </Fieldset>
        )}

        <ConditionInputs
          prefix="f-showif"
          legend="Feld nur anzeigen, wenn"
          candidates={candidates}
          values={values}
          errors={errors}
        />
        {type !== 'info' && (
          <ConditionInputs
            prefix="f-requiredif"
            legend="Pflichtangabe nur, wenn"
            candidates={candidates}
            values={values}
            errors={errors}
          />
        )}
        <SubmitButton label="Feld speichern" />
      </PostForm>

      <PagePreview page={definition.pages[pageIndex]} pageNumber={n} />
    </BuilderFrame>
  );
}
