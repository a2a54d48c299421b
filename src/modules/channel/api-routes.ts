import type { FastifyPluginAsync } from 'fastify';
import { requireStaff } from '../../platform/auth/guards.js';
import { apiErrorSchema, conflict, notFound, unprocessable } from '../../platform/http/errors.js';
import { tooManyRequests } from './routes.js';
import * as service from './service.js';
import type { RawMessage } from './validation.js';
import { CATEGORIES, CERTAINTIES, MSG_TYPES, SEVERITIES, URGENCIES } from './validation.js';

const errorSchema = apiErrorSchema;

const circleSchema = {
  type: 'object',
  properties: { lat: { type: 'number' }, lon: { type: 'number' }, radiusKm: { type: 'number', exclusiveMinimum: 0 } },
  required: ['lat', 'lon', 'radiusKm'],
} as const;

const alertSchema = {
  type: 'object',
  description:
    'Macht die Nachricht zur Warnung (CAP 1.2). Ohne Angabe bei Update/Cancel gelten die Angaben der früheren Warnung.',
  properties: {
    category: { type: 'string', enum: CATEGORIES },
    severity: { type: 'string', enum: SEVERITIES },
    urgency: { type: 'string', enum: URGENCIES },
    certainty: { type: 'string', enum: CERTAINTIES },
    instruction: { type: 'string', description: 'Handlungsempfehlung für die Bevölkerung' },
    area: {
      type: 'object',
      properties: {
        description: { type: 'string' },
        circle: circleSchema,
        polygon: {
          type: 'array',
          description: '[Breite, Länge]-Paare; der letzte Punkt gleich dem ersten, mindestens vier Punkte',
          items: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 },
        },
      },
      required: ['description'],
    },
    validFrom: { type: 'string', format: 'date-time' },
    validUntil: { type: 'string', format: 'date-time', description: 'muss nach validFrom liegen' },
  },
  required: ['category', 'severity', 'urgency', 'certainty', 'area', 'validUntil'],
} as const;

const messageBodySchema = {
  type: 'object',
  properties: {
    title: { type: 'string', maxLength: 200 },
    body: { type: 'string', description: 'Markdown (Absätze, Listen, **fett**, Links); HTML wird als Text gezeigt' },
    topics: { type: 'array', items: { type: 'string' }, minItems: 1, description: 'Kürzel der Themen' },
    msgType: { type: 'string', enum: MSG_TYPES, default: 'Alert' },
    references: { type: 'string', format: 'uuid', description: 'id der früheren Warnung (bei Update und Cancel)' },
    alert: alertSchema,
    publishAt: {
      type: 'string',
      format: 'date-time',
      description:
        'Geplante Veröffentlichung (ISO 8601 mit Zeitzone, höchstens ein Jahr voraus). Bis dahin wird nichts gesendet oder angezeigt; ohne Angabe sofort.',
    },
  },
  required: ['title', 'body', 'topics'],
  examples: [
    {
      title: 'Großbrand am Bahndamm: Fenster geschlossen halten',
      body: 'Starke Rauchentwicklung im Ortsteil Nord.',
      topics: ['gefahrenhinweise'],
      alert: {
        category: 'Brand',
        severity: 'Severe',
        urgency: 'Immediate',
        certainty: 'Observed',
        instruction: 'Fenster und Türen geschlossen halten.',
        area: { description: 'Ortsteil Nord', circle: { lat: 48.25, lon: 12.52, radiusKm: 3 } },
        validFrom: '2026-07-14T20:38:00Z',
        validUntil: '2026-07-15T02:00:00Z',
      },
    },
  ],
} as const;

const alertItemSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    title: { type: 'string' },
    body: { type: 'string' },
    msgType: { type: 'string', enum: MSG_TYPES },
    references: { type: ['string', 'null'] },
    topics: { type: 'array', items: { type: 'string' } },
    category: { type: 'string' },
    severity: { type: 'string' },
    urgency: { type: 'string' },
    certainty: { type: 'string' },
    instruction: { type: 'string' },
    area: {
      type: 'object',
      properties: {
        description: { type: 'string' },
        circle: { type: ['object', 'null'], additionalProperties: true },
        polygon: { type: ['array', 'null'] },
      },
    },
    validFrom: { type: 'string' },
    validUntil: { type: 'string' },
    publishedAt: { type: 'string' },
    url: { type: 'string' },
    capUrl: { type: 'string' },
  },
} as const;

