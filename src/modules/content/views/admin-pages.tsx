import type { ComponentChildren } from 'preact';
import type { TenantView, ViewerView } from '../../../platform/views/context.js';
import {
  ErrorSummary,
  type FieldErrors,
  fieldId,
  Notice,
  PostForm,
  SubmitButton,
  TextField,
} from '../../../platform/views/forms.js';
import { StaffFrame, type StaffNavItem } from '../../../platform/views/StaffFrame.js';
import type { NewsRow } from '../repo.js';
import { germanDate } from '../text.js';

/** What every back-office page of this module needs besides its own data. */
export interface StaffView {
  tenant: TenantView;
  staff: ViewerView | null;
  nav: StaffNavItem[];
  csrf: string;
  notice?: string;
}

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

/** A labelled multi-line field with hint and error, like TextField. */
export function TextArea({
  name,
  label,
  value,
  error,
  hint,
  rows = 6,
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
      <textarea
        class={`kern-form-input__input${error ? ' kern-form-input__input--error' : ''}`}
        id={id}
        name={name}
        rows={rows}
        aria-describedby={describedBy}
        aria-invalid={error ? 'true' : undefined}
        required={required}
      >
        {value ?? ''}
      </textarea>
    </div>
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
        <table class="kern-table">
          <caption class="kern-title">Alle Meldungen</caption>
          <thead class="kern-table__head">
            <tr class="kern-table__row">
              <th class="kern-table__header" scope="col">
                Überschrift
              </th>
              <th class="kern-table__header" scope="col">
                Status
              </th>
              <th class="kern-table__header" scope="col">
                Veröffentlicht am
              </th>
            </tr>
          </thead>
          <tbody class="kern-table__body">
            {items.map((n) => (
              <tr class="kern-table__row" key={n.id}>
                <td class="kern-table__cell">
                  <a class="kern-link" href={`${base}/${n.id}`}>
                    {n.title}
                  </a>
                </td>
                <td class="kern-table__cell">{n.status === 'published' ? 'veröffentlicht' : 'Entwurf'}</td>
                <td class="kern-table__cell">{n.status === 'published' && n.published_at ? germanDate(n.published_at) : '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
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
        <TextArea
          name="teaser"
          label="Vorspann"
          value={values.teaser}
          error={errors.teaser}
          rows={3}
          required
          hint="Ein bis zwei Sätze; erscheinen in der Liste und im Newsfeed."
        />
        <TextArea name="body" label="Text" value={values.body} error={errors.body} rows={14} required hint={MARKDOWN_HINT} />
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
      <table class="kern-table">
        <caption class="kern-title">Alle Seiten</caption>
        <thead class="kern-table__head">
          <tr class="kern-table__row">
            <th class="kern-table__header" scope="col">
              Titel
            </th>
            <th class="kern-table__header" scope="col">
              Adresse
            </th>
            <th class="kern-table__header" scope="col">
              Zuletzt geändert
            </th>
          </tr>
        </thead>
        <tbody class="kern-table__body">
          {pages.map((p) => (
            <tr class="kern-table__row" key={p.slug}>
              <td class="kern-table__cell">
                <a class="kern-link" href={`${base}/${p.slug}`}>
                  {p.title}
                </a>
              </td>
              <td class="kern-table__cell">
                /{view.tenant.slug}/seite/{p.slug}
              </td>
              <td class="kern-table__cell">{p.updatedAt ? germanDate(p.updatedAt) : 'Standardtext'}</td>
            </tr>
          ))}
        </tbody>
      </table>
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
        <TextArea name="body" label="Text" value={values.body} error={errors.body} rows={18} required hint={MARKDOWN_HINT} />
        <SubmitButton label="Seite speichern" />
      </PostForm>
    </Page>
  );
}
