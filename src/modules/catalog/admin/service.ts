import { appendAudit } from '../../../platform/audit.js';
import type { Executor } from '../../../platform/db/database.js';
import { detectFileType } from '../../../platform/files.js';
import type { Platform } from '../../../platform/platform.js';
import { findDepartment } from '../../../platform/tenancy/repo.js';
import type { FieldErrors } from '../../../platform/views/forms.js';
import * as catalogRepo from '../repo.js';
import { serviceDetailsOf } from '../service.js';
import * as repo from './repo.js';
import { commaList, hasErrors, isHttpUrl, LEIKA, lineList, requireLength, SLUG, slugify, UUID } from './validation.js';

export type Result<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/** What the service form sends, as entered (re-rendered unchanged after an error). */
export interface ServiceFormValues {
  title: string;
  slug: string;
  summary: string;
  description: string;
  documents: string;
  fees: string;
  processing_time: string;
  legal_basis: string;
  leika_key: string;
  department: string;
  keywords: string;
  lebenslagen: string[];
  online_procedure_id: string;
  online_url: string;
  easy_language: string;
}

export const emptyServiceForm = (): ServiceFormValues => ({
  title: '',
  slug: '',
  summary: '',
  description: '',
  documents: '',
  fees: '',
  processing_time: '',
  legal_basis: '',
  leika_key: '',
  department: '',
  keywords: '',
  lebenslagen: [],
  online_procedure_id: '',
  online_url: '',
  easy_language: '',
});

/** After this long without review a service shows up in the review list. */
export const REVIEW_MONTHS = 12;
/** The Bavarian "Digitales Amt" award threshold. */
export const DIGITAL_GOAL = 50;
export const MAX_PDF_BYTES = 20 * 1024 * 1024;

export const reviewDueBefore = (now = new Date()) => {
  const d = new Date(now);
  d.setMonth(d.getMonth() - REVIEW_MONTHS);
  return d;
};

const PROCEDURE_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

/** Checks the form against the tenant's data; gives the columns to write or the errors by field. */
async function validateServiceForm(db: Executor, tenantId: string, v: ServiceFormValues, exceptId?: string) {
  const errors: FieldErrors = {};
  requireLength(errors, 'title', v.title, 'den Titel', 200, true);
  const slug = v.slug || slugify(v.title);
  if (!errors.title) {
    if (!SLUG.test(slug)) {
      errors.slug = 'Das Kürzel darf nur Kleinbuchstaben, Ziffern und Bindestriche enthalten (höchstens 120 Zeichen).';
    } else if (await repo.isSlugTaken(db, tenantId, slug, exceptId)) {
      errors.slug = `Das Kürzel „${slug}“ hat bereits eine andere Leistung. Bitte wählen Sie ein anderes.`;
    }
  }
  requireLength(errors, 'summary', v.summary, 'die Kurzbeschreibung', 500);
  requireLength(errors, 'description', v.description, 'die Beschreibung', 50_000);
  requireLength(errors, 'documents', v.documents, 'die Unterlagen', 10_000);
  requireLength(errors, 'fees', v.fees, 'die Gebühren', 2_000);
  requireLength(errors, 'processing_time', v.processing_time, 'die Bearbeitungsdauer', 500);
  requireLength(errors, 'legal_basis', v.legal_basis, 'die Rechtsgrundlage', 2_000);
  requireLength(errors, 'keywords', v.keywords, 'die Suchbegriffe', 2_000);
  requireLength(errors, 'easy_language', v.easy_language, 'den Text in Leichter Sprache', 20_000);
  const leika = v.leika_key.replace(/\s+/g, '');
  if (leika && !LEIKA.test(leika)) errors.leika_key = 'Der LeiKa-Schlüssel hat genau 14 Ziffern, zum Beispiel 99050012104000.';
  if (v.department && (!UUID.test(v.department) || !(await findDepartment(db, tenantId, v.department)))) {
    errors.department = 'Bitte wählen Sie einen Fachbereich aus der Liste.';
  }
  if (v.online_url && !isHttpUrl(v.online_url)) {
    errors.online_url = 'Bitte geben Sie eine vollständige Internetadresse ein, die mit https:// oder http:// beginnt.';
  }
  if (v.online_procedure_id && !PROCEDURE_ID.test(v.online_procedure_id)) {
    errors.online_procedure_id =
      'Die Kennung des Online-Verfahrens darf nur Buchstaben, Ziffern, Punkt, Binde- und Unterstrich enthalten.';
  }
  if (v.online_url && v.online_procedure_id && !errors.online_url && !errors.online_procedure_id) {
    errors.online_url = 'Bitte geben Sie entweder ein Online-Verfahren oder eine externe Adresse an, nicht beides.';
  }
  const known = new Set((await catalogRepo.listLebenslagen(db, tenantId)).map((l) => l.id));
  const lebenslageIds = [...new Set(v.lebenslagen)];
  if (lebenslageIds.some((id) => !known.has(id))) errors.lebenslagen = 'Bitte wählen Sie nur Lebenslagen aus der Liste.';
  if (hasErrors(errors)) return { ok: false as const, errors };
  return {
    ok: true as const,
    lebenslageIds,
    changes: {
      title: v.title,
      slug,
      summary: v.summary,
      description_md: v.description,
      documents: lineList(v.documents),
      fees: v.fees,
      processing_time: v.processing_time,
      legal_basis: v.legal_basis,
      leika_key: leika || null,
      department_id: v.department || null,
      keywords: commaList(v.keywords),
      online_procedure_id: v.online_procedure_id || null,
      online_url: v.online_url || null,
      easy_language_md: v.easy_language,
    },
  };
}

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';
const slugTakenErrors = (slug: string): FieldErrors => ({
  slug: `Das Kürzel „${slug}“ hat bereits eine andere Leistung. Bitte wählen Sie ein anderes.`,
});

