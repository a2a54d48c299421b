import type { FastifyReply, FastifyRequest } from 'fastify';
import { csrfToken } from '../../platform/auth/csrf.js';
import type { Principal } from '../../platform/http/request-context.js';
import type { ViewerView } from '../../platform/views/context.js';
import { toTenantView } from '../../platform/views/tenant-view.js';
import type { SiteContext, StaffContext } from './views/frames.js';

const viewer = (p: Principal | null): ViewerView | null => (p ? { name: p.name, email: p.email, role: p.role } : null);

/** Success notices named by `?hinweis=…` after a redirect (fixed texts: nothing from the URL is shown). */
const NOTICES: Record<string, string> = {
  bestaetigt: 'Ihre E-Mail-Adresse ist bestätigt. Sie können sich jetzt anmelden.',
  passwort: 'Ihr Passwort wurde geändert. Bitte melden Sie sich mit dem neuen Passwort an.',
  abgemeldet: 'Sie haben sich abgemeldet.',
  email: 'Ihre neue E-Mail-Adresse ist bestätigt. Bitte melden Sie sich damit an.',
  'email-geaendert': 'Ihre neue E-Mail-Adresse ist bestätigt und eingetragen.',
  'email-gesendet':
    'Wir haben einen Bestätigungslink an die neue Adresse gesendet. Ihre Adresse ändert sich erst, wenn Sie den Link öffnen.',
  einladung: 'Ihr Passwort ist festgelegt. Bitte melden Sie sich an.',
  eingeladen: 'Der Benutzer wurde angelegt und hat eine Einladung per E-Mail erhalten.',
  'erneut-eingeladen': 'Die Einladung wurde erneut gesendet.',
  angelegt: 'Der Fachbereich wurde angelegt.',
  gespeichert: 'Die Einstellungen wurden gespeichert.',
  'zwei-faktor-aktiv': 'Die Zwei-Faktor-Anmeldung ist jetzt aktiv.',
  'zwei-faktor-aus': 'Die Zwei-Faktor-Anmeldung ist deaktiviert.',
};

const noticeOf = (request: FastifyRequest) => {
  const key = (request.query as Record<string, unknown> | undefined)?.hinweis;
  return typeof key === 'string' ? NOTICES[key] : undefined;
};

export function siteContext(request: FastifyRequest, reply: FastifyReply): SiteContext {
  return {
    tenant: toTenantView(request.tenant),
    citizen: viewer(request.citizen),
    csrf: csrfToken(request, reply),
    base: `/${request.tenant.slug}`,
    notice: noticeOf(request),
  };
}

export function staffContext(request: FastifyRequest, reply: FastifyReply): StaffContext {
  return {
    tenant: toTenantView(request.tenant),
    staff: viewer(request.staff),
    csrf: csrfToken(request, reply),
    nav: request.server.staffNav,
    base: `/${request.tenant.slug}/verwaltung`,
    notice: noticeOf(request),
  };
}

export const queryParam = (request: FastifyRequest, name: string): string => {
  const value = (request.query as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
};
