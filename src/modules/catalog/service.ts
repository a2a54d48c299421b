import type { Executor } from '../../platform/db/database.js';
import type { OpeningHours } from '../../platform/db/schema.js';
import { CatalogMemo } from './read-cache.js';
import * as repo from './repo.js';
import {
  buildTsQuery,
  foldText,
  headlineToHtml,
  normalizeQuery,
  tokenize,
  umlautSpellingFolded,
  type WordAlternatives,
} from './search-query.js';

export const PAGE_SIZE = 20;
/** More pages than this are never needed and would only make deep OFFSETs possible. */
export const MAX_PAGE = 50;

export interface ServiceListItem {
  id: string;
  slug: string;
  title: string;
  summary: string;
  online: boolean;
  onlineUrl: string | null;
  onlineProcedureId: string | null;
  lebenslagen: string[];
  /** Safe HTML with <mark> around the matched words; null without a query. */
  snippetHtml: string | null;
}

export interface SearchResult {
  query: string;
  items: ServiceListItem[];
  total: number;
  page: number;
  pageSize: number;
  /** A service title to offer as "Meinten Sie …?" when nothing matched. */
  didYouMean: string | null;
}

export interface SearchOptions {
  lebenslage?: string;
  online?: boolean;
  page?: number;
  pageSize?: number;
  /** Highlighted snippets cost a little; the API and suggestions skip them. */
  snippets?: boolean;
  /** The catalog version read with the request's tenant (saves a round trip; see read-cache.ts). */
  catalogVersion?: string | null;
}

/** Where the "Online beantragen" button leads: the form toolkit's procedure or an external portal. */
export function onlineHref(
  tenantSlug: string,
  service: { online_url: string | null; online_procedure_id: string | null },
): string | null {
  if (service.online_procedure_id) return `/${tenantSlug}/antrag/${encodeURIComponent(service.online_procedure_id)}`;
  return service.online_url;
}

/** Each word with its umlaut spelling, typo correction and synonyms, looked up in one query. */
async function expandWords(db: Executor, tenantId: string, words: string[]) {
  const variants = words.map(umlautSpellingFolded);
  const whole = words.join(' ');
  // Synonyms come for every looked-up word and closest word: a superset of the terms used below.
  const { lookups, synonyms: found } = await repo.lookUpWordsAndSynonyms(
    db,
    tenantId,
    [...new Set([...words, ...variants])],
    words.length > 1 ? [whole] : [],
  );
  const byWord = new Map(lookups.map((l) => [l.word, l]));
  const alternatives: WordAlternatives[] = words.map((word, index) => {
    const corrections: string[] = [];
    if (!byWord.get(word)?.known) {
      const variant = variants[index];
      if (variant !== word && byWord.get(variant)?.known) corrections.push(variant);
      else {
        const closest = byWord.get(word)?.closest;
        if (closest && word.length >= 4 && closest !== word) corrections.push(closest);
      }
    }
    return { word, prefix: index === words.length - 1, corrections, expansions: [] };
  });
  const synonyms = new Map(found.map((s) => [s.term, s.expansions]));
  const toWords = (expansion: string) => tokenize(foldText(expansion));
  for (const alt of alternatives) {
    for (const term of [alt.word, ...alt.corrections]) {
      for (const e of synonyms.get(term) ?? []) alt.expansions.push(toWords(e));
    }
  }
  const wholeExpansions = words.length > 1 ? (synonyms.get(whole) ?? []).map(toWords) : [];
  return { alternatives, wholeExpansions };
}

/**
 * Finds published services of a tenant however the citizen typed: German stems, prefix of
 * the last word, umlaut spellings, typos, synonyms. All words must match; if none does,
 * any word or a close trigram match will do. An empty query lists everything A–Z.
 */
export async function searchServices(
  db: Executor,
  tenantId: string,
  rawQuery: unknown,
  options: SearchOptions = {},
): Promise<SearchResult> {
  const query = normalizeQuery(rawQuery);
  const key = JSON.stringify([
    query,
    options.lebenslage ?? '',
    options.online ?? false,
    options.page ?? 1,
    options.pageSize ?? 0,
    options.snippets ?? false,
  ]);
  return searchMemo.get(db, tenantId, key, () => runSearch(db, tenantId, query, options), options.catalogVersion);
}

