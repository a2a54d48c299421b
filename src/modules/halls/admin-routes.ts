import type { FastifyMultipartBaseOptions } from '@fastify/multipart';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { csrfToken, verifyCsrf } from '../../platform/auth/csrf.js';
import { requireStaff } from '../../platform/auth/guards.js';
import { notFound } from '../../platform/http/errors.js';
import { redirectAfterPost, sendPage } from '../../platform/http/reply.js';
import { toTenantView } from '../../platform/views/tenant-view.js';
import { one } from './routes.js';
import * as service from './service.js';
import { euroInput, parseEuro } from './text.js';
import {
  BookingPage,
  HallFormPage,
  type HallFormValues,
  HallsAdminPage,
  RequestsPage,
  type StaffView,
} from './views/admin-pages.js';

/** Who configures rooms, and who decides requests. */
const EDITORS = ['admin', 'editor'] as const;
const DECIDERS = ['admin', 'editor', 'clerk'] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const idParam = (id: string) => {
  if (!UUID.test(id)) throw notFound();
  return id;
};

const NOTICES: Record<string, string> = {
  angelegt: 'Der Raum ist angelegt. Sie können jetzt Fotos und die Hausordnung hochladen.',
  gespeichert: 'Die Angaben sind gespeichert.',
  foto: 'Das Foto ist hochgeladen.',
  'foto-entfernt': 'Das Foto ist entfernt.',
  hausordnung: 'Die Hausordnung ist hochgeladen.',
  feed: 'Die Kalender-Adresse ist neu erzeugt; die alte gilt nicht mehr.',
  genehmigt: 'Die Anfrage ist genehmigt; die Zusage mit Kalendereintrag wird versendet.',
  abgelehnt: 'Die Anfrage ist abgelehnt; die Absage wird versendet.',
  aufgehoben: 'Die Buchung ist aufgehoben; die Nachricht wird versendet.',
};

function staffView(request: FastifyRequest, reply: FastifyReply): StaffView {
  const staff = request.staff;
  return {
    tenant: toTenantView(request.tenant),
    staff: staff ? { name: staff.name, email: staff.email, role: staff.role } : null,
    nav: request.server.staffNav,
    csrf: csrfToken(request, reply),
    notice: NOTICES[one(request.query, 'hinweis')],
  };
}

const FORM_FIELDS = [
  'name',
  'slug',
  'description',
  'address',
  'capacity',
  'equipment',
  'price_hour_club',
  'price_hour_private',
  'price_day_club',
  'price_day_private',
  'price_note',
  'active',
] as const;

const valuesOf = (hall: service.Hall): HallFormValues => ({
  name: hall.name,
  slug: hall.slug,
  description: hall.description,
  address: hall.address,
  capacity: String(hall.capacity),
  equipment: hall.equipment.join('\n'),
  price_hour_club: euroInput(hall.price_hour_club),
  price_hour_private: euroInput(hall.price_hour_private),
  price_day_club: euroInput(hall.price_day_club),
  price_day_private: euroInput(hall.price_day_private),
  price_note: hall.price_note,
  active: hall.active ? 'ja' : 'nein',
});

/** Reads a multipart form: its fields and the one file of `fileField` (nothing is stored yet). */
async function readUpload(request: FastifyRequest, fileField: string, maxBytes: number) {
  const fields: Record<string, string> = {};
  let upload: service.Upload | undefined;
  const options: FastifyMultipartBaseOptions = { limits: { fileSize: maxBytes }, throwFileSizeLimit: false };
  for await (const part of request.parts(options)) {
    if (part.type === 'file') {
      if (part.fieldname !== fileField || upload) {
        part.file.resume();
        continue;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of part.file) chunks.push(chunk as Buffer);
      upload = { bytes: Buffer.concat(chunks), truncated: part.file.truncated, filename: part.filename ?? '' };
    } else if (typeof part.value === 'string') {
      fields[part.fieldname] = part.value;
    }
  }
  // The route opted out of the scope's guard (csrfCheckedInHandler): checked once the fields are known.
  verifyCsrf(request, fields._csrf);
  return { fields, upload };
}

