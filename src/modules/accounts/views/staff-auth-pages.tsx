import { ErrorSummary, type FieldErrors, PostForm, SubmitButton } from '../../../platform/views/forms.js';
import { LoginFields, NewPasswordFields, TotpCodeField } from './fields.js';
import { Hidden, type StaffContext, StaffPage } from './frames.js';

export function StaffLoginPage({
  ctx,
  email,
  errors = {},
  returnTo,
}: {
  ctx: StaffContext;
  email?: string;
  errors?: FieldErrors;
  returnTo?: string;
}) {
  return (
    <StaffPage ctx={ctx} title="Anmeldung">
      <ErrorSummary errors={errors} />
      <h1 class="kern-heading-large">Anmeldung für die Verwaltung</h1>
      <div class="form-narrow">
        <PostForm action={`${ctx.base}/anmelden`} csrfToken={ctx.csrf}>
          <Hidden name="zurueck" value={returnTo} />
          <LoginFields email={email} errors={errors} />
          <SubmitButton label="Anmelden" />
        </PostForm>
      </div>
    </StaffPage>
  );
}

export function SecondFactorPage({ ctx, errors = {}, returnTo }: { ctx: StaffContext; errors?: FieldErrors; returnTo?: string }) {
  return (
    <StaffPage ctx={ctx} title="Zweiter Faktor">
      <ErrorSummary errors={errors} />
      <h1 class="kern-heading-large">Zweiter Faktor</h1>
      <div class="form-narrow">
        <PostForm action={`${ctx.base}/anmelden/zweiter-faktor`} csrfToken={ctx.csrf}>
          <Hidden name="zurueck" value={returnTo} />
          <TotpCodeField hint="Den sechsstelligen Code zeigt Ihre Authentifizierungs-App." errors={errors} />
          <SubmitButton label="Bestätigen" />
        </PostForm>
      </div>
      <PostForm action={`${ctx.base}/abmelden`} csrfToken={ctx.csrf}>
        <SubmitButton label="Abbrechen" kind="tertiary" />
      </PostForm>
    </StaffPage>
  );
}

export function InvitationPage({ ctx, token, errors = {} }: { ctx: StaffContext; token: string; errors?: FieldErrors }) {
  return (
    <StaffPage ctx={ctx} title="Passwort festlegen">
      <ErrorSummary errors={errors} />
      <h1 class="kern-heading-large">Passwort festlegen</h1>
      <p class="kern-body">Willkommen in der Verwaltung von {ctx.tenant.name}. Bitte legen Sie Ihr Passwort fest.</p>
      <div class="form-narrow">
        <PostForm action={`${ctx.base}/einladung`} csrfToken={ctx.csrf}>
          <Hidden name="token" value={token} />
          <NewPasswordFields hint="Mindestens 10 Zeichen." errors={errors} />
          <SubmitButton label="Passwort festlegen" />
        </PostForm>
      </div>
    </StaffPage>
  );
}

export function TwoFactorPage({
  ctx,
  enabled,
  secret,
  uri,
  errors = {},
}: {
  ctx: StaffContext;
  enabled: boolean;
  secret?: string;
  uri?: string;
  errors?: FieldErrors;
}) {
  return (
    <StaffPage ctx={ctx} title="Zwei-Faktor-Anmeldung" path="/konto/zwei-faktor">
      <ErrorSummary errors={errors} />
      <h1 class="kern-heading-large">Zwei-Faktor-Anmeldung</h1>
      {enabled ? (
        <>
          <p class="kern-body">
            Die Zwei-Faktor-Anmeldung ist aktiv. Bei jeder Anmeldung fragen wir nach dem Code aus Ihrer Authentifizierungs-App.
          </p>
          <h2 class="kern-heading-medium">Deaktivieren</h2>
          <div class="form-narrow">
            <PostForm action={`${ctx.base}/konto/zwei-faktor/deaktivieren`} csrfToken={ctx.csrf}>
              <TotpCodeField errors={errors} />
              <SubmitButton label="Zwei-Faktor-Anmeldung deaktivieren" kind="secondary" />
            </PostForm>
          </div>
        </>
      ) : (
        <>
          <p class="kern-body">
            Schützen Sie Ihren Zugang mit einem zweiten Faktor. Richten Sie dazu in einer Authentifizierungs-App (zum Beispiel
            FreeOTP, Aegis oder einer App Ihres Betriebs) ein neues Konto ein und geben Sie diesen Schlüssel ein:
          </p>
          <p class="kern-body">
            Schlüssel: <code id="totp-secret">{secret}</code>
          </p>
          <p class="kern-body kern-body--small">
            Oder als Adresse für Apps, die Links übernehmen: <code id="totp-uri">{uri}</code>
          </p>
          <div class="form-narrow">
            <PostForm action={`${ctx.base}/konto/zwei-faktor`} csrfToken={ctx.csrf}>
              <TotpCodeField hint="Der sechsstellige Code, den die App jetzt anzeigt." errors={errors} />
              <SubmitButton label="Zwei-Faktor-Anmeldung aktivieren" />
            </PostForm>
          </div>
        </>
      )}
    </StaffPage>
  );
}
