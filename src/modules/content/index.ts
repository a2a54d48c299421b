import type { FastifyPluginAsync } from 'fastify';
import { seedContentDemo } from '../../demo/content/seed.js';
import type { RathausModule } from '../../platform/module.js';
import { adminRoutes } from './admin-routes.js';
import { siteRoutes as publicRoutes } from './routes.js';

export type { NewsItem, NewsSearchHit, StaticPage } from './service.js';
export { loadLatestNews, searchNews } from './service.js';
export { LatestNewsSection } from './views/LatestNewsSection.js';

const siteRoutes: FastifyPluginAsync = async (app) => {
  await app.register(publicRoutes);
  await app.register(adminRoutes);
};

/** News (Pressemitteilungen), static pages such as the Impressum, and the Atom feed. */
export const contentModule: RathausModule = {
  name: 'content',
  siteRoutes,
  staffNav: [
    { path: '/aktuelles', label: 'Aktuelles', roles: ['admin', 'editor'] },
    { path: '/seiten', label: 'Seiten', roles: ['admin', 'editor'] },
  ],
  seedDemo: seedContentDemo,
};
