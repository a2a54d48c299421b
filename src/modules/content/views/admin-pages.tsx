import type { ComponentChildren } from 'preact';
import {
  ErrorSummary,
  type FieldErrors,
  Notice,
  PostForm,
  SubmitButton,
  TextAreaField,
  TextField,
} from '../../../platform/views/forms.js';
import { StaffFrame, type StaffPageView } from '../../../platform/views/StaffFrame.js';
import { Table } from '../../../platform/views/table.js';
import type { NewsRow } from '../repo.js';
import { germanDate } from '../text.js';

/** What every back-office page of this module needs besides its own data. */
export type StaffView = StaffPageView;

function Page({ view, title, path, children }: { view: StaffView; title: string; path: string; children: ComponentChildren }) {
  return (
    <StaffFrame tenant={view.tenant} title={title} staff={view.staff} nav={view.nav} currentPath={path} csrfToken={view.csrf}>
      <div class="kern-stack-md">
        {view.notice && <Notice kind="success">{view.notice}</Notice>}
        {children}
      </div>
    </StaffFrame>
  );
}

const MARKDOWN_HINT =
  'Absätze durch Leerzeilen trennen. Zwischenüberschrift: ## Titel. Liste: - Eintrag. **fett**, *kursiv*, [Linktext](https://…).';

export function NewsAdminListPage({ view, items }: { view: StaffView; items: NewsRow[] }) {
  const base = `/${view.tenant.slug}/verwaltung/aktuelles`;
  return (
    <Page view={view} title="Aktuelles" path="/aktuelles">
      <h1 class="kern-heading-large">Aktuelles (Pressemitteilungen)</h1>
      <p class="kern-body">
        <a class="kern-btn kern-btn--primary" href={`${base}/neu`}>
          <span class="kern-label">Neue Meldung schreiben</span>
        </a>
      </p>
      {items.length === 0 ? (
        <p class="kern-body">Noch keine Meldungen.</p>
      ) : (
        <Table
          caption="Alle Meldungen"
          visibleCaption
          columns={['Überschrift', 'Status', 'Veröffentlicht am']}
          rows={items.map((n) => ({
            key: n.id,
            cells: [
              <a key="link" class="kern-link" href={`${base}/${n.id}`}>
                {n.title}
              </a>,
              n.status === 'published' ? 'veröffentlicht' : 'Entwurf',
              n.status === 'published' && n.published_at ? germanDate(n.published_at) : '–',
            ],
          }))}
        />
      )}
    </Page>
  );
}

export interface NewsFormValues {
  title: string;
  slug: string;
  teaser: string;
  body: string;
}

/** Create (no `item`) or edit a news item; publish and withdraw are separate small forms. */
export function NewsEditPage({
  view,
  item,
  values,
  errors = {},
}: {
  view: StaffView;
  item?: NewsRow;
  values: NewsFormValues;
  errors?: FieldErrors;
}) {
  const base = `/${view.tenant.slug}/verwaltung/aktuelles`;
  const action = item ? `${base}/${item.id}` : `${base}/neu`;
  const title = item ? 'Meldung bearbeiten' : 'Neue Meldung';
  return (
    <Page view={view} title={title} path="/aktuelles">
      <ErrorSummary errors={errors} />
      <p class="kern-body">
        <a class="kern-link" href={base}>
          Zurück zur Liste
        </a>
      </p>
      <h1 class="kern-heading-large">{title}</h1>
      {item && (
        <p class="kern-body">
          Status: <strong>{item.status === 'published' ? 'veröffentlicht' : 'Entwurf'}</strong>
          {item.status === 'published' && (
            <>
              {' '}
              ·{' '}
              <a class="kern-link" href={`/${view.tenant.slug}/aktuelles/${item.slug}`}>
                Öffentliche Seite ansehen
              </a>
            </>
          )}
        </p>
      )}
      <PostForm action={action} csrfToken={view.csrf}>
        <TextField name="title" label="Überschrift" value={values.title} error={errors.title} required />
        <TextField
          name="slug"
          label="Adresse (Kürzel in der URL)"
          value={values.slug}
          error={errors.slug}
          hint="Leer lassen: wird aus der Überschrift gebildet. Nur Kleinbuchstaben, Ziffern und Bindestriche."
        />
        <TextAreaField
          name="teaser"
          label="Vorspann"
          value={values.teaser}
          error={errors.teaser}
          rows={3}
          required
          hint="Ein bis zwei Sätze; erscheinen in der Liste und im Newsfeed."
        />
        <TextAreaField name="body" label="Text" value={values.body} error={errors.body} rows={14} required hint={MARKDOWN_HINT} />
        <SubmitButton label={item ? 'Änderungen speichern' : 'Als Entwurf speichern'} />
      </PostForm>
      {item && (
        <PostForm
          action={`${action}/${item.status === 'published' ? 'zurueckziehen' : 'veroeffentlichen'}`}
          csrfToken={view.csrf}
        >
          <SubmitButton label={item.status === 'published' ? 'Veröffentlichung zurückziehen' : 'Veröffentlichen'} />
        </PostForm>
      )}
    </Page>
  );
}

