/**
 * Moving a whole catalog between tenants or systems as JSON (docs/catalog-format.md).
 * Export writes no internal ids: services and Lebenslagen by slug, contacts and
 * locations by a key unique in the file, the department by name. Import validates
 * the whole file first and then merges by slug in one transaction.
 */
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { Executor } from '../../platform/db/database.js';
import type { PlatformTables } from '../../platform/db/schema.js';
import { dashedWords } from './admin/validation.js';
import { contactColumns, locationColumns } from './bulk-insert.js';
import { jsonErrorOffset } from '../../platform/text/json-position.js';
import { serviceFileColumns } from './repo.js';
import type { CatalogTables } from './tables.js';

export const CATALOG_FORMAT = 'rathaus-leistungskatalog';
export const CATALOG_FORMAT_VERSION = 1;

type CatalogDb = Kysely<PlatformTables & CatalogTables>;
const t = (db: Executor): CatalogDb => db.withTables<CatalogTables>();

// ------------------------------------------------------------------ schema

const SLUG = /^[a-z0-9][a-z0-9-]{0,119}$/;
const slug = z.string().regex(SLUG, 'Kürzel: nur Kleinbuchstaben a–z, Ziffern und Bindestriche, höchstens 120 Zeichen.');
const text = (max: number) => z.string().max(max, `Höchstens ${max.toLocaleString('de-DE')} Zeichen.`);
const title = z.string().trim().min(1, 'Darf nicht leer sein.').max(300, 'Höchstens 300 Zeichen.');
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Uhrzeit im Format HH:MM, z. B. 08:00.');
const hours = z.array(
  z.strictObject({
    day: z.number().int().min(1, '1 (Montag) bis 7 (Sonntag).').max(7, '1 (Montag) bis 7 (Sonntag).'),
    from: time,
    to: time,
  }),
);
const httpUrl = z
  .string()
  .max(2000, 'Höchstens 2.000 Zeichen.')
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
    } catch {
      return false;
    }
  }, 'Keine gültige Web-Adresse (muss mit https:// oder http:// beginnen).');

const lebenslageNode = { slug, title, summary: text(2000).default('') };
const contact = z.strictObject({
  key: slug,
  name: title,
  function: text(300).default(''),
  phone: text(100).default(''),
  email: z.union([z.literal(''), z.email('Keine gültige E-Mail-Adresse.')]).default(''),
  room: text(100).default(''),
  consultationHours: hours.default([]),
  consultationNote: text(2000).default(''),
});
const location = z.strictObject({
  key: slug,
  name: title,
  street: text(300).default(''),
  postalCode: text(20).default(''),
  city: text(200).default(''),
  accessibility: text(2000).default(''),
  openingHours: hours.default([]),
  openingHoursNote: text(2000).default(''),
});
const service = z.strictObject({
  slug,
  title,
  summary: text(2000).default(''),
  descriptionMarkdown: text(100_000).default(''),
  documents: z.array(text(1000)).default([]),
  fees: text(2000).default(''),
  processingTime: text(1000).default(''),
  legalBasis: text(2000).default(''),
  leikaKey: z
    .string()
    .regex(/^[0-9]{14}$/, 'Der LeiKa-Schlüssel besteht aus genau 14 Ziffern.')
    .nullable()
    .default(null),
  department: text(300).nullable().default(null),
  keywords: z.array(text(200)).default([]),
  onlineProcedureId: text(200).nullable().default(null),
  onlineUrl: httpUrl.nullable().default(null),
  easyLanguageMarkdown: text(100_000).default(''),
  status: z.enum(['draft', 'published'], 'Erlaubt sind „draft“ (Entwurf) und „published“ (veröffentlicht).').default('draft'),
  reviewedAt: z.iso
    .datetime({ offset: true, message: 'Zeitpunkt im ISO-8601-Format, z. B. 2025-03-01T00:00:00Z.' })
    .nullable()
    .default(null),
  lebenslagen: z.array(slug).default([]),
  contacts: z.array(slug).default([]),
  locations: z.array(slug).default([]),
});