/** A new draft service. */
export async function createService(
  db: Executor,
  tenantId: string,
  actorId: string,
  values: ServiceFormValues,
): Promise<Result<{ id: string }>> {
  const checked = await validateServiceForm(db, tenantId, values);
  if (!checked.ok) return checked;
  try {
    const id = await db.transaction().execute(async (tx) => {
      const { id } = await repo.insertService(tx, { tenant_id: tenantId, status: 'draft', ...checked.changes });
      await repo.replaceServiceLebenslagen(tx, tenantId, id, checked.lebenslageIds);
      await appendAudit(tx, { tenantId, actorId, action: 'catalog.service_created', subject: id });
      return id;
    });
    return { ok: true, value: { id } };
  } catch (error) {
    // Two editors saving the same slug at once: the unique constraint decides.
    if (isUniqueViolation(error)) return { ok: false, errors: slugTakenErrors(checked.changes.slug) };
    throw error;
  }
}

/** Saves the form over an existing service; false when the service is not this tenant's. */
export async function updateServiceFromForm(
  db: Executor,
  tenantId: string,
  actorId: string,
  serviceId: string,
  values: ServiceFormValues,
): Promise<Result<{ id: string }> | undefined> {
  if (!(await repo.findServiceById(db, tenantId, serviceId))) return undefined;
  const checked = await validateServiceForm(db, tenantId, values, serviceId);
  if (!checked.ok) return checked;
  try {
    await db.transaction().execute(async (tx) => {
      await repo.updateService(tx, tenantId, serviceId, checked.changes);
      await repo.replaceServiceLebenslagen(tx, tenantId, serviceId, checked.lebenslageIds);
      await appendAudit(tx, { tenantId, actorId, action: 'catalog.service_updated', subject: serviceId });
    });
    return { ok: true, value: { id: serviceId } };
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, errors: slugTakenErrors(checked.changes.slug) };
    throw error;
  }
}

/** The form values of a stored service, for the edit page. */
export async function serviceFormOf(db: Executor, tenantId: string, serviceId: string) {
  const s = await repo.findServiceById(db, tenantId, serviceId);
  if (!s) return undefined;
  const lebenslagen = await repo.listLebenslageIdsOfService(db, tenantId, serviceId);
  const values: ServiceFormValues = {
    title: s.title,
    slug: s.slug,
    summary: s.summary,
    description: s.description_md,
    documents: s.documents.join('\n'),
    fees: s.fees,
    processing_time: s.processing_time,
    legal_basis: s.legal_basis,
    leika_key: s.leika_key ?? '',
    department: s.department_id ?? '',
    keywords: s.keywords.join(', '),
    lebenslagen,
    online_procedure_id: s.online_procedure_id ?? '',
    online_url: s.online_url ?? '',
    easy_language: s.easy_language_md,
  };
  return { service: s, values };
}

/** Publishes or withdraws a service; false when it is not this tenant's. */
export async function setServicePublished(
  db: Executor,
  tenantId: string,
  actorId: string,
  serviceId: string,
  published: boolean,
) {
  return db.transaction().execute(async (tx) => {
    const result = await repo.setServiceStatus(tx, tenantId, serviceId, published ? 'published' : 'draft');
    if (Number(result.numUpdatedRows) === 0) return false;
    await appendAudit(tx, {
      tenantId,
      actorId,
      action: published ? 'catalog.service_published' : 'catalog.service_unpublished',
      subject: serviceId,
    });
    return true;
  });
}

