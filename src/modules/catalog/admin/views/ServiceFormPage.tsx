import type { ComponentChildren } from 'preact';
import {
  ActionButton,
  CheckboxGroupField,
  type FieldErrors,
  Fieldset,
  PostForm,
  SelectField,
  SubmitButton,
  TextAreaField,
  TextField,
} from '../../../../platform/views/forms.js';
import type { ServiceStatus } from '../../tables.js';
import { formatFileSize } from '../../views/ServicePage.js';
import type { ServiceFormValues } from '../service.js';
import { type AdminContext, AdminPage, formatDate } from './parts.js';
import { STATUS_LABELS } from './ServicesListPage.js';

type Values = Record<string, string>;

export interface ServiceEditExtras {
  service: { id: string; slug: string; status: ServiceStatus; reviewedAt: Date | null };
  attachments: { id: string; title: string; size: number }[];
  contacts: { id: string; name: string; function: string }[];
  locations: { id: string; name: string; city: string }[];
  allContacts: { id: string; name: string; function: string }[];
  allLocations: { id: string; name: string; city: string }[];
  /** What was typed into a sub-form (contact, location, upload) that failed. */
  subValues?: Values;
}

interface ServiceFormPageProps {
  ctx: AdminContext;
  values: ServiceFormValues;
  errors?: FieldErrors;
  departments: { id: string; name: string }[];
  lebenslagen: { id: string; label: string }[];
  edit?: ServiceEditExtras;
}

export function ServiceFormPage({ ctx, values: v, errors = {}, departments, lebenslagen, edit }: ServiceFormPageProps) {
  const list = `${ctx.base}/leistungen`;
  const title = edit ? `Leistung bearbeiten: ${v.title || 'ohne Titel'}` : 'Neue Leistung';
  const action = edit ? `${list}/${edit.service.id}` : `${list}/neu`;
  return (
    <AdminPage ctx={ctx} title={title} path="/leistungen" errors={errors}>
      <p class="kern-body kern-body--small">
        <a class="kern-link" href={list}>
          Zurück zur Liste der Leistungen
        </a>
      </p>
      <h1 class="kern-heading-large">{title}</h1>
      {edit && <StatusPanel ctx={ctx} edit={edit} />}

      <PostForm action={action} csrfToken={ctx.csrf}>
        <TextField name="title" label="Titel" value={v.title} error={errors.title} required />
        <TextField
          name="slug"
          label="Kürzel in der Adresse"
          value={v.slug}
          error={errors.slug}
          hint="Bleibt es leer, wird es aus dem Titel gebildet (ä wird ae, ß wird ss). Nur Kleinbuchstaben, Ziffern und Bindestriche."
        />
        <TextAreaField name="summary" label="Kurzbeschreibung" value={v.summary} error={errors.summary} rows={3} />
        <TextAreaField
          name="description"
          label="Beschreibung"
          value={v.description}
          error={errors.description}
          rows={10}
          hint="Markdown: **fett**, Listen mit „- “, Links als [Text](https://…)."
        />
        <TextAreaField
          name="documents"
          label="Erforderliche Unterlagen"
          value={v.documents}
          error={errors.documents}
          hint="Eine Unterlage pro Zeile."
        />
        <TextField name="fees" label="Gebühren" value={v.fees} error={errors.fees} />
        <TextField name="processing_time" label="Bearbeitungsdauer" value={v.processing_time} error={errors.processing_time} />
        <TextField name="legal_basis" label="Rechtsgrundlage" value={v.legal_basis} error={errors.legal_basis} />
        <TextField
          name="leika_key"
          label="LeiKa-Schlüssel"
          value={v.leika_key}
          error={errors.leika_key}
          hint="14 Ziffern aus dem Leistungskatalog, zum Beispiel 99050012104000."
          inputMode="numeric"
        />
        <SelectField
          name="department"
          label="Zuständiger Fachbereich"
          value={v.department}
          error={errors.department}
          options={[{ value: '', label: '– kein Fachbereich –' }, ...departments.map((d) => ({ value: d.id, label: d.name }))]}
        />
        <TextField
          name="keywords"
          label="Suchbegriffe und Synonyme"
          value={v.keywords}
          error={errors.keywords}
          hint="Durch Kommas getrennt, zum Beispiel: Perso, Ausweis, Identitätskarte."
        />
        {lebenslagen.length > 0 && (
          <CheckboxGroupField
            name="lebenslagen"
            legend="Lebenslagen"
            options={lebenslagen.map((l) => ({ value: l.id, label: l.label }))}
            checked={v.lebenslagen}
            error={errors.lebenslagen}
          />
        )}
        <Fieldset legend="Online beantragen">
          <TextField
            name="online_procedure_id"
            label="Kennung des Online-Verfahrens"
            value={v.online_procedure_id}
            error={errors.online_procedure_id}
            hint="Für ein eigenes Online-Verfahren dieses Portals."
          />
          <TextField
            name="online_url"
            label="Externe Adresse des Online-Dienstes"
            type="url"
            value={v.online_url}
            error={errors.online_url}
            hint="Zum Beispiel ein Landesportal; beginnt mit https://."
          />
        </Fieldset>
        <TextAreaField
          name="easy_language"
          label="Text in Leichter Sprache"
          value={v.easy_language}
          error={errors.easy_language}
          rows={6}
        />
        <SubmitButton label={edit ? 'Speichern' : 'Leistung anlegen'} />
      </PostForm>

      {edit && <AttachmentsSection ctx={ctx} edit={edit} errors={errors} />}
      {edit && <ContactsSection ctx={ctx} edit={edit} errors={errors} />}
      {edit && <LocationsSection ctx={ctx} edit={edit} errors={errors} />}
    </AdminPage>
  );
}