const catalogFile = z.strictObject({
  format: z.literal(CATALOG_FORMAT),
  version: z.literal(CATALOG_FORMAT_VERSION),
  exportedAt: z.string().optional(),
  source: z.string().optional(),
  lebenslagen: z
    .array(z.strictObject({ ...lebenslageNode, children: z.array(z.strictObject(lebenslageNode)).default([]) }))
    .default([]),
  contacts: z.array(contact).default([]),
  locations: z.array(location).default([]),
  services: z.array(service).default([]),
  synonyms: z
    .array(
      z.strictObject({
        term: z.string().trim().min(1, 'Darf nicht leer sein.').max(200),
        expansions: z.array(text(200)).min(1, 'Mindestens eine Erweiterung.'),
      }),
    )
    .default([]),
});

/** A catalog file as the import reads it (defaults filled in). */
export type CatalogFile = z.output<typeof catalogFile>;

export interface CatalogFileProblem {
  /** JSONPath of the offending value, e.g. `$.services[3].leikaKey`. */
  path: string;
  message: string;
}

export type CatalogParseResult = { ok: true; file: CatalogFile } | { ok: false; problems: CatalogFileProblem[] };

const pathOf = (segments: readonly PropertyKey[]) =>
  segments.reduce<string>((acc, s) => (typeof s === 'number' ? `${acc}[${s}]` : `${acc}.${String(s)}`), '$');

/** 1-based line and column of a character offset. */
function lineAndColumn(source: string, offset: number) {
  const before = source.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

const germanErrors = z.locales.de().localeError;

/** Reads and checks a catalog file completely; every problem is reported with its JSON path. */
export function parseCatalogFile(source: string): CatalogParseResult {
  let data: unknown;
  try {
    data = JSON.parse(source.replace(/^\uFEFF/, ''));
  } catch (error) {
    const { line, column } = lineAndColumn(source, jsonErrorOffset(source.replace(/^\uFEFF/, '')));
    return {
      ok: false,
      problems: [
        {
          path: '$',
          message: `Die Datei ist kein gültiges JSON in Zeile ${line}, Spalte ${column} (${(error as Error).message}).`,
        },
      ],
    };
  }
  // Format and version first: for a foreign file, a hundred follow-up errors would only hide the cause.
  const head = data as { format?: unknown; version?: unknown } | null;
  if (typeof head !== 'object' || head === null || Array.isArray(head))
    return {
      ok: false,
      problems: [{ path: '$', message: 'Erwartet wird ein JSON-Objekt mit „format“, „version“ und den Katalogteilen.' }],
    };
  if (head.format !== CATALOG_FORMAT)
    return {
      ok: false,
      problems: [{ path: '$.format', message: `Unbekanntes Dateiformat; erwartet wird „${CATALOG_FORMAT}“.` }],
    };
  if (head.version !== CATALOG_FORMAT_VERSION)
    return {
      ok: false,
      problems: [
        {
          path: '$.version',
          message: `Version ${JSON.stringify(head.version)} wird nicht unterstützt; diese Installation liest Version ${CATALOG_FORMAT_VERSION}.`,
        },
      ],
    };

  const parsed = catalogFile.safeParse(data, { error: germanErrors });
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((issue) => ({ path: pathOf(issue.path), message: issue.message })) };
  }
  const problems = crossCheck(parsed.data);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, file: parsed.data };
}

/** What the schema cannot see: unique slugs and keys, and references that resolve within the file. */
function crossCheck(file: CatalogFile): CatalogFileProblem[] {
  const problems: CatalogFileProblem[] = [];
  const unique = (items: { value: string; path: string }[], what: string) => {
    const seen = new Map<string, string>();
    for (const { value, path } of items) {
      const first = seen.get(value);
      if (first) problems.push({ path, message: `${what} „${value}“ kommt doppelt vor (zuerst bei ${first}).` });
      else seen.set(value, path);
    }
    return new Set(seen.keys());
  };
  const lagen = unique(
    file.lebenslagen.flatMap((l, i) => [
      { value: l.slug, path: `$.lebenslagen[${i}].slug` },
      ...l.children.map((c, j) => ({ value: c.slug, path: `$.lebenslagen[${i}].children[${j}].slug` })),
    ]),
    'Das Lebenslagen-Kürzel',
  );
  const contacts = unique(
    file.contacts.map((c, i) => ({ value: c.key, path: `$.contacts[${i}].key` })),
    'Der Schlüssel',
  );
  const locations = unique(
    file.locations.map((l, i) => ({ value: l.key, path: `$.locations[${i}].key` })),
    'Der Schlüssel',
  );
  unique(
    file.services.map((s, i) => ({ value: s.slug, path: `$.services[${i}].slug` })),
    'Das Leistungs-Kürzel',
  );
  unique(
    file.synonyms.map((s, i) => ({ value: foldTerm(s.term), path: `$.synonyms[${i}].term` })),
    'Der Suchbegriff',
  );
  file.services.forEach((s, i) => {
    const refs = (list: string[], known: Set<string>, field: string, what: string) =>
      list.forEach((ref, j) => {
        if (!known.has(ref))
          problems.push({ path: `$.services[${i}].${field}[${j}]`, message: `${what} „${ref}“ gibt es in der Datei nicht.` });
      });
    refs(s.lebenslagen, lagen, 'lebenslagen', 'Die Lebenslage');
    refs(s.contacts, contacts, 'contacts', 'Die Ansprechperson');
    refs(s.locations, locations, 'locations', 'Den Standort');
    if (s.onlineUrl && s.onlineProcedureId)
      problems.push({
        path: `$.services[${i}].onlineUrl`,
        message: 'Entweder onlineUrl oder onlineProcedureId angeben, nicht beides.',
      });
  });
  return problems;
}

