import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { apiErrorBody, apiErrorSchema, HttpError, notFound, unprocessable } from '../../platform/http/errors.js';
import { tenantStampsOf } from '../../platform/http/tenant-scope.js';
import { CATALOG_STAMP } from '../catalog/read-cache.js';
import * as service from './service.js';
import { APPOINTMENTS_STAMP } from './setup-memo.js';
import { berlinIso } from './time.js';

const errorSchema = apiErrorSchema;

/** The versions read with the tenant of this request (no extra round trip); undefined: read them. */
function knownVersions(request: Parameters<typeof tenantStampsOf>[0]): service.KnownVersions | undefined {
  const stamps = tenantStampsOf(request);
  if (!stamps || !(APPOINTMENTS_STAMP in stamps) || !(CATALOG_STAMP in stamps)) return undefined;
  return { setup: stamps[APPOINTMENTS_STAMP], catalog: stamps[CATALOG_STAMP] };
}

/** 409 when the slot is full: the error body carries the nearest free starts. */
const slotTakenSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string', enum: ['slot_taken', 'limit_reached'] },
        message: { type: 'string' },
        alternatives: { type: 'array', items: { type: 'string', format: 'date-time' }, description: 'nächste freie Termine' },
      },
      required: ['code', 'message'],
    },
  },
  required: ['error'],
} as const;

const str = (value: unknown) => (typeof value === 'string' ? value : '');

export const tooManyBookings = (reply: FastifyReply, retryAfterSeconds: number) => {
  reply.header('retry-after', String(retryAfterSeconds));
  return new HttpError(
    429,
    'too_many_requests',
    'Zu viele Buchungsversuche von Ihrem Anschluss. Bitte versuchen Sie es später erneut.',
  );
};

