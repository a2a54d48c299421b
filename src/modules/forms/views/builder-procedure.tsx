/** Back office: one procedure in the builder: status, actions, pages, general settings, library. */
import {
  type FieldErrors,
  PostForm,
  SelectField,
  SubmitButton,
  TextAreaField,
  TextField,
} from '../../../platform/views/forms.js';
import type { BuilderState } from '../admin/service.js';
import type { LibraryStatus } from '../library.js';
import type { DefinitionDiff } from '../library-diff.js';
import { DiffSection } from './builder-diff.js';
import { type BuilderContext, BuilderFrame, formatDate, MiniAction } from './builder-parts.js';

export interface ProcedurePageProps {
  ctx: BuilderContext;
  state: BuilderState;
  /** What stops publishing (shown as a list, not as an error, until publishing is tried). */
  openProblems: string[];
  departments: string[];
  library?: LibraryStatus;
  sharedVersions: number[];
  pulled?: { from: number; to: number; diff: DefinitionDiff };
  /** A failed form on this page. */
  failed?: { errors?: FieldErrors; problems?: string[]; values?: Record<string, string> };
}

export function generalValues(state: BuilderState): Record<string, string> {
  const d = state.definition;
  return {
    'g-title': d.title,
    'g-description': d.description ?? '',
    'g-service': d.service ?? '',
    'g-department': d.workflow?.department ?? d.department ?? '',
    'g-licence': d.licence ?? 'CC-BY-4.0',
    'g-deadline': d.workflow?.deadlineDays === undefined ? '' : String(d.workflow.deadlineDays),
    'g-retention': String(d.workflow?.retentionYears ?? 10),
  };
}