/** Like catalog_fold in SQL, for spotting duplicate synonym terms before the database does. */
const foldTerm = (term: string) =>
  term
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim();

// ------------------------------------------------------------------ export

/** "Frau Sabine Huber" → "frau-sabine-huber": a readable key unique within the file. */
function keyFor(name: string, taken: Set<string>): string {
  const base = dashedWords(name).slice(0, 100) || 'eintrag';
  let key = base;
  for (let n = 2; taken.has(key); n++) key = `${base}-${n}`;
  taken.add(key);
  return key;
}

/** The tenant's whole catalog as a version-1 file (drafts included; visit counters and PDF attachments not). */
export async function exportCatalog(db: Executor, tenantId: string, source?: string): Promise<CatalogFile> {
  const c = t(db);
  const [lagen, contactRows, locationRows, services, departments, lageLinks, contactLinks, locationLinks, synonyms] =
    await Promise.all([
      c
        .selectFrom('catalog_lebenslagen')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .orderBy('position')
        .orderBy('title')
        .execute(),
      c.selectFrom('catalog_contacts').selectAll().where('tenant_id', '=', tenantId).orderBy('name').orderBy('id').execute(),
      c.selectFrom('catalog_locations').selectAll().where('tenant_id', '=', tenantId).orderBy('name').orderBy('id').execute(),
      c.selectFrom('catalog_services').select(serviceFileColumns).where('tenant_id', '=', tenantId).orderBy('slug').execute(),
      db.selectFrom('departments').select(['id', 'name']).where('tenant_id', '=', tenantId).execute(),
      c
        .selectFrom('catalog_service_lebenslagen')
        .select(['service_id', 'lebenslage_id'])
        .where('tenant_id', '=', tenantId)
        .execute(),
      c
        .selectFrom('catalog_service_contacts')
        .select(['service_id', 'contact_id'])
        .where('tenant_id', '=', tenantId)
        .orderBy('position')
        .execute(),
      c
        .selectFrom('catalog_service_locations')
        .select(['service_id', 'location_id'])
        .where('tenant_id', '=', tenantId)
        .orderBy('position')
        .execute(),
      c.selectFrom('catalog_synonyms').select(['term', 'expansions']).where('tenant_id', '=', tenantId).orderBy('term').execute(),
    ]);

  const lageSlug = new Map(lagen.map((l) => [l.id, l.slug]));
  const lagePosition = new Map(lagen.map((l) => [l.id, l.position]));
  const departmentName = new Map(departments.map((d) => [d.id, d.name]));
  const contactKeys = new Set<string>();
  const contactKey = new Map(contactRows.map((r) => [r.id, keyFor(r.name, contactKeys)]));
  const locationKeys = new Set<string>();
  const locationKey = new Map(locationRows.map((r) => [r.id, keyFor(r.name, locationKeys)]));
  const grouped = (rows: { service_id: string }[], pick: (row: never) => string | undefined) => {
    const map = new Map<string, string[]>();
    for (const row of rows) {
      const value = pick(row as never);
      if (value === undefined) continue;
      map.set(row.service_id, [...(map.get(row.service_id) ?? []), value]);
    }
    return map;
  };
  const lagenOf = grouped(
    [...lageLinks].sort((a, b) => (lagePosition.get(a.lebenslage_id) ?? 0) - (lagePosition.get(b.lebenslage_id) ?? 0)),
    (r: { lebenslage_id: string }) => lageSlug.get(r.lebenslage_id),
  );
  const contactsOf = grouped(contactLinks, (r: { contact_id: string }) => contactKey.get(r.contact_id));
  const locationsOf = grouped(locationLinks, (r: { location_id: string }) => locationKey.get(r.location_id));

  return {
    format: CATALOG_FORMAT,
    version: CATALOG_FORMAT_VERSION,
    exportedAt: new Date().toISOString(),
    ...(source ? { source } : {}),
    lebenslagen: lagen
      .filter((l) => !l.parent_id)
      .map((root) => ({
        slug: root.slug,
        title: root.title,
        summary: root.summary,
        children: lagen
          .filter((l) => l.parent_id === root.id)
          .map((child) => ({ slug: child.slug, title: child.title, summary: child.summary })),
      })),
    contacts: contactRows.map((r) => ({
      key: contactKey.get(r.id) as string,
      name: r.name,
      function: r.function,
      phone: r.phone,
      email: r.email,
      room: r.room,
      consultationHours: r.consultation_hours,
      consultationNote: r.consultation_note,
    })),
    locations: locationRows.map((r) => ({
      key: locationKey.get(r.id) as string,
      name: r.name,
      street: r.street,
      postalCode: r.postal_code,
      city: r.city,
      accessibility: r.accessibility,
      openingHours: r.opening_hours,
      openingHoursNote: r.opening_hours_note,
    })),
    services: services.map((s) => ({
      slug: s.slug,
      title: s.title,
      summary: s.summary,
      descriptionMarkdown: s.description_md,
      documents: s.documents,
      fees: s.fees,
      processingTime: s.processing_time,
      legalBasis: s.legal_basis,
      leikaKey: s.leika_key,
      department: s.department_id ? (departmentName.get(s.department_id) ?? null) : null,
      keywords: s.keywords,
      onlineProcedureId: s.online_procedure_id,
      onlineUrl: s.online_url,
      easyLanguageMarkdown: s.easy_language_md,
      status: s.status,
      reviewedAt: s.reviewed_at ? s.reviewed_at.toISOString() : null,
      lebenslagen: lagenOf.get(s.id) ?? [],
      contacts: contactsOf.get(s.id) ?? [],
      locations: locationsOf.get(s.id) ?? [],
    })),
    synonyms: synonyms.map((s) => ({ term: s.term, expansions: s.expansions })),
  };
}

