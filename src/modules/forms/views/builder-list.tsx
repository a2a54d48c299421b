/** Back office: the tenant's online procedures, a new one, importing a JSON file. */
import { type FieldErrors, PostForm, SubmitButton, TextAreaField, TextField } from '../../../platform/views/forms.js';
import { Table } from '../../../platform/views/table.js';
import type { ProcedureListRow } from '../admin/repo.js';
import { type BuilderContext, BuilderFrame, formatDate } from './builder-parts.js';

const statusText = (p: ProcedureListRow) =>
  p.status === 'published'
    ? `Veröffentlicht${p.hasDraft ? ', neuer Entwurf in Arbeit' : ''}`
    : p.version
      ? `Offline${p.hasDraft ? ', Entwurf in Arbeit' : ''}`
      : 'Entwurf';

export function ProceduresListPage({ ctx, procedures }: { ctx: BuilderContext; procedures: ProcedureListRow[] }) {
  const title = 'Online-Verfahren';
  return (
    <BuilderFrame ctx={ctx} title={title}>
      <h1 class="kern-heading-large">{title}</h1>
      <p class="kern-body">
        Hier bauen Sie Online-Anträge selbst: Seiten, Felder, Bedingungen und Bearbeitung. Eine veröffentlichte Version bleibt
        unverändert; jede Änderung entsteht als Entwurf der nächsten Version.
      </p>
      <ul class="kern-list builder-actions">
        <li>
          <a class="kern-link" href={`${ctx.base}/neu`}>
            Neues Verfahren anlegen
          </a>
        </li>
        <li>
          <a class="kern-link" href={`${ctx.base}/import`}>
            Verfahren aus JSON-Datei importieren
          </a>
        </li>
        <li>
          <a class="kern-link" href={`${ctx.base}/bibliothek`}>
            Gemeinsame Bibliothek der Verwaltungen durchsuchen
          </a>
        </li>
      </ul>
      <p class="kern-body" role="status">
        {procedures.length === 1 ? '1 Verfahren' : `${procedures.length} Verfahren`}
      </p>
      {procedures.length > 0 && (
        <Table
          caption="Online-Verfahren dieser Verwaltung"
          columns={['Titel', 'Status', 'Version', 'Veröffentlicht am', 'Anträge', 'Herkunft']}
          rows={procedures.map((p) => ({
            key: p.id,
            cells: [
              <a key="l" class="kern-link" href={`${ctx.base}/${p.id}`}>
                {p.title}
              </a>,
              statusText(p),
              p.version ? String(p.version) : '–',
              formatDate(p.publishedAt),
              String(p.submissions),
              p.originTenant ? `Bibliothek: ${p.originTenant}` : 'eigenes Verfahren',
            ],
          }))}
        />
      )}
    </BuilderFrame>
  );
}

export function NewProcedurePage({
  ctx,
  values,
  errors,
}: {
  ctx: BuilderContext;
  values: Record<string, string>;
  errors?: FieldErrors;
}) {
  const title = 'Neues Online-Verfahren';
  return (
    <BuilderFrame ctx={ctx} title={title} errors={errors}>
      <p class="kern-body kern-body--small">
        <a class="kern-link" href={ctx.base}>
          Zurück zu den Online-Verfahren
        </a>
      </p>
      <h1 class="kern-heading-large">{title}</h1>
      <PostForm action={`${ctx.base}/neu`} csrfToken={ctx.csrf}>
        <TextField
          name="title"
          label="Titel des Verfahrens"
          value={values.title}
          error={errors?.title}
          required
          hint="So heißt der Antrag für Bürgerinnen und Bürger, zum Beispiel „Hundesteuer anmelden“."
        />
        <TextField
          name="slug"
          label="Kennung in der Adresse"
          value={values.slug}
          error={errors?.slug}
          hint="Bleibt sie leer, wird sie aus dem Titel gebildet. Kleinbuchstaben, Ziffern und Bindestriche; sie lässt sich später nicht ändern."
        />
        <TextAreaField
          name="description"
          label="Beschreibung für die Startseite des Antrags"
          value={values.description}
          error={errors?.description}
          rows={4}
        />
        <TextField name="firstPage" label="Titel der ersten Seite" value={values.firstPage} error={errors?.firstPage} required />
        <SubmitButton label="Verfahren als Entwurf anlegen" />
      </PostForm>
    </BuilderFrame>
  );
}

export function ImportPage({ ctx, problems, fileName }: { ctx: BuilderContext; problems?: string[]; fileName?: string }) {
  const title = 'Verfahren importieren';
  return (
    <BuilderFrame ctx={ctx} title={title} problems={problems}>
      <p class="kern-body kern-body--small">
        <a class="kern-link" href={ctx.base}>
          Zurück zu den Online-Verfahren
        </a>
      </p>
      <h1 class="kern-heading-large">{title}</h1>
      {problems && problems.length > 0 && (
        <p class="kern-body">Die Datei {fileName ? `„${fileName}“ ` : ''}wurde nicht übernommen; es wurde nichts gespeichert.</p>
      )}
      <p class="kern-body">
        Laden Sie eine Verfahrensdefinition (JSON, wie sie „Herunterladen“ erzeugt) hoch. Gibt es bei Ihnen schon ein Verfahren
        mit derselben Kennung, wird die Datei dessen neuer Entwurf; sonst entsteht ein neues Verfahren. Veröffentlicht wird erst,
        wenn Sie es veröffentlichen.
      </p>
      <PostForm action={`${ctx.base}/import`} csrfToken={ctx.csrf} enctype="multipart/form-data">
        <TextField
          name="datei"
          label="Verfahrensdefinition (JSON-Datei)"
          type="file"
          accept=".json,application/json"
          error={problems && problems.length > 0 ? 'Die Datei enthält Fehler (siehe oben).' : undefined}
          required
        />
        <SubmitButton label="Datei prüfen und als Entwurf übernehmen" />
      </PostForm>
    </BuilderFrame>
  );
}
