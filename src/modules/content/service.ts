import { appendAudit } from '../../platform/audit.js';
import type { Executor } from '../../platform/db/database.js';
import type { Tenant } from '../../platform/tenancy/repo.js';
import { DEFAULT_PAGES, defaultPageBody } from './default-pages.js';
import * as repo from './repo.js';
import { newsTsQuery, SLUG, slugify } from './text.js';

export const NEWS_PAGE_SIZE = 10;
export const MAX_NEWS_PAGE = 100;
/** Entries in the Atom feed: readers keep older ones themselves. */
export const FEED_SIZE = 20;

export interface NewsItem {
  slug: string;
  title: string;
  teaser: string;
  bodyMd: string;
  publishedAt: Date;
  updatedAt: Date;
}

const toItem = (r: repo.NewsRow): NewsItem => ({
  slug: r.slug,
  title: r.title,
  teaser: r.teaser,
  bodyMd: r.body_md,
  // Published rows always have a date (setNewsStatus sets it); the fallback keeps types honest.
  publishedAt: r.published_at ?? r.created_at,
  updatedAt: r.updated_at,
});

/** One page of published news, newest first. */
export async function listNews(db: Executor, tenantId: string, page: number) {
  const current = Math.min(Math.max(1, Math.floor(page) || 1), MAX_NEWS_PAGE);
  const rows = await repo.listPublishedNews(db, tenantId, { limit: NEWS_PAGE_SIZE, offset: (current - 1) * NEWS_PAGE_SIZE });
  // A page past the end has no rows and so no total: ask once more for it.
  const total =
    rows[0]?.total ?? (current > 1 ? ((await repo.listPublishedNews(db, tenantId, { limit: 1, offset: 0 }))[0]?.total ?? 0) : 0);
  return { items: rows.map(toItem), total, page: current, pages: Math.max(1, Math.ceil(total / NEWS_PAGE_SIZE)) };
}
export type NewsList = Awaited<ReturnType<typeof listNews>>;

/** The newest published news, for the start page. */
export async function loadLatestNews(db: Executor, tenantId: string, limit = 3): Promise<NewsItem[]> {
  const rows = await repo.listPublishedNews(db, tenantId, { limit: Math.min(Math.max(limit, 1), 20), offset: 0 });
  return rows.map(toItem);
}

/** A published news item, or undefined (drafts do not exist for the public). */
export async function loadNewsArticle(db: Executor, tenantId: string, slug: string): Promise<NewsItem | undefined> {
  if (!SLUG.test(slug)) return undefined;
  const row = await repo.findPublishedNews(db, tenantId, slug);
  return row ? toItem(row) : undefined;
}

export interface NewsSearchHit {
  slug: string;
  title: string;
  teaser: string;
  publishedAt: Date;
}

/** Published news matching the query in German full text (stemmed, umlaut-folded, last word as prefix). */
export async function searchNews(db: Executor, tenantId: string, query: string, limit = 5): Promise<NewsSearchHit[]> {
  const tsquery = newsTsQuery(typeof query === 'string' ? query : '');
  if (!tsquery) return [];
  const rows = await repo.searchNewsRows(db, tenantId, tsquery, Math.min(Math.max(limit, 1), 50));
  return rows.map((r) => ({ slug: r.slug, title: r.title, teaser: r.teaser, publishedAt: r.published_at }));
}

// --- back office ---

export interface NewsInput {
  title: string;
  slug: string;
  teaser: string;
  body: string;
}

export type FieldErrors = Record<string, string>;

const LIMITS = { title: 200, teaser: 600, body: 50_000 };

/** Checks an editor's input; an empty slug is derived from the title. */
async function checkNewsInput(db: Executor, tenantId: string, input: NewsInput, ownId: string | null) {
  const errors: FieldErrors = {};
  const values = {
    title: input.title.trim(),
    slug: input.slug.trim().toLowerCase() || slugify(input.title),
    teaser: input.teaser.trim(),
    body: input.body.replace(/\r\n?/g, '\n').trim(),
  };
  if (!values.title) errors.title = 'Bitte geben Sie eine Überschrift ein.';
  else if (values.title.length > LIMITS.title) errors.title = `Die Überschrift darf höchstens ${LIMITS.title} Zeichen lang sein.`;
  if (values.slug && !SLUG.test(values.slug))
    errors.slug = 'Die Adresse darf nur Kleinbuchstaben (ohne Umlaute), Ziffern und Bindestriche enthalten.';
  else if (values.slug) {
    const other = await repo.findNewsIdBySlug(db, tenantId, values.slug);
    if (other && other.id !== ownId) errors.slug = 'Diese Adresse hat bereits eine andere Meldung. Bitte wählen Sie eine andere.';
  }
  if (!values.teaser) errors.teaser = 'Bitte geben Sie einen Vorspann ein (ein bis zwei Sätze).';
  else if (values.teaser.length > LIMITS.teaser)
    errors.teaser = `Der Vorspann darf höchstens ${LIMITS.teaser} Zeichen lang sein.`;
  if (!values.body) errors.body = 'Bitte geben Sie den Text der Meldung ein.';
  else if (values.body.length > LIMITS.body)
    errors.body = `Der Text darf höchstens ${LIMITS.body.toLocaleString('de-DE')} Zeichen lang sein.`;
  return { errors, values };
}

export type SaveResult = { ok: true; id: string } | { ok: false; errors: FieldErrors };