// ------------------------------------------------------------------ import

export interface CatalogImportReport {
  services: { created: number; updated: number };
  lebenslagen: { created: number; updated: number };
  contacts: { created: number; updated: number };
  locations: { created: number; updated: number };
  synonyms: number;
  /** Departments named in the file that the tenant did not have yet. */
  departmentsCreated: string[];
}

export type CatalogImportResult = { ok: true; report: CatalogImportReport } | { ok: false; problems: CatalogFileProblem[] };

/** Rows per INSERT: well below PostgreSQL's 65,535 bind parameters for the widest table. */
const BATCH = 500;
const chunks = <T>(rows: T[]): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += BATCH) out.push(rows.slice(i, i + BATCH));
  return out;
};

/**
 * Checks the file text and, only if everything is valid, merges it into the tenant in one
 * transaction: services, Lebenslagen and synonyms by slug/term, contacts and locations by
 * name; links of the imported services are replaced. Nothing outside the file is deleted.
 */
export async function importCatalog(db: Executor, tenantId: string, source: string): Promise<CatalogImportResult> {
  const parsed = parseCatalogFile(source);
  if (!parsed.ok) return parsed;
  const report = await db.transaction().execute((tx) => writeCatalog(tx, tenantId, parsed.file));
  return { ok: true, report };
}

