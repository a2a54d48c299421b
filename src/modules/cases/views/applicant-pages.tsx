import type { ComponentChildren } from 'preact';
import type { TenantView, ViewerView } from '../../../platform/views/context.js';
import {
  ErrorSummary,
  type FieldErrors,
  fieldId,
  Notice,
  PostForm,
  SubmitButton,
  TextAreaField,
} from '../../../platform/views/forms.js';
import { SiteFrame } from '../../../platform/views/SiteFrame.js';
import { Table } from '../../../platform/views/table.js';
import type { DocumentSummary } from '../../documents/index.js';
import type { CaseEvent, CaseMessage, CaseRow } from '../repo.js';
import { OUTCOME_LABELS } from '../states.js';
import { dateOnly, dateTime, Facts, formatSize, KIND_LABELS, Messages, StateBadge, Timeline } from './parts.js';

export interface ApplicantCtx {
  tenant: TenantView;
  citizen: ViewerView | null;
  csrf: string;
  notice?: { kind: 'success' | 'danger' | 'info'; text: string };
}

/** Where the pages of one case live: below the account or behind the status link. */
export interface CaseLinks {
  self: string;
  answer: string;
  withdraw: string;
  document: (id: string) => string;
  back?: { href: string; label: string };
}

function Frame({ ctx, title, children }: { ctx: ApplicantCtx; title: string; children: ComponentChildren }) {
  return (
    <SiteFrame tenant={ctx.tenant} title={title} citizen={ctx.citizen}>
      <div class="kern-stack-md">
        {ctx.notice && <Notice kind={ctx.notice.kind}>{ctx.notice.text}</Notice>}
        {children}
      </div>
    </SiteFrame>
  );
}

export function MyCasesPage({ ctx, rows, base }: { ctx: ApplicantCtx; rows: CaseRow[]; base: string }) {
  return (
    <Frame ctx={ctx} title="Meine Anträge">
      <h1 class="kern-heading-large">Meine Anträge</h1>
      {rows.length === 0 ? (
        <p class="kern-body">Sie haben mit diesem Konto noch keinen Antrag gestellt.</p>
      ) : (
        <Table
          caption="Ihre Anträge"
          columns={['Aktenzeichen', 'Antrag', 'Eingegangen', 'Status']}
          rows={rows.map((r) => ({
            key: r.id,
            cells: [
              <a key="a" class="kern-link" href={`${base}/${r.id}`}>
                {r.reference}
              </a>,
              r.procedureTitle,
              dateOnly(r.createdAt),
              <StateBadge key="s" state={r.state} />,
            ],
          }))}
        />
      )}
      <p class="kern-body">
        <a class="kern-link" href={`/${ctx.tenant.slug}/konto`}>
          Zu Mein Konto
        </a>
      </p>
    </Frame>
  );
}

