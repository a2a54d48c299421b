/** Back office: the shared library of all tenants, one shared procedure's preview and import. */
import { type FieldErrors, PostForm, SubmitButton, TextField } from '../../../platform/views/forms.js';
import { Table } from '../../../platform/views/table.js';
import type { SharedVersion } from '../library.js';
import { type BuilderContext, BuilderFrame, formatDate } from './builder-parts.js';
import { PagePreview } from './builder-preview.js';

export function LibraryPage({ ctx, entries }: { ctx: BuilderContext; entries: SharedVersion[] }) {
  const title = 'Bibliothek der Online-Verfahren';
  return (
    <BuilderFrame ctx={ctx} title={title}>
      <p class="kern-body kern-body--small">
        <a class="kern-link" href={ctx.base}>
          Zurück zu den Online-Verfahren
        </a>
      </p>
      <h1 class="kern-heading-large">{title}</h1>
      <p class="kern-body">
        Verfahren, die Verwaltungen miteinander teilen. Sie können jedes ansehen und als eigenen Entwurf übernehmen; danach passen
        Sie Texte und Fachbereich an. Teilt die Herkunft eine neuere Version, sehen Sie das bei Ihrer Kopie.
      </p>
      <p class="kern-body" role="status">
        {entries.length === 1 ? '1 geteiltes Verfahren' : `${entries.length} geteilte Verfahren`}
      </p>
      {entries.length > 0 && (
        <Table
          caption="Geteilte Verfahren"
          columns={['Titel', 'Von', 'Version', 'Geteilt am', 'Lizenz']}
          rows={entries.map((e) => ({
            key: e.id,
            cells: [
              <a key="l" class="kern-link" href={`${ctx.base}/bibliothek/${e.id}`}>
                {e.title}
              </a>,
              e.originTenantName,
              String(e.version),
              formatDate(e.publishedAt),
              e.licence,
            ],
          }))}
        />
      )}
    </BuilderFrame>
  );
}

export function SharedProcedurePage({
  ctx,
  entry,
  slug,
  errors,
  own,
}: {
  ctx: BuilderContext;
  entry: SharedVersion;
  slug: string;
  errors?: FieldErrors;
  own: boolean;
}) {
  const d = entry.definition;
  return (
    <BuilderFrame ctx={ctx} title={`Bibliothek: ${entry.title}`} errors={errors}>
      <p class="kern-body kern-body--small">
        <a class="kern-link" href={`${ctx.base}/bibliothek`}>
          Zurück zur Bibliothek
        </a>
      </p>
      <h1 class="kern-heading-large">{entry.title}</h1>
      <dl class="kern-description-list">
        <dt>Geteilt von</dt>
        <dd>{entry.originTenantName}</dd>
        <dt>Version</dt>
        <dd>
          {entry.version} vom {formatDate(entry.publishedAt)}
        </dd>
        <dt>Lizenz</dt>
        <dd>{entry.licence}</dd>
        <dt>Seiten und Felder</dt>
        <dd>
          {d.pages.length} Seiten, {d.pages.reduce((n, p) => n + p.fields.length, 0)} Felder
        </dd>
      </dl>
      {d.description && <p class="kern-body">{d.description}</p>}
      {own ? (
        <p class="kern-body">Dieses Verfahren stammt von Ihrer Verwaltung.</p>
      ) : (
        <section class="kern-stack-sm" aria-labelledby="uebernehmen-titel">
          <h2 class="kern-heading-medium" id="uebernehmen-titel">
            Als eigenes Verfahren übernehmen
          </h2>
          <p class="kern-body">
            Es entsteht ein Entwurf in Ihrer Verwaltung. Herkunft und Version werden vermerkt, damit Sie neuere Versionen
            übernehmen können.
          </p>
          <PostForm action={`${ctx.base}/bibliothek/${entry.id}/uebernehmen`} csrfToken={ctx.csrf}>
            <TextField
              name="slug"
              label="Kennung bei Ihnen"
              value={slug}
              error={errors?.slug}
              hint="Der letzte Teil der Adresse des Online-Antrags; Kleinbuchstaben, Ziffern und Bindestriche."
              required
            />
            <SubmitButton label="Als Entwurf übernehmen" />
          </PostForm>
        </section>
      )}
      {d.pages.map((page, i) => (
        <PagePreview key={page.id} page={page} pageNumber={i + 1} heading={`Vorschau Seite ${i + 1} von ${d.pages.length}`} />
      ))}
    </BuilderFrame>
  );
}
