import {
  ActionButton,
  type FieldErrors,
  PostForm,
  SelectField,
  SubmitButton,
  TextAreaField,
  TextField,
} from '../../../../platform/views/forms.js';
import { Table } from '../../../../platform/views/table.js';
import type { LebenslageNode } from '../../service.js';
import type { LebenslageFormValues, SynonymFormValues } from '../taxonomy.js';
import { type AdminContext, AdminPage } from './parts.js';

function LebenslageFields({
  values: v,
  errors,
  parents,
}: {
  values: Partial<LebenslageFormValues>;
  errors: FieldErrors;
  parents: { id: string; title: string }[];
}) {
  return (
    <>
      <TextField name="title" label="Titel" value={v.title} error={errors.title} required />
      <TextField
        name="slug"
        label="Kürzel in der Adresse"
        value={v.slug}
        error={errors.slug}
        hint="Bleibt es leer, wird es aus dem Titel gebildet."
      />
      <TextAreaField name="summary" label="Kurztext" value={v.summary} error={errors.summary} rows={3} />
      <SelectField
        name="parent"
        label="Oberbegriff"
        value={v.parent}
        error={errors.parent}
        options={[{ value: '', label: '– oberste Ebene –' }, ...parents.map((p) => ({ value: p.id, label: p.title }))]}
      />
    </>
  );
}

export function LebenslagenAdminPage({
  ctx,
  tree,
  values = {},
  errors = {},
}: {
  ctx: AdminContext;
  tree: LebenslageNode[];
  values?: Partial<LebenslageFormValues>;
  errors?: FieldErrors;
}) {
  const path = `${ctx.base}/lebenslagen`;
  const moveButtons = (node: LebenslageNode, index: number, count: number) => (
    <>
      {index > 0 && (
        <ActionButton
          action={`${path}/${node.id}/hoch`}
          csrf={ctx.csrf}
          label="Nach oben"
          srLabel={`: ${node.title}`}
          kind="tertiary"
        />
      )}
      {index < count - 1 && (
        <ActionButton
          action={`${path}/${node.id}/runter`}
          csrf={ctx.csrf}
          label="Nach unten"
          srLabel={`: ${node.title}`}
          kind="tertiary"
        />
      )}
    </>
  );
  return (
    <AdminPage ctx={ctx} title="Lebenslagen" path="/lebenslagen" errors={errors}>
      <h1 class="kern-heading-large">Lebenslagen</h1>
      {tree.length === 0 ? (
        <p class="kern-body">Noch keine Lebenslagen.</p>
      ) : (
        <ol class="kern-list">
          {tree.map((root, i) => (
            <li key={root.id}>
              <a class="kern-link" href={`${path}/${root.id}`}>
                {root.title}
              </a>
              {moveButtons(root, i, tree.length)}
              {root.children.length > 0 && (
                <ol class="kern-list">
                  {root.children.map((child, j) => (
                    <li key={child.id}>
                      <a class="kern-link" href={`${path}/${child.id}`}>
                        {child.title}
                      </a>
                      {moveButtons(child, j, root.children.length)}
                    </li>
                  ))}
                </ol>
              )}
            </li>
          ))}
        </ol>
      )}
      <section aria-labelledby="neu-titel" class="kern-stack-sm">
        <h2 id="neu-titel" class="kern-heading-medium">
          Neue Lebenslage
        </h2>
        <PostForm action={path} csrfToken={ctx.csrf}>
          <LebenslageFields values={values} errors={errors} parents={tree} />
          <SubmitButton label="Lebenslage anlegen" />
        </PostForm>
      </section>
    </AdminPage>
  );
}

export function LebenslageEditPage({
  ctx,
  id,
  values,
  errors = {},
  parents,
}: {
  ctx: AdminContext;
  id: string;
  values: LebenslageFormValues;
  errors?: FieldErrors;
  parents: { id: string; title: string }[];
}) {
  const path = `${ctx.base}/lebenslagen`;
  return (
    <AdminPage ctx={ctx} title="Lebenslage bearbeiten" path="/lebenslagen" errors={errors}>
      <p class="kern-body kern-body--small">
        <a class="kern-link" href={path}>
          Zurück zu den Lebenslagen
        </a>
      </p>
      <h1 class="kern-heading-large">Lebenslage bearbeiten</h1>
      <PostForm action={`${path}/${id}`} csrfToken={ctx.csrf}>
        <LebenslageFields values={values} errors={errors} parents={parents.filter((p) => p.id !== id)} />
        <SubmitButton label="Speichern" />
      </PostForm>
    </AdminPage>
  );
}