export async function markServiceReviewed(db: Executor, tenantId: string, actorId: string, serviceId: string) {
  return db.transaction().execute(async (tx) => {
    const result = await repo.setServiceReviewed(tx, tenantId, serviceId, new Date());
    if (Number(result.numUpdatedRows) === 0) return false;
    await appendAudit(tx, { tenantId, actorId, action: 'catalog.service_reviewed', subject: serviceId });
    return true;
  });
}

/** The service as citizens will see it, draft or not (for the preview). */
export async function loadServicePreview(db: Executor, tenantId: string, serviceId: string) {
  const s = await repo.findServiceById(db, tenantId, serviceId);
  return s ? serviceDetailsOf(db, tenantId, s) : undefined;
}

// --- contacts and locations ---

export interface ContactFormValues {
  name: string;
  function: string;
  phone: string;
  email: string;
  room: string;
  consultation_note: string;
}

export interface LocationFormValues {
  name: string;
  street: string;
  postal_code: string;
  city: string;
  accessibility: string;
  opening_hours_note: string;
}

/** Links an existing contact, or creates one from the form and links it. */
export async function addContactToService(
  db: Executor,
  tenantId: string,
  actorId: string,
  serviceId: string,
  input: { existingId: string; values: ContactFormValues },
): Promise<Result<{ contactId: string }>> {
  const { existingId, values: v } = input;
  if (existingId) {
    if (!UUID.test(existingId) || !(await repo.contactExists(db, tenantId, existingId))) {
      return { ok: false, errors: { contact_id: 'Bitte wählen Sie einen Ansprechpartner aus der Liste.' } };
    }
  } else {
    const errors: FieldErrors = {};
    requireLength(errors, 'contact_name', v.name, 'den Namen des Ansprechpartners', 200, true);
    requireLength(errors, 'contact_function', v.function, 'die Funktion', 200);
    requireLength(errors, 'contact_phone', v.phone, 'die Telefonnummer', 100);
    requireLength(errors, 'contact_room', v.room, 'das Zimmer', 100);
    requireLength(errors, 'contact_consultation_note', v.consultation_note, 'die Sprechzeiten', 1000);
    if (v.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.email)) {
      errors.contact_email = 'Bitte geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel name@example.org.';
    }
    if (hasErrors(errors)) return { ok: false, errors };
  }
  const contactId = await db.transaction().execute(async (tx) => {
    const id =
      existingId ||
      (
        await repo.insertContact(tx, {
          tenant_id: tenantId,
          name: v.name,
          function: v.function,
          phone: v.phone,
          email: v.email,
          room: v.room,
          consultation_hours: '[]',
          consultation_note: v.consultation_note,
        })
      ).id;
    await repo.linkContact(tx, tenantId, serviceId, id);
    await appendAudit(tx, {
      tenantId,
      actorId,
      action: 'catalog.service_contact_added',
      subject: serviceId,
      details: { contactId: id },
    });
    return id;
  });
  return { ok: true, value: { contactId } };
}

export async function removeContactFromService(
  db: Executor,
  tenantId: string,
  actorId: string,
  serviceId: string,
  contactId: string,
) {
  return db.transaction().execute(async (tx) => {
    const result = await repo.unlinkContact(tx, tenantId, serviceId, contactId);
    if (Number(result.numDeletedRows) === 0) return false;
    await appendAudit(tx, {
      tenantId,
      actorId,
      action: 'catalog.service_contact_removed',
      subject: serviceId,
      details: { contactId },
    });
    return true;
  });
}

export async function addLocationToService(
  db: Executor,
  tenantId: string,
  actorId: string,
  serviceId: string,
  input: { existingId: string; values: LocationFormValues },
): Promise<Result<{ locationId: string }>> {
  const { existingId, values: v } = input;
  if (existingId) {
    if (!UUID.test(existingId) || !(await repo.locationExists(db, tenantId, existingId))) {
      return { ok: false, errors: { location_id: 'Bitte wählen Sie einen Standort aus der Liste.' } };
    }
  } else {
    const errors: FieldErrors = {};
    requireLength(errors, 'location_name', v.name, 'den Namen des Standorts', 200, true);
    requireLength(errors, 'location_street', v.street, 'die Straße', 200);
    requireLength(errors, 'location_city', v.city, 'den Ort', 200);
    requireLength(errors, 'location_accessibility', v.accessibility, 'die Angaben zur Barrierefreiheit', 1000);
    requireLength(errors, 'location_opening_hours_note', v.opening_hours_note, 'die Öffnungszeiten', 1000);
    if (v.postal_code && !/^[0-9]{5}$/.test(v.postal_code)) errors.location_postal_code = 'Die Postleitzahl hat fünf Ziffern.';
    if (hasErrors(errors)) return { ok: false, errors };
  }
  const locationId = await db.transaction().execute(async (tx) => {
    const id =
      existingId ||
      (
        await repo.insertLocation(tx, {
          tenant_id: tenantId,
          name: v.name,
          street: v.street,
          postal_code: v.postal_code,
          city: v.city,
          accessibility: v.accessibility,
          opening_hours: '[]',
          opening_hours_note: v.opening_hours_note,
        })
      ).id;
    await repo.linkLocation(tx, tenantId, serviceId, id);
    await appendAudit(tx, {
      tenantId,
      actorId,
      action: 'catalog.service_location_added',
      subject: serviceId,
      details: { locationId: id },
    });
    return id;
  });
  return { ok: true, value: { locationId } };
}

