import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { csrfToken } from '../../platform/auth/csrf.js';
import { berlinParts } from '../../platform/calendar/berlin-time.js';
import { HttpError, notFound } from '../../platform/http/errors.js';
import { hitRateLimit } from '../../platform/http/rate-limit.js';
import { redirectAfterPost, sendPage } from '../../platform/http/reply.js';
import { toTenantView } from '../../platform/views/tenant-view.js';
import * as service from './service.js';
import { checkRequestForm } from './validation.js';
import {
  emptyRequest,
  HallPage,
  HallsListPage,
  type PublicView,
  RequestSentPage,
  type RequestValues,
} from './views/public-pages.js';

/** A form or query field as one string (repeated or missing fields must not break a handler). */
export const one = (source: unknown, name: string): string => {
  const value = (source as Record<string, unknown> | undefined)?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
};

/** Booking requests per client IP and hour, HTML form and API together. */
export const REQUESTS_PER_HOUR = 20;

export async function limitRequests(request: FastifyRequest, reply: FastifyReply) {
  const { allowed, retryAfterSeconds } = await hitRateLimit(
    request.server.platform.db,
    `halls:request:${request.ip}`,
    REQUESTS_PER_HOUR,
    3600,
  );
  if (allowed) return;
  reply.header('retry-after', String(retryAfterSeconds));
  throw new HttpError(429, 'too_many_requests', 'Zu viele Anfragen von Ihrem Anschluss. Bitte versuchen Sie es später erneut.');
}

function publicView(request: FastifyRequest, reply: FastifyReply): PublicView {
  return {
    tenant: toTenantView(request.tenant),
    citizen: request.citizen ? { name: request.citizen.name, email: request.citizen.email, role: null } : null,
    csrf: csrfToken(request, reply),
  };
}

/** "2025-06" → [2025, 6] within a sensible window; otherwise the month of `now`. */
function monthOf(value: string, now: Date): [number, number] {
  const p = berlinParts(now);
  const m = /^(\d{4})-(\d{2})$/.exec(value);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    if (mo >= 1 && mo <= 12 && y >= p.year - 1 && y <= p.year + 3) return [y, mo];
  }
  return [p.year, p.month];
}

const FORM_FIELDS = ['name', 'email', 'organisation', 'rate', 'purpose', 'guests', 'date', 'end_date', 'start', 'end'] as const;