export function SynonymsPage({
  ctx,
  synonyms,
  values = {},
  errors = {},
}: {
  ctx: AdminContext;
  synonyms: { id: string; term: string; expansions: string[] }[];
  values?: Partial<SynonymFormValues>;
  errors?: FieldErrors;
}) {
  const path = `${ctx.base}/synonyme`;
  return (
    <AdminPage ctx={ctx} title="Synonyme der Suche" path="/synonyme" errors={errors}>
      <h1 class="kern-heading-large">Synonyme der Suche</h1>
      <p class="kern-body">
        Wer einen Suchbegriff eingibt, findet auch Leistungen zu seinen Bedeutungen, zum Beispiel „Perso“ → „Personalausweis“. Ein
        vorhandener Suchbegriff erhält beim Speichern die neuen Bedeutungen.
      </p>
      <section aria-labelledby="neu-titel" class="kern-stack-sm">
        <h2 id="neu-titel" class="kern-heading-medium">
          Synonym anlegen oder ändern
        </h2>
        <PostForm action={path} csrfToken={ctx.csrf}>
          <TextField name="term" label="Suchbegriff" value={values.term} error={errors.term} required />
          <TextField
            name="expansions"
            label="Bedeutungen"
            value={values.expansions}
            error={errors.expansions}
            hint="Durch Kommas getrennt, zum Beispiel: Personalausweis, Ausweis."
            required
          />
          <SubmitButton label="Synonym speichern" />
        </PostForm>
      </section>
      {synonyms.length > 0 && (
        <Table
          caption="Synonyme"
          columns={['Suchbegriff', 'Bedeutungen', 'Aktion']}
          rows={synonyms.map((s) => ({
            key: s.id,
            cells: [
              s.term,
              s.expansions.join(', '),
              <ActionButton
                key="entfernen"
                action={`${path}/${s.id}/entfernen`}
                csrf={ctx.csrf}
                label="Entfernen"
                srLabel={`: ${s.term}`}
                kind="tertiary"
              />,
            ],
          }))}
        />
      )}
    </AdminPage>
  );
}

export function DigitalOfficePage({
  ctx,
  panel,
}: {
  ctx: AdminContext;
  panel: { online: number; goal: number; offline: { id: string; title: string; visits: number }[] };
}) {
  const reached = panel.online >= panel.goal;
  return (
    <AdminPage ctx={ctx} title="Digitales Amt" path="/digitales-amt">
      <h1 class="kern-heading-large">Digitales Amt</h1>
      <section aria-labelledby="fortschritt-titel" class="kern-stack-sm">
        <h2 id="fortschritt-titel" class="kern-heading-medium">
          Online verfügbare Leistungen
        </h2>
        <p class="kern-body kern-body--large" id="fortschritt-text">
          {panel.online} von {panel.goal} veröffentlichten Leistungen sind online möglich.
        </p>
        <progress
          class="digital-progress"
          max={panel.goal}
          value={Math.min(panel.online, panel.goal)}
          aria-labelledby="fortschritt-text"
        >
          {panel.online} von {panel.goal}
        </progress>
        <p class="kern-body">
          {reached
            ? 'Die Schwelle von 50 Online-Leistungen für die Auszeichnung „Digitales Amt“ ist erreicht.'
            : `Bis zur Schwelle von ${panel.goal} Online-Leistungen für die Auszeichnung „Digitales Amt“ fehlen noch ${panel.goal - panel.online}.`}
        </p>
      </section>
      <section aria-labelledby="offline-titel" class="kern-stack-sm">
        <h2 id="offline-titel" class="kern-heading-medium">
          Noch nicht online: die meistbesuchten zuerst
        </h2>
        {panel.offline.length === 0 ? (
          <p class="kern-body">Alle veröffentlichten Leistungen sind online möglich.</p>
        ) : (
          <Table
            caption="Veröffentlichte Leistungen ohne Online-Zugang, nach Aufrufen"
            columns={['Leistung', 'Aufrufe']}
            rows={panel.offline.map((s) => ({
              key: s.id,
              cells: [
                <a key="link" class="kern-link" href={`${ctx.base}/leistungen/${s.id}`}>
                  {s.title}
                </a>,
                s.visits.toLocaleString('de-DE'),
              ],
            }))}
          />
        )}
      </section>
    </AdminPage>
  );
}