/** Popular queries repeat; a result page is a few kilobytes. */
const searchMemo = new CatalogMemo<SearchResult>(2000);

async function runSearch(db: Executor, tenantId: string, query: string, options: SearchOptions): Promise<SearchResult> {
  const pageSize = Math.min(Math.max(options.pageSize ?? PAGE_SIZE, 1), 100);
  const page = Math.min(Math.max(Math.trunc(options.page ?? 1) || 1, 1), MAX_PAGE);
  const window = { limit: pageSize, offset: (page - 1) * pageSize };
  const filter: repo.SearchFilter = { lebenslageSlug: options.lebenslage || undefined, online: options.online || undefined };
  const folded = foldText(query);
  const words = tokenize(folded);

  let rows: repo.SearchRow[];
  let didYouMean: string | null = null;
  if (words.length === 0) {
    rows = await repo.listServiceRows(db, tenantId, filter, window);
  } else {
    const { alternatives, wholeExpansions } = await expandWords(db, tenantId, words);
    const foldedWords = words.join(' ');
    const run = (mode: 'all' | 'any', limits = window) =>
      repo.searchServiceRows(
        db,
        tenantId,
        {
          tsquery: buildTsQuery(alternatives, mode, wholeExpansions),
          folded: foldedWords,
          fuzzy: mode === 'any',
          snippets: options.snippets ?? false,
        },
        filter,
        limits,
      );
    rows = await run('all');
    let total = rows[0]?.total ?? 0;
    // A page past the end still needs the total of the mode that matched.
    if (rows.length === 0 && window.offset > 0) total = (await run('all', { limit: 1, offset: 0 }))[0]?.total ?? 0;
    if (total === 0) {
      rows = await run('any');
      if (rows.length === 0 && window.offset === 0) didYouMean = await repo.findClosestTitle(db, tenantId, foldedWords);
    } else if (rows.length === 0) {
      return { query, items: [], total, page, pageSize, didYouMean };
    }
  }

  const items = rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    title: r.title,
    summary: r.summary,
    online: Boolean(r.online_url || r.online_procedure_id),
    onlineUrl: r.online_url,
    onlineProcedureId: r.online_procedure_id,
    lebenslagen: r.lebenslagen,
    snippetHtml: r.snippet ? headlineToHtml(r.snippet) : null,
  }));
  return { query, items, total: rows[0]?.total ?? 0, page, pageSize, didYouMean };
}

/** Titles for the typeahead below the search field. */
export async function suggestServices(db: Executor, tenantId: string, prefix: unknown, limit = 8) {
  const query = normalizeQuery(prefix);
  if (query.length < 2) return [];
  const result = await searchServices(db, tenantId, query, { pageSize: Math.min(Math.max(limit, 1), 20) });
  return result.items.map((i) => ({ slug: i.slug, title: i.title }));
}

export interface LebenslageNode {
  id: string;
  slug: string;
  title: string;
  summary: string;
  children: LebenslageNode[];
}

/** The two-level Lebenslagen tree in editor order. */
export async function loadLebenslagenTree(db: Executor, tenantId: string): Promise<LebenslageNode[]> {
  const rows = await repo.listLebenslagen(db, tenantId);
  const node = (r: (typeof rows)[number]): LebenslageNode => ({
    id: r.id,
    slug: r.slug,
    title: r.title,
    summary: r.summary,
    children: [],
  });
  const roots = rows.filter((r) => !r.parent_id).map(node);
  const byId = new Map(roots.map((r) => [r.id, r]));
  for (const r of rows) if (r.parent_id) byId.get(r.parent_id)?.children.push(node(r));
  return roots;
}

export interface LebenslagePage {
  lebenslage: LebenslageNode;
  parent: LebenslageNode | null;
  /** The Lebenslage's own services, then one group per sub-entry. */
  groups: { lebenslage: LebenslageNode; services: { slug: string; title: string; summary: string; online: boolean }[] }[];
}