/** Back office: rooms, photos, house rules, feed, and deciding requests. */
export const adminRoutes: FastifyPluginAsync = async (app) => {
  const { platform } = app;
  const { db } = platform;
  const admin = (request: FastifyRequest) => `/${request.tenant.slug}/verwaltung/raeume`;

  async function loadHall(request: FastifyRequest, id: string) {
    const hall = await service.findHallById(db, request.tenant.id, idParam(id));
    if (!hall) throw notFound('Diesen Raum gibt es nicht.');
    return hall;
  }

  async function renderEdit(
    request: FastifyRequest,
    reply: FastifyReply,
    hall: service.Hall,
    options: {
      values?: HallFormValues;
      errors?: Record<string, string>;
      uploadErrors?: Record<string, string>;
      status?: number;
    } = {},
  ) {
    return sendPage(
      reply,
      HallFormPage({
        view: staffView(request, reply),
        hall,
        values: options.values ?? valuesOf(hall),
        errors: options.errors,
        uploadErrors: options.uploadErrors,
        feedUrl: await service.feedUrl(platform, request.tenant, hall),
      }),
      options.status ?? 200,
    );
  }

  app.get('/verwaltung/raeume', async (request, reply) => {
    requireStaff(request, ...DECIDERS);
    const [halls, open] = await Promise.all([
      service.listHalls(db, request.tenant.id, false),
      service.countOpenRequests(db, request.tenant.id),
    ]);
    return sendPage(reply, HallsAdminPage({ view: staffView(request, reply), halls, open }));
  });

  app.get('/verwaltung/raeume/neu', async (request, reply) => {
    requireStaff(request, ...EDITORS);
    const values = Object.fromEntries(FORM_FIELDS.map((f) => [f, ''])) as HallFormValues;
    values.active = 'ja';
    return sendPage(reply, HallFormPage({ view: staffView(request, reply), values }));
  });

  app.post('/verwaltung/raeume/neu', async (request, reply) => {
    const staff = requireStaff(request, ...EDITORS);
    const values = Object.fromEntries(FORM_FIELDS.map((f) => [f, one(request.body, f)])) as HallFormValues;
    const checked = service.checkResourceForm(values);
    const created = checked.ok ? await service.createHall(platform, request.tenant.id, staff.userId, checked.value) : checked;
    if (!created.ok)
      return sendPage(reply, HallFormPage({ view: staffView(request, reply), values, errors: created.errors }), 422);
    return redirectAfterPost(reply, `${admin(request)}/${created.id}?hinweis=angelegt`);
  });

  app.get<{ Params: { id: string } }>('/verwaltung/raeume/:id', async (request, reply) => {
    requireStaff(request, ...EDITORS);
    return renderEdit(request, reply, await loadHall(request, request.params.id));
  });

  app.post<{ Params: { id: string } }>('/verwaltung/raeume/:id', async (request, reply) => {
    const staff = requireStaff(request, ...EDITORS);
    const hall = await loadHall(request, request.params.id);
    const values = Object.fromEntries(FORM_FIELDS.map((f) => [f, one(request.body, f)])) as HallFormValues;
    const checked = service.checkResourceForm(values);
    const saved = checked.ok
      ? await service.updateHall(platform, request.tenant.id, staff.userId, hall.id, checked.value)
      : checked;
    if (!saved.ok) return renderEdit(request, reply, hall, { values, errors: saved.errors, status: 422 });
    return redirectAfterPost(reply, `${admin(request)}/${hall.id}?hinweis=gespeichert`);
  });

  app.post<{ Params: { id: string } }>(
    '/verwaltung/raeume/:id/fotos',
    { config: { csrfCheckedInHandler: true } },
    async (request, reply) => {
      const staff = requireStaff(request, ...EDITORS);
      const hall = await loadHall(request, request.params.id);
      if (!request.isMultipart()) throw notFound();
      const { fields, upload } = await readUpload(request, 'photo', service.MAX_PHOTO_BYTES);
      const alt = (fields.alt ?? '').trim();
      const problem = service.checkPhotoUpload(upload, alt);
      if (problem || !upload) {
        return renderEdit(request, reply, hall, {
          uploadErrors: problem ? { [problem.field]: problem.message } : {},
          status: problem?.status ?? 422,
        });
      }
      await service.addPhoto(platform, request.tenant.id, staff.userId, hall.id, upload, alt);
      return redirectAfterPost(reply, `${admin(request)}/${hall.id}?hinweis=foto#fotos-titel`);
    },
  );

  app.post<{ Params: { id: string; photoId: string } }>(
    '/verwaltung/raeume/:id/fotos/:photoId/entfernen',
    async (request, reply) => {
      const staff = requireStaff(request, ...EDITORS);
      const hall = await loadHall(request, request.params.id);
      if (!(await service.removePhoto(platform, request.tenant.id, staff.userId, hall.id, idParam(request.params.photoId))))
        throw notFound();
      return redirectAfterPost(reply, `${admin(request)}/${hall.id}?hinweis=foto-entfernt#fotos-titel`);
    },
  );

  app.post<{ Params: { id: string } }>(
    '/verwaltung/raeume/:id/hausordnung',
    { config: { csrfCheckedInHandler: true } },
    async (request, reply) => {
      const staff = requireStaff(request, ...EDITORS);
      const hall = await loadHall(request, request.params.id);
      if (!request.isMultipart()) throw notFound();
      const { upload } = await readUpload(request, 'rules', service.MAX_RULES_BYTES);
      const problem = service.checkRulesUpload(upload);
      if (problem || !upload) {
        return renderEdit(request, reply, hall, {
          uploadErrors: problem ? { [problem.field]: problem.message } : {},
          status: problem?.status ?? 422,
        });
      }
      await service.setHouseRules(platform, request.tenant.id, staff.userId, hall.id, upload);
      return redirectAfterPost(reply, `${admin(request)}/${hall.id}?hinweis=hausordnung#hausordnung-titel`);
    },
  );

  app.post<{ Params: { id: string } }>('/verwaltung/raeume/:id/feed-erneuern', async (request, reply) => {
    const staff = requireStaff(request, ...EDITORS);
    const hall = await loadHall(request, request.params.id);
    await service.renewFeedKey(platform, request.tenant.id, staff.userId, hall.id);
    return redirectAfterPost(reply, `${admin(request)}/${hall.id}?hinweis=feed#feed-titel`);
  });

  // --- requests ---

  app.get<{ Params: { id: string } }>('/verwaltung/raeume/:id/anfragen', async (request, reply) => {
    requireStaff(request, ...DECIDERS);
    const hall = await loadHall(request, request.params.id);
    const requests = await service.loadRequests(db, request.tenant.id, hall.id, new Date());
    return sendPage(reply, RequestsPage({ view: staffView(request, reply), hall, requests }));
  });

  type BookingParams = { Params: { id: string; bookingId: string } };

  async function loadBooking(request: FastifyRequest<BookingParams>) {
    const hall = await loadHall(request, request.params.id);
    const booking = await service.findBooking(db, request.tenant.id, idParam(request.params.bookingId));
    if (!booking || booking.resource_id !== hall.id) throw notFound('Diese Anfrage gibt es nicht.');
    return { hall, booking };
  }

  async function renderBooking(
    request: FastifyRequest<BookingParams>,
    reply: FastifyReply,
    options: {
      values?: Partial<Record<'fee' | 'message' | 'decline_message' | 'cancel_message', string>>;
      errors?: Record<string, string>;
      problem?: string;
      status?: number;
    } = {},
  ) {
    const { hall, booking } = await loadBooking(request);
    const conflicts = booking.state === 'requested' ? await service.findConflicts(db, request.tenant.id, booking) : [];
    const estimate = service.estimateFee(hall, booking.rate, booking.starts_at, booking.ends_at);
    return sendPage(
      reply,
      BookingPage({
        view: staffView(request, reply),
        hall,
        booking,
        conflicts,
        values: { fee: euroInput(estimate), message: '', decline_message: '', cancel_message: '', ...options.values },
        errors: options.errors,
        problem: options.problem,
      }),
      options.status ?? 200,
    );
  }

  app.get<BookingParams>('/verwaltung/raeume/:id/anfragen/:bookingId', async (request, reply) => {
    requireStaff(request, ...DECIDERS);
    return renderBooking(request, reply);
  });

  app.post<BookingParams>('/verwaltung/raeume/:id/anfragen/:bookingId/genehmigen', async (request, reply) => {
    const staff = requireStaff(request, ...DECIDERS);
    const { hall, booking } = await loadBooking(request);
    const values = { fee: one(request.body, 'fee'), message: one(request.body, 'message') };
    const fee = values.fee.trim() ? parseEuro(values.fee) : null;
    if (fee === undefined) {
      return renderBooking(request, reply, {
        values,
        errors: { fee: 'Bitte geben Sie das Entgelt in Euro an (z. B. 120 oder 120,50) oder lassen Sie das Feld leer.' },
        status: 422,
      });
    }
    const result = await service.approveBooking(platform, request.tenant, staff.userId, booking.id, {
      fee,
      message: values.message,
    });
    if (!result.ok)
      return renderBooking(request, reply, { values, problem: result.message, status: result.code === 'not_found' ? 404 : 409 });
    return redirectAfterPost(reply, `${admin(request)}/${hall.id}/anfragen?hinweis=genehmigt`);
  });

  app.post<BookingParams>('/verwaltung/raeume/:id/anfragen/:bookingId/ablehnen', async (request, reply) => {
    const staff = requireStaff(request, ...DECIDERS);
    const { hall, booking } = await loadBooking(request);
    const message = one(request.body, 'decline_message');
    const result = await service.declineBooking(platform, request.tenant, staff.userId, booking.id, message);
    if (!result.ok && result.code === 'invalid')
      return renderBooking(request, reply, {
        values: { decline_message: message },
        errors: { decline_message: result.message },
        status: 422,
      });
    if (!result.ok) return renderBooking(request, reply, { problem: result.message, status: 409 });
    return redirectAfterPost(reply, `${admin(request)}/${hall.id}/anfragen?hinweis=abgelehnt`);
  });

  app.post<BookingParams>('/verwaltung/raeume/:id/anfragen/:bookingId/aufheben', async (request, reply) => {
    const staff = requireStaff(request, ...DECIDERS);
    const { hall, booking } = await loadBooking(request);
    const message = one(request.body, 'cancel_message');
    const result = await service.cancelBooking(platform, request.tenant, staff.userId, booking.id, message);
    if (!result.ok) return renderBooking(request, reply, { problem: result.message, status: 409 });
    return redirectAfterPost(reply, `${admin(request)}/${hall.id}/anfragen?hinweis=aufgehoben`);
  });
};
