import type { AccountNavItem } from '../../../platform/module.js';
import { ErrorSummary, type FieldErrors, Notice, PostForm, SubmitButton, TextField } from '../../../platform/views/forms.js';
import { EmailField, LoginFields, NewPasswordFields } from './fields.js';
import { Hidden, type SiteContext, SitePage } from './frames.js';

type Values = Record<string, string>;

const PASSWORD_HINT =
  'Mindestens 10 Zeichen. Ein langer Satz, den Sie sich gut merken können, ist sicherer als ein kurzes, kompliziertes Wort.';

export function RegisterPage({ ctx, values = {}, errors = {} }: { ctx: SiteContext; values?: Values; errors?: FieldErrors }) {
  return (
    <SitePage ctx={ctx} title="Konto anlegen">
      <ErrorSummary errors={errors} />
      <h1 class="kern-heading-large">Konto anlegen</h1>
      <p class="kern-body">Mit einem Bürgerkonto sehen Sie Ihre Anträge und Termine an einem Ort.</p>
      <PostForm action={`${ctx.base}/konto/registrieren`} csrfToken={ctx.csrf}>
        <TextField name="name" label="Vor- und Nachname" value={values.name} error={errors.name} autocomplete="name" required />
        <EmailField value={values.email} errors={errors} />
        <NewPasswordFields hint={PASSWORD_HINT} errors={errors} />
        <SubmitButton label="Konto anlegen" />
      </PostForm>
      <p class="kern-body">
        Sie haben schon ein Konto?{' '}
        <a class="kern-link" href={`${ctx.base}/konto/anmelden`}>
          Anmelden
        </a>
      </p>
    </SitePage>
  );
}

/** The one answer after a registration, whether or not the address was known. */
export function CheckMailPage({ ctx }: { ctx: SiteContext }) {
  return (
    <SitePage ctx={ctx} title="Bitte bestätigen Sie Ihre E-Mail-Adresse">
      <h1 class="kern-heading-large">Bitte bestätigen Sie Ihre E-Mail-Adresse</h1>
      <p class="kern-body">
        Wir haben Ihnen eine E-Mail geschickt. Bitte öffnen Sie den Link darin, um Ihre E-Mail-Adresse zu bestätigen. Der Link ist
        24 Stunden gültig.
      </p>
      <p class="kern-body">Bitte sehen Sie auch im Spam-Ordner nach.</p>
      <p class="kern-body">
        <a class="kern-link" href={`${ctx.base}/konto/bestaetigung-anfordern`}>
          Keine E-Mail erhalten? Link erneut anfordern
        </a>
      </p>
    </SitePage>
  );
}

export function RequestLinkPage({
  ctx,
  title,
  intro,
  action,
  values = {},
  errors = {},
}: {
  ctx: SiteContext;
  title: string;
  intro: string;
  action: string;
  values?: Values;
  errors?: FieldErrors;
}) {
  return (
    <SitePage ctx={ctx} title={title}>
      <ErrorSummary errors={errors} />
      <h1 class="kern-heading-large">{title}</h1>
      <p class="kern-body">{intro}</p>
      <PostForm action={action} csrfToken={ctx.csrf}>
        <EmailField value={values.email} errors={errors} />
        <SubmitButton label="Link anfordern" />
      </PostForm>
    </SitePage>
  );
}

export function LoginPage({
  ctx,
  values = {},
  errors = {},
  returnTo,
  failed,
}: {
  ctx: SiteContext;
  values?: Values;
  errors?: FieldErrors;
  returnTo?: string;
  failed?: boolean;
}) {
  return (
    <SitePage ctx={ctx} title="Anmelden">
      <ErrorSummary errors={errors} />
      <h1 class="kern-heading-large">Anmelden</h1>
      {failed && (
        <Notice kind="info">
          Sie haben Ihr Konto gerade erst angelegt? Dann bestätigen Sie bitte zuerst Ihre E-Mail-Adresse über den Link in unserer
          E-Mail.
        </Notice>
      )}
      <PostForm action={`${ctx.base}/konto/anmelden`} csrfToken={ctx.csrf}>
        <Hidden name="zurueck" value={returnTo} />
        <LoginFields email={values.email} errors={errors} />
        <SubmitButton label="Anmelden" />
      </PostForm>
      <ul class="kern-list">
        <li>
          <a class="kern-link" href={`${ctx.base}/konto/passwort-vergessen`}>
            Passwort vergessen?
          </a>
        </li>
        <li>
          <a class="kern-link" href={`${ctx.base}/konto/registrieren`}>
            Neues Konto anlegen
          </a>
        </li>
        <li>
          <a class="kern-link" href={`${ctx.base}/konto/bestaetigung-anfordern`}>
            Bestätigungslink erneut anfordern
          </a>
        </li>
      </ul>
    </SitePage>
  );
}

