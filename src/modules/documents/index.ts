import { columnNames, registerBlobReferences } from '../../platform/blob-references.js';
import type { RathausModule } from '../../platform/module.js';
import { staffDocumentRoutes } from './routes.js';

export { DocumentNotFoundError, ImmutableDocumentError } from './errors.js';
export { extractPdfText } from './extract.js';
export { type BulkDocument, bulkInsertDocuments } from './repo.js';
export {
  addDocumentVersion,
  type DocumentHit,
  type DocumentQuery,
  type DocumentSearchResult,
  type DocumentSummary,
  type DocumentVersionInfo,
  deleteCaseDocuments,
  getDocument,
  listCaseDocuments,
  listDocumentVersions,
  type NewDocument,
  type NewVersion,
  readDocumentVerified,
  SEARCH_WINDOW,
  searchDocuments,
  storeDocument,
  type VerifiedRead,
} from './service.js';
export { DOCUMENT_KINDS, type DocumentKind } from './tables.js';
export { type ZipExtraEntry, type ZipOptions, zipCaseFile } from './zip.js';

/** The electronic file (E-Akte): versioned, tamper-checked documents and their search. */
export const documentsModule: RathausModule = {
  name: 'documents',
  setup: () => registerBlobReferences('documents.versions', columnNames('document_versions', 'sha256')),
  siteRoutes: staffDocumentRoutes,
  staffNav: [{ path: '/dokumente', label: 'Dokumente', roles: ['admin', 'clerk'] }],
};