/** A Lebenslage with its sub-entries and their services, or undefined for an unknown slug. */
export async function loadLebenslagePage(db: Executor, tenantId: string, slug: string): Promise<LebenslagePage | undefined> {
  const tree = await loadLebenslagenTree(db, tenantId);
  let found: { lebenslage: LebenslageNode; parent: LebenslageNode | null } | undefined;
  for (const root of tree) {
    if (root.slug === slug) found = { lebenslage: root, parent: null };
    for (const child of root.children) if (child.slug === slug) found = { lebenslage: child, parent: root };
  }
  if (!found) return undefined;
  const nodes = [found.lebenslage, ...found.lebenslage.children];
  const services = await repo.listServicesOfLebenslagen(
    db,
    tenantId,
    nodes.map((n) => n.id),
  );
  const groups = nodes
    .map((n) => ({
      lebenslage: n,
      services: services
        .filter((s) => s.lebenslage_id === n.id)
        .map((s) => ({
          slug: s.slug,
          title: s.title,
          summary: s.summary,
          online: Boolean(s.online_url || s.online_procedure_id),
        })),
    }))
    .filter((g, index) => index === 0 || g.services.length > 0);
  return { ...found, groups };
}

/** Letters A–Z with their services; umlauts sort under their base letter. */
export async function loadServicesAtoZ(db: Executor, tenantId: string) {
  const rows = await repo.listPublishedServiceTitles(db, tenantId);
  const groups = new Map<string, { slug: string; title: string; summary: string; online: boolean }[]>();
  const sorted = [...rows].sort((a, b) => a.title.localeCompare(b.title, 'de'));
  for (const r of sorted) {
    const first = foldText(r.title.charAt(0)).toUpperCase();
    const letter = /[A-Z]/.test(first) ? first : '#';
    if (!groups.has(letter)) groups.set(letter, []);
    groups
      .get(letter)!
      .push({ slug: r.slug, title: r.title, summary: r.summary, online: Boolean(r.online_url || r.online_procedure_id) });
  }
  return [...groups.entries()].map(([letter, services]) => ({ letter, services }));
}

export interface ServiceDetails {
  id: string;
  slug: string;
  title: string;
  summary: string;
  descriptionMd: string;
  documents: string[];
  fees: string;
  processingTime: string;
  legalBasis: string;
  leikaKey: string | null;
  department: string | null;
  keywords: string[];
  onlineProcedureId: string | null;
  onlineUrl: string | null;
  easyLanguageMd: string;
  reviewedAt: Date | null;
  updatedAt: Date;
  lebenslagen: { slug: string; title: string }[];
  /** PDF attachments (brochures, forms); optional so other builders of this shape need not know them. */
  attachments?: { id: string; title: string; filename: string; size: number }[];
  contacts: {
    name: string;
    function: string;
    phone: string;
    email: string;
    room: string;
    consultationHours: OpeningHours[];
    consultationNote: string;
  }[];
  locations: {
    name: string;
    street: string;
    postalCode: string;
    city: string;
    accessibility: string;
    openingHours: OpeningHours[];
    openingHoursNote: string;
  }[];
}

/** Everything about a published service, or undefined (drafts and other tenants' services do not exist here). */
export async function loadService(db: Executor, tenantId: string, slug: string): Promise<ServiceDetails | undefined> {
  const details = await serviceMemo.get(db, tenantId, slug, async () => {
    const row = await repo.findPublishedServicePage(db, tenantId, slug);
    return row ? toServiceDetails(row) : null;
  });
  return details ?? undefined;
}

/** One entry per service page viewed since the catalog last changed (unknown slugs included, as null). */
const serviceMemo = new CatalogMemo<ServiceDetails | null>(5000);

function toServiceDetails(s: repo.ServicePageRow): ServiceDetails {
  return {
    attachments: s.attachments,
    id: s.id,
    slug: s.slug,
    title: s.title,
    summary: s.summary,
    descriptionMd: s.description_md,
    documents: s.documents,
    fees: s.fees,
    processingTime: s.processing_time,
    legalBasis: s.legal_basis,
    leikaKey: s.leika_key,
    department: s.department_name,
    keywords: s.keywords,
    onlineProcedureId: s.online_procedure_id,
    onlineUrl: s.online_url,
    easyLanguageMd: s.easy_language_md,
    reviewedAt: s.reviewed_at,
    updatedAt: s.updated_at,
    lebenslagen: s.lebenslagen,
    contacts: s.contacts.map((c) => ({
      name: c.name,
      function: c.function,
      phone: c.phone,
      email: c.email,
      room: c.room,
      consultationHours: c.consultation_hours,
      consultationNote: c.consultation_note,
    })),
    locations: s.locations.map((l) => ({
      name: l.name,
      street: l.street,
      postalCode: l.postal_code,
      city: l.city,
      accessibility: l.accessibility,
      openingHours: l.opening_hours,
      openingHoursNote: l.opening_hours_note,
    })),
  };
}