export function ProcedurePage({
  ctx,
  state,
  openProblems,
  departments,
  library,
  sharedVersions,
  pulled,
  failed,
}: ProcedurePageProps) {
  const { procedure, published, draft, definition } = state;
  const href = `${ctx.base}/${procedure.id}`;
  const citizenHref = `/${ctx.tenant.slug}/antrag/${procedure.slug}`;
  const values = failed?.values ?? generalValues(state);
  const errors = failed?.errors ?? {};
  const isOnline = procedure.status === 'published';
  const canPublish = Boolean(draft) || (!isOnline && Boolean(published));
  const departmentOptions = [
    { value: '', label: 'Kein Fachbereich gewählt' },
    ...departments.map((d) => ({ value: d, label: d })),
  ];
  if (values['g-department'] && !departments.includes(values['g-department']))
    departmentOptions.push({ value: values['g-department'], label: `${values['g-department']} (nicht in Ihrer Verwaltung)` });
  return (
    <BuilderFrame ctx={ctx} title={`Verfahren: ${definition.title}`} errors={failed?.errors} problems={failed?.problems}>
      <p class="kern-body kern-body--small">
        <a class="kern-link" href={ctx.base}>
          Zurück zu den Online-Verfahren
        </a>
      </p>
      <h1 class="kern-heading-large">{definition.title}</h1>

      <dl class="kern-description-list builder-status">
        <dt>Status</dt>
        <dd>
          {isOnline
            ? `Veröffentlicht: Version ${published?.version} seit ${formatDate(published?.publishedAt)}`
            : published
              ? `Offline (zuletzt Version ${published.version})`
              : 'Noch nicht veröffentlicht'}
        </dd>
        <dt>Entwurf</dt>
        <dd>
          {draft
            ? `in Arbeit, zuletzt gespeichert am ${formatDate(draft.updatedAt)}${published ? ` (wird Version ${published.version + 1})` : ''}`
            : 'keiner: Jede Änderung legt einen Entwurf der nächsten Version an.'}
        </dd>
        <dt>Kennung</dt>
        <dd>{procedure.slug}</dd>
        <dt>Anträge</dt>
        <dd>{state.submissions}</dd>
        {isOnline && (
          <>
            <dt>Online-Antrag</dt>
            <dd>
              <a class="kern-link" href={citizenHref}>
                {citizenHref}
              </a>
            </dd>
          </>
        )}
        {library && (
          <>
            <dt>Herkunft</dt>
            <dd>
              Aus der Bibliothek übernommen: {library.origin.originTenantName}, „{library.origin.originSlug}“ Version{' '}
              {library.origin.originVersion}
            </dd>
          </>
        )}
        {sharedVersions.length > 0 && (
          <>
            <dt>In der Bibliothek</dt>
            <dd>Version {sharedVersions.join(', ')}</dd>
          </>
        )}
      </dl>

      {library?.updateAvailable && library.latest && (
        <div class="kern-alert kern-alert--warning" role="status">
          <div class="kern-alert__body kern-stack-sm">
            <p class="kern-body">
              In der Bibliothek gibt es eine neuere Version dieses Verfahrens: {library.latest.originTenantName} hat Version{' '}
              {library.latest.version} geteilt (Sie nutzen Version {library.origin.originVersion}).
            </p>
            <p class="kern-body">
              „Neue Version übernehmen“ macht sie zu Ihrem Entwurf{draft ? ' und ersetzt Ihren jetzigen Entwurf' : ''}. Ihre
              eigenen Anpassungen (Texte, Fachbereich) müssen Sie danach erneut vornehmen; die Unterschiede werden angezeigt,
              bevor Sie veröffentlichen.
            </p>
            <MiniAction
              action={`${href}/bibliothek-aktualisieren`}
              csrf={ctx.csrf}
              label="Neue Version übernehmen"
              srLabel={`(Version ${library.latest.version} als Entwurf)`}
              kind="primary"
            />
          </div>
        </div>
      )}

      {pulled && <DiffSection diff={pulled.diff} from={pulled.from} to={pulled.to} />}

      <section class="kern-stack-sm" aria-labelledby="aktionen-titel">
        <h2 class="kern-heading-medium" id="aktionen-titel">
          Veröffentlichen und Dateien
        </h2>
        {draft && openProblems.length > 0 && (
          <div class="kern-stack-xs" id="pruefung">
            <p class="kern-body">Vor dem Veröffentlichen ist noch zu erledigen:</p>
            <ul class="kern-list">
              {openProblems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </div>
        )}
        <div class="builder-actions">
          {canPublish && (
            <MiniAction
              action={`${href}/veroeffentlichen`}
              csrf={ctx.csrf}
              label={draft ? 'Entwurf veröffentlichen' : 'Wieder veröffentlichen'}
              srLabel={`: ${definition.title}`}
              kind="primary"
            />
          )}
          {isOnline && (
            <MiniAction
              action={`${href}/zurueckziehen`}
              csrf={ctx.csrf}
              label="Offline nehmen"
              srLabel={`: ${definition.title} kann dann nicht mehr beantragt werden`}
              kind="secondary"
            />
          )}
          {draft && published && (
            <MiniAction
              action={`${href}/entwurf-verwerfen`}
              csrf={ctx.csrf}
              label="Entwurf verwerfen"
              srLabel="und zur veröffentlichten Version zurückkehren"
              kind="tertiary"
            />
          )}
          {isOnline && published && !sharedVersions.includes(published.version) && (
            <MiniAction
              action={`${href}/teilen`}
              csrf={ctx.csrf}
              label="In die Bibliothek stellen"
              srLabel={`(Version ${published.version} für andere Verwaltungen)`}
              kind="secondary"
            />
          )}
        </div>
        <ul class="kern-list">
          {published && (
            <li>
              <a class="kern-link" href={`${href}/export.json`} download>
                Veröffentlichte Version {published.version} als JSON-Datei herunterladen
              </a>
            </li>
          )}
          {draft && (
            <li>
              <a class="kern-link" href={`${href}/export.json?fassung=entwurf`} download>
                Entwurf als JSON-Datei herunterladen
              </a>
            </li>
          )}
        </ul>
      </section>

      <section class="kern-stack-sm" aria-labelledby="feld-seiten">
        <h2 class="kern-heading-medium" id="feld-seiten" tabIndex={-1}>
          Seiten
        </h2>
        <ol class="kern-list kern-stack-sm">
          {definition.pages.map((page, i) => (
            <li key={page.id} id={`seite-${i + 1}`}>
              <p class="kern-body">
                <a class="kern-link" href={`${href}/seiten/${i + 1}`}>
                  {page.title}
                  <span class="kern-sr-only"> (Seite {i + 1} bearbeiten)</span>
                </a>{' '}
                · {page.fields.length === 1 ? '1 Feld' : `${page.fields.length} Felder`}
                {page.showIf ? ' · mit Bedingung' : ''}
              </p>
              <div class="builder-actions">
                <MiniAction
                  action={`${href}/seiten/${i + 1}/hoch`}
                  csrf={ctx.csrf}
                  label="Nach oben"
                  srLabel={`: Seite „${page.title}“ eine Stelle nach vorn`}
                  disabled={i === 0}
                />
                <MiniAction
                  action={`${href}/seiten/${i + 1}/runter`}
                  csrf={ctx.csrf}
                  label="Nach unten"
                  srLabel={`: Seite „${page.title}“ eine Stelle nach hinten`}
                  disabled={i === definition.pages.length - 1}
                />
                <MiniAction
                  action={`${href}/seiten/${i + 1}/entfernen`}
                  csrf={ctx.csrf}
                  label="Entfernen"
                  srLabel={`: Seite „${page.title}“ mit ihren Feldern`}
                  disabled={definition.pages.length === 1}
                />
              </div>
            </li>
          ))}
        </ol>
        <PostForm action={`${href}/seiten`} csrfToken={ctx.csrf}>
          <TextField
            name="s-title"
            label="Titel der neuen Seite"
            value={failed?.values?.['s-title'] ?? ''}
            error={errors['s-title']}
            required
          />
          <SubmitButton label="Seite hinzufügen" kind="secondary" />
        </PostForm>
      </section>

      <section class="kern-stack-sm" aria-labelledby="allgemein-titel" id="allgemein">
        <h2 class="kern-heading-medium" id="allgemein-titel">
          Allgemeines und Bearbeitung
        </h2>
        <PostForm action={`${href}/allgemein`} csrfToken={ctx.csrf}>
          <TextField name="g-title" label="Titel des Verfahrens" value={values['g-title']} error={errors['g-title']} required />
          <TextAreaField
            name="g-description"
            label="Beschreibung für die Startseite des Antrags"
            value={values['g-description']}
            error={errors['g-description']}
            rows={4}
          />
          <TextField
            name="g-service"
            label="Verknüpfte Leistung im Katalog (Kürzel)"
            value={values['g-service']}
            error={errors['g-service']}
            hint="Zum Beispiel hundesteuer-anmelden. Beim Veröffentlichen führt „Online beantragen“ dieser Leistung hierher."
          />
          <SelectField
            name="g-department"
            label="Zuständiger Fachbereich"
            value={values['g-department']}
            error={errors['g-department']}
            options={departmentOptions}
          />
          <TextField
            name="g-deadline"
            label="Bearbeitungsfrist in Tagen"
            value={values['g-deadline']}
            error={errors['g-deadline']}
            inputMode="numeric"
          />
          <TextField
            name="g-retention"
            label="Aufbewahrungsfrist in Jahren"
            value={values['g-retention']}
            error={errors['g-retention']}
            inputMode="numeric"
            required
          />
          <TextField
            name="g-licence"
            label="Lizenz beim Teilen"
            value={values['g-licence']}
            error={errors['g-licence']}
            hint="Zum Beispiel CC-BY-4.0."
            required
          />
          <SubmitButton label="Allgemeine Angaben speichern" />
        </PostForm>
      </section>
    </BuilderFrame>
  );
}
