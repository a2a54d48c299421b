import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { csrfToken } from '../../platform/auth/csrf.js';
import { requireStaff } from '../../platform/auth/guards.js';
import { notFound } from '../../platform/http/errors.js';
import { redirectAfterPost, sendPage } from '../../platform/http/reply.js';
import { toTenantView } from '../../platform/views/tenant-view.js';
import { many, one } from './routes.js';
import * as service from './service.js';
import { datetimeLocalValue } from './text.js';
import type { RawMessage } from './validation.js';
import { ChannelAdminPage, ComposePage, MessageStatusPage, ScheduledMessagePage, type StaffView } from './views/admin-pages.js';

const EDITORS = ['admin', 'editor'] as const;

const NOTICES: Record<string, string> = {
  gesendet: 'Die Nachricht ist veröffentlicht; die E-Mails werden jetzt versendet.',
  geplant: 'Die Nachricht ist geplant. Bis zum gewählten Zeitpunkt wird nichts angezeigt oder gesendet.',
  zurueckgezogen: 'Die geplante Nachricht ist zurückgezogen; sie wird nicht veröffentlicht.',
};

function staffView(request: FastifyRequest, reply: FastifyReply): StaffView {
  const staff = request.staff;
  const key = one(request.query, 'hinweis');
  return {
    tenant: toTenantView(request.tenant),
    staff: staff ? { name: staff.name, email: staff.email, role: staff.role } : null,
    nav: request.server.staffNav,
    csrf: csrfToken(request, reply),
    notice: NOTICES[key],
  };
}

const FORM_FIELDS = [
  'title',
  'body',
  'msgType',
  'references',
  'alert',
  'alert.category',
  'alert.severity',
  'alert.urgency',
  'alert.certainty',
  'alert.instruction',
  'alert.area.description',
  'alert.area.circle.lat',
  'alert.area.circle.lon',
  'alert.area.circle.radiusKm',
  'alert.area.polygon',
  'alert.validFrom',
  'alert.validUntil',
  'publishAt',
];

/** The compose form's fields as the API's message shape (one validation for both). */
export function formToRaw(v: Record<string, string>, topics: string[]): RawMessage {
  const msgType = v.msgType || 'Alert';
  const isAlert = v.alert === 'ja' || msgType !== 'Alert';
  const circleGiven = ['lat', 'lon', 'radiusKm'].some((k) => v[`alert.area.circle.${k}`]?.trim());
  return {
    title: v.title,
    body: v.body,
    topics,
    msgType,
    references: v.references || undefined,
    publishAt: v.publishAt || undefined,
    alert: isAlert
      ? {
          category: v['alert.category'],
          severity: v['alert.severity'],
          urgency: v['alert.urgency'],
          certainty: v['alert.certainty'],
          instruction: v['alert.instruction'],
          area: {
            description: v['alert.area.description'],
            circle: circleGiven
              ? { lat: v['alert.area.circle.lat'], lon: v['alert.area.circle.lon'], radiusKm: v['alert.area.circle.radiusKm'] }
              : undefined,
            polygon: v['alert.area.polygon']?.trim() || undefined,
          },
          validFrom: v['alert.validFrom'],
          validUntil: v['alert.validUntil'],
        }
      : undefined,
  };
}

/** Form values prefilled from an alert that is updated or cancelled. */
function valuesFrom(m: service.ChannelMessage, msgType: 'Update' | 'Cancel'): Record<string, string> {
  const a = m.alert;
  return {
    msgType,
    references: m.id,
    alert: 'ja',
    title: msgType === 'Cancel' ? `Entwarnung: ${m.title}` : m.title,
    body: msgType === 'Cancel' ? 'Die Gefahr besteht nicht mehr. Die Warnung ist aufgehoben.' : m.bodyMd,
    'alert.category': a?.category ?? '',
    'alert.severity': msgType === 'Cancel' ? 'Minor' : (a?.severity ?? ''),
    'alert.urgency': msgType === 'Cancel' ? 'Past' : (a?.urgency ?? ''),
    'alert.certainty': a?.certainty ?? '',
    'alert.instruction': msgType === 'Cancel' ? '' : (a?.instruction ?? ''),
    'alert.area.description': a?.areaDesc ?? '',
    'alert.area.circle.lat': a?.circle ? String(a.circle.lat) : '',
    'alert.area.circle.lon': a?.circle ? String(a.circle.lon) : '',
    'alert.area.circle.radiusKm': a?.circle ? String(a.circle.radiusKm) : '',
    'alert.area.polygon': a?.polygon ? a.polygon.map(([lat, lon]) => `${lat}, ${lon}`).join('\n') : '',
    'alert.validFrom': '',
    'alert.validUntil': a ? datetimeLocalValue(msgType === 'Cancel' ? new Date(Date.now() + 3600_000) : a.validUntil) : '',
  };
}