export function NewPasswordPage({ ctx, token, errors = {} }: { ctx: SiteContext; token: string; errors?: FieldErrors }) {
  return (
    <SitePage ctx={ctx} title="Neues Passwort festlegen">
      <ErrorSummary errors={errors} />
      <h1 class="kern-heading-large">Neues Passwort festlegen</h1>
      <PostForm action={`${ctx.base}/konto/passwort-neu`} csrfToken={ctx.csrf}>
        <Hidden name="token" value={token} />
        <NewPasswordFields label="Neues Passwort" hint={PASSWORD_HINT} errors={errors} />
        <SubmitButton label="Passwort speichern" />
      </PostForm>
    </SitePage>
  );
}

export function AccountPage({
  ctx,
  name,
  email,
  links,
}: {
  ctx: SiteContext;
  name: string;
  email: string;
  links: AccountNavItem[];
}) {
  return (
    <SitePage ctx={ctx} title="Mein Konto">
      <h1 class="kern-heading-large">Mein Konto</h1>
      <dl class="kern-description-list">
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">Name</dt>
          <dd class="kern-description-list-item__value">{name}</dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">E-Mail-Adresse</dt>
          <dd class="kern-description-list-item__value">{email}</dd>
        </div>
      </dl>
      <ul class="kern-list">
        {links.map((link) => (
          <li key={link.path}>
            <a class="kern-link" href={`${ctx.base}${link.path}`}>
              {link.label}
            </a>
          </li>
        ))}
        <li>
          <a class="kern-link" href={`${ctx.base}/konto/email-aendern`}>
            E-Mail-Adresse ändern
          </a>
        </li>
        <li>
          <a class="kern-link" href={`${ctx.base}/konto/passwort-vergessen`}>
            Passwort ändern
          </a>
        </li>
        <li>
          <a class="kern-link" href={`${ctx.base}/konto/loeschen`}>
            Konto löschen
          </a>
        </li>
      </ul>
      <PostForm action={`${ctx.base}/konto/abmelden`} csrfToken={ctx.csrf}>
        <SubmitButton label="Abmelden" kind="secondary" />
      </PostForm>
    </SitePage>
  );
}

export function EmailChangePage({ ctx, values = {}, errors = {} }: { ctx: SiteContext; values?: Values; errors?: FieldErrors }) {
  return (
    <SitePage ctx={ctx} title="E-Mail-Adresse ändern">
      <ErrorSummary errors={errors} />
      <h1 class="kern-heading-large">E-Mail-Adresse ändern</h1>
      <p class="kern-body">
        Wir senden einen Bestätigungslink an die neue Adresse. Ihre E-Mail-Adresse ändert sich erst, wenn Sie diesen Link öffnen.
      </p>
      <PostForm action={`${ctx.base}/konto/email-aendern`} csrfToken={ctx.csrf}>
        <EmailField label="Neue E-Mail-Adresse" value={values.email} errors={errors} />
        <TextField
          name="password"
          label="Aktuelles Passwort"
          type="password"
          error={errors.password}
          autocomplete="current-password"
          required
        />
        <SubmitButton label="Bestätigungslink senden" />
      </PostForm>
      <p class="kern-body">
        <a class="kern-link" href={`${ctx.base}/konto`}>
          Zurück zu Mein Konto
        </a>
      </p>
    </SitePage>
  );
}

export function DeleteAccountPage({ ctx, errors = {} }: { ctx: SiteContext; errors?: FieldErrors }) {
  return (
    <SitePage ctx={ctx} title="Konto löschen">
      <ErrorSummary errors={errors} />
      <h1 class="kern-heading-large">Konto löschen</h1>
      <p class="kern-body">
        Wenn Sie Ihr Konto löschen, werden Ihr Name, Ihre E-Mail-Adresse und Ihr Passwort gelöscht und Sie werden abgemeldet. Das
        lässt sich nicht rückgängig machen. Anträge, die Sie bereits gestellt haben, bearbeitet die Verwaltung nach den
        gesetzlichen Vorgaben weiter.
      </p>
      <PostForm action={`${ctx.base}/konto/loeschen`} csrfToken={ctx.csrf}>
        <TextField
          name="password"
          label="Passwort"
          type="password"
          error={errors.password}
          hint="Zur Sicherheit: Ihr aktuelles Passwort."
          autocomplete="current-password"
          required
        />
        <SubmitButton label="Konto endgültig löschen" />
      </PostForm>
      <p class="kern-body">
        <a class="kern-link" href={`${ctx.base}/konto`}>
          Abbrechen und zurück zu Mein Konto
        </a>
      </p>
    </SitePage>
  );
}