export async function removeLocationFromService(
  db: Executor,
  tenantId: string,
  actorId: string,
  serviceId: string,
  locationId: string,
) {
  return db.transaction().execute(async (tx) => {
    const result = await repo.unlinkLocation(tx, tenantId, serviceId, locationId);
    if (Number(result.numDeletedRows) === 0) return false;
    await appendAudit(tx, {
      tenantId,
      actorId,
      action: 'catalog.service_location_removed',
      subject: serviceId,
      details: { locationId },
    });
    return true;
  });
}

// --- PDF attachments ---

export type UploadProblem = { status: 413 | 415 | 422; field: string; message: string };

/**
 * Why an upload cannot be stored, or undefined. The type is read from the bytes: a PNG
 * named "flyer.pdf" and sent as application/pdf is still a PNG.
 */
export function checkPdfUpload(
  upload: { bytes: Buffer; truncated: boolean } | undefined,
  title: string,
): UploadProblem | undefined {
  if (!upload || upload.bytes.length === 0)
    return { status: 422, field: 'file', message: 'Bitte wählen Sie eine PDF-Datei aus.' };
  if (upload.truncated || upload.bytes.length > MAX_PDF_BYTES) {
    return { status: 413, field: 'file', message: 'Die Datei ist zu groß. PDF-Dateien dürfen höchstens 20 MB groß sein.' };
  }
  if (detectFileType(upload.bytes.subarray(0, 16)) !== 'pdf') {
    return {
      status: 415,
      field: 'file',
      message:
        'Die Datei ist kein PDF-Dokument. Bitte laden Sie nur PDF-Dateien hoch (geprüft wird der Inhalt, nicht der Dateiname).',
    };
  }
  if (title.length > 200)
    return { status: 422, field: 'attachment_title', message: 'Der Titel darf höchstens 200 Zeichen lang sein.' };
  return undefined;
}

/** "Antrag Wohngeld (2024).pdf" → "Antrag-Wohngeld-2024.pdf": safe in a Content-Disposition header. */
export function safePdfFilename(name: string): string {
  const base = slugify(name.replace(/\.pdf$/i, '')).slice(0, 80) || 'dokument';
  return `${base}.pdf`;
}

/** Stores a checked PDF and attaches it; undefined when the service is not this tenant's. */
export async function attachPdf(
  platform: Platform,
  tenantId: string,
  actorId: string,
  serviceId: string,
  upload: { bytes: Buffer; filename: string; title: string },
) {
  const { db, files } = platform;
  if (!(await repo.findServiceById(db, tenantId, serviceId))) return undefined;
  const stored = await files.put(upload.bytes);
  const filename = safePdfFilename(upload.filename || upload.title);
  const title = upload.title || upload.filename.replace(/\.pdf$/i, '') || 'Dokument';
  return db.transaction().execute(async (tx) => {
    const { id } = await repo.insertAttachment(tx, {
      tenant_id: tenantId,
      service_id: serviceId,
      title,
      filename,
      sha256: stored.sha256,
      size: stored.size,
    });
    await appendAudit(tx, {
      tenantId,
      actorId,
      action: 'catalog.attachment_added',
      subject: serviceId,
      details: { attachmentId: id },
    });
    return { id };
  });
}

/**
 * Removes the attachment row. The bytes stay in the blob store: it is content-addressed and
 * shared, so another row (of any module) may name the same file.
 */
export async function removeAttachment(db: Executor, tenantId: string, actorId: string, serviceId: string, attachmentId: string) {
  return db.transaction().execute(async (tx) => {
    const removed = await repo.deleteAttachment(tx, tenantId, serviceId, attachmentId);
    if (!removed) return false;
    await appendAudit(tx, {
      tenantId,
      actorId,
      action: 'catalog.attachment_removed',
      subject: serviceId,
      details: { attachmentId },
    });
    return true;
  });
}

// --- Digitales Amt ---

export async function loadDigitalOfficePanel(db: Executor, tenantId: string) {
  const [online, offline] = await Promise.all([repo.countPublishedOnline(db, tenantId), repo.listPublishedOffline(db, tenantId)]);
  return { online, goal: DIGITAL_GOAL, offline };
}
