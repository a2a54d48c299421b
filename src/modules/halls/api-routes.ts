import type { FastifyPluginAsync } from 'fastify';
import { berlinToUtc, toBerlinIso } from '../../platform/calendar/berlin-time.js';
import { apiErrorSchema, HttpError, notFound, unprocessable } from '../../platform/http/errors.js';
import { limitRequests } from './routes.js';
import * as service from './service.js';
import { checkRequestJson, parseDate } from './validation.js';

const errorSchema = apiErrorSchema;
const MAX_RANGE_DAYS = 366;

const hallSchema = {
  type: 'object',
  properties: {
    slug: { type: 'string' },
    name: { type: 'string' },
    description: { type: 'string', description: 'Markdown' },
    address: { type: 'string' },
    capacity: { type: 'integer' },
    equipment: { type: 'array', items: { type: 'string' } },
    prices: {
      type: 'object',
      description: 'Entgelte in Cent; null = Tarif nicht angeboten',
      properties: {
        hourClub: { type: ['integer', 'null'] },
        dayClub: { type: ['integer', 'null'] },
        hourPrivate: { type: ['integer', 'null'] },
        dayPrivate: { type: ['integer', 'null'] },
        note: { type: 'string' },
      },
    },
    houseRulesUrl: { type: ['string', 'null'] },
    photos: { type: 'array', items: { type: 'object', properties: { url: { type: 'string' }, alt: { type: 'string' } } } },
    url: { type: 'string' },
  },
  required: ['slug', 'name', 'capacity'],
} as const;

const busySchema = {
  type: 'object',
  properties: {
    busy: {
      type: 'array',
      items: {
        type: 'object',
        properties: { start: { type: 'string', format: 'date-time' }, end: { type: 'string', format: 'date-time' } },
        required: ['start', 'end'],
      },
    },
  },
  required: ['busy'],
} as const;

const requestBodySchema = {
  type: 'object',
  properties: {
    name: { type: 'string', maxLength: 200 },
    email: { type: 'string', format: 'email' },
    organisation: { type: 'string', maxLength: 200 },
    rate: { type: 'string', enum: ['private', 'club'], description: 'Tarif; ohne Angabe „club“, wenn organisation gesetzt ist' },
    purpose: { type: 'string', maxLength: 2000 },
    guests: { type: 'integer', minimum: 1 },
    start: { type: 'string', format: 'date-time', description: 'ISO 8601 mit Zeitzone' },
    end: { type: 'string', format: 'date-time', description: 'ISO 8601 mit Zeitzone, nach start' },
  },
  required: ['name', 'email', 'purpose', 'guests', 'start', 'end'],
  examples: [
    {
      name: 'Erika Mustermann',
      email: 'erika@example.org',
      organisation: 'Sportverein Beispielstadt e. V.',
      purpose: 'Jahreshauptversammlung',
      guests: 60,
      start: '2026-03-20T19:00:00+01:00',
      end: '2026-03-20T22:00:00+01:00',
    },
  ],
} as const;

/** `from`/`to` of the availability query: a date (Berlin day start) or an ISO instant. */
function boundary(value: string, field: string): Date | undefined {
  if (!value) return undefined;
  const day = parseDate(value);
  if (day && /^\d{4}-\d{2}-\d{2}$/.test(value)) return berlinToUtc(day[0], day[1], day[2]);
  const d = /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(d.getTime()))
    throw unprocessable('Der Zeitraum ist ungültig.', {
      [field]: `Bitte geben Sie „${field}“ als Datum (JJJJ-MM-TT) oder Zeitpunkt nach ISO 8601 an.`,
    });
  return d;
}

