import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../../../platform/http/errors.js';
import { redirectAfterPost, sendPage } from '../../../platform/http/reply.js';
import { listDepartments } from '../../../platform/tenancy/repo.js';
import type { FieldErrors } from '../../../platform/views/forms.js';
import { toTenantView } from '../../../platform/views/tenant-view.js';
import * as catalogRepo from '../repo.js';
import { loadLebenslagenTree, onlineHref } from '../service.js';
import { ServicePage } from '../views/ServicePage.js';
import { adminContext, idParam, requireEditor } from './context.js';
import * as repo from './repo.js';
import {
  addContactToService,
  addLocationToService,
  createService,
  emptyServiceForm,
  loadDigitalOfficePanel,
  loadServicePreview,
  markServiceReviewed,
  removeContactFromService,
  removeLocationFromService,
  reviewDueBefore,
  type ServiceFormValues,
  serviceFormOf,
  setServicePublished,
  updateServiceFromForm,
} from './service.js';
import { field, fieldList } from './validation.js';
import { ServiceFormPage } from './views/ServiceFormPage.js';
import { ServicesListPage } from './views/ServicesListPage.js';
import { DigitalOfficePage } from './views/TaxonomyPages.js';

type IdParams = { Params: { id: string } };

const serviceFormFrom = (body: unknown): ServiceFormValues => ({
  title: field(body, 'title'),
  slug: field(body, 'slug'),
  summary: field(body, 'summary'),
  description: field(body, 'description'),
  documents: field(body, 'documents'),
  fees: field(body, 'fees'),
  processing_time: field(body, 'processing_time'),
  legal_basis: field(body, 'legal_basis'),
  leika_key: field(body, 'leika_key'),
  department: field(body, 'department'),
  keywords: field(body, 'keywords'),
  lebenslagen: fieldList(body, 'lebenslagen'),
  online_procedure_id: field(body, 'online_procedure_id'),
  online_url: field(body, 'online_url'),
  easy_language: field(body, 'easy_language'),
});

/** "Umzug › Wohnsitz anmelden": checkbox labels for both levels. */
async function lebenslageOptions(request: FastifyRequest) {
  const tree = await loadLebenslagenTree(request.server.platform.db, request.tenant.id);
  return tree.flatMap((root) => [
    { id: root.id, label: root.title },
    ...root.children.map((c) => ({ id: c.id, label: `${root.title} › ${c.title}` })),
  ]);
}

/**
 * The edit page of a service, with whatever the editor typed and the errors when a form
 * on it failed. 404 for a service of another tenant.
 */
export async function renderServiceEditPage(
  request: FastifyRequest,
  reply: FastifyReply,
  serviceId: string,
  failed?: { status: number; errors: FieldErrors; values?: ServiceFormValues; subValues?: Record<string, string> },
) {
  const { db } = request.server.platform;
  const tenantId = request.tenant.id;
  const stored = await serviceFormOf(db, tenantId, serviceId);
  if (!stored) throw notFound();
  const [departments, lebenslagen, attachments, contacts, locations, allContacts, allLocations] = await Promise.all([
    listDepartments(db, tenantId),
    lebenslageOptions(request),
    catalogRepo.listServiceAttachments(db, tenantId, serviceId),
    catalogRepo.listServiceContacts(db, tenantId, serviceId),
    catalogRepo.listServiceLocations(db, tenantId, serviceId),
    repo.listContacts(db, tenantId),
    repo.listLocations(db, tenantId),
  ]);
  const s = stored.service;
  return sendPage(
    reply,
    ServiceFormPage({
      ctx: adminContext(request, reply),
      values: failed?.values ?? stored.values,
      errors: failed?.errors,
      departments,
      lebenslagen,
      edit: {
        service: { id: s.id, slug: s.slug, status: s.status, reviewedAt: s.reviewed_at },
        attachments,
        contacts,
        locations,
        allContacts,
        allLocations,
        subValues: failed?.subValues,
      },
    }),
    failed?.status ?? 200,
  );
}