export function PagesAdminListPage({
  view,
  pages,
}: {
  view: StaffView;
  pages: { slug: string; title: string; updatedAt: Date | null }[];
}) {
  const base = `/${view.tenant.slug}/verwaltung/seiten`;
  return (
    <Page view={view} title="Seiten" path="/seiten">
      <h1 class="kern-heading-large">Seiten</h1>
      <p class="kern-body">
        Impressum, Datenschutzerklärung, Erklärung zur Barrierefreiheit und Kontakt gibt es immer; solange sie niemand bearbeitet
        hat, zeigt die Website einen Standardtext aus den Stammdaten.
      </p>
      <p class="kern-body">
        <a class="kern-btn kern-btn--secondary" href={`${base}/neu`}>
          <span class="kern-label">Neue Seite anlegen</span>
        </a>
      </p>
      <Table
        caption="Alle Seiten"
        visibleCaption
        columns={['Titel', 'Adresse', 'Zuletzt geändert']}
        rows={pages.map((p) => ({
          key: p.slug,
          cells: [
            <a key="link" class="kern-link" href={`${base}/${p.slug}`}>
              {p.title}
            </a>,
            `/${view.tenant.slug}/seite/${p.slug}`,
            p.updatedAt ? germanDate(p.updatedAt) : 'Standardtext',
          ],
        }))}
      />
    </Page>
  );
}

export interface PageFormValues {
  slug: string;
  title: string;
  body: string;
}

/** Edit a page (slug fixed) or create one (`isNew`: slug editable). */
export function PageEditPage({
  view,
  isNew,
  values,
  errors = {},
}: {
  view: StaffView;
  isNew: boolean;
  values: PageFormValues;
  errors?: FieldErrors;
}) {
  const base = `/${view.tenant.slug}/verwaltung/seiten`;
  const heading = isNew ? 'Neue Seite' : `Seite bearbeiten: ${values.title}`;
  return (
    <Page view={view} title={isNew ? 'Neue Seite' : 'Seite bearbeiten'} path="/seiten">
      <ErrorSummary errors={errors} />
      <p class="kern-body">
        <a class="kern-link" href={base}>
          Zurück zur Liste
        </a>
      </p>
      <h1 class="kern-heading-large">{heading}</h1>
      <PostForm action={isNew ? `${base}/neu` : `${base}/${values.slug}`} csrfToken={view.csrf}>
        {isNew ? (
          <TextField
            name="slug"
            label="Adresse (Kürzel in der URL)"
            value={values.slug}
            error={errors.slug}
            required
            hint="Nur Kleinbuchstaben, Ziffern und Bindestriche, z. B. anfahrt."
          />
        ) : (
          <p class="kern-body">
            Adresse:{' '}
            <a class="kern-link" href={`/${view.tenant.slug}/seite/${values.slug}`}>
              /{view.tenant.slug}/seite/{values.slug}
            </a>
          </p>
        )}
        <TextField name="title" label="Titel" value={values.title} error={errors.title} required />
        <TextAreaField name="body" label="Text" value={values.body} error={errors.body} rows={18} required hint={MARKDOWN_HINT} />
        <SubmitButton label="Seite speichern" />
      </PostForm>
    </Page>
  );
}