/** JSON API of the community halls below /api/v1/{tenant}. */
export const apiRoutes: FastifyPluginAsync = async (app) => {
  const { platform } = app;
  const { db, config } = platform;

  app.get(
    '/halls',
    {
      schema: {
        summary: 'Buchbare Räume (Dorfgemeinschaftshäuser u. a.)',
        tags: ['Räume'],
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: hallSchema } }, required: ['items'] } },
      },
    },
    async (request) => {
      const site = `${config.publicUrl}/${request.tenant.slug}/raeume`;
      const halls = await service.listHalls(db, request.tenant.id);
      return {
        items: halls.map((h) => ({
          slug: h.slug,
          name: h.name,
          description: h.description,
          address: h.address,
          capacity: h.capacity,
          equipment: h.equipment,
          prices: {
            hourClub: h.price_hour_club,
            dayClub: h.price_day_club,
            hourPrivate: h.price_hour_private,
            dayPrivate: h.price_day_private,
            note: h.price_note,
          },
          houseRulesUrl: h.rules_sha256 ? `${site}/${h.slug}/hausordnung.pdf` : null,
          photos: h.photos.map((p) => ({ url: `${site}/${h.slug}/fotos/${p.id}`, alt: p.alt })),
          url: `${site}/${h.slug}`,
        })),
      };
    },
  );

  app.get<{ Params: { slug: string }; Querystring: { from?: string; to?: string } }>(
    '/halls/:slug/availability',
    {
      schema: {
        summary: 'Belegte Zeiträume eines Raums (nur genehmigte Buchungen, ohne Namen)',
        description: `from/to als Datum (JJJJ-MM-TT, Tagesbeginn in Europe/Berlin) oder Zeitpunkt; ohne Angabe ab jetzt 31 Tage; höchstens ${MAX_RANGE_DAYS} Tage.`,
        tags: ['Räume'],
        params: { type: 'object', properties: { slug: { type: 'string' } }, required: ['slug'] },
        querystring: { type: 'object', properties: { from: { type: 'string' }, to: { type: 'string' } } },
        response: { 200: busySchema, 404: errorSchema, 422: errorSchema },
      },
    },
    async (request) => {
      const hall = await service.findHall(db, request.tenant.id, request.params.slug);
      if (!hall) throw notFound('Diesen Raum gibt es nicht.');
      const from = boundary(request.query.from ?? '', 'from') ?? new Date();
      const to = boundary(request.query.to ?? '', 'to') ?? new Date(from.getTime() + 31 * 86400_000);
      if (to <= from) throw unprocessable('Der Zeitraum ist ungültig.', { to: '„to“ muss nach „from“ liegen.' });
      if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86400_000)
        throw unprocessable('Der Zeitraum ist zu lang.', { to: `Der Zeitraum darf höchstens ${MAX_RANGE_DAYS} Tage umfassen.` });
      const busy = await service.loadBusyRanges(db, request.tenant.id, hall.id, from, to);
      return { busy: busy.map((b) => ({ start: toBerlinIso(b.start), end: toBerlinIso(b.end) })) };
    },
  );

  app.post<{ Params: { slug: string } }>(
    '/halls/:slug/requests',
    {
      // Own validation: 422 with German texts per field; the schema documents the shape.
      attachValidation: true,
      schema: {
        summary: 'Raum anfragen (die Verwaltung genehmigt oder lehnt ab; Eingangsbestätigung per E-Mail)',
        description:
          'Fehlerhafte Angaben: 422 mit dem Feld in error.fields. Überschneidung mit einer genehmigten Buchung: 409. Zu viele Anfragen: 429.',
        tags: ['Räume'],
        params: { type: 'object', properties: { slug: { type: 'string' } }, required: ['slug'] },
        body: requestBodySchema,
        response: {
          201: {
            type: 'object',
            properties: {
              reference: { type: 'string' },
              state: { type: 'string', enum: ['requested'] },
              start: { type: 'string', format: 'date-time' },
              end: { type: 'string', format: 'date-time' },
              estimatedFee: { type: ['integer', 'null'], description: 'voraussichtliches Entgelt in Cent' },
            },
            required: ['reference', 'state', 'start', 'end'],
          },
          404: errorSchema,
          409: errorSchema,
          422: errorSchema,
          429: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const hall = await service.findHall(db, request.tenant.id, request.params.slug);
      if (!hall) throw notFound('Diesen Raum gibt es nicht.');
      await limitRequests(request, reply);
      const parsed = checkRequestJson(request.body);
      if (!parsed.ok) throw unprocessable('Die Anfrage ist unvollständig oder fehlerhaft.', parsed.errors);
      const result = await service.requestBooking(platform, request.tenant, hall, parsed.value);
      if (!result.ok && result.status === 422)
        throw unprocessable('Die Anfrage ist unvollständig oder fehlerhaft.', result.errors);
      if (!result.ok) throw new HttpError(409, 'range_taken', result.message);
      return reply.status(201).send({
        reference: result.booking.reference,
        state: 'requested',
        start: toBerlinIso(result.booking.starts_at),
        end: toBerlinIso(result.booking.ends_at),
        estimatedFee: result.estimate,
      });
    },
  );
};
