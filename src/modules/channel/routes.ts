import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { csrfToken } from '../../platform/auth/csrf.js';
import { HttpError } from '../../platform/http/errors.js';
import { redirectAfterPost, sendPage } from '../../platform/http/reply.js';
import { toTenantView } from '../../platform/views/tenant-view.js';
import { capForMessage, channelAtomFeed } from './feeds.js';
import * as service from './service.js';
import {
  ChannelIndexPage,
  ChannelNotFoundPage,
  CheckMailPage,
  LinkButtonPage,
  LinkProblemPage,
  ManagePage,
  MessagePage,
  type PublicView,
  TopicArchivePage,
  UnsubscribedPage,
  UnsubscribePage,
} from './views/public-pages.js';

const NOTICES: Record<string, string> = {
  bestaetigt: 'Ihr Abonnement ist bestätigt. Hier können Sie Ihre Themen jederzeit ändern.',
  gespeichert: 'Ihre Auswahl ist gespeichert.',
};

function publicView(request: FastifyRequest, reply: FastifyReply): PublicView {
  const key = (request.query as Record<string, unknown> | undefined)?.hinweis;
  return {
    tenant: toTenantView(request.tenant),
    citizen: request.citizen ? { name: request.citizen.name, email: request.citizen.email, role: null } : null,
    csrf: csrfToken(request, reply),
    notice: typeof key === 'string' ? NOTICES[key] : undefined,
  };
}

/** A form or query field as one string (repeated or missing fields must not break a handler). */
export const one = (source: unknown, name: string): string => {
  const value = (source as Record<string, unknown> | undefined)?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
};
/** A repeated form field (checkboxes) as a list of strings. */
export const many = (source: unknown, name: string): string[] => {
  const value = (source as Record<string, unknown> | undefined)?.[name];
  return (Array.isArray(value) ? value : value === undefined ? [] : [value])
    .filter((v): v is string => typeof v === 'string')
    .slice(0, 50);
};

export const tooManyRequests = (reply: FastifyReply, retryAfterSeconds: number) => {
  reply.header('retry-after', String(retryAfterSeconds));
  return new HttpError(
    429,
    'too_many_requests',
    'Zu viele Anmeldungen von Ihrem Anschluss. Bitte versuchen Sie es später erneut.',
  );
};