/** JSON API of the info channel below /api/v1/{tenant}. */
export const apiRoutes: FastifyPluginAsync = async (app) => {
  const { platform } = app;
  const { db, config } = platform;

  app.get<{ Querystring: { active?: string } }>(
    '/alerts',
    {
      schema: {
        summary: 'Warnungen für Apps (active=true: nur die gerade geltenden)',
        tags: ['Infokanal'],
        querystring: { type: 'object', properties: { active: { type: 'string', enum: ['true', 'false'] } } },
        response: {
          200: { type: 'object', properties: { items: { type: 'array', items: alertItemSchema } }, required: ['items'] },
        },
      },
    },
    async (request) => {
      const alerts =
        request.query.active === 'false'
          ? (await service.loadChannelOverview(db, request.tenant.id)).messages.filter((m) => m.alert)
          : await service.loadActiveAlerts(db, request.tenant.id);
      const site = `${config.publicUrl}/${request.tenant.slug}`;
      return {
        items: alerts.map((m) => ({
          id: m.id,
          title: m.title,
          body: m.bodyMd,
          msgType: m.msgType,
          references: m.referencesId,
          topics: m.topics.map((t) => t.slug),
          category: m.alert?.category,
          severity: m.alert?.severity,
          urgency: m.alert?.urgency,
          certainty: m.alert?.certainty,
          instruction: m.alert?.instruction,
          area: { description: m.alert?.areaDesc, circle: m.alert?.circle ?? null, polygon: m.alert?.polygon ?? null },
          validFrom: m.alert?.validFrom.toISOString(),
          validUntil: m.alert?.validUntil.toISOString(),
          publishedAt: m.publishedAt.toISOString(),
          url: `${site}/infokanal/meldung/${m.id}`,
          capUrl: `${site}/feeds/cap/${m.id}.xml`,
        })),
      };
    },
  );

  app.get(
    '/channel/topics',
    {
      schema: {
        summary: 'Themen des Infokanals',
        tags: ['Infokanal'],
        response: {
          200: {
            type: 'object',
            properties: {
              items: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { slug: { type: 'string' }, title: { type: 'string' }, description: { type: 'string' } },
                  required: ['slug', 'title', 'description'],
                },
              },
            },
            required: ['items'],
          },
        },
      },
    },
    async (request) => ({
      items: (await service.listChannelTopics(db, request.tenant.id)).map(({ slug, title, description }) => ({
        slug,
        title,
        description,
      })),
    }),
  );

  app.post<{ Body: { email?: unknown; topics?: unknown } }>(
    '/channel/subscriptions',
    {
      // Own validation: 422 with German texts per field; the schema documents the shape.
      attachValidation: true,
      schema: {
        summary: 'Abonnieren mit Double-Opt-in (Bestätigungslink per E-Mail)',
        description: 'Antwortet für bekannte und unbekannte Adressen gleich (202). Zu viele Anfragen: 429.',
        tags: ['Infokanal'],
        body: {
          type: 'object',
          properties: {
            email: { type: 'string', format: 'email' },
            topics: { type: 'array', items: { type: 'string' }, minItems: 1 },
          },
          required: ['email', 'topics'],
        },
        response: {
          202: {
            type: 'object',
            properties: { status: { type: 'string' }, message: { type: 'string' } },
            required: ['status', 'message'],
          },
          422: errorSchema,
          429: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const body = (request.body ?? {}) as { email?: unknown; topics?: unknown };
      const topics = Array.isArray(body.topics) ? body.topics.filter((t): t is string => typeof t === 'string').slice(0, 50) : [];
      const result = await service.requestSubscription(
        platform,
        request.tenant,
        { email: typeof body.email === 'string' ? body.email : '', topics },
        request.ip,
      );
      if (!result.ok && 'errors' in result) throw unprocessable('Bitte prüfen Sie Ihre Angaben.', result.errors);
      if (!result.ok) throw tooManyRequests(reply, result.retryAfterSeconds);
      return reply.status(202).send({
        status: 'pending_confirmation',
        message:
          'Wenn die Adresse gültig ist, erhält sie eine E-Mail mit einem Bestätigungslink. Erst nach der Bestätigung werden Nachrichten gesendet.',
      });
    },
  );

  app.post<{ Body: RawMessage }>(
    '/channel/messages',
    {
      attachValidation: true,
      schema: {
        summary: 'Nachricht oder Warnung veröffentlichen und an die Abonnenten senden',
        description:
          'Nur mit API-Token einer Redakteurin oder Administratorin. Fehlerhafte Angaben: 422 mit dem Feld in error.fields.',
        tags: ['Infokanal'],
        security: [{ bearer: [] }],
        body: messageBodySchema,
        response: {
          201: {
            description: 'Veröffentlicht; die E-Mails werden versendet.',
            type: 'object',
            properties: {
              id: { type: 'string' },
              status: { type: 'string', enum: ['published'] },
              recipients: { type: 'integer' },
            },
            required: ['id', 'status', 'recipients'],
          },
          202: {
            description: 'Geplant (publishAt): wird zu diesem Zeitpunkt unter derselben id veröffentlicht.',
            type: 'object',
            properties: {
              id: { type: 'string' },
              status: { type: 'string', enum: ['scheduled'] },
              publishAt: { type: 'string', format: 'date-time' },
            },
            required: ['id', 'status', 'publishAt'],
          },
          401: errorSchema,
          422: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const staff = requireStaff(request, 'admin', 'editor');
      const body = request.body && typeof request.body === 'object' ? request.body : {};
      const result = await service.publishMessage(platform, request.tenant, staff.userId, body);
      if (!result.ok) throw unprocessable('Die Nachricht ist unvollständig oder fehlerhaft.', result.errors);
      if (result.scheduledFor)
        return reply.status(202).send({ id: result.id, status: 'scheduled', publishAt: result.scheduledFor.toISOString() });
      return reply.status(201).send({ id: result.id, status: 'published', recipients: result.recipients });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/channel/messages/:id',
    {
      schema: {
        summary: 'Stand der Zustellung einer Nachricht',
        tags: ['Infokanal'],
        security: [{ bearer: [] }],
        params: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
        response: {
          200: {
            type: 'object',
            properties: {
              id: { type: 'string' },
              status: {
                type: 'string',
                enum: ['published', 'scheduled', 'cancelled', 'failed'],
                description:
                  'scheduled: wartet auf publishAt; failed: konnte zum geplanten Zeitpunkt nicht veröffentlicht werden',
              },
              publishAt: { type: ['string', 'null'], format: 'date-time' },
              recipients: { type: 'integer' },
              sent: { type: 'integer' },
              pending: { type: 'integer' },
              failed: { type: 'integer' },
            },
            required: ['id', 'status', 'sent', 'pending', 'failed'],
          },
          404: errorSchema,
        },
      },
    },
    async (request) => {
      requireStaff(request, 'admin', 'editor');
      const message = await service.loadChannelMessage(db, request.tenant.id, request.params.id);
      if (message) {
        const counts = await service.loadDeliveryStatus(db, request.tenant.id, message.id);
        return {
          id: message.id,
          status: 'published',
          publishAt: message.publishedAt.toISOString(),
          recipients: message.recipients,
          ...counts,
        };
      }
      const scheduled = await service.loadScheduledMessage(db, request.tenant.id, request.params.id);
      if (!scheduled) throw notFound('Diese Nachricht gibt es nicht.');
      return {
        id: scheduled.id,
        status: scheduled.status,
        publishAt: scheduled.publishAt.toISOString(),
        recipients: 0,
        sent: 0,
        pending: 0,
        failed: 0,
      };
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/channel/messages/:id',
    {
      schema: {
        summary: 'Geplante Nachricht vor ihrem Zeitpunkt zurückziehen',
        description: 'Nur solange sie noch nicht veröffentlicht ist; danach 409.',
        tags: ['Infokanal'],
        security: [{ bearer: [] }],
        params: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
        response: { 204: { type: 'null' }, 404: errorSchema, 409: errorSchema },
      },
    },
    async (request, reply) => {
      const staff = requireStaff(request, 'admin', 'editor');
      if (await service.cancelScheduledMessage(platform, request.tenant.id, staff.userId, request.params.id))
        return reply.status(204).send();
      const scheduled = await service.loadScheduledMessage(db, request.tenant.id, request.params.id);
      if (scheduled) throw conflict('Diese Nachricht ist nicht mehr geplant; sie kann nicht mehr zurückgezogen werden.');
      if (await service.loadChannelMessage(db, request.tenant.id, request.params.id))
        throw conflict('Diese Nachricht ist schon veröffentlicht.');
      throw notFound('Diese Nachricht gibt es nicht.');
    },
  );
};
