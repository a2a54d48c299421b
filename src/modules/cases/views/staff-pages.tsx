import type { ComponentChildren } from 'preact';
import type { TenantView, ViewerView } from '../../../platform/views/context.js';
import {
  ActionButton,
  ErrorSummary,
  type FieldErrors,
  fieldId,
  Notice,
  PostForm,
  SelectField,
  SubmitButton,
  TextAreaField,
  TextField,
} from '../../../platform/views/forms.js';
import { StaffFrame, type StaffNavItem } from '../../../platform/views/StaffFrame.js';
import { Table } from '../../../platform/views/table.js';
import type { DocumentSummary } from '../../documents/index.js';
import type { CaseEvent, CaseMessage, CaseRow, StaffMember } from '../repo.js';
import { CASE_STATES, type CaseState, OUTCOME_LABELS, OUTCOMES, STATE_LABELS } from '../states.js';
import {
  dateOnly,
  dateTime,
  Facts,
  formatSize,
  isoDate,
  KIND_LABELS,
  Messages,
  OverdueBadge,
  StateBadge,
  Timeline,
} from './parts.js';

export interface StaffCtx {
  tenant: TenantView;
  staff: ViewerView;
  nav: StaffNavItem[];
  csrf: string;
  /** `/{tenant}/verwaltung` */
  base: string;
  notice?: { kind: 'success' | 'danger' | 'info'; text: string };
}

export function CasesFrame({
  ctx,
  title,
  path,
  children,
}: {
  ctx: StaffCtx;
  title: string;
  path: string;
  children: ComponentChildren;
}) {
  return (
    <StaffFrame tenant={ctx.tenant} title={title} staff={ctx.staff} nav={ctx.nav} currentPath={path} csrfToken={ctx.csrf}>
      <div class="kern-stack-md">
        {ctx.notice && <Notice kind={ctx.notice.kind}>{ctx.notice.text}</Notice>}
        {children}
      </div>
    </StaffFrame>
  );
}

export interface InboxQuery {
  status: string;
  bearbeitung: string;
  verfahren: string;
  ueberfaellig: boolean;
  sortierung: 'eingang' | 'frist';
  seite: number;
}

