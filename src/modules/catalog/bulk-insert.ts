import type { Executor } from '../../platform/db/database.js';
import type { OpeningHours } from '../../platform/db/schema.js';
import { defaultSynonyms } from './default-synonyms.js';
import * as repo from './repo.js';
import type { ServiceStatus } from './tables.js';

/** A whole catalog for one tenant, with references by key instead of ids. */
export interface CatalogBundle {
  lebenslagen: { slug: string; title: string; summary: string; children: { slug: string; title: string; summary: string }[] }[];
  contacts: {
    key: string;
    name: string;
    function: string;
    phone: string;
    email: string;
    room: string;
    consultationHours: OpeningHours[];
    consultationNote: string;
  }[];
  locations: {
    key: string;
    name: string;
    street: string;
    postalCode: string;
    city: string;
    accessibility: string;
    openingHours: OpeningHours[];
    openingHoursNote: string;
  }[];
  services: {
    slug: string;
    title: string;
    summary: string;
    descriptionMd: string;
    documents: string[];
    fees: string;
    processingTime: string;
    legalBasis: string;
    leikaKey: string | null;
    departmentId: string | null;
    keywords: string[];
    onlineProcedureId: string | null;
    onlineUrl: string | null;
    easyLanguageMd: string;
    status: ServiceStatus;
    reviewedAt: Date | null;
    visits: number;
    lebenslagen: string[];
    contacts: string[];
    locations: string[];
  }[];
  synonyms: [term: string, expansions: string[]][];
}

type ContactFields = Omit<CatalogBundle['contacts'][number], 'key'>;
type LocationFields = Omit<CatalogBundle['locations'][number], 'key'>;

/** A contact as its table stores it (tenant aside): the seed and the import write the same columns. */
export const contactColumns = (c: ContactFields) => ({
  name: c.name,
  function: c.function,
  phone: c.phone,
  email: c.email,
  room: c.room,
  consultation_hours: JSON.stringify(c.consultationHours),
  consultation_note: c.consultationNote,
});

/** A location as its table stores it (tenant aside). */
export const locationColumns = (l: LocationFields) => ({
  name: l.name,
  street: l.street,
  postal_code: l.postalCode,
  city: l.city,
  accessibility: l.accessibility,
  opening_hours: JSON.stringify(l.openingHours),
  opening_hours_note: l.openingHoursNote,
});

/** Seeds the default synonym list into a tenant (existing terms are updated). */
export const seedDefaultSynonyms = (db: Executor, tenantId: string) =>
  repo.insertSynonyms(
    db,
    defaultSynonyms.map(([term, expansions]) => ({ tenant_id: tenantId, term, expansions })),
  );

/**
 * Writes a catalog into an (empty) tenant with a handful of batch inserts; pass a
 * transaction handle so a failure leaves nothing behind.
 */
export async function insertCatalogBundle(db: Executor, tenantId: string, bundle: CatalogBundle) {
  const roots = await repo.insertLebenslagen(
    db,
    bundle.lebenslagen.map((l, position) => ({
      tenant_id: tenantId,
      slug: l.slug,
      title: l.title,
      summary: l.summary,
      position,
    })),
  );
  const lageIds = new Map(roots.map((r) => [r.slug, r.id]));
  const children = await repo.insertLebenslagen(
    db,
    bundle.lebenslagen.flatMap((l) =>
      l.children.map((c, position) => ({
        tenant_id: tenantId,
        parent_id: lageIds.get(l.slug)!,
        slug: c.slug,
        title: c.title,
        summary: c.summary,
        position,
      })),
    ),
  );
  for (const c of children) lageIds.set(c.slug, c.id);

  const contactRows = await repo.insertContacts(
    db,
    bundle.contacts.map((c) => ({ tenant_id: tenantId, ...contactColumns(c) })),
  );
  const contactIds = new Map(bundle.contacts.map((c, i) => [c.key, contactRows[i].id]));
  const locationRows = await repo.insertLocations(
    db,
    bundle.locations.map((l) => ({ tenant_id: tenantId, ...locationColumns(l) })),
  );
  const locationIds = new Map(bundle.locations.map((l, i) => [l.key, locationRows[i].id]));

  const serviceRows = await repo.insertServices(
    db,
    bundle.services.map((s) => ({
      tenant_id: tenantId,
      slug: s.slug,
      title: s.title,
      summary: s.summary,
      description_md: s.descriptionMd,
      documents: s.documents,
      fees: s.fees,
      processing_time: s.processingTime,
      legal_basis: s.legalBasis,
      leika_key: s.leikaKey,
      department_id: s.departmentId,
      keywords: s.keywords,
      online_procedure_id: s.onlineProcedureId,
      online_url: s.onlineUrl,
      easy_language_md: s.easyLanguageMd,
      status: s.status,
      reviewed_at: s.reviewedAt,
      visits: s.visits,
    })),
  );
  const serviceIds = new Map(serviceRows.map((r) => [r.slug, r.id]));
  const idOf = (map: Map<string, string>, key: string, what: string) => {
    const id = map.get(key);
    if (!id) throw new Error(`Unbekannte ${what}: ${key}`);
    return id;
  };
  await repo.linkServicesToLebenslagen(
    db,
    bundle.services.flatMap((s) =>
      s.lebenslagen.map((slug) => ({
        tenant_id: tenantId,
        service_id: serviceIds.get(s.slug)!,
        lebenslage_id: idOf(lageIds, slug, 'Lebenslage'),
      })),
    ),
  );
  await repo.linkServiceContacts(
    db,
    bundle.services.flatMap((s) =>
      s.contacts.map((key, position) => ({
        tenant_id: tenantId,
        service_id: serviceIds.get(s.slug)!,
        contact_id: idOf(contactIds, key, 'Ansprechperson'),
        position,
      })),
    ),
  );
  await repo.linkServiceLocations(
    db,
    bundle.services.flatMap((s) =>
      s.locations.map((key, position) => ({
        tenant_id: tenantId,
        service_id: serviceIds.get(s.slug)!,
        location_id: idOf(locationIds, key, 'Standort'),
        position,
      })),
    ),
  );
  await repo.insertSynonyms(
    db,
    bundle.synonyms.map(([term, expansions]) => ({ tenant_id: tenantId, term, expansions })),
  );
}
