import type { FastifyPluginAsync } from 'fastify';
import { seedCatalogDemo } from '../../demo/catalog/seed.js';
import { columnNames, registerBlobReferences } from '../../platform/blob-references.js';
import type { RathausModule } from '../../platform/module.js';
import { catalogAdminRoutes, catalogStaffNav } from './admin/routes.js';
import { apiRoutes, siteRoutes as publicSiteRoutes } from './routes.js';
import { flushServiceVisits } from './service.js';

export type { CatalogBundle } from './bulk-insert.js';
export { insertCatalogBundle, seedDefaultSynonyms } from './bulk-insert.js';
export { defaultSynonyms } from './default-synonyms.js';
export type { CatalogImportReport, CatalogImportResult } from './interchange.js';
export { exportCatalog, importCatalog, parseCatalogFile } from './interchange.js';
export { markdownToText, renderMarkdown } from './markdown.js';
/** For the forms module: link a service to its online procedure (sets online_procedure_id). */
export { linkServiceToProcedure, unlinkProcedureFromServices } from './repo.js';
export type { SearchResult, ServiceDetails, ServiceListItem, StartPageCatalog } from './service.js';
export { loadService, loadStartPageCatalog, onlineHref, searchServices, suggestServices } from './service.js';
export type { ServiceAction, ServiceActionProvider } from './service-actions.js';
/** For other modules: links on service pages (e.g. appointments' "Termin buchen"). */
export { registerServiceActions } from './service-actions.js';
export { SearchForm } from './views/parts.js';
/** Add to a page's `scripts` to get suggestions while typing in every SearchForm on it. */
export const CATALOG_SUGGEST_SCRIPT = '/assets/catalog-suggest.js';
export { StartPageCatalogSection } from './views/StartPageCatalogSection.js';

const siteRoutes: FastifyPluginAsync = async (app) => {
  await app.register(publicSiteRoutes);
  await app.register(catalogAdminRoutes);
};

/** Leistungen, Lebenslagen and the German search: public pages, the JSON API and the editors' back office. */
export const catalogModule: RathausModule = {
  name: 'catalog',
  siteRoutes,
  apiRoutes,
  staffNav: catalogStaffNav,
  seedDemo: seedCatalogDemo,
  // Page views are buffered for up to a second (service.ts); write them before the database closes.
  setup(platform) {
    platform.onStop.push(() => flushServiceVisits(platform.db));
    registerBlobReferences('catalog.attachments', columnNames('catalog_attachments', 'sha256'));
  },
};
