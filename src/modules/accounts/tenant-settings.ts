import { appendAudit } from '../../platform/audit.js';
import type { OpeningHours } from '../../platform/db/schema.js';
import type { Principal } from '../../platform/http/request-context.js';
import type { Platform } from '../../platform/platform.js';
import { insertDepartment, type Tenant, updateTenant } from '../../platform/tenancy/repo.js';
import type { FieldErrors } from '../../platform/views/forms.js';
import { findDepartmentByName } from './repo.js';
import type { Outcome } from './service.js';
import { collect, emailProblem, hasErrors } from './validation.js';

/** Two time slots per weekday (morning, afternoon) are enough for a town hall. */
export const SLOTS = [
  { suffix: '', label: 'Vormittag' },
  { suffix: '_2', label: 'Nachmittag' },
] as const;

export type SettingsForm = Record<string, string>;

export const hourField = (day: number, slot: string, end: 'from' | 'to') => `hours_${day}_${end}${slot}`;

/** The settings form's values for a tenant as stored. */
export function settingsFormOf(tenant: Tenant): SettingsForm {
  const form: SettingsForm = {
    name: tenant.name,
    street: tenant.street,
    postal_code: tenant.postal_code,
    city: tenant.city,
    phone: tenant.phone,
    email: tenant.email,
    opening_hours_note: tenant.opening_hours_note,
    primary_color: tenant.primary_color,
  };
  for (let day = 1; day <= 7; day++) {
    const slots = tenant.opening_hours.filter((h) => h.day === day).sort((a, b) => a.from.localeCompare(b.from));
    SLOTS.forEach((slot, index) => {
      form[hourField(day, slot.suffix, 'from')] = slots[index]?.from ?? '';
      form[hourField(day, slot.suffix, 'to')] = slots[index]?.to ?? '';
    });
  }
  return form;
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const normalizeTime = (value: string) => (/^\d:[0-5]\d$/.test(value) ? `0${value}` : value.replace('.', ':'));

/** Validates and saves name, address, contact, opening hours and colour of the tenant. */
export async function updateTenantSettings(
  platform: Platform,
  tenant: Tenant,
  actor: Principal,
  form: SettingsForm,
): Promise<Outcome> {
  const errors: FieldErrors = {};
  if (!form.name) errors.name = 'Bitte geben Sie den Namen der Verwaltung ein.';
  if (form.postal_code && !/^\d{5}$/.test(form.postal_code)) errors.postal_code = 'Die Postleitzahl besteht aus fünf Ziffern.';
  if (form.email) collect(errors, 'email', emailProblem(form.email));
  if (!/^#[0-9a-fA-F]{6}$/.test(form.primary_color))
    errors.primary_color = 'Bitte geben Sie die Farbe als Hex-Wert an, zum Beispiel #004b76.';

  const hours: OpeningHours[] = [];
  for (let day = 1; day <= 7; day++) {
    for (const slot of SLOTS) {
      const fromName = hourField(day, slot.suffix, 'from');
      const toName = hourField(day, slot.suffix, 'to');
      const from = normalizeTime(form[fromName] ?? '');
      const to = normalizeTime(form[toName] ?? '');
      if (!from && !to) continue;
      if (!TIME.test(from)) errors[fromName] = 'Bitte geben Sie die Uhrzeit als SS:MM an, zum Beispiel 08:00.';
      else if (!TIME.test(to)) errors[toName] = 'Bitte geben Sie die Uhrzeit als SS:MM an, zum Beispiel 12:00.';
      else if (from >= to) errors[toName] = 'Das Ende muss nach dem Beginn liegen.';
      else hours.push({ day, from, to });
    }
  }
  if (hasErrors(errors)) return { ok: false, errors };

  await platform.db.transaction().execute(async (tx) => {
    await updateTenant(tx, tenant.id, {
      name: form.name,
      street: form.street,
      postal_code: form.postal_code,
      city: form.city,
      phone: form.phone,
      email: form.email.toLowerCase(),
      opening_hours: hours.sort((a, b) => a.day - b.day || a.from.localeCompare(b.from)),
      opening_hours_note: form.opening_hours_note,
      primary_color: form.primary_color.toLowerCase(),
    });
    await appendAudit(tx, { tenantId: tenant.id, actorId: actor.userId, action: 'tenant.settings_changed', subject: tenant.id });
  });
  return { ok: true, value: undefined };
}

export interface DepartmentInput {
  name: string;
  email: string;
  phone: string;
}

export async function addDepartment(
  platform: Platform,
  tenant: Tenant,
  actor: Principal,
  input: DepartmentInput,
): Promise<Outcome> {
  const errors: FieldErrors = {};
  if (!input.name) errors.name = 'Bitte geben Sie den Namen des Fachbereichs ein.';
  else if (input.name.length > 200) errors.name = 'Der Name darf höchstens 200 Zeichen lang sein.';
  else if (await findDepartmentByName(platform.db, tenant.id, input.name))
    errors.name = 'Einen Fachbereich mit diesem Namen gibt es bereits.';
  if (input.email) collect(errors, 'email', emailProblem(input.email));
  if (hasErrors(errors)) return { ok: false, errors };
  await platform.db.transaction().execute(async (tx) => {
    const department = await insertDepartment(tx, tenant.id, {
      name: input.name,
      email: input.email.toLowerCase(),
      phone: input.phone,
    });
    await appendAudit(tx, { tenantId: tenant.id, actorId: actor.userId, action: 'department.created', subject: department.id });
  });
  return { ok: true, value: undefined };
}
