// Not via the module's index.ts: the index registers this seeder, and the cycle would bite.
import { DEFAULT_PAGES } from '../../modules/content/default-pages.js';
import { insertNews, upsertPages } from '../../modules/content/repo.js';
import { slugify } from '../../modules/content/text.js';
import type { DemoSeeder } from '../../platform/module.js';
import { beispielstadtContent } from './beispielstadt.js';
import { musterkreisContent } from './musterkreis.js';

export interface DemoContent {
  news: { daysAgo: number; title: string; teaser: string; body: string }[];
  /** Body Markdown of the default pages, by slug. */
  pages: Record<(typeof DEFAULT_PAGES)[number]['slug'], string>;
}

const contents: Record<string, DemoContent> = { musterkreis: musterkreisContent, beispielstadt: beispielstadtContent };
const DAY = 24 * 60 * 60 * 1000;

/** The content module's demo seeder: five press releases and the four default pages. */
export const seedContentDemo: DemoSeeder = async (platform, tenant) => {
  const demo = contents[tenant.slug];
  if (!demo) return [];
  const now = Date.now();
  await platform.db.transaction().execute(async (tx) => {
    await insertNews(
      tx,
      demo.news.map((n) => {
        const at = new Date(now - n.daysAgo * DAY);
        return {
          tenant_id: tenant.id,
          slug: slugify(n.title),
          title: n.title,
          teaser: n.teaser,
          body_md: n.body,
          status: 'published' as const,
          published_at: at,
          updated_at: at,
        };
      }),
    );
    await upsertPages(
      tx,
      DEFAULT_PAGES.map((p) => ({ tenant_id: tenant.id, slug: p.slug, title: p.title, body_md: demo.pages[p.slug] })),
    );
  });
  return [];
};