async function writeCatalog(tx: Executor, tenantId: string, file: CatalogFile): Promise<CatalogImportReport> {
  const c = t(tx);
  const now = new Date();

  // Departments by name; missing ones are created so no service loses its responsibility.
  const departments = await tx.selectFrom('departments').select(['id', 'name']).where('tenant_id', '=', tenantId).execute();
  const departmentId = new Map(departments.map((d) => [d.name, d.id]));
  const missing = [
    ...new Set(file.services.map((s) => s.department?.trim()).filter((n): n is string => !!n && !departmentId.has(n))),
  ];
  for (const name of missing) {
    const row = await tx
      .insertInto('departments')
      .values({ tenant_id: tenantId, name })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    departmentId.set(name, row.id);
  }

  // Lebenslagen: roots first, then children under their root.
  const existingLagen = new Set(
    (await c.selectFrom('catalog_lebenslagen').select('slug').where('tenant_id', '=', tenantId).execute()).map((r) => r.slug),
  );
  const upsertLagen = async (
    rows: { slug: string; title: string; summary: string; position: number; parent_id: string | null }[],
  ) => {
    const ids = new Map<string, string>();
    for (const batch of chunks(rows)) {
      const written = await c
        .insertInto('catalog_lebenslagen')
        .values(batch.map((r) => ({ tenant_id: tenantId, ...r })))
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'slug']).doUpdateSet((eb) => ({
            title: eb.ref('excluded.title'),
            summary: eb.ref('excluded.summary'),
            position: eb.ref('excluded.position'),
            parent_id: eb.ref('excluded.parent_id'),
          })),
        )
        .returning(['id', 'slug'])
        .execute();
      for (const w of written) ids.set(w.slug, w.id);
    }
    return ids;
  };
  const lageIds = await upsertLagen(
    file.lebenslagen.map((l, position) => ({ slug: l.slug, title: l.title, summary: l.summary, position, parent_id: null })),
  );
  const childIds = await upsertLagen(
    file.lebenslagen.flatMap((l) =>
      l.children.map((child, position) => ({
        slug: child.slug,
        title: child.title,
        summary: child.summary,
        position,
        parent_id: lageIds.get(l.slug) as string,
      })),
    ),
  );
  for (const [slugValue, id] of childIds) lageIds.set(slugValue, id);
  const allLagen = file.lebenslagen.flatMap((l) => [l.slug, ...l.children.map((ch) => ch.slug)]);
  const lagenCreated = allLagen.filter((s) => !existingLagen.has(s)).length;

  // Contacts and locations carry no slug in the database: matched by name.
  const contactRows = await c.selectFrom('catalog_contacts').select(['id', 'name']).where('tenant_id', '=', tenantId).execute();
  const contactByName = new Map<string, string>();
  for (const r of contactRows) if (!contactByName.has(r.name)) contactByName.set(r.name, r.id);
  const contactId = new Map<string, string>();
  let contactsCreated = 0;
  for (const k of file.contacts) {
    const values = contactColumns(k);
    const existing = contactByName.get(k.name);
    if (existing) {
      await c.updateTable('catalog_contacts').set(values).where('tenant_id', '=', tenantId).where('id', '=', existing).execute();
      contactId.set(k.key, existing);
    } else {
      const row = await c
        .insertInto('catalog_contacts')
        .values({ tenant_id: tenantId, ...values })
        .returning('id')
        .executeTakeFirstOrThrow();
      contactByName.set(k.name, row.id);
      contactId.set(k.key, row.id);
      contactsCreated++;
    }
  }
  const locationRows = await c.selectFrom('catalog_locations').select(['id', 'name']).where('tenant_id', '=', tenantId).execute();
  const locationByName = new Map<string, string>();
  for (const r of locationRows) if (!locationByName.has(r.name)) locationByName.set(r.name, r.id);
  const locationId = new Map<string, string>();
  let locationsCreated = 0;
  for (const l of file.locations) {
    const values = locationColumns(l);
    const existing = locationByName.get(l.name);
    if (existing) {
      await c.updateTable('catalog_locations').set(values).where('tenant_id', '=', tenantId).where('id', '=', existing).execute();
      locationId.set(l.key, existing);
    } else {
      const row = await c
        .insertInto('catalog_locations')
        .values({ tenant_id: tenantId, ...values })
        .returning('id')
        .executeTakeFirstOrThrow();
      locationByName.set(l.name, row.id);
      locationId.set(l.key, row.id);
      locationsCreated++;
    }
  }

  // Services: upsert by slug; visit counters of existing services stay.
  const existingServices = new Set(
    (await c.selectFrom('catalog_services').select('slug').where('tenant_id', '=', tenantId).execute()).map((r) => r.slug),
  );
  const serviceId = new Map<string, string>();
  for (const batch of chunks(file.services)) {
    const written = await c
      .insertInto('catalog_services')
      .values(
        batch.map((s) => ({
          tenant_id: tenantId,
          slug: s.slug,
          title: s.title,
          summary: s.summary,
          description_md: s.descriptionMarkdown,
          documents: s.documents,
          fees: s.fees,
          processing_time: s.processingTime,
          legal_basis: s.legalBasis,
          leika_key: s.leikaKey,
          department_id: s.department?.trim() ? (departmentId.get(s.department.trim()) ?? null) : null,
          keywords: s.keywords,
          online_procedure_id: s.onlineProcedureId,
          online_url: s.onlineUrl,
          easy_language_md: s.easyLanguageMarkdown,
          status: s.status,
          reviewed_at: s.reviewedAt,
          updated_at: now,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'slug']).doUpdateSet((eb) => ({
          title: eb.ref('excluded.title'),
          summary: eb.ref('excluded.summary'),
          description_md: eb.ref('excluded.description_md'),
          documents: eb.ref('excluded.documents'),
          fees: eb.ref('excluded.fees'),
          processing_time: eb.ref('excluded.processing_time'),
          legal_basis: eb.ref('excluded.legal_basis'),
          leika_key: eb.ref('excluded.leika_key'),
          department_id: eb.ref('excluded.department_id'),
          keywords: eb.ref('excluded.keywords'),
          online_procedure_id: eb.ref('excluded.online_procedure_id'),
          online_url: eb.ref('excluded.online_url'),
          easy_language_md: eb.ref('excluded.easy_language_md'),
          status: eb.ref('excluded.status'),
          reviewed_at: eb.ref('excluded.reviewed_at'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .returning(['id', 'slug'])
      .execute();
    for (const w of written) serviceId.set(w.slug, w.id);
  }

  // The file's links replace those of the services it contains.
  const ids = [...serviceId.values()];
  for (const batch of chunks(ids)) {
    await c
      .deleteFrom('catalog_service_lebenslagen')
      .where('tenant_id', '=', tenantId)
      .where('service_id', 'in', batch)
      .execute();
    await c.deleteFrom('catalog_service_contacts').where('tenant_id', '=', tenantId).where('service_id', 'in', batch).execute();
    await c.deleteFrom('catalog_service_locations').where('tenant_id', '=', tenantId).where('service_id', 'in', batch).execute();
  }
  const idOf = (s: { slug: string }) => serviceId.get(s.slug) as string;
  const lageLinks = file.services.flatMap((s) =>
    [...new Set(s.lebenslagen)].map((l) => ({
      tenant_id: tenantId,
      service_id: idOf(s),
      lebenslage_id: lageIds.get(l) as string,
    })),
  );
  const contactLinks = file.services.flatMap((s) =>
    [...new Set(s.contacts)].map((k, position) => ({
      tenant_id: tenantId,
      service_id: idOf(s),
      contact_id: contactId.get(k) as string,
      position,
    })),
  );
  const locationLinks = file.services.flatMap((s) =>
    [...new Set(s.locations)].map((k, position) => ({
      tenant_id: tenantId,
      service_id: idOf(s),
      location_id: locationId.get(k) as string,
      position,
    })),
  );
  for (const batch of chunks(lageLinks))
    await c
      .insertInto('catalog_service_lebenslagen')
      .values(batch)
      .onConflict((oc) => oc.doNothing())
      .execute();
  for (const batch of chunks(contactLinks))
    await c
      .insertInto('catalog_service_contacts')
      .values(batch)
      .onConflict((oc) => oc.doNothing())
      .execute();
  for (const batch of chunks(locationLinks))
    await c
      .insertInto('catalog_service_locations')
      .values(batch)
      .onConflict((oc) => oc.doNothing())
      .execute();

  for (const batch of chunks(file.synonyms)) {
    await c
      .insertInto('catalog_synonyms')
      .values(batch.map((s) => ({ tenant_id: tenantId, term: s.term, expansions: s.expansions })))
      .onConflict((oc) => oc.columns(['tenant_id', 'term']).doUpdateSet((eb) => ({ expansions: eb.ref('excluded.expansions') })))
      .execute();
  }

  const servicesCreated = file.services.filter((s) => !existingServices.has(s.slug)).length;
  // Keeps planner statistics honest after a large import (the search's plans depend on them).
  if (file.services.length >= 1000) await sql`analyze catalog_services`.execute(tx);
  return {
    services: { created: servicesCreated, updated: file.services.length - servicesCreated },
    lebenslagen: { created: lagenCreated, updated: allLagen.length - lagenCreated },
    contacts: { created: contactsCreated, updated: file.contacts.length - contactsCreated },
    locations: { created: locationsCreated, updated: file.locations.length - locationsCreated },
    synonyms: file.synonyms.length,
    departmentsCreated: missing,
  };
}