function StatusPanel({ ctx, edit }: { ctx: AdminContext; edit: ServiceEditExtras }) {
  const { service } = edit;
  const path = `${ctx.base}/leistungen/${service.id}`;
  const published = service.status === 'published';
  return (
    <section aria-labelledby="status-titel" class="kern-stack-sm">
      <h2 id="status-titel" class="kern-heading-medium">
        Status
      </h2>
      <dl class="kern-description-list">
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">Status</dt>
          <dd class="kern-description-list-item__value">{STATUS_LABELS[service.status]}</dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">Zuletzt geprüft</dt>
          <dd class="kern-description-list-item__value">{formatDate(service.reviewedAt)}</dd>
        </div>
      </dl>
      <p class="kern-body">
        <a class="kern-link" href={`${path}/vorschau`}>
          Vorschau ansehen
        </a>
        {published && (
          <>
            {' · '}
            <a class="kern-link" href={`/${ctx.tenant.slug}/leistungen/${service.slug}`}>
              Öffentliche Seite ansehen
            </a>
          </>
        )}
      </p>
      {published ? (
        <ActionButton action={`${path}/zurueckziehen`} csrf={ctx.csrf} label="Veröffentlichung zurückziehen" />
      ) : (
        <ActionButton action={`${path}/veroeffentlichen`} csrf={ctx.csrf} label="Veröffentlichen" kind="primary" />
      )}
      <ActionButton action={`${path}/geprueft`} csrf={ctx.csrf} label="Jetzt als geprüft markieren" />
    </section>
  );
}

function AttachmentsSection({ ctx, edit, errors }: { ctx: AdminContext; edit: ServiceEditExtras; errors: FieldErrors }) {
  const path = `${ctx.base}/leistungen/${edit.service.id}/dokumente`;
  return (
    <section aria-labelledby="dokumente-titel" class="kern-stack-sm">
      <h2 id="dokumente-titel" class="kern-heading-medium">
        Dokumente (PDF)
      </h2>
      {edit.attachments.length === 0 ? (
        <p class="kern-body">Noch keine Dokumente.</p>
      ) : (
        <ul class="kern-list">
          {edit.attachments.map((a) => (
            <li key={a.id}>
              <a class="kern-link" href={`${path}/${a.id}`}>
                {a.title}
              </a>{' '}
              (PDF, {formatFileSize(a.size)})
              <ActionButton
                action={`${path}/${a.id}/entfernen`}
                csrf={ctx.csrf}
                label="Entfernen"
                srLabel={`: ${a.title}`}
                kind="tertiary"
              />
            </li>
          ))}
        </ul>
      )}
      <PostForm action={path} csrfToken={ctx.csrf} enctype="multipart/form-data">
        <h3 class="kern-heading-small">PDF hochladen</h3>
        <TextField
          name="attachment_title"
          label="Titel des Dokuments"
          value={edit.subValues?.attachment_title}
          error={errors.attachment_title}
          hint="Zum Beispiel „Antragsformular“ oder „Merkblatt“. Leer: der Dateiname."
        />
        <TextField
          name="file"
          label="PDF-Datei"
          type="file"
          accept="application/pdf,.pdf"
          error={errors.file}
          hint="Nur PDF-Dokumente, höchstens 20 MB."
          required
        />
        <SubmitButton label="PDF hochladen" />
      </PostForm>
    </section>
  );
}