export function InboxPage({
  ctx,
  query,
  rows,
  total,
  pageSize,
  workers,
  procedures,
  overdueIds,
  errors = {},
}: {
  ctx: StaffCtx;
  query: InboxQuery;
  rows: CaseRow[];
  total: number;
  pageSize: number;
  workers: StaffMember[];
  procedures: { slug: string; title: string }[];
  overdueIds: Set<string>;
  errors?: FieldErrors;
}) {
  const inbox = `${ctx.base}/vorgaenge`;
  const params = new URLSearchParams();
  if (query.status) params.set('status', query.status);
  if (query.bearbeitung) params.set('bearbeitung', query.bearbeitung);
  if (query.verfahren) params.set('verfahren', query.verfahren);
  if (query.ueberfaellig) params.set('ueberfaellig', '1');
  if (query.sortierung !== 'eingang') params.set('sortierung', query.sortierung);
  const pageHref = (n: number) => {
    const p = new URLSearchParams(params);
    if (n > 1) p.set('seite', String(n));
    const s = p.toString();
    return s ? `${inbox}?${s}` : inbox;
  };
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const returnTo = pageHref(query.seite);
  return (
    <CasesFrame ctx={ctx} title="Vorgänge" path="/vorgaenge">
      <ErrorSummary errors={errors} />
      <h1 class="kern-heading-large">Vorgänge</h1>
      <form method="get" action={inbox} class="kern-stack-sm case-filter">
        <h2 class="kern-heading-small">Filtern und sortieren</h2>
        <SelectField
          name="status"
          label="Status"
          value={query.status}
          options={[
            { value: '', label: 'Alle' },
            { value: 'offen', label: 'Alle offenen' },
            ...CASE_STATES.map((s) => ({ value: s, label: STATE_LABELS[s] })),
          ]}
        />
        <SelectField
          name="bearbeitung"
          label="Bearbeitung"
          value={query.bearbeitung}
          options={[
            { value: '', label: 'Alle' },
            { value: 'ich', label: 'Mir zugewiesen' },
            { value: 'keine', label: 'Niemandem zugewiesen' },
            ...workers.map((w) => ({ value: w.id, label: w.name })),
          ]}
        />
        <SelectField
          name="verfahren"
          label="Verfahren"
          value={query.verfahren}
          options={[{ value: '', label: 'Alle' }, ...procedures.map((p) => ({ value: p.slug, label: p.title }))]}
        />
        <div class="kern-form-check">
          <input
            class="kern-form-check__input"
            type="checkbox"
            id="feld-ueberfaellig"
            name="ueberfaellig"
            value="1"
            checked={query.ueberfaellig}
          />
          <label class="kern-label" for="feld-ueberfaellig">
            Nur überfällige
          </label>
        </div>
        <SelectField
          name="sortierung"
          label="Sortierung"
          value={query.sortierung}
          options={[
            { value: 'eingang', label: 'Neueste zuerst (Eingang)' },
            { value: 'frist', label: 'Nach Frist (früheste zuerst)' },
          ]}
        />
        <SubmitButton label="Anzeigen" kind="secondary" />
      </form>

      <p class="kern-body" role="status">
        {total === 0 ? 'Keine Vorgänge gefunden.' : `${total} ${total === 1 ? 'Vorgang' : 'Vorgänge'} gefunden.`}
      </p>

      {rows.length > 0 && (
        <PostForm action={`${inbox}/zuweisen`} csrfToken={ctx.csrf}>
          <input type="hidden" name="zurueck" value={returnTo} />
          <Table
            caption="Vorgänge"
            columns={['Auswahl', 'Aktenzeichen', 'Verfahren', 'Antragsteller', 'Status', 'Eingang', 'Frist', 'Bearbeitung']}
            rows={rows.map((r) => ({
              key: r.id,
              cells: [
                <span key="c" class="kern-form-check">
                  <input class="kern-form-check__input" type="checkbox" id={`auswahl-${r.id}`} name="vorgang" value={r.id} />
                  <label class="kern-label" for={`auswahl-${r.id}`}>
                    <span class="kern-sr-only">{r.reference} auswählen</span>
                  </label>
                </span>,
                <a key="a" class="kern-link" href={`${inbox}/${r.id}`}>
                  {r.reference}
                </a>,
                r.procedureTitle,
                r.applicantName ?? '–',
                <StateBadge key="s" state={r.state} />,
                dateOnly(r.createdAt),
                <span key="f">
                  {isoDate(r.deadline)} {overdueIds.has(r.id) && <OverdueBadge />}
                </span>,
                r.assigneeName ?? 'niemand',
              ],
            }))}
          />
          {/* Not a SelectField: its id would repeat the filter's "bearbeitung" and the label would name the wrong field. */}
          <div class={`kern-form-input${errors.bearbeitung ? ' kern-form-input--error' : ''}`}>
            <label class="kern-label" for="feld-zuweisen-an">
              Ausgewählte Vorgänge zuweisen an
            </label>
            {errors.bearbeitung && (
              <p class="kern-error" id="feld-zuweisen-an-fehler">
                <span>{errors.bearbeitung}</span>
              </p>
            )}
            <div class="kern-form-input__select-wrapper">
              <select
                class="kern-form-input__select"
                id="feld-zuweisen-an"
                name="bearbeitung"
                aria-describedby={errors.bearbeitung ? 'feld-zuweisen-an-fehler' : undefined}
                aria-invalid={errors.bearbeitung ? 'true' : undefined}
              >
                <option value="">Bitte wählen</option>
                <option value="niemand">Niemand (Zuweisung aufheben)</option>
                {workers.map((w) => (
                  <option key={w.id} value={w.id}>
                    {w.name}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <SubmitButton label="Zuweisen" kind="secondary" />
        </PostForm>
      )}
      {pages > 1 && (
        <nav aria-label="Seiten" class="kern-stack-xs">
          <p class="kern-body">
            Seite {query.seite} von {pages}
          </p>
          <ul class="kern-list">
            {query.seite > 1 && (
              <li>
                <a class="kern-link" href={pageHref(query.seite - 1)}>
                  Vorherige Seite
                </a>
              </li>
            )}
            {query.seite < pages && (
              <li>
                <a class="kern-link" href={pageHref(query.seite + 1)}>
                  Nächste Seite
                </a>
              </li>
            )}
          </ul>
        </nav>
      )}
    </CasesFrame>
  );
}

export interface CaseView {
  row: CaseRow;
  currentUserId: string;
  overdue: boolean;
  answers: { label: string; text: string }[];
  documents: DocumentSummary[];
  messages: CaseMessage[];
  events: CaseEvent[];
  workers: StaffMember[];
  templates: string[];
  allowed: CaseState[];
}

export type CaseFormValues = Record<string, string>;

export function CasePage({
  ctx,
  view,
  errors = {},
  values = {},
}: {
  ctx: StaffCtx;
  view: CaseView;
  errors?: FieldErrors;
  values?: CaseFormValues;
}) {
  const { row } = view;
  const href = `${ctx.base}/vorgaenge/${row.id}`;
  const open = row.state === 'eingegangen' || row.state === 'in_bearbeitung' || row.state === 'rueckfrage';
  const deleted = row.personalDataDeletedAt !== null;
  return (
    <CasesFrame ctx={ctx} title={`Vorgang ${row.reference}`} path="/vorgaenge">
      <ErrorSummary errors={errors} />
      <p class="kern-body">
        <a class="kern-link" href={`${ctx.base}/vorgaenge`}>
          Zurück zu den Vorgängen
        </a>
      </p>
      <h1 class="kern-heading-large">Vorgang {row.reference}</h1>
      <Facts
        items={[
          ['Verfahren', row.procedureTitle],
          ['Status', <StateBadge key="s" state={row.state} />],
          ...(row.outcome ? ([['Ergebnis', OUTCOME_LABELS[row.outcome]]] as [string, string][]) : []),
          ['Eingegangen', dateTime(row.createdAt)],
          [
            'Frist',
            <span key="f">
              {isoDate(row.deadline)} {view.overdue && <OverdueBadge />}
            </span>,
          ],
          ['Fachbereich', row.departmentName ?? 'keiner (nur Administration)'],
          ['Bearbeitung', row.assigneeName ?? 'niemand'],
          ['Antragsteller', row.applicantName ?? '–'],
          ['E-Mail', row.applicantEmail ?? '–'],
          ['Kundenkonto', row.citizenId ? 'ja' : 'nein (Statuslink)'],
          ...(row.retentionUntil ? ([['Aufbewahrung bis', isoDate(row.retentionUntil)]] as [string, string][]) : []),
          ...(deleted
            ? ([['Personenbezogene Daten', `gelöscht am ${dateOnly(row.personalDataDeletedAt as Date)}`]] as [string, string][])
            : []),
        ]}
      />

      <section class="kern-stack-sm" aria-labelledby="aktionen">
        <h2 class="kern-heading-medium" id="aktionen">
          Aktionen
        </h2>
        <div class="kern-stack-xs">
          {open && row.assigneeId !== view.currentUserId && (
            <ActionButton action={`${href}/uebernehmen`} csrf={ctx.csrf} label="Vorgang übernehmen" kind="primary" />
          )}
          {/* Assigned by someone else, still new: only taking it over starts the processing. */}
          {row.state === 'eingegangen' && row.assigneeId === view.currentUserId && (
            <ActionButton action={`${href}/uebernehmen`} csrf={ctx.csrf} label="Bearbeitung beginnen" kind="primary" />
          )}
          {row.state === 'rueckfrage' && (
            <ActionButton
              action={`${href}/status`}
              csrf={ctx.csrf}
              label="Ohne Antwort weiter bearbeiten"
              hidden={{ status: 'in_bearbeitung' }}
            />
          )}
          {row.state === 'entschieden' && (
            <ActionButton action={`${href}/abschliessen`} csrf={ctx.csrf} label="Vorgang abschließen" kind="primary" />
          )}
        </div>

        {!deleted && (
          <PostForm action={`${href}/zuweisen`} csrfToken={ctx.csrf}>
            <SelectField
              name="bearbeitung"
              label="Zuweisen an"
              value={values.bearbeitung ?? row.assigneeId ?? ''}
              error={errors.bearbeitung}
              options={[{ value: 'niemand', label: 'Niemand' }, ...view.workers.map((w) => ({ value: w.id, label: w.name }))]}
            />
            <SubmitButton label="Zuweisen" kind="secondary" />
          </PostForm>
        )}

        {view.allowed.includes('rueckfrage') && (
          <PostForm action={`${href}/rueckfrage`} csrfToken={ctx.csrf}>
            <h3 class="kern-heading-small">Rückfrage an die antragstellende Person</h3>
            <TextAreaField
              name="nachricht"
              label="Nachricht"
              hint="Erscheint im Postfach der antragstellenden Person. Die E-Mail-Benachrichtigung enthält den Text nicht."
              value={values.nachricht}
              error={errors.nachricht}
              required
            />
            <SubmitButton label="Rückfrage senden" kind="secondary" />
          </PostForm>
        )}

        {!deleted && (
          <PostForm action={`${href}/notiz`} csrfToken={ctx.csrf}>
            <h3 class="kern-heading-small">Interne Notiz</h3>
            <TextAreaField
              name="notiz"
              label="Notiz"
              hint="Nur für die Verwaltung sichtbar."
              value={values.notiz}
              error={errors.notiz}
              rows={3}
              required
            />
            <SubmitButton label="Notiz speichern" kind="secondary" />
          </PostForm>
        )}

        {!deleted && (
          <PostForm action={`${href}/dokument`} csrfToken={ctx.csrf} enctype="multipart/form-data">
            <h3 class="kern-heading-small">Dokument hinzufügen</h3>
            <TextField name="titel" label="Titel" value={values.titel} error={errors.titel} />
            <TextField
              name="datei"
              label="Datei (PDF, PNG oder JPEG, höchstens 20 MB)"
              type="file"
              accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
              error={errors.datei}
              required
            />
            <SubmitButton label="Hochladen" kind="secondary" />
          </PostForm>
        )}

        {row.state === 'in_bearbeitung' && (
          <PostForm action={`${href}/entscheiden`} csrfToken={ctx.csrf}>
            <h3 class="kern-heading-small">Entscheiden und Bescheid erstellen</h3>
            <fieldset class="kern-fieldset" id={fieldId('outcome')}>
              <legend class="kern-fieldset__legend">Ergebnis</legend>
              {errors.outcome && (
                <p class="kern-error" id={`${fieldId('outcome')}-fehler`}>
                  <span>{errors.outcome}</span>
                </p>
              )}
              <div class="kern-fieldset__body">
                {OUTCOMES.map((o) => (
                  <div class="kern-form-check" key={o}>
                    <input
                      class="kern-form-check__input"
                      type="radio"
                      id={`ergebnis-${o}`}
                      name="outcome"
                      value={o}
                      checked={values.outcome === o}
                    />
                    <label class="kern-label" for={`ergebnis-${o}`}>
                      {OUTCOME_LABELS[o]}
                    </label>
                  </div>
                ))}
              </div>
            </fieldset>
            {view.templates.length > 1 && (
              <SelectField
                name="template"
                label="Vorlage"
                value={values.template}
                options={view.templates.map((t) => ({ value: t, label: t }))}
              />
            )}
            <TextAreaField
              name="tenor"
              label="Tenor"
              hint="Was entschieden wird, z. B. „Dem Antrag wird stattgegeben.“"
              value={values.tenor}
              error={errors.tenor}
              rows={3}
              required
            />
            <TextAreaField name="reasons" label="Begründung" value={values.reasons} error={errors.reasons} rows={6} />
            <TextField
              name="fee"
              label="Gebühr in Euro"
              hint="Leer oder 0: keine Gebühr."
              value={values.fee}
              error={errors.fee}
              inputMode="text"
            />
            <SubmitButton label="Entscheiden und Bescheid zustellen" />
          </PostForm>
        )}
      </section>

      <section class="kern-stack-sm" aria-labelledby="angaben">
        <h2 class="kern-heading-medium" id="angaben">
          Angaben im Antrag
        </h2>
        {view.answers.length === 0 ? (
          <p class="kern-body">
            {deleted ? 'Die Angaben wurden nach Ablauf der Aufbewahrungsfrist gelöscht.' : 'Keine Angaben.'}
          </p>
        ) : (
          <Facts items={view.answers.map((a) => [a.label, a.text])} />
        )}
      </section>

      <section class="kern-stack-sm" aria-labelledby="dokumente">
        <h2 class="kern-heading-medium" id="dokumente">
          Dokumente (Akte)
        </h2>
        {view.documents.length === 0 ? (
          <p class="kern-body">Keine Dokumente.</p>
        ) : (
          <Table
            caption="Dokumente des Vorgangs"
            columns={['Titel', 'Art', 'Datei', 'Version', 'Erstellt']}
            rows={view.documents.map((d) => ({
              key: d.id,
              cells: [
                <a key="d" class="kern-link" href={`${href}/dokumente/${d.id}`}>
                  {d.title}
                </a>,
                `${KIND_LABELS[d.kind] ?? d.kind}${d.immutable ? ' (unveränderlich)' : ''}`,
                `${d.filename}, ${formatSize(d.size)}`,
                String(d.currentVersion),
                dateTime(d.createdAt),
              ],
            }))}
          />
        )}
      </section>

      <section class="kern-stack-sm" aria-labelledby="nachrichten">
        <h2 class="kern-heading-medium" id="nachrichten">
          Nachrichten
        </h2>
        <Messages
          messages={view.messages}
          documents={view.documents}
          downloadHref={(id) => `${href}/dokumente/${id}`}
          ownSide="out"
        />
      </section>

      <section class="kern-stack-sm" aria-labelledby="verlauf">
        <h2 class="kern-heading-medium" id="verlauf">
          Verlauf
        </h2>
        <Timeline events={view.events} showActor />
      </section>
    </CasesFrame>
  );
}

export function FiguresPage({
  ctx,
  departments,
  times,
}: {
  ctx: StaffCtx;
  departments: { department: string | null; open: number; overdue: number; waiting: number }[];
  times: { slug: string; title: string; decided: number; median: number; p90: number }[];
}) {
  const days = (n: number) => `${n.toLocaleString('de-DE', { maximumFractionDigits: 1 })} Tage`;
  const totalOpen = departments.reduce((s, d) => s + d.open, 0);
  const totalOverdue = departments.reduce((s, d) => s + d.overdue, 0);
  return (
    <CasesFrame ctx={ctx} title="Kennzahlen der Vorgänge" path="/vorgangskennzahlen">
      <h1 class="kern-heading-large">Kennzahlen der Vorgänge</h1>
      <p class="kern-body">
        Offen: {totalOpen}, davon überfällig: {totalOverdue}.
      </p>
      <Table
        caption="Offene Vorgänge je Fachbereich"
        visibleCaption
        columns={['Fachbereich', 'Offen', 'Überfällig', 'Warten auf Antwort']}
        rowHeaders
        rows={departments.map((d) => ({
          key: d.department ?? '-',
          cells: [d.department ?? 'Ohne Fachbereich', String(d.open), String(d.overdue), String(d.waiting)],
        }))}
      />
      <Table
        caption="Bearbeitungszeit vom Eingang bis zum Bescheid je Verfahren"
        visibleCaption
        columns={['Verfahren', 'Entschieden', 'Median', '90. Perzentil']}
        rowHeaders
        rows={times.map((t) => ({ key: t.slug, cells: [t.title, String(t.decided), days(t.median), days(t.p90)] }))}
      />
    </CasesFrame>
  );
}

export function RetentionPage({ ctx, due }: { ctx: StaffCtx; due: CaseRow[] }) {
  return (
    <CasesFrame ctx={ctx} title="Aufbewahrungsfristen" path="/aufbewahrungsfristen">
      <h1 class="kern-heading-large">Aufbewahrungsfristen</h1>
      <p class="kern-body">
        Abgeschlossene und zurückgezogene Vorgänge, deren Aufbewahrungsfrist abgelaufen ist. Ein täglicher Hintergrundauftrag
        löscht ihre personenbezogenen Daten (Angaben, Nachrichten, Dokumente); das Protokoll behält einen Löschvermerk.
      </p>
      {due.length === 0 ? (
        <p class="kern-body">Zurzeit ist nichts fällig.</p>
      ) : (
        <>
          <Table
            caption="Zur Löschung fällige Vorgänge"
            columns={['Aktenzeichen', 'Verfahren', 'Status', 'Aufbewahrung bis']}
            rows={due.map((r) => ({
              key: r.id,
              cells: [
                <a key="a" class="kern-link" href={`${ctx.base}/vorgaenge/${r.id}`}>
                  {r.reference}
                </a>,
                r.procedureTitle,
                STATE_LABELS[r.state],
                isoDate(r.retentionUntil),
              ],
            }))}
          />
          <PostForm action={`${ctx.base}/aufbewahrungsfristen/loeschen`} csrfToken={ctx.csrf}>
            <SubmitButton label="Fällige Daten jetzt löschen" kind="secondary" />
          </PostForm>
        </>
      )}
    </CasesFrame>
  );
}
