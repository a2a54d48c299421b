import { seedCatalogDemo } from '../../demo/catalog/seed.js';
import type { RathausModule } from '../../platform/module.js';
import { apiRoutes, siteRoutes } from './routes.js';

export type { CatalogBundle } from './bulk-insert.js';
export { insertCatalogBundle, seedDefaultSynonyms } from './bulk-insert.js';
export { defaultSynonyms } from './default-synonyms.js';
export type { SearchResult, ServiceDetails, ServiceListItem, StartPageCatalog } from './service.js';
export { loadService, loadStartPageCatalog, onlineHref, searchServices, suggestServices } from './service.js';
export { SearchForm } from './views/parts.js';
/** Add to a page's `scripts` to get suggestions while typing in every SearchForm on it. */
export const CATALOG_SUGGEST_SCRIPT = '/assets/catalog-suggest.js';
export { StartPageCatalogSection } from './views/StartPageCatalogSection.js';

/** Leistungen, Lebenslagen and the German search: public pages and the JSON API. */
export const catalogModule: RathausModule = { name: 'catalog', siteRoutes, apiRoutes, seedDemo: seedCatalogDemo };
