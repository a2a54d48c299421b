import { type FieldErrors, TextField } from '../../../platform/views/forms.js';

/** A required e-mail address field. */
export function EmailField({
  label = 'E-Mail-Adresse',
  value,
  errors,
  autocomplete = 'email',
}: {
  label?: string;
  value?: string;
  errors: FieldErrors;
  autocomplete?: string;
}) {
  return (
    <TextField name="email" label={label} type="email" value={value} error={errors.email} autocomplete={autocomplete} required />
  );
}

/** E-mail and current password, as the citizen and the staff login ask for them. */
export function LoginFields({ email, errors }: { email?: string; errors: FieldErrors }) {
  return (
    <>
      <EmailField value={email} errors={errors} autocomplete="username" />
      <TextField
        name="password"
        label="Passwort"
        type="password"
        error={errors.password}
        autocomplete="current-password"
        required
      />
    </>
  );
}

/** A new password typed twice (registration, reset, invitation). */
export function NewPasswordFields({ label = 'Passwort', hint, errors }: { label?: string; hint: string; errors: FieldErrors }) {
  return (
    <>
      <TextField
        name="password"
        label={label}
        type="password"
        error={errors.password}
        hint={hint}
        autocomplete="new-password"
        required
      />
      <TextField
        name="password_confirm"
        label="Passwort wiederholen"
        type="password"
        error={errors.password_confirm}
        autocomplete="new-password"
        required
      />
    </>
  );
}

/** A six-digit code from the authenticator app. */
export function TotpCodeField({ hint, errors }: { hint?: string; errors: FieldErrors }) {
  return (
    <TextField
      name="code"
      label="Sicherheitscode"
      hint={hint}
      error={errors.code}
      autocomplete="one-time-code"
      inputMode="numeric"
      required
    />
  );
}