/** Things linked to the service (contacts, locations): the list with remove buttons, linking an existing one, creating one. */
function LinkedSection({
  ctx,
  path,
  id,
  heading,
  empty,
  linked,
  all,
  select,
  value,
  error,
  create,
}: {
  ctx: AdminContext;
  path: string;
  id: string;
  heading: string;
  empty: string;
  linked: { id: string; name: string; detail: string }[];
  all: { id: string; name: string; detail: string }[];
  select: { name: string; label: string; button: string };
  value?: string;
  error?: string;
  create: { heading: string; button: string; fields: ComponentChildren };
}) {
  const linkedIds = new Set(linked.map((item) => item.id));
  const available = all.filter((item) => !linkedIds.has(item.id));
  return (
    <section aria-labelledby={`${id}-titel`} class="kern-stack-sm">
      <h2 id={`${id}-titel`} class="kern-heading-medium">
        {heading}
      </h2>
      {linked.length === 0 ? (
        <p class="kern-body">{empty}</p>
      ) : (
        <ul class="kern-list">
          {linked.map((item) => (
            <li key={item.id}>
              {item.name}
              {item.detail && <>, {item.detail}</>}
              <ActionButton
                action={`${path}/${item.id}/entfernen`}
                csrf={ctx.csrf}
                label="Entfernen"
                srLabel={`: ${item.name}`}
                kind="tertiary"
              />
            </li>
          ))}
        </ul>
      )}
      {available.length > 0 && (
        <PostForm action={path} csrfToken={ctx.csrf}>
          <SelectField
            name={select.name}
            label={select.label}
            value={value}
            error={error}
            required
            options={available.map((item) => ({
              value: item.id,
              label: item.detail ? `${item.name} (${item.detail})` : item.name,
            }))}
          />
          <SubmitButton label={select.button} />
        </PostForm>
      )}
      <PostForm action={path} csrfToken={ctx.csrf}>
        <h3 class="kern-heading-small">{create.heading}</h3>
        {create.fields}
        <SubmitButton label={create.button} />
      </PostForm>
    </section>
  );
}

const contactItem = (c: { id: string; name: string; function: string }) => ({ id: c.id, name: c.name, detail: c.function });
const locationItem = (l: { id: string; name: string; city: string }) => ({ id: l.id, name: l.name, detail: l.city });

function ContactsSection({ ctx, edit, errors }: { ctx: AdminContext; edit: ServiceEditExtras; errors: FieldErrors }) {
  const sv = edit.subValues ?? {};
  return (
    <LinkedSection
      ctx={ctx}
      path={`${ctx.base}/leistungen/${edit.service.id}/ansprechpartner`}
      id="ansprechpartner"
      heading="Ansprechpartner"
      empty="Noch keine Ansprechpartner."
      linked={edit.contacts.map(contactItem)}
      all={edit.allContacts.map(contactItem)}
      select={{ name: 'contact_id', label: 'Vorhandenen Ansprechpartner zuordnen', button: 'Ansprechpartner zuordnen' }}
      value={sv.contact_id}
      error={errors.contact_id}
      create={{
        heading: 'Neuen Ansprechpartner anlegen',
        button: 'Ansprechpartner anlegen',
        fields: (
          <>
            <TextField name="contact_name" label="Name" value={sv.contact_name} error={errors.contact_name} required />
            <TextField name="contact_function" label="Funktion" value={sv.contact_function} error={errors.contact_function} />
            <TextField name="contact_phone" label="Telefon" type="tel" value={sv.contact_phone} error={errors.contact_phone} />
            <TextField
              name="contact_email"
              label="E-Mail-Adresse"
              type="email"
              value={sv.contact_email}
              error={errors.contact_email}
            />
            <TextField name="contact_room" label="Zimmer" value={sv.contact_room} error={errors.contact_room} />
            <TextField
              name="contact_consultation_note"
              label="Sprechzeiten"
              value={sv.contact_consultation_note}
              error={errors.contact_consultation_note}
              hint="Zum Beispiel: Mo–Fr 8–12 Uhr und nach Vereinbarung."
            />
          </>
        ),
      }}
    />
  );
}

function LocationsSection({ ctx, edit, errors }: { ctx: AdminContext; edit: ServiceEditExtras; errors: FieldErrors }) {
  const sv = edit.subValues ?? {};
  return (
    <LinkedSection
      ctx={ctx}
      path={`${ctx.base}/leistungen/${edit.service.id}/standorte`}
      id="standorte"
      heading="Standorte"
      empty="Noch keine Standorte."
      linked={edit.locations.map(locationItem)}
      all={edit.allLocations.map(locationItem)}
      select={{ name: 'location_id', label: 'Vorhandenen Standort zuordnen', button: 'Standort zuordnen' }}
      value={sv.location_id}
      error={errors.location_id}
      create={{
        heading: 'Neuen Standort anlegen',
        button: 'Standort anlegen',
        fields: (
          <>
            <TextField
              name="location_name"
              label="Bezeichnung des Standorts"
              value={sv.location_name}
              error={errors.location_name}
              required
            />
            <TextField
              name="location_street"
              label="Straße und Hausnummer"
              value={sv.location_street}
              error={errors.location_street}
            />
            <TextField
              name="location_postal_code"
              label="Postleitzahl"
              value={sv.location_postal_code}
              error={errors.location_postal_code}
              inputMode="numeric"
            />
            <TextField name="location_city" label="Ort" value={sv.location_city} error={errors.location_city} />
            <TextField
              name="location_accessibility"
              label="Barrierefreiheit"
              value={sv.location_accessibility}
              error={errors.location_accessibility}
            />
            <TextField
              name="location_opening_hours_note"
              label="Öffnungszeiten"
              value={sv.location_opening_hours_note}
              error={errors.location_opening_hours_note}
              hint="Zum Beispiel: Mo–Fr 8–12 Uhr, Do auch 13:30–17:30 Uhr."
            />
          </>
        ),
      }}
    />
  );
}