/** Creates a news item as a draft. */
export async function createNewsDraft(db: Executor, tenant: Tenant, actorId: string, input: NewsInput): Promise<SaveResult> {
  return db.transaction().execute(async (tx) => {
    const { errors, values } = await checkNewsInput(tx, tenant.id, input, null);
    if (Object.keys(errors).length > 0) return { ok: false, errors };
    const [row] = await repo.insertNews(tx, [
      { tenant_id: tenant.id, slug: values.slug, title: values.title, teaser: values.teaser, body_md: values.body },
    ]);
    await appendAudit(tx, { tenantId: tenant.id, actorId, action: 'content.news_created', subject: row.id });
    return { ok: true, id: row.id };
  });
}

/** Saves an editor's changes; a published item stays published. */
export async function saveNews(
  db: Executor,
  tenant: Tenant,
  actorId: string,
  id: string,
  input: NewsInput,
): Promise<SaveResult | undefined> {
  return db.transaction().execute(async (tx) => {
    if (!(await repo.findNewsById(tx, tenant.id, id))) return undefined;
    const { errors, values } = await checkNewsInput(tx, tenant.id, input, id);
    if (Object.keys(errors).length > 0) return { ok: false, errors };
    await repo.updateNews(tx, tenant.id, id, {
      slug: values.slug,
      title: values.title,
      teaser: values.teaser,
      body_md: values.body,
    });
    await appendAudit(tx, { tenantId: tenant.id, actorId, action: 'content.news_updated', subject: id });
    return { ok: true, id };
  });
}

/** Publishes (or withdraws) a news item; false when it does not exist in this tenant. */
export async function setNewsPublished(db: Executor, tenant: Tenant, actorId: string, id: string, published: boolean) {
  return db.transaction().execute(async (tx) => {
    const result = await repo.setNewsStatus(tx, tenant.id, id, published ? 'published' : 'draft');
    if (Number(result.numUpdatedRows) === 0) return false;
    await appendAudit(tx, {
      tenantId: tenant.id,
      actorId,
      action: published ? 'content.news_published' : 'content.news_unpublished',
      subject: id,
    });
    return true;
  });
}

export const loadNewsForEditing = (db: Executor, tenantId: string, id: string) =>
  /^[0-9a-f-]{36}$/i.test(id) ? repo.findNewsById(db, tenantId, id) : Promise.resolve(undefined);

export const listNewsForEditing = (db: Executor, tenantId: string) => repo.listAllNews(db, tenantId);

// --- static pages ---

export interface StaticPage {
  slug: string;
  title: string;
  bodyMd: string;
  updatedAt: Date | null;
  /** Whether an editor has written it (false: the built-in default text). */
  stored: boolean;
}

/** A static page: the editor's text, or for Impressum & Co. a default built from the tenant's data. */
export async function loadPage(db: Executor, tenant: Tenant, slug: string): Promise<StaticPage | undefined> {
  if (!SLUG.test(slug)) return undefined;
  const row = await repo.findPage(db, tenant.id, slug);
  if (row) return { slug: row.slug, title: row.title, bodyMd: row.body_md, updatedAt: row.updated_at, stored: true };
  const builtIn = DEFAULT_PAGES.find((p) => p.slug === slug);
  if (!builtIn) return undefined;
  return { slug, title: builtIn.title, bodyMd: defaultPageBody(slug, tenant), updatedAt: null, stored: false };
}

/** The default pages (always listed) and any further pages editors created. */
export async function listPagesForEditing(db: Executor, tenantId: string) {
  const stored = await repo.listPages(db, tenantId);
  const bySlug = new Map(stored.map((p) => [p.slug, p]));
  const defaults = DEFAULT_PAGES.map((d) => ({
    slug: d.slug,
    title: bySlug.get(d.slug)?.title ?? d.title,
    updatedAt: bySlug.get(d.slug)?.updated_at ?? null,
  }));
  const others = stored
    .filter((p) => !DEFAULT_PAGES.some((d) => d.slug === p.slug))
    .map((p) => ({ slug: p.slug, title: p.title, updatedAt: p.updated_at }));
  return [...defaults, ...others];
}

export interface PageInput {
  slug: string;
  title: string;
  body: string;
}

/** Creates or replaces a static page. */
export async function savePage(
  db: Executor,
  tenant: Tenant,
  actorId: string,
  input: PageInput,
): Promise<{ ok: true; slug: string } | { ok: false; errors: FieldErrors }> {
  const errors: FieldErrors = {};
  const values = {
    slug: input.slug.trim().toLowerCase(),
    title: input.title.trim(),
    body: input.body.replace(/\r\n?/g, '\n').trim(),
  };
  if (!values.slug) errors.slug = 'Bitte geben Sie die Adresse der Seite ein.';
  else if (!SLUG.test(values.slug))
    errors.slug = 'Die Adresse darf nur Kleinbuchstaben (ohne Umlaute), Ziffern und Bindestriche enthalten.';
  if (!values.title) errors.title = 'Bitte geben Sie einen Titel ein.';
  else if (values.title.length > LIMITS.title) errors.title = `Der Titel darf höchstens ${LIMITS.title} Zeichen lang sein.`;
  if (!values.body) errors.body = 'Bitte geben Sie den Text der Seite ein.';
  else if (values.body.length > LIMITS.body)
    errors.body = `Der Text darf höchstens ${LIMITS.body.toLocaleString('de-DE')} Zeichen lang sein.`;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  await db.transaction().execute(async (tx) => {
    await repo.upsertPages(tx, [{ tenant_id: tenant.id, slug: values.slug, title: values.title, body_md: values.body }]);
    await appendAudit(tx, { tenantId: tenant.id, actorId, action: 'content.page_saved', subject: values.slug });
  });
  return { ok: true, slug: values.slug };
}