/** The back office of the catalog: services, their contacts and locations, the Digitales-Amt panel. */
export const serviceAdminRoutes: FastifyPluginAsync = async (app) => {
  const { db } = app.platform;
  const list = (request: FastifyRequest) => `/${request.tenant.slug}/verwaltung/leistungen`;

  app.get('/verwaltung/leistungen', async (request, reply) => {
    requireEditor(request);
    const query = request.query as Record<string, unknown>;
    const review = query.filter === 'pruefen';
    const status = query.status === 'draft' || query.status === 'published' ? query.status : '';
    const rows = await repo.listServicesForEditors(db, request.tenant.id, {
      status: review ? undefined : status || undefined,
      reviewedBefore: review ? reviewDueBefore() : undefined,
    });
    const services = rows.map((r) => ({
      id: r.id,
      title: r.title,
      status: r.status,
      online: Boolean(r.online_url || r.online_procedure_id),
      reviewedAt: r.reviewed_at,
    }));
    return sendPage(reply, ServicesListPage({ ctx: adminContext(request, reply), services, filter: { status, review } }));
  });

  app.get('/verwaltung/leistungen/neu', async (request, reply) => {
    requireEditor(request);
    const [departments, lebenslagen] = await Promise.all([listDepartments(db, request.tenant.id), lebenslageOptions(request)]);
    return sendPage(
      reply,
      ServiceFormPage({ ctx: adminContext(request, reply), values: emptyServiceForm(), departments, lebenslagen }),
    );
  });

  app.post('/verwaltung/leistungen/neu', async (request, reply) => {
    const editor = requireEditor(request);
    const values = serviceFormFrom(request.body);
    const result = await createService(db, request.tenant.id, editor.userId, values);
    if (!result.ok) {
      const [departments, lebenslagen] = await Promise.all([listDepartments(db, request.tenant.id), lebenslageOptions(request)]);
      return sendPage(
        reply,
        ServiceFormPage({ ctx: adminContext(request, reply), values, errors: result.errors, departments, lebenslagen }),
        422,
      );
    }
    return redirectAfterPost(reply, `${list(request)}/${result.value.id}?hinweis=angelegt`);
  });

  app.get<IdParams>('/verwaltung/leistungen/:id', async (request, reply) => {
    requireEditor(request);
    return renderServiceEditPage(request, reply, idParam(request.params.id));
  });

  app.post<IdParams>('/verwaltung/leistungen/:id', async (request, reply) => {
    const editor = requireEditor(request);
    const id = idParam(request.params.id);
    const values = serviceFormFrom(request.body);
    const result = await updateServiceFromForm(db, request.tenant.id, editor.userId, id, values);
    if (!result) throw notFound();
    if (!result.ok) return renderServiceEditPage(request, reply, id, { status: 422, errors: result.errors, values });
    return redirectAfterPost(reply, `${list(request)}/${id}?hinweis=gespeichert`);
  });

  app.get<IdParams>('/verwaltung/leistungen/:id/vorschau', async (request, reply) => {
    requireEditor(request);
    const id = idParam(request.params.id);
    const service = await loadServicePreview(db, request.tenant.id, id);
    if (!service) throw notFound();
    const tenant = toTenantView(request.tenant);
    const href = onlineHref(tenant.slug, { online_url: service.onlineUrl, online_procedure_id: service.onlineProcedureId });
    reply.header('cache-control', 'no-store');
    return sendPage(
      reply,
      ServicePage({
        tenant,
        citizen: null,
        service,
        onlineHref: href,
        jsonLd: '',
        preview: { documentsBase: `${list(request)}/${id}/dokumente` },
      }),
    );
  });

  const statusChange = (path: string, published: boolean, notice: string) =>
    app.post<IdParams>(`/verwaltung/leistungen/:id/${path}`, async (request, reply) => {
      const editor = requireEditor(request);
      const id = idParam(request.params.id);
      if (!(await setServicePublished(db, request.tenant.id, editor.userId, id, published))) throw notFound();
      return redirectAfterPost(reply, `${list(request)}/${id}?hinweis=${notice}`);
    });
  statusChange('veroeffentlichen', true, 'veroeffentlicht');
  statusChange('zurueckziehen', false, 'zurueckgezogen');

  app.post<IdParams>('/verwaltung/leistungen/:id/geprueft', async (request, reply) => {
    const editor = requireEditor(request);
    const id = idParam(request.params.id);
    if (!(await markServiceReviewed(db, request.tenant.id, editor.userId, id))) throw notFound();
    const back =
      field(request.body, 'zurueck') === 'pruefen'
        ? `${list(request)}?filter=pruefen&hinweis=geprueft`
        : `${list(request)}/${id}?hinweis=geprueft`;
    return redirectAfterPost(reply, back);
  });

  // ---------------------------------------------------------------- contacts and locations
  app.post<IdParams>('/verwaltung/leistungen/:id/ansprechpartner', async (request, reply) => {
    const editor = requireEditor(request);
    const id = idParam(request.params.id);
    if (!(await repo.findServiceById(db, request.tenant.id, id))) throw notFound();
    const subValues = {
      contact_id: field(request.body, 'contact_id'),
      contact_name: field(request.body, 'contact_name'),
      contact_function: field(request.body, 'contact_function'),
      contact_phone: field(request.body, 'contact_phone'),
      contact_email: field(request.body, 'contact_email'),
      contact_room: field(request.body, 'contact_room'),
      contact_consultation_note: field(request.body, 'contact_consultation_note'),
    };
    const result = await addContactToService(db, request.tenant.id, editor.userId, id, {
      existingId: subValues.contact_id,
      values: {
        name: subValues.contact_name,
        function: subValues.contact_function,
        phone: subValues.contact_phone,
        email: subValues.contact_email,
        room: subValues.contact_room,
        consultation_note: subValues.contact_consultation_note,
      },
    });
    if (!result.ok) return renderServiceEditPage(request, reply, id, { status: 422, errors: result.errors, subValues });
    return redirectAfterPost(reply, `${list(request)}/${id}?hinweis=ansprechpartner-zugeordnet#ansprechpartner-titel`);
  });

  app.post<{ Params: { id: string; contactId: string } }>(
    '/verwaltung/leistungen/:id/ansprechpartner/:contactId/entfernen',
    async (request, reply) => {
      const editor = requireEditor(request);
      const id = idParam(request.params.id);
      const contactId = idParam(request.params.contactId);
      if (!(await removeContactFromService(db, request.tenant.id, editor.userId, id, contactId))) throw notFound();
      return redirectAfterPost(reply, `${list(request)}/${id}?hinweis=ansprechpartner-entfernt#ansprechpartner-titel`);
    },
  );

  app.post<IdParams>('/verwaltung/leistungen/:id/standorte', async (request, reply) => {
    const editor = requireEditor(request);
    const id = idParam(request.params.id);
    if (!(await repo.findServiceById(db, request.tenant.id, id))) throw notFound();
    const subValues = {
      location_id: field(request.body, 'location_id'),
      location_name: field(request.body, 'location_name'),
      location_street: field(request.body, 'location_street'),
      location_postal_code: field(request.body, 'location_postal_code'),
      location_city: field(request.body, 'location_city'),
      location_accessibility: field(request.body, 'location_accessibility'),
      location_opening_hours_note: field(request.body, 'location_opening_hours_note'),
    };
    const result = await addLocationToService(db, request.tenant.id, editor.userId, id, {
      existingId: subValues.location_id,
      values: {
        name: subValues.location_name,
        street: subValues.location_street,
        postal_code: subValues.location_postal_code,
        city: subValues.location_city,
        accessibility: subValues.location_accessibility,
        opening_hours_note: subValues.location_opening_hours_note,
      },
    });
    if (!result.ok) return renderServiceEditPage(request, reply, id, { status: 422, errors: result.errors, subValues });
    return redirectAfterPost(reply, `${list(request)}/${id}?hinweis=standort-zugeordnet#standorte-titel`);
  });

  app.post<{ Params: { id: string; locationId: string } }>(
    '/verwaltung/leistungen/:id/standorte/:locationId/entfernen',
    async (request, reply) => {
      const editor = requireEditor(request);
      const id = idParam(request.params.id);
      const locationId = idParam(request.params.locationId);
      if (!(await removeLocationFromService(db, request.tenant.id, editor.userId, id, locationId))) throw notFound();
      return redirectAfterPost(reply, `${list(request)}/${id}?hinweis=standort-entfernt#standorte-titel`);
    },
  );

  // ---------------------------------------------------------------- Digitales Amt
  app.get('/verwaltung/digitales-amt', async (request, reply) => {
    requireEditor(request);
    const panel = await loadDigitalOfficePanel(db, request.tenant.id);
    return sendPage(reply, DigitalOfficePage({ ctx: adminContext(request, reply), panel }));
  });
};
