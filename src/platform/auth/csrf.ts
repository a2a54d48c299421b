import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isHttps } from '../config.js';
import { HttpError } from '../http/errors.js';

const COOKIE = 'rathaus_csrf';
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Signed double-submit tokens: a random cookie, and in each form its HMAC under a
 * secret shared by all processes. A cross-site page can neither read the cookie nor
 * forge the HMAC; no server-side state is needed, so it works before login too.
 */
const sign = (secret: string, nonce: string) => createHmac('sha256', secret).update(`csrf:${nonce}`).digest('base64url');

/** The token to put into a form's hidden `_csrf` field; sets the cookie when missing. */
export function csrfToken(request: FastifyRequest, reply: FastifyReply): string {
  let nonce = request.cookies[COOKIE];
  if (!nonce || !/^[A-Za-z0-9_-]{32,64}$/.test(nonce)) {
    nonce = randomBytes(32).toString('base64url');
    // Visible to later handlers of this request (e.g. a second form on the page).
    request.cookies[COOKIE] = nonce;
    reply.setCookie(COOKIE, nonce, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: isHttps(request.server.platform.config),
    });
  }
  return sign(request.server.platform.csrfSecret, nonce);
}

/** Rejects a cookie-authenticated state change whose token is missing or wrong. */
export function verifyCsrf(request: FastifyRequest, submitted: unknown) {
  const nonce = request.cookies[COOKIE];
  const expected = nonce ? Buffer.from(sign(request.server.platform.csrfSecret, nonce)) : undefined;
  const given = typeof submitted === 'string' ? Buffer.from(submitted) : undefined;
  if (!expected || !given || expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new HttpError(
      403,
      'csrf_failed',
      'Das Formular ist abgelaufen oder wurde nicht von dieser Website gesendet. Bitte laden Sie die Seite neu und senden Sie es erneut.',
    );
  }
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route reads its multipart body itself and calls verifyCsrf once the fields are parsed. */
    csrfCheckedInHandler?: boolean;
    /**
     * The route is authenticated by a secret token in its URL and must accept a POST
     * from a mail client (RFC 8058 one-click unsubscribe), which carries no CSRF token
     * and may send multipart. A forged request could only do what the token allows.
     */
    csrfExempt?: 'token-in-url';
  }
}

/**
 * preHandler for HTML routes: every state-changing request must carry the token,
 * in the form field `_csrf` or the header `x-csrf-token` (for scripts). A multipart
 * body is only accepted by routes that opted in with `config.csrfCheckedInHandler`
 * (they verify after parsing); anywhere else it is refused, so no route can be
 * reached with a multipart body that skipped the check.
 */
export async function csrfGuard(request: FastifyRequest) {
  if (!STATE_CHANGING.has(request.method)) return;
  if (request.routeOptions.config?.csrfExempt === 'token-in-url') return;
  if (request.isMultipart?.()) {
    if (request.routeOptions.config?.csrfCheckedInHandler) return;
    throw new HttpError(415, 'unsupported_media_type', 'Dieses Formular nimmt keine Dateien an.');
  }
  const body = request.body as Record<string, unknown> | undefined;
  verifyCsrf(request, body?._csrf ?? request.headers['x-csrf-token']);
}