/** The info channel's back office below /{tenant}/verwaltung/infokanal (editors and admins). */
export const adminRoutes: FastifyPluginAsync = async (app) => {
  const { platform } = app;
  const { db } = platform;
  const base = (request: FastifyRequest) => `/${request.tenant.slug}/verwaltung/infokanal`;

  app.get('/verwaltung/infokanal', async (request, reply) => {
    requireStaff(request, ...EDITORS);
    const overview = await service.loadChannelOverview(db, request.tenant.id);
    return sendPage(reply, ChannelAdminPage({ view: staffView(request, reply), ...overview }));
  });

  app.get('/verwaltung/infokanal/neu', async (request, reply) => {
    requireStaff(request, ...EDITORS);
    const topics = await service.listChannelTopics(db, request.tenant.id);
    const kind = one(request.query, 'art');
    const referenced =
      kind === 'Update' || kind === 'Cancel'
        ? await service.loadChannelMessage(db, request.tenant.id, one(request.query, 'bezug'))
        : undefined;
    if (referenced?.alert && (kind === 'Update' || kind === 'Cancel')) {
      return sendPage(
        reply,
        ComposePage({
          view: staffView(request, reply),
          topics,
          values: valuesFrom(referenced, kind),
          checkedTopics: referenced.topics.map((t) => t.slug),
          referenced,
        }),
      );
    }
    return sendPage(
      reply,
      ComposePage({ view: staffView(request, reply), topics, values: { msgType: 'Alert' }, checkedTopics: [] }),
    );
  });

  app.post('/verwaltung/infokanal/neu', async (request, reply) => {
    const staff = requireStaff(request, ...EDITORS);
    const values = Object.fromEntries(FORM_FIELDS.map((f) => [f, one(request.body, f)]));
    const topics = many(request.body, 'topics');
    const result = await service.publishMessage(platform, request.tenant, staff.userId, formToRaw(values, topics));
    if (!result.ok) {
      const [allTopics, referenced] = await Promise.all([
        service.listChannelTopics(db, request.tenant.id),
        values.references ? service.loadChannelMessage(db, request.tenant.id, values.references) : undefined,
      ]);
      return sendPage(
        reply,
        ComposePage({
          view: staffView(request, reply),
          topics: allTopics,
          values,
          checkedTopics: topics,
          errors: result.errors,
          referenced,
        }),
        422,
      );
    }
    const notice = result.scheduledFor ? 'geplant' : 'gesendet';
    return redirectAfterPost(reply, `${base(request)}/${result.id}?hinweis=${notice}`);
  });

  app.get<{ Params: { id: string } }>('/verwaltung/infokanal/:id', async (request, reply) => {
    requireStaff(request, ...EDITORS);
    const message = await service.loadChannelMessage(db, request.tenant.id, request.params.id);
    if (!message) {
      const scheduled = await service.loadScheduledMessage(db, request.tenant.id, request.params.id);
      if (!scheduled) throw notFound();
      return sendPage(reply, ScheduledMessagePage({ view: staffView(request, reply), scheduled }));
    }
    const progress = await service.loadDeliveryProgress(db, request.tenant.id, message.id);
    if (!progress) throw notFound();
    return sendPage(reply, MessageStatusPage({ view: staffView(request, reply), message, counts: progress }));
  });

  // The delivery progress for the status page's script (polled every 2 s while mails are pending).
  app.get<{ Params: { id: string } }>('/verwaltung/infokanal/:id/zustellung.json', async (request, reply) => {
    requireStaff(request, ...EDITORS);
    const progress = await service.loadDeliveryProgress(db, request.tenant.id, request.params.id);
    if (!progress) throw notFound();
    return reply.header('cache-control', 'no-store').send(progress);
  });

  app.post<{ Params: { id: string } }>('/verwaltung/infokanal/:id/zurueckziehen', async (request, reply) => {
    const staff = requireStaff(request, ...EDITORS);
    const scheduled = await service.loadScheduledMessage(db, request.tenant.id, request.params.id);
    if (!scheduled) throw notFound();
    if (await service.cancelScheduledMessage(platform, request.tenant.id, staff.userId, scheduled.id))
      return redirectAfterPost(reply, `${base(request)}/${scheduled.id}?hinweis=zurueckgezogen`);
    // Published (or failed) meanwhile: the page now says so.
    return redirectAfterPost(reply, `${base(request)}/${scheduled.id}`);
  });
};
