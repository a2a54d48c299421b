/** "Entwurf speichern": the e-mail form for a resume link, its confirmation, and a link that does not work. */
import type { TenantView, ViewerView } from '../../../platform/views/context.js';
import { ErrorSummary, type FieldErrors, Notice, PostForm, SubmitButton, TextField } from '../../../platform/views/forms.js';
import { SiteFrame } from '../../../platform/views/SiteFrame.js';
import type { ProcedureDefinition } from '../definition.js';

interface Frame {
  tenant: TenantView;
  citizen: ViewerView | null;
}

export interface SaveDraftPageProps extends Frame {
  definition: ProcedureDefinition;
  /** Where "Antrag weiter ausfüllen" leads: the page the citizen came from. */
  continueHref: string;
  pageNumber: number;
  csrfToken: string;
  email: string;
  errors: FieldErrors;
  /** The link was sent (shown after the redirect). */
  sent: boolean;
  days: number;
}

export function SaveDraftPage(p: SaveDraftPageProps) {
  const action = `/${p.tenant.slug}/antrag/${p.definition.id}/entwurf-speichern`;
  const failed = Object.keys(p.errors).length > 0;
  const continueLink = (
    <p>
      <a class="kern-link" href={p.continueHref}>
        Antrag weiter ausfüllen
      </a>
    </p>
  );
  return (
    <SiteFrame
      tenant={p.tenant}
      citizen={p.citizen}
      title={`${failed ? 'Fehler: ' : ''}Entwurf speichern – ${p.definition.title}`}
    >
      <div class="kern-stack-md">
        <ErrorSummary errors={p.errors} />
        <h1 class="kern-heading-large">Entwurf speichern</h1>
        {p.citizen ? (
          <>
            <Notice kind="success">Ihre Angaben zu „{p.definition.title}“ sind in Ihrem Bürgerkonto gespeichert.</Notice>
            <p class="kern-body">
              Wenn Sie angemeldet sind, setzen Sie den Antrag auf jedem Gerät an derselben Stelle fort. Entwürfe werden {p.days}{' '}
              Tage nach der letzten Änderung gelöscht.
            </p>
            {continueLink}
          </>
        ) : p.sent ? (
          <>
            <Notice kind="success">Wir haben Ihnen eine E-Mail mit einem Link zu Ihrem Entwurf geschickt.</Notice>
            <p class="kern-body">
              Mit dem Link setzen Sie den Antrag „{p.definition.title}“ fort, auch auf einem anderen Gerät. Er gilt {p.days} Tage.
              Bitte geben Sie ihn nicht weiter: Wer ihn hat, kann Ihre Angaben sehen und ändern.
            </p>
            <p class="kern-body">
              Keine E-Mail erhalten? Prüfen Sie den Spam-Ordner oder lassen Sie sich den Link unten noch einmal schicken.
            </p>
            {continueLink}
          </>
        ) : (
          <>
            <p class="kern-body">
              Ihre Angaben zu „{p.definition.title}“ sind in diesem Browser gespeichert. Damit Sie den Antrag später oder auf
              einem anderen Gerät fortsetzen können, schicken wir Ihnen einen Link per E-Mail. Er gilt {p.days} Tage.
            </p>
            {continueLink}
          </>
        )}
        {!p.citizen && (
          <PostForm action={action} csrfToken={p.csrfToken}>
            <input type="hidden" name="seite" value={String(p.pageNumber)} />
            <TextField
              name="email"
              label="Ihre E-Mail-Adresse"
              type="email"
              autocomplete="email"
              value={p.email}
              error={p.errors.email}
              hint="Wir verwenden sie nur für diesen Link."
              required
            />
            <SubmitButton
              label={p.sent ? 'Link noch einmal senden' : 'Link zum Entwurf senden'}
              kind={p.sent ? 'secondary' : 'primary'}
            />
          </PostForm>
        )}
      </div>
    </SiteFrame>
  );
}

export type DraftLinkProblem = 'invalid' | 'expired' | 'submitted' | 'account';

const PROBLEMS: Record<DraftLinkProblem, { title: string; text: string }> = {
  invalid: {
    title: 'Dieser Link zu einem Entwurf ist ungültig',
    text: 'Der Link ist unvollständig oder verändert. Bitte kopieren Sie ihn vollständig aus der E-Mail. Sie können den Antrag auch neu beginnen.',
  },
  expired: {
    title: 'Dieser Link zu einem Entwurf ist abgelaufen',
    text: 'Gespeicherte Entwürfe und ihre Links gelten 30 Tage. Ihre Angaben sind nicht mehr gespeichert; bitte beginnen Sie den Antrag neu.',
  },
  submitted: {
    title: 'Dieser Antrag wurde bereits abgesendet',
    text: 'Der Entwurf zu diesem Link ist schon als Antrag eingegangen. Das Aktenzeichen steht in Ihrer Eingangsbestätigung.',
  },
  account: {
    title: 'Dieser Entwurf gehört zu einem Bürgerkonto',
    text: 'Bitte melden Sie sich mit Ihrem Bürgerkonto an; dann setzen Sie den Antrag dort fort.',
  },
};

export function DraftLinkProblemPage({
  tenant,
  citizen,
  definition,
  problem,
}: Frame & { definition: ProcedureDefinition; problem: DraftLinkProblem }) {
  const { title, text } = PROBLEMS[problem];
  return (
    <SiteFrame tenant={tenant} citizen={citizen} title={`${title} – ${definition.title}`}>
      <div class="kern-stack-md">
        <h1 class="kern-heading-large">{title}</h1>
        <p class="kern-body">{text}</p>
        <p>
          <a class="kern-link" href={`/${tenant.slug}/antrag/${definition.id}`}>
            Zum Antrag „{definition.title}“
          </a>
        </p>
      </div>
    </SiteFrame>
  );
}

/** The GET of an e-mailed link: nothing moves until the citizen presses the button. */
export function ResumeDraftPage({
  tenant,
  citizen,
  definition,
  action,
  token,
  csrfToken,
}: Frame & { definition: ProcedureDefinition; action: string; token: string; csrfToken: string }) {
  return (
    <SiteFrame tenant={tenant} citizen={citizen} title={`Gespeicherten Antrag fortsetzen – ${definition.title}`}>
      <div class="kern-stack-md form-narrow">
        <h1 class="kern-heading-large">Gespeicherten Antrag fortsetzen</h1>
        <p class="kern-body">
          Ihr Entwurf für „{definition.title}“ ist gespeichert. Wenn Sie fortsetzen, öffnet er sich in diesem Browser mit
          allen Angaben; in einem anderen Browser, in dem Sie ihn vorher bearbeitet haben, ist er dann nicht mehr offen.
        </p>
        <PostForm action={action} csrfToken={csrfToken}>
          <input type="hidden" name="schluessel" value={token} />
          <SubmitButton label="Antrag fortsetzen" />
        </PostForm>
      </div>
    </SiteFrame>
  );
}
