import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { csrfToken } from '../../platform/auth/csrf.js';
import { requireStaff } from '../../platform/auth/guards.js';
import { notFound } from '../../platform/http/errors.js';
import { sendPage } from '../../platform/http/reply.js';
import type { Principal } from '../../platform/http/request-context.js';
import type { FieldErrors } from '../../platform/views/forms.js';
import { toTenantView } from '../../platform/views/tenant-view.js';
import { endOfBerlinDay, parseDay, startOfBerlinDay } from './dates.js';
import { getDocument, readDocumentVerified, searchDocuments } from './service.js';
import { DocumentSearchPage, type SearchValues, type StaffPageView, TamperedDocumentPage } from './views/pages.js';

const READERS = ['admin', 'clerk'] as const;
const PAGE_SIZE = 20;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Types a browser may show inline-safe as a download; anything else goes out as bytes. */
const SAFE_TYPES = new Set(['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp', 'text/plain', 'text/csv']);

const one = (query: unknown, key: string): string => {
  const v = (query as Record<string, unknown> | undefined)?.[key];
  return typeof v === 'string' ? v.slice(0, 200) : '';
};

/** Admins read the whole tenant's file; a clerk only the documents of their department. */
const readableDepartments = (staff: Principal): string[] | 'all' =>
  staff.role === 'admin' ? 'all' : staff.departmentId ? [staff.departmentId] : [];

function pageView(request: FastifyRequest, reply: FastifyReply): StaffPageView {
  const staff = request.staff;
  return {
    tenant: toTenantView(request.tenant),
    staff: staff ? { name: staff.name, email: staff.email, role: staff.role } : null,
    nav: request.server.staffNav,
    csrf: csrfToken(request, reply),
  };
}

/** attachment with an ASCII fallback name and the exact UTF-8 name (RFC 6266 / 5987). */
function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export const staffDocumentRoutes: FastifyPluginAsync = async (app) => {
  app.get('/verwaltung/dokumente', async (request, reply) => {
    const staff = requireStaff(request, ...READERS);
    const values: SearchValues = {
      q: one(request.query, 'q').trim(),
      aktenzeichen: one(request.query, 'aktenzeichen').trim(),
      verfahren: one(request.query, 'verfahren').trim(),
      von: one(request.query, 'von').trim(),
      bis: one(request.query, 'bis').trim(),
    };
    const errors: FieldErrors = {};
    const from = values.von ? parseDay(values.von) : undefined;
    const to = values.bis ? parseDay(values.bis) : undefined;
    if (values.von && !from) errors.von = 'Bitte geben Sie das Datum „Eingegangen ab“ als Tag.Monat.Jahr an.';
    if (values.bis && !to) errors.bis = 'Bitte geben Sie das Datum „Eingegangen bis“ als Tag.Monat.Jahr an.';
    if (from && to && startOfBerlinDay(from) > endOfBerlinDay(to))
      errors.bis = '„Eingegangen bis“ darf nicht vor „Eingegangen ab“ liegen.';
    const page = Math.max(1, Math.min(Number.parseInt(one(request.query, 'seite'), 10) || 1, 500));
    const scopeNote =
      staff.role === 'admin'
        ? 'Sie durchsuchen die Dokumente aller Fachbereiche.'
        : staff.departmentId
          ? 'Sie durchsuchen die Dokumente Ihres Fachbereichs.'
          : 'Ihnen ist kein Fachbereich zugeordnet; daher sehen Sie keine Dokumente.';
    const view = { ...pageView(request, reply), values, errors, page, pageSize: PAGE_SIZE, scopeNote };
    if (Object.keys(errors).length > 0) return sendPage(reply, DocumentSearchPage({ ...view, result: null }), 400);
    const result = await searchDocuments(request.server.platform.db, request.tenant.id, {
      text: values.q || undefined,
      departmentIds: readableDepartments(staff),
      reference: values.aktenzeichen || undefined,
      procedureSlug: values.verfahren || undefined,
      from: from && startOfBerlinDay(from),
      to: to && endOfBerlinDay(to),
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    });
    return sendPage(reply, DocumentSearchPage({ ...view, result }));
  });

  app.get<{ Params: { id: string } }>('/verwaltung/dokumente/:id', async (request, reply) => {
    const staff = requireStaff(request, ...READERS);
    const { platform } = request.server;
    const id = request.params.id;
    if (!UUID.test(id)) throw notFound();
    const versionParam = one(request.query, 'version');
    const version = versionParam ? Number.parseInt(versionParam, 10) : undefined;
    if (version !== undefined && !(Number.isInteger(version) && version >= 1 && version < 1_000_000)) throw notFound();
    const doc = await getDocument(platform.db, request.tenant.id, id);
    const departments = readableDepartments(staff);
    // Another department's document looks exactly like a missing one.
    if (!doc || (departments !== 'all' && !(doc.departmentId && departments.includes(doc.departmentId)))) throw notFound();
    const read = await readDocumentVerified(platform, request.tenant.id, id, version, staff.userId);
    if ('tampered' in read) return sendPage(reply, TamperedDocumentPage({ ...pageView(request, reply), title: doc.title }), 500);
    const type = read.contentType.split(';')[0].trim().toLowerCase();
    return reply
      .header(
        'content-type',
        SAFE_TYPES.has(type) ? (type.startsWith('text/') ? `${type}; charset=utf-8` : type) : 'application/octet-stream',
      )
      .header('content-disposition', contentDisposition(read.filename))
      .header('cache-control', 'private, no-store')
      .header('x-content-sha256', read.sha256)
      .send(read.bytes);
  });
};
