import type { StaffRole } from '../../../platform/db/schema.js';
import { WEEKDAYS } from '../../../platform/views/context.js';
import {
  ErrorSummary,
  FieldError,
  type FieldErrors,
  fieldId,
  PostForm,
  SelectField,
  SubmitButton,
  TextField,
} from '../../../platform/views/forms.js';
import { Table } from '../../../platform/views/table.js';
import type { StaffListEntry } from '../repo.js';
import { ROLE_LABELS } from '../service.js';
import { hourField, SLOTS } from '../tenant-settings.js';
import { type StaffContext, StaffPage } from './frames.js';

type Values = Record<string, string>;

export function StaffHomePage({ ctx }: { ctx: StaffContext }) {
  const role = ctx.staff?.role;
  const links = ctx.nav.filter((item) => role && item.roles.includes(role));
  return (
    <StaffPage ctx={ctx} title="Verwaltung" path="">
      <h1 class="kern-heading-large">Verwaltung</h1>
      <p class="kern-body">
        {ctx.tenant.name} · angemeldet als {ctx.staff?.name || ctx.staff?.email} ({role ? ROLE_LABELS[role] : ''})
      </p>
      <ul class="kern-list">
        {links.map((item) => (
          <li key={item.path}>
            <a class="kern-link" href={`${ctx.base}${item.path}`}>
              {item.label}
            </a>
          </li>
        ))}
      </ul>
    </StaffPage>
  );
}

export function UsersPage({ ctx, users }: { ctx: StaffContext; users: StaffListEntry[] }) {
  return (
    <StaffPage ctx={ctx} title="Benutzer" path="/benutzer">
      <h1 class="kern-heading-large">Benutzer</h1>
      <p class="kern-body">
        <a class="kern-link" href={`${ctx.base}/benutzer/neu`}>
          Neuen Benutzer anlegen
        </a>
      </p>
      <Table
        caption="Zugänge zur Verwaltung"
        columns={['Name', 'E-Mail-Adresse', 'Rolle', 'Fachbereich', 'Status']}
        rows={users.map((u) => ({
          key: u.id,
          cells: [
            u.name,
            u.email,
            u.role ? ROLE_LABELS[u.role] : '',
            u.department ?? '–',
            u.email_confirmed_at ? (
              u.totp_enabled_at ? (
                'Aktiv, mit zweitem Faktor'
              ) : (
                'Aktiv'
              )
            ) : (
              <form key="einladung" method="post" action={`${ctx.base}/benutzer/${u.id}/einladung`}>
                <input type="hidden" name="_csrf" value={ctx.csrf} />
                Eingeladen{' '}
                <button type="submit" class="kern-btn kern-btn--tertiary kern-btn--x-small">
                  <span class="kern-label">Einladung erneut senden</span>
                </button>
              </form>
            ),
          ],
        }))}
      />
    </StaffPage>
  );
}

export function NewUserPage({
  ctx,
  departments,
  values = {},
  errors = {},
}: {
  ctx: StaffContext;
  departments: { id: string; name: string }[];
  values?: Values;
  errors?: FieldErrors;
}) {
  const roles: { value: string; label: string }[] = [
    { value: '', label: 'Bitte wählen' },
    ...(Object.keys(ROLE_LABELS) as StaffRole[]).map((r) => ({ value: r, label: ROLE_LABELS[r] })),
  ];
  return (
    <StaffPage ctx={ctx} title="Neuen Benutzer anlegen" path="/benutzer">
      <ErrorSummary errors={errors} />
      <h1 class="kern-heading-large">Neuen Benutzer anlegen</h1>
      <p class="kern-body">Die Person erhält eine E-Mail mit einem Link, über den sie ihr Passwort festlegt.</p>
      <div class="form-narrow">
        <PostForm action={`${ctx.base}/benutzer/neu`} csrfToken={ctx.csrf}>
          <TextField name="name" label="Name" value={values.name} error={errors.name} required />
          <TextField name="email" label="E-Mail-Adresse" type="email" value={values.email} error={errors.email} required />
          <SelectField name="role" label="Rolle" value={values.role} error={errors.role} options={roles} required />
          <SelectField
            name="department"
            label="Fachbereich"
            value={values.department}
            error={errors.department}
            options={[{ value: '', label: 'Kein Fachbereich' }, ...departments.map((d) => ({ value: d.id, label: d.name }))]}
          />
          <p class="kern-hint">Für die Sachbearbeitung ist ein Fachbereich erforderlich.</p>
          <SubmitButton label="Benutzer anlegen und einladen" />
        </PostForm>
      </div>
    </StaffPage>
  );
}

