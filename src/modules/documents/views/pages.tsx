import { ErrorSummary, type FieldErrors, SubmitButton, TextField } from '../../../platform/views/forms.js';
import { StaffFrame, type StaffPageView } from '../../../platform/views/StaffFrame.js';
import { formatDate } from '../dates.js';
import type { DocumentHit } from '../service.js';

export type { StaffPageView } from '../../../platform/views/StaffFrame.js';

export interface SearchValues {
  q: string;
  aktenzeichen: string;
  verfahren: string;
  von: string;
  bis: string;
}

const KIND_LABELS: Record<string, string> = {
  submission: 'Antrag',
  attachment: 'Anlage',
  upload: 'Nachgereicht',
  bescheid: 'Bescheid',
  message: 'Nachricht',
  note: 'Vermerk',
  receipt: 'Eingangsbestätigung',
  other: 'Sonstiges',
};

const sizeLabel = (bytes: number) =>
  bytes < 1024
    ? `${bytes} Byte`
    : bytes < 1024 * 1024
      ? `${Math.round(bytes / 1024)} KB`
      : `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB`;

interface SearchPageProps extends StaffPageView {
  values: SearchValues;
  errors: FieldErrors;
  result: { items: DocumentHit[]; total: number; capped: boolean } | null;
  page: number;
  pageSize: number;
  /** Admins search the whole tenant; clerks their department. */
  scopeNote: string;
}

/** Document search of the back office: a GET form, results with highlighted snippets. */
export function DocumentSearchPage({
  tenant,
  staff,
  nav,
  csrf,
  values,
  errors,
  result,
  page,
  pageSize,
  scopeNote,
}: SearchPageProps) {
  const base = `/${tenant.slug}/verwaltung/dokumente`;
  const pages = result ? Math.ceil(result.total / pageSize) : 0;
  const pageLink = (n: number) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(values)) if (v) params.set(k, v);
    if (n > 1) params.set('seite', String(n));
    return `${base}?${params.toString()}`;
  };
  return (
    <StaffFrame tenant={tenant} title="Dokumente" staff={staff} nav={nav} currentPath="/dokumente" csrfToken={csrf}>
      <div class="kern-stack-md">
        <h1 class="kern-heading-large">Dokumente</h1>
        <ErrorSummary errors={errors} />
        <p class="kern-body">{scopeNote}</p>
        <search aria-label="Dokumente durchsuchen">
          <form method="get" action={base} class="kern-stack-sm">
            <TextField
              name="q"
              label="Suchbegriff"
              value={values.q}
              hint="Sucht in Titel, Schlagworten und im Text der Dokumente."
              error={errors.q}
            />
            <TextField
              name="aktenzeichen"
              label="Aktenzeichen"
              value={values.aktenzeichen}
              hint="Auch der Anfang eines Aktenzeichens genügt."
              error={errors.aktenzeichen}
            />
            <TextField name="verfahren" label="Verfahren (Kennung)" value={values.verfahren} error={errors.verfahren} />
            <TextField name="von" label="Eingegangen ab" type="date" value={values.von} error={errors.von} />
            <TextField name="bis" label="Eingegangen bis" type="date" value={values.bis} error={errors.bis} />
            <SubmitButton label="Suchen" />
          </form>
        </search>
        {result && (
          <section aria-labelledby="treffer" class="kern-stack-sm">
            <h2 id="treffer" class="kern-heading-medium">
              {result.capped
                ? `Mehr als ${result.total.toLocaleString('de-DE')} Dokumente`
                : result.total === 0
                  ? 'Keine Dokumente gefunden'
                  : result.total === 1
                    ? '1 Dokument'
                    : `${result.total} Dokumente`}
            </h2>
            {result.capped && (
              <p class="kern-body">
                Angezeigt werden die {result.total.toLocaleString('de-DE')} neuesten Treffer, die passendsten zuerst. Grenzen Sie
                die Suche mit Aktenzeichen, Verfahren oder Datum ein, um ältere Dokumente zu finden.
              </p>
            )}
            {result.items.length > 0 && (
              <ol class="kern-list kern-stack-sm" start={(page - 1) * pageSize + 1}>
                {result.items.map((hit) => (
                  <li key={hit.id} class="kern-stack-xxs">
                    <a class="kern-link" href={`${base}/${hit.id}`}>
                      {hit.title}
                    </a>
                    {hit.snippetHtml && (
                      // Escaped in headlineToHtml; only <mark> is markup.
                      <p class="kern-body kern-body--small" dangerouslySetInnerHTML={{ __html: hit.snippetHtml }} />
                    )}
                    <p class="kern-body kern-body--small">
                      {KIND_LABELS[hit.kind] ?? hit.kind}
                      {hit.reference && <> · Aktenzeichen {hit.reference}</>} · {formatDate(hit.createdAt)} · {hit.filename} (
                      {sizeLabel(hit.size)}
                      {hit.version > 1 && <>, Version {hit.version}</>})
                    </p>
                  </li>
                ))}
              </ol>
            )}
            {pages > 1 && (
              <nav aria-label="Seiten der Trefferliste">
                <ul class="kern-list kern-list--horizontal">
                  {page > 1 && (
                    <li>
                      <a class="kern-link" href={pageLink(page - 1)} rel="prev">
                        Vorherige Seite
                      </a>
                    </li>
                  )}
                  <li>
                    Seite {page} von {pages}
                  </li>
                  {page < pages && (
                    <li>
                      <a class="kern-link" href={pageLink(page + 1)} rel="next">
                        Nächste Seite
                      </a>
                    </li>
                  )}
                </ul>
              </nav>
            )}
          </section>
        )}
      </div>
    </StaffFrame>
  );
}

/** Shown instead of a document whose stored bytes no longer match their checksum. */
export function TamperedDocumentPage({ tenant, staff, nav, csrf, title }: StaffPageView & { title: string }) {
  return (
    <StaffFrame tenant={tenant} title="Dokument beschädigt" staff={staff} nav={nav} currentPath="/dokumente" csrfToken={csrf}>
      <div class="kern-stack-md">
        <h1 class="kern-heading-large">Dokument kann nicht ausgeliefert werden</h1>
        <div class="kern-alert kern-alert--danger" role="alert">
          <div class="kern-alert__body">
            <p class="kern-body">
              Die gespeicherte Datei zum Dokument „{title}“ stimmt nicht mehr mit ihrer Prüfsumme überein oder fehlt. Sie wurde
              möglicherweise verändert und wird deshalb nicht ausgeliefert.
            </p>
            <p class="kern-body">
              Der Vorfall ist im Prüfprotokoll vermerkt. Bitte wenden Sie sich an die Administration Ihres Hauses.
            </p>
          </div>
        </div>
        <p class="kern-body">
          <a class="kern-link" href={`/${tenant.slug}/verwaltung/dokumente`}>
            Zurück zur Dokumentensuche
          </a>
        </p>
      </div>
    </StaffFrame>
  );
}
