import type { FastifyReply, FastifyRequest } from 'fastify';
import { csrfToken } from '../../../platform/auth/csrf.js';
import { requireStaff } from '../../../platform/auth/guards.js';
import { notFound } from '../../../platform/http/errors.js';
import { toTenantView } from '../../../platform/views/tenant-view.js';
import { UUID } from './validation.js';
import type { AdminContext } from './views/parts.js';

/** Success notices named by `?hinweis=…` after a redirect (fixed texts: nothing from the URL is shown). */
const NOTICES: Record<string, string> = {
  angelegt: 'Die Leistung wurde als Entwurf angelegt.',
  gespeichert: 'Die Änderungen wurden gespeichert.',
  veroeffentlicht: 'Die Leistung ist veröffentlicht.',
  zurueckgezogen: 'Die Leistung ist nicht mehr öffentlich sichtbar.',
  geprueft: 'Die Leistung ist als geprüft markiert.',
  'dokument-hochgeladen': 'Das PDF-Dokument wurde hochgeladen.',
  'dokument-entfernt': 'Das Dokument wurde entfernt.',
  'ansprechpartner-zugeordnet': 'Der Ansprechpartner wurde zugeordnet.',
  'ansprechpartner-entfernt': 'Der Ansprechpartner wurde entfernt.',
  'standort-zugeordnet': 'Der Standort wurde zugeordnet.',
  'standort-entfernt': 'Der Standort wurde entfernt.',
  'lebenslage-angelegt': 'Die Lebenslage wurde angelegt.',
  'lebenslage-gespeichert': 'Die Lebenslage wurde gespeichert.',
  verschoben: 'Die Reihenfolge wurde geändert.',
  'synonym-gespeichert': 'Das Synonym wurde gespeichert.',
  'synonym-entfernt': 'Das Synonym wurde entfernt.',
};

/** Editors and administrators edit the catalog; clerks and others get 404. */
export const requireEditor = (request: FastifyRequest) => requireStaff(request, 'admin', 'editor');

export function adminContext(request: FastifyRequest, reply: FastifyReply): AdminContext {
  const staff = request.staff;
  const key = (request.query as Record<string, unknown> | undefined)?.hinweis;
  return {
    tenant: toTenantView(request.tenant),
    staff: staff ? { name: staff.name, email: staff.email, role: staff.role } : null,
    csrf: csrfToken(request, reply),
    nav: request.server.staffNav,
    base: `/${request.tenant.slug}/verwaltung`,
    notice: typeof key === 'string' ? NOTICES[key] : undefined,
  };
}

/** A UUID route parameter, or 404 (a malformed id must not reach PostgreSQL as a uuid). */
export function idParam(value: string | undefined): string {
  if (!value || !UUID.test(value)) throw notFound();
  return value.toLowerCase();
}
