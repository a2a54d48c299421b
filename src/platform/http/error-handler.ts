import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { loginRedirectFor } from '../auth/guards.js';
import { ErrorPage } from '../views/ErrorPage.js';
import { renderDocument } from '../views/render.js';
import { apiErrorBody, describeError } from './errors.js';

const isApi = (request: FastifyRequest) => request.url.startsWith('/api/');

function reply(request: FastifyRequest, res: FastifyReply, status: number, code: string, message: string, fields?: Record<string, string>) {
  res.status(status);
  if (isApi(request)) return res.type('application/json; charset=utf-8').send(apiErrorBody(code, message, fields));
  const tenantSlug = (request.params as { tenant?: string } | undefined)?.tenant;
  const home = request.tenant ? `/${request.tenant.slug}` : tenantSlug && status !== 404 ? `/${tenantSlug}` : '/';
  return res.type('text/html; charset=utf-8').send(renderDocument(ErrorPage({ status, message, homeHref: home })));
}

/** JSON errors for the API, German HTML pages elsewhere; never a stack trace. */
export function installErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, res) => {
    const login = loginRedirectFor(request, error);
    if (login) return res.redirect(login, 303);
    const described = describeError(error);
    if (described.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: described.code, status: described.status }, 'request rejected');
    return reply(request, res, described.status, described.code, described.message, described.fields);
  });
  app.setNotFoundHandler((request, res) =>
    reply(request, res, 404, 'not_found', 'Die angeforderte Seite wurde nicht gefunden. Prüfen Sie die Adresse oder beginnen Sie auf der Startseite.'),
  );
}
