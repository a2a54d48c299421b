import { HttpError } from '../../platform/http/errors.js';

/** The document does not exist in this tenant (or the version does not). Shown as 404. */
export class DocumentNotFoundError extends HttpError {
  constructor() {
    super(404, 'document_not_found', 'Das Dokument wurde nicht gefunden.');
    this.name = 'DocumentNotFoundError';
  }
}

/** A new version of an immutable document (a Bescheid) was refused. Shown as 409. */
export class ImmutableDocumentError extends HttpError {
  constructor(readonly documentId: string) {
    super(409, 'document_immutable', 'Dieses Dokument ist abgeschlossen und kann nicht mehr geändert werden.');
    this.name = 'ImmutableDocumentError';
  }
}