/** JSON API of the appointments below /api/v1/{tenant}/appointments. */
export const apiRoutes: FastifyPluginAsync = async (app) => {
  const { platform } = app;
  const { db } = platform;

  app.get(
    '/appointments/offers',
    {
      schema: {
        summary: 'Buchbare Terminangebote mit Standorten',
        tags: ['Termine'],
        response: {
          200: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                id: { type: 'string' },
                title: { type: 'string' },
                services: { type: 'array', items: { type: 'string' }, description: 'Kürzel der Leistungen im Katalog' },
                durationMinutes: { type: 'integer' },
                virtual: { type: 'boolean', description: 'Videosprechstunde' },
                locations: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: { id: { type: 'string' }, name: { type: 'string' } },
                    required: ['id', 'name'],
                  },
                },
              },
              required: ['id', 'title', 'services', 'durationMinutes', 'virtual', 'locations'],
            },
          },
        },
      },
    },
    async (request) =>
      (await service.listBookableOffers(db, request.tenant.id)).map((o) => ({
        id: o.id,
        title: o.title,
        services: o.services.map((s) => s.slug),
        durationMinutes: o.durationMinutes,
        virtual: o.virtual,
        locations: o.locations.map((l) => ({ id: l.id, name: l.name })),
      })),
  );

  app.get<{ Querystring: Record<string, string> }>(
    '/appointments/slots',
    {
      attachValidation: true,
      schema: {
        summary: 'Termine eines Angebots an einem Standort mit der Zahl freier Plätze',
        description: `Zeitraum höchstens ${62} Tage; Zeiten in ISO 8601 mit Offset (Europe/Berlin). Auch belegte Termine (free = 0) werden genannt.`,
        tags: ['Termine'],
        querystring: {
          type: 'object',
          properties: {
            offer: { type: 'string', format: 'uuid' },
            location: { type: 'string', format: 'uuid' },
            from: { type: 'string', format: 'date' },
            to: { type: 'string', format: 'date' },
          },
          required: ['offer', 'location', 'from', 'to'],
        },
        response: {
          200: {
            type: 'object',
            properties: {
              items: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    start: { type: 'string', format: 'date-time' },
                    end: { type: 'string', format: 'date-time' },
                    location: { type: 'string' },
                    free: { type: 'integer' },
                  },
                  required: ['start', 'end', 'location', 'free'],
                },
              },
            },
            required: ['items'],
          },
          404: errorSchema,
          422: errorSchema,
        },
      },
    },
    async (request) => {
      const q = request.query ?? {};
      const errors = service.checkRange(str(q.from), str(q.to));
      if (!str(q.offer)) errors.offer = 'Bitte geben Sie das Angebot an (offer).';
      if (!str(q.location)) errors.location = 'Bitte geben Sie den Standort an (location).';
      if (Object.keys(errors).length > 0) throw unprocessable('Bitte prüfen Sie die Angaben zum Zeitraum.', errors);
      const found = await service.loadOfferAt(
        db,
        request.tenant.id,
        str(q.offer),
        str(q.location),
        knownVersions(request)?.setup,
      );
      if (!found) throw notFound('Dieses Terminangebot oder dieser Standort existiert nicht.');
      const slots = await service.findSlots(db, request.tenant.id, found.offer, found.location, str(q.from), str(q.to));
      return {
        items: slots.map((s) => ({
          start: berlinIso(s.start),
          end: berlinIso(s.end),
          location: found.location.id,
          free: s.free,
        })),
      };
    },
  );

  app.post<{ Body: Record<string, unknown> }>(
    '/appointments/bookings',
    {
      attachValidation: true,
      schema: {
        summary: 'Termin buchen',
        description:
          'Vergibt den Platz in der Datenbank: zwei Anfragen erhalten nie denselben letzten Platz. Belegt: 409 slot_taken mit den nächsten freien Terminen. Vergangen, außerhalb der Zeiten oder nicht im Raster: 422.',
        tags: ['Termine'],
        body: {
          type: 'object',
          properties: {
            offer: { type: 'string', format: 'uuid' },
            location: { type: 'string', format: 'uuid' },
            start: { type: 'string', format: 'date-time', examples: ['2026-03-30T08:00:00+02:00'] },
            name: { type: 'string', maxLength: 200 },
            email: { type: 'string', format: 'email' },
          },
          required: ['offer', 'location', 'start', 'name', 'email'],
        },
        response: {
          201: {
            type: 'object',
            properties: {
              id: { type: 'string' },
              reference: { type: 'string' },
              start: { type: 'string', format: 'date-time' },
              end: { type: 'string', format: 'date-time' },
              icsUrl: { type: 'string' },
              cancelUrl: { type: 'string', description: 'Seite zum Absagen; enthält das geheime Token' },
              token: { type: 'string', description: 'für POST …/bookings/{id}/cancel' },
            },
            required: ['id', 'reference', 'start', 'end', 'icsUrl', 'cancelUrl'],
          },
          404: errorSchema,
          409: slotTakenSchema,
          422: errorSchema,
          429: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const body = request.body && typeof request.body === 'object' ? request.body : {};
      const result = await service.bookAppointment(
        platform,
        request.tenant,
        {
          offerId: str(body.offer),
          locationId: str(body.location),
          start: str(body.start),
          name: str(body.name),
          email: str(body.email),
        },
        { clientIp: request.ip, versions: knownVersions(request) },
      );
      if (result.ok) {
        return reply.status(201).send({
          id: result.booking.id,
          reference: result.booking.reference,
          start: berlinIso(result.booking.starts_at),
          end: berlinIso(result.booking.ends_at),
          icsUrl: result.links.ics,
          cancelUrl: result.links.cancel,
          token: result.token,
        });
      }
      switch (result.kind) {
        case 'not_found':
          throw notFound(result.message);
        case 'invalid':
          throw unprocessable(result.message, result.errors);
        case 'rate_limited':
          throw tooManyBookings(reply, result.retryAfterSeconds);
        case 'limit_reached':
          return reply.status(409).send(apiErrorBody('limit_reached', result.message));
        case 'slot_taken':
          return reply.status(409).send({
            error: {
              code: 'slot_taken',
              message: result.message,
              alternatives: result.alternatives.map((s) => berlinIso(s.start)),
            },
          });
      }
    },
  );

  app.post<{ Params: { id: string }; Body: Record<string, unknown> }>(
    '/appointments/bookings/:id/cancel',
    {
      attachValidation: true,
      schema: {
        summary: 'Termin absagen (mit dem Token aus der Buchung)',
        description: 'Ein zweites Absagen: 409. Ein falsches Token: 403.',
        tags: ['Termine'],
        params: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
        body: { type: 'object', properties: { token: { type: 'string' } }, required: ['token'] },
        response: {
          200: {
            type: 'object',
            properties: { id: { type: 'string' }, status: { type: 'string', enum: ['cancelled'] }, message: { type: 'string' } },
            required: ['id', 'status', 'message'],
          },
          403: errorSchema,
          409: errorSchema,
        },
      },
    },
    async (request) => {
      const body = request.body && typeof request.body === 'object' ? request.body : {};
      const result = await service.cancelAppointment(platform, request.tenant, request.params.id, { token: body.token });
      if (result.ok) return { id: result.booking.id, status: 'cancelled', message: 'Der Termin ist abgesagt.' };
      if (result.reason === 'invalid') throw new HttpError(403, 'invalid_token', service.LINK_MESSAGES.invalid);
      if (result.reason === 'cancelled') throw new HttpError(409, 'already_cancelled', service.LINK_MESSAGES.cancelled);
      throw new HttpError(409, 'appointment_past', service.LINK_MESSAGES.past);
    },
  );
};