export function DepartmentsPage({
  ctx,
  departments,
  values = {},
  errors = {},
}: {
  ctx: StaffContext;
  departments: { id: string; name: string; email: string; phone: string }[];
  values?: Values;
  errors?: FieldErrors;
}) {
  return (
    <StaffPage ctx={ctx} title="Fachbereiche" path="/fachbereiche">
      <ErrorSummary errors={errors} />
      <h1 class="kern-heading-large">Fachbereiche</h1>
      {departments.length === 0 ? (
        <p class="kern-body">Noch keine Fachbereiche angelegt.</p>
      ) : (
        <Table
          caption="Fachbereiche"
          columns={['Name', 'E-Mail-Adresse', 'Telefon']}
          rows={departments.map((d) => ({ key: d.id, cells: [d.name, d.email || '–', d.phone || '–'] }))}
        />
      )}
      <h2 class="kern-heading-medium">Fachbereich hinzufügen</h2>
      <div class="form-narrow">
        <PostForm action={`${ctx.base}/fachbereiche`} csrfToken={ctx.csrf}>
          <TextField name="name" label="Name" value={values.name} error={errors.name} required />
          <TextField name="email" label="E-Mail-Adresse" type="email" value={values.email} error={errors.email} />
          <TextField name="phone" label="Telefon" type="tel" value={values.phone} error={errors.phone} />
          <SubmitButton label="Fachbereich hinzufügen" />
        </PostForm>
      </div>
    </StaffPage>
  );
}

function TimeInput({ name, label, value, error }: { name: string; label: string; value?: string; error?: string }) {
  const id = fieldId(name);
  return (
    <>
      <label class="kern-sr-only" for={id}>
        {label}
      </label>
      <input
        type="text"
        class={`kern-form-input__input kern-form-input__input--width-4${error ? ' kern-form-input__input--error' : ''}`}
        id={id}
        name={name}
        value={value}
        inputMode="numeric"
        placeholder="SS:MM"
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-fehler` : undefined}
      />
      <FieldError id={id} error={error} />
    </>
  );
}

export function SettingsPage({ ctx, values, errors = {} }: { ctx: StaffContext; values: Values; errors?: FieldErrors }) {
  return (
    <StaffPage ctx={ctx} title="Einstellungen" path="/einstellungen">
      <ErrorSummary errors={errors} />
      <h1 class="kern-heading-large">Einstellungen</h1>
      <PostForm action={`${ctx.base}/einstellungen`} csrfToken={ctx.csrf}>
        <h2 class="kern-heading-medium">Name und Anschrift</h2>
        <TextField name="name" label="Name der Verwaltung" value={values.name} error={errors.name} required />
        <TextField name="street" label="Straße und Hausnummer" value={values.street} error={errors.street} />
        <TextField
          name="postal_code"
          label="Postleitzahl"
          value={values.postal_code}
          error={errors.postal_code}
          inputMode="numeric"
        />
        <TextField name="city" label="Ort" value={values.city} error={errors.city} />
        <h2 class="kern-heading-medium">Kontakt</h2>
        <TextField name="phone" label="Telefon" type="tel" value={values.phone} error={errors.phone} />
        <TextField name="email" label="E-Mail-Adresse" type="email" value={values.email} error={errors.email} />
        <h2 class="kern-heading-medium">Öffnungszeiten</h2>
        <p class="kern-hint">Uhrzeiten als SS:MM, zum Beispiel 08:00. Leere Felder: an diesem Tag geschlossen.</p>
        <Table
          small
          caption="Öffnungszeiten je Wochentag"
          columns={['Tag', ...SLOTS.flatMap((slot) => [`${slot.label} von`, `${slot.label} bis`])]}
          rowHeaders
          rows={WEEKDAYS.map((dayName, index) => ({
            key: dayName,
            cells: [
              dayName,
              ...SLOTS.flatMap((slot) =>
                (['from', 'to'] as const).map((end) => {
                  const name = hourField(index + 1, slot.suffix, end);
                  return (
                    <TimeInput
                      key={name}
                      name={name}
                      label={`${dayName} ${slot.label} ${end === 'from' ? 'von' : 'bis'}`}
                      value={values[name]}
                      error={errors[name]}
                    />
                  );
                }),
              ),
            ],
          }))}
        />
        <TextField
          name="opening_hours_note"
          label="Hinweis zu den Öffnungszeiten"
          value={values.opening_hours_note}
          error={errors.opening_hours_note}
        />
        <h2 class="kern-heading-medium">Darstellung</h2>
        <TextField
          name="primary_color"
          label="Hauptfarbe"
          type="color"
          value={values.primary_color}
          error={errors.primary_color}
          required
        />
        <SubmitButton label="Einstellungen speichern" />
      </PostForm>
    </StaffPage>
  );
}