/** The details of a service row of any status (the back-office preview shows drafts with it). */
export async function serviceDetailsOf(db: Executor, tenantId: string, s: repo.ServiceRow): Promise<ServiceDetails> {
  const [contacts, locations, lagen, department, attachments] = await Promise.all([
    repo.listServiceContacts(db, tenantId, s.id),
    repo.listServiceLocations(db, tenantId, s.id),
    repo.listLebenslageSlugsOfServices(db, tenantId, [s.id]),
    repo.findDepartmentName(db, tenantId, s.department_id),
    repo.listServiceAttachments(db, tenantId, s.id),
  ]);
  return {
    attachments: attachments.map((a) => ({ id: a.id, title: a.title, filename: a.filename, size: a.size })),
    id: s.id,
    slug: s.slug,
    title: s.title,
    summary: s.summary,
    descriptionMd: s.description_md,
    documents: s.documents,
    fees: s.fees,
    processingTime: s.processing_time,
    legalBasis: s.legal_basis,
    leikaKey: s.leika_key,
    department,
    keywords: s.keywords,
    onlineProcedureId: s.online_procedure_id,
    onlineUrl: s.online_url,
    easyLanguageMd: s.easy_language_md,
    reviewedAt: s.reviewed_at,
    updatedAt: s.updated_at,
    lebenslagen: lagen.map((l) => ({ slug: l.slug, title: l.title })),
    contacts: contacts.map((c) => ({
      name: c.name,
      function: c.function,
      phone: c.phone,
      email: c.email,
      room: c.room,
      consultationHours: c.consultation_hours,
      consultationNote: c.consultation_note,
    })),
    locations: locations.map((l) => ({
      name: l.name,
      street: l.street,
      postalCode: l.postal_code,
      city: l.city,
      accessibility: l.accessibility,
      openingHours: l.opening_hours,
      openingHoursNote: l.opening_hours_note,
    })),
  };
}

/**
 * Counts a page view; feeds "most used services" and the Digitales-Amt ranking. Views are
 * buffered in this process for at most a second and then added with one UPDATE, so a page
 * view costs no write of its own. The only process state is this counter buffer: at worst
 * a second of views is lost if the process dies; `flushServiceVisits` on shutdown keeps
 * them otherwise (the catalog module registers it on the platform's onStop).
 */
export async function recordServiceVisit(db: Executor, tenantId: string, serviceId: string): Promise<void> {
  // Inside a transaction the count belongs to it: written there and then.
  if (db.isTransaction) return repo.addVisits(db, [{ tenantId, serviceId, count: 1 }]);
  let buffer = visitBuffers.get(db);
  if (!buffer) {
    buffer = new Map();
    visitBuffers.set(db, buffer);
    setTimeout(() => void flushServiceVisits(db).catch(() => {}), VISIT_FLUSH_MS).unref();
  }
  const key = `${tenantId} ${serviceId}`;
  buffer.set(key, (buffer.get(key) ?? 0) + 1);
}

const VISIT_FLUSH_MS = 1000;
/** Per database handle (tests run several apps in one process). */
const visitBuffers = new Map<Executor, Map<string, number>>();

/** Writes the buffered page views now. */
export async function flushServiceVisits(db: Executor): Promise<void> {
  const buffer = visitBuffers.get(db);
  if (!buffer) return;
  visitBuffers.delete(db);
  const visits = [...buffer].map(([key, count]) => {
    const [tenantId, serviceId] = key.split(' ');
    return { tenantId, serviceId, count };
  });
  await repo.addVisits(db, visits);
}

/** What the start page shows from the catalog. */
export async function loadStartPageCatalog(db: Executor, tenantId: string) {
  const [lebenslagen, popular] = await Promise.all([
    loadLebenslagenTree(db, tenantId),
    repo.listMostVisitedServices(db, tenantId, 8),
  ]);
  return {
    lebenslagen: lebenslagen.map((l) => ({ slug: l.slug, title: l.title, summary: l.summary })),
    popular: popular.map((p) => ({ slug: p.slug, title: p.title, online: Boolean(p.online_url || p.online_procedure_id) })),
  };
}
export type StartPageCatalog = Awaited<ReturnType<typeof loadStartPageCatalog>>;