/** Public pages of the info channel and its feeds below /{tenant}. */
export const publicRoutes: FastifyPluginAsync = async (app) => {
  const { platform } = app;
  const { db, config } = platform;
  const base = (request: FastifyRequest) => `/${request.tenant.slug}/infokanal`;

  async function indexPage(
    request: FastifyRequest,
    reply: FastifyReply,
    values = { email: '', topics: [] as string[] },
    errors = {},
    status = 200,
  ) {
    const topics = await service.listChannelTopics(db, request.tenant.id);
    const citizenTopics = request.citizen
      ? await service.citizenSubscribedSlugs(db, request.tenant.id, request.citizen.email)
      : undefined;
    return sendPage(reply, ChannelIndexPage({ view: publicView(request, reply), topics, values, errors, citizenTopics }), status);
  }

  app.get('/infokanal', (request, reply) => indexPage(request, reply));

  app.post('/infokanal/abonnieren', async (request, reply) => {
    const topics = many(request.body, 'topics');
    if (request.citizen) {
      await service.setCitizenSubscriptions(platform, request.tenant, request.citizen, topics);
      return redirectAfterPost(reply, `${base(request)}?hinweis=gespeichert`);
    }
    const values = { email: one(request.body, 'email').trim(), topics };
    const result = await service.requestSubscription(platform, request.tenant, values, request.ip);
    if (!result.ok && 'errors' in result) return indexPage(request, reply, values, result.errors, 422);
    if (!result.ok) throw tooManyRequests(reply, result.retryAfterSeconds);
    return redirectAfterPost(reply, `${base(request)}/bitte-bestaetigen`);
  });

  app.get('/infokanal/bitte-bestaetigen', async (request, reply) =>
    sendPage(reply, CheckMailPage({ view: publicView(request, reply) })),
  );

  app.get('/infokanal/bestaetigen', async (request, reply) => {
    const token = one(request.query, 'token');
    const view = publicView(request, reply);
    const problem = await service.checkConfirmationLink(db, request.tenant.id, token);
    if (problem) return sendPage(reply, LinkProblemPage({ view, problem }), 410);
    return sendPage(
      reply,
      LinkButtonPage({
        view,
        title: 'Abonnement bestätigen',
        text: 'Bitte bestätigen Sie mit einem Klick, dass Sie die gewählten Themen des Infokanals per E-Mail erhalten möchten.',
        action: `${base(request)}/bestaetigen`,
        token,
        button: 'Abonnement bestätigen',
      }),
    );
  });

  app.post('/infokanal/bestaetigen', async (request, reply) => {
    const result = await service.confirmSubscription(platform, request.tenant, one(request.body, 'token'));
    if (!result.ok) return sendPage(reply, LinkProblemPage({ view: publicView(request, reply), problem: result.problem }), 410);
    return redirectAfterPost(reply, `${base(request)}/abo?token=${encodeURIComponent(result.manageToken)}&hinweis=bestaetigt`);
  });

  app.get('/infokanal/abo', async (request, reply) => {
    const token = one(request.query, 'token');
    const view = publicView(request, reply);
    const subscriber = await service.subscriberForLink(platform, request.tenant.id, token);
    if (!subscriber) return sendPage(reply, LinkProblemPage({ view, problem: 'unknown' }), 410);
    const [topics, checked] = await Promise.all([
      service.listChannelTopics(db, request.tenant.id),
      service.subscribedSlugs(db, request.tenant.id, subscriber.id),
    ]);
    return sendPage(reply, ManagePage({ view, token, topics, checked, email: subscriber.email }));
  });

  app.post('/infokanal/abo', async (request, reply) => {
    const token = one(request.query, 'token');
    const topics = many(request.body, 'topics');
    if (!(await service.updateSubscriptionsByLink(platform, request.tenant, token, topics)))
      return sendPage(reply, LinkProblemPage({ view: publicView(request, reply), problem: 'unknown' }), 410);
    if (topics.length === 0) return redirectAfterPost(reply, `${base(request)}/abgemeldet`);
    return redirectAfterPost(reply, `${base(request)}/abo?token=${encodeURIComponent(token)}&hinweis=gespeichert`);
  });

  app.get('/infokanal/abmelden', async (request, reply) => {
    const token = one(request.query, 'token');
    const view = publicView(request, reply);
    if (!(await service.subscriberForLink(platform, request.tenant.id, token)))
      return sendPage(reply, LinkProblemPage({ view, problem: 'unknown' }), 410);
    return sendPage(reply, UnsubscribePage({ view, token }));
  });

  // RFC 8058 one-click: a mail client POSTs "List-Unsubscribe=One-Click" (form or multipart) to the
  // URL of the List-Unsubscribe header. The token in the URL authenticates; there is no CSRF token.
  app.post('/infokanal/abmelden', { config: { csrfExempt: 'token-in-url' } }, async (request, reply) => {
    const done = await service.unsubscribeByLink(platform, request.tenant, one(request.query, 'token'));
    if (!done) return sendPage(reply, LinkProblemPage({ view: publicView(request, reply), problem: 'unknown' }), 410);
    return sendPage(reply, UnsubscribedPage({ view: publicView(request, reply) }));
  });

  app.get('/infokanal/abgemeldet', async (request, reply) =>
    sendPage(reply, UnsubscribedPage({ view: publicView(request, reply) })),
  );

  app.get<{ Params: { id: string } }>('/infokanal/meldung/:id', async (request, reply) => {
    const message = await service.loadChannelMessage(db, request.tenant.id, request.params.id);
    if (!message) return sendPage(reply, ChannelNotFoundPage({ view: publicView(request, reply), what: 'Nachricht' }), 404);
    return sendPage(reply, MessagePage({ view: publicView(request, reply), message }));
  });

  app.get<{ Params: { slug: string } }>('/infokanal/:slug', async (request, reply) => {
    const archive = await service.loadTopicArchive(db, request.tenant.id, request.params.slug);
    if (!archive) return sendPage(reply, ChannelNotFoundPage({ view: publicView(request, reply), what: 'Themenseite' }), 404);
    return sendPage(reply, TopicArchivePage({ view: publicView(request, reply), ...archive }));
  });

  // --- feeds ---

  app.get<{ Params: { file: string } }>('/feeds/cap/:file', async (request, reply) => {
    const id = request.params.file.replace(/\.xml$/, '');
    const message = request.params.file.endsWith('.xml')
      ? await service.loadChannelMessage(db, request.tenant.id, id)
      : undefined;
    if (!message?.alert) return reply.status(404).type('text/plain; charset=utf-8').send('Diese Warnung gibt es nicht.');
    const referenced = message.referencesId
      ? await service.loadChannelMessage(db, request.tenant.id, message.referencesId)
      : undefined;
    return reply
      .type('application/cap+xml; charset=utf-8')
      .header('cache-control', 'public, max-age=60')
      .send(capForMessage(config.publicUrl, request.tenant, message, referenced));
  });

  app.get('/feeds/alerts.atom', async (request, reply) => {
    const alerts = await service.loadActiveAlerts(db, request.tenant.id);
    const feed = {
      path: '/feeds/alerts.atom',
      title: `Aktuelle Warnungen – ${request.tenant.name}`,
      subtitle: 'Warnungen, die gerade gelten; jede mit ihrem CAP-1.2-Dokument.',
    };
    return reply
      .type('application/atom+xml; charset=utf-8')
      .header('cache-control', 'public, max-age=60')
      .send(channelAtomFeed(config.publicUrl, request.tenant, feed, alerts));
  });

  app.get<{ Params: { file: string } }>('/feeds/topics/:file', async (request, reply) => {
    const slug = request.params.file.replace(/\.atom$/, '');
    const archive = request.params.file.endsWith('.atom')
      ? await service.loadTopicArchive(db, request.tenant.id, slug, 20)
      : undefined;
    if (!archive) return reply.status(404).type('text/plain; charset=utf-8').send('Dieses Thema gibt es nicht.');
    const feed = {
      path: `/feeds/topics/${archive.topic.slug}.atom`,
      title: `${archive.topic.title} – ${request.tenant.name}`,
      subtitle: archive.topic.description || archive.topic.title,
    };
    return reply
      .type('application/atom+xml; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .send(channelAtomFeed(config.publicUrl, request.tenant, feed, archive.messages));
  });
};