export function ApplicantCasePage({
  ctx,
  row,
  events,
  messages,
  documents,
  links,
  errors = {},
  values = {},
}: {
  ctx: ApplicantCtx;
  row: CaseRow;
  events: CaseEvent[];
  messages: CaseMessage[];
  documents: DocumentSummary[];
  links: CaseLinks;
  errors?: FieldErrors;
  values?: Record<string, string>;
}) {
  const canWithdraw = row.state === 'eingegangen' || row.state === 'in_bearbeitung' || row.state === 'rueckfrage';
  return (
    <Frame ctx={ctx} title={`Antrag ${row.reference}`}>
      <ErrorSummary errors={errors} />
      {links.back && (
        <p class="kern-body">
          <a class="kern-link" href={links.back.href}>
            {links.back.label}
          </a>
        </p>
      )}
      <h1 class="kern-heading-large">Ihr Antrag {row.reference}</h1>
      <Facts
        items={[
          ['Antrag', row.procedureTitle],
          ['Eingegangen', dateTime(row.createdAt)],
          ['Status', <StateBadge key="s" state={row.state} />],
          ...(row.outcome ? ([['Ergebnis', OUTCOME_LABELS[row.outcome]]] as [string, string][]) : []),
        ]}
      />

      {row.state === 'rueckfrage' && (
        <section class="kern-stack-sm" aria-labelledby="antworten">
          <h2 class="kern-heading-medium" id="antworten">
            Rückfrage beantworten
          </h2>
          <p class="kern-body">
            Die Verwaltung hat eine Frage zu Ihrem Antrag (siehe Postfach). Bitte antworten Sie hier; Sie können Nachweise
            anhängen.
          </p>
          <PostForm action={links.answer} csrfToken={ctx.csrf} enctype="multipart/form-data">
            <TextAreaField name="antwort" label="Ihre Antwort" value={values.antwort} error={errors.antwort} required />
            <div class={`kern-form-input${errors.dateien ? ' kern-form-input--error' : ''}`}>
              <label class="kern-label" for={fieldId('dateien')}>
                Dateien anhängen <span class="kern-label__optional"> (optional)</span>
              </label>
              <div class="kern-hint" id={`${fieldId('dateien')}-hinweis`}>
                PDF, PNG oder JPEG, bis zu 5 Dateien mit je höchstens 20 MB.
              </div>
              {errors.dateien && (
                <p class="kern-error" id={`${fieldId('dateien')}-fehler`}>
                  <span>{errors.dateien}</span>
                </p>
              )}
              <input
                class="kern-form-input__input"
                type="file"
                id={fieldId('dateien')}
                name="dateien"
                multiple
                accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
                aria-describedby={`${fieldId('dateien')}-hinweis${errors.dateien ? ` ${fieldId('dateien')}-fehler` : ''}`}
              />
            </div>
            <SubmitButton label="Antwort senden" />
          </PostForm>
        </section>
      )}

      <section class="kern-stack-sm" aria-labelledby="postfach">
        <h2 class="kern-heading-medium" id="postfach">
          Postfach
        </h2>
        <Messages messages={messages} documents={documents} downloadHref={links.document} ownSide="in" />
      </section>

      <section class="kern-stack-sm" aria-labelledby="dokumente">
        <h2 class="kern-heading-medium" id="dokumente">
          Dokumente
        </h2>
        {documents.length === 0 ? (
          <p class="kern-body">Keine Dokumente.</p>
        ) : (
          <ul class="kern-list">
            {documents.map((d) => (
              <li key={d.id}>
                <a class="kern-link" href={links.document(d.id)}>
                  {d.title}
                </a>{' '}
                ({KIND_LABELS[d.kind] ?? d.kind}, {d.filename}, {formatSize(d.size)})
              </li>
            ))}
          </ul>
        )}
      </section>

      <section class="kern-stack-sm" aria-labelledby="verlauf">
        <h2 class="kern-heading-medium" id="verlauf">
          Verlauf
        </h2>
        <Timeline events={events} showActor={false} />
      </section>

      {canWithdraw && (
        <p class="kern-body">
          <a class="kern-link" href={links.withdraw}>
            Antrag zurückziehen
          </a>
        </p>
      )}
    </Frame>
  );
}

export function WithdrawPage({ ctx, row, links }: { ctx: ApplicantCtx; row: CaseRow; links: CaseLinks }) {
  return (
    <Frame ctx={ctx} title="Antrag zurückziehen">
      <h1 class="kern-heading-large">Antrag zurückziehen</h1>
      <p class="kern-body">
        Möchten Sie Ihren Antrag „{row.procedureTitle}“ mit dem Aktenzeichen {row.reference} wirklich zurückziehen? Die Verwaltung
        bearbeitet ihn dann nicht weiter. Das lässt sich nicht rückgängig machen; Sie können aber jederzeit einen neuen Antrag
        stellen.
      </p>
      <PostForm action={links.withdraw} csrfToken={ctx.csrf}>
        <SubmitButton label="Ja, Antrag zurückziehen" />
      </PostForm>
      <p class="kern-body">
        <a class="kern-link" href={links.self}>
          Nein, zurück zum Antrag
        </a>
      </p>
    </Frame>
  );
}

export function StatusNotFoundPage({ ctx }: { ctx: ApplicantCtx }) {
  return (
    <Frame ctx={ctx} title="Antrag nicht gefunden">
      <h1 class="kern-heading-large">Antrag nicht gefunden</h1>
      <p class="kern-body">
        Zu diesem Link gibt es keinen Antrag. Bitte öffnen Sie den Link genau so, wie er in Ihrer Eingangsbestätigung steht, oder
        melden Sie sich in Ihrem Konto an.
      </p>
    </Frame>
  );
}