/** Public room pages, the request form, photos, house rules and the staff feed below /{tenant}. */
export const publicRoutes: FastifyPluginAsync = async (app) => {
  const { platform } = app;
  const { db } = platform;

  async function renderHall(
    request: FastifyRequest,
    reply: FastifyReply,
    hall: service.Hall,
    options: {
      values?: RequestValues;
      errors?: Record<string, string>;
      conflict?: string;
      status?: number;
      month?: [number, number];
    } = {},
  ) {
    const now = new Date();
    const [year, month] = options.month ?? monthOf(one(request.query, 'monat'), now);
    const days = await service.loadMonthAvailability(db, request.tenant.id, hall.id, year, month, now);
    const view = publicView(request, reply);
    return sendPage(
      reply,
      HallPage({
        view,
        hall,
        calendar: { days, year, month },
        values: options.values ?? emptyRequest(view.citizen),
        errors: options.errors,
        conflict: options.conflict,
      }),
      options.status ?? 200,
    );
  }

  app.get('/raeume', async (request, reply) => {
    const halls = await service.listHalls(db, request.tenant.id);
    return sendPage(reply, HallsListPage({ view: publicView(request, reply), halls }));
  });

  app.get<{ Params: { slug: string } }>('/raeume/:slug', async (request, reply) => {
    const hall = await service.findHall(db, request.tenant.id, request.params.slug);
    if (!hall) throw notFound('Diesen Raum gibt es hier nicht.');
    return renderHall(request, reply, hall);
  });

  app.post<{ Params: { slug: string } }>('/raeume/:slug/anfrage', async (request, reply) => {
    const hall = await service.findHall(db, request.tenant.id, request.params.slug);
    if (!hall) throw notFound('Diesen Raum gibt es hier nicht.');
    await limitRequests(request, reply);
    const raw = Object.fromEntries(FORM_FIELDS.map((f) => [f, one(request.body, f)])) as unknown as RequestValues;
    const parsed = checkRequestForm(raw as unknown as Record<string, string>);
    // Show the month the person asked for, so an overlap is visible in the calendar.
    const date = /^(\d{4})-(\d{2})-\d{2}$/.exec(raw.date.trim());
    const month = date ? monthOf(`${date[1]}-${date[2]}`, new Date()) : undefined;
    if (!parsed.ok) return renderHall(request, reply, hall, { values: raw, errors: parsed.errors, status: 422, month });
    const result = await service.requestBooking(platform, request.tenant, hall, parsed.value);
    if (!result.ok && result.status === 422)
      return renderHall(request, reply, hall, { values: raw, errors: result.errors, status: 422, month });
    if (!result.ok) return renderHall(request, reply, hall, { values: raw, conflict: result.message, status: 409, month });
    return redirectAfterPost(
      reply,
      `/${request.tenant.slug}/raeume/${hall.slug}/anfrage-gesendet?vorgang=${result.booking.reference}`,
    );
  });

  app.get<{ Params: { slug: string } }>('/raeume/:slug/anfrage-gesendet', async (request, reply) => {
    const hall = await service.findHall(db, request.tenant.id, request.params.slug);
    const reference = one(request.query, 'vorgang');
    if (!hall || !/^R-[A-Z0-9]{6}$/.test(reference)) throw notFound();
    return sendPage(
      reply,
      RequestSentPage({
        view: publicView(request, reply),
        hallName: hall.name,
        hallUrl: `/${request.tenant.slug}/raeume/${hall.slug}`,
        reference,
      }),
    );
  });

  // Photos of an inactive room are shown to staff only (its edit page uses this route).
  const visibleHall = (request: FastifyRequest, slug: string) =>
    service.findHall(db, request.tenant.id, slug, request.staff?.tenantId === request.tenant.id);

  app.get<{ Params: { slug: string; photoId: string } }>('/raeume/:slug/fotos/:photoId', async (request, reply) => {
    const hall = await visibleHall(request, request.params.slug);
    const photo = hall?.photos.find((p) => p.id === request.params.photoId);
    if (!hall || !photo) throw notFound('Dieses Foto gibt es hier nicht.');
    return reply
      .type(photo.content_type)
      .header('content-length', String(photo.size))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', hall.active ? 'public, max-age=3600' : 'private, no-store')
      .send(await platform.files.get(photo.sha256));
  });

  app.get<{ Params: { slug: string } }>('/raeume/:slug/hausordnung.pdf', async (request, reply) => {
    const hall = await visibleHall(request, request.params.slug);
    if (!hall?.rules_sha256 || hall.rules_size === null) throw notFound('Für diesen Raum ist keine Hausordnung hinterlegt.');
    return reply
      .type('application/pdf')
      .header('content-length', String(hall.rules_size))
      .header('content-disposition', `inline; filename="hausordnung-${hall.slug}.pdf"`)
      .header('cache-control', hall.active ? 'public, max-age=300' : 'private, no-store')
      .send(await platform.files.get(hall.rules_sha256));
  });

  // The staff calendar feed: the key in the URL is the authorisation (calendar apps send no cookies).
  app.get<{ Params: { file: string } }>('/feeds/raeume/:file', async (request, reply) => {
    const slug = request.params.file.endsWith('.ics') ? request.params.file.slice(0, -4) : '';
    const ics = await service.loadFeed(platform, request.tenant, slug, one(request.query, 'key'));
    if (!ics) throw notFound('Diesen Kalender gibt es nicht, oder der Link ist nicht mehr gültig.');
    return reply
      .type('text/calendar; charset=utf-8')
      .header('cache-control', 'private, no-store')
      .header('content-disposition', `inline; filename="${slug}.ics"`)
      .header('referrer-policy', 'no-referrer')
      .send(ics);
  });
};
