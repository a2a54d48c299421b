import type { FastifyPluginAsync } from 'fastify';
import { requireCitizen } from '../../platform/auth/guards.js';
import { clearSessionCookie, endSession, hashToken, SESSION_COOKIES, startSession } from '../../platform/auth/sessions.js';
import { redirectAfterPost, sendPage } from '../../platform/http/reply.js';
import { queryParam, siteContext } from './context.js';
import { attemptLogin, loginRefusal, returnPathFromQuery } from './login-form.js';
import * as service from './service.js';
import { field, secretField } from './validation.js';
import {
  AccountPage,
  CheckMailPage,
  DeleteAccountPage,
  EmailChangePage,
  LoginPage,
  NewPasswordPage,
  RegisterPage,
  RequestLinkPage,
} from './views/citizen-pages.js';
import { LinkActionPage, LinkProblemPage, MessagePage } from './views/link-pages.js';

/** The citizen account below /{tenant}/konto. */
export const citizenRoutes: FastifyPluginAsync = async (app) => {
  const { platform } = app;

  // ---------------------------------------------------------------- registration
  app.get('/konto/registrieren', async (request, reply) => {
    if (request.citizen) return reply.redirect(`/${request.tenant.slug}/konto`, 303);
    return sendPage(reply, RegisterPage({ ctx: siteContext(request, reply) }));
  });

  app.post('/konto/registrieren', async (request, reply) => {
    const values = { name: field(request.body, 'name'), email: field(request.body, 'email') };
    const result = await service.registerCitizen(platform, request.tenant, {
      ...values,
      password: secretField(request.body, 'password'),
      passwordConfirm: secretField(request.body, 'password_confirm'),
    });
    if (!result.ok)
      return sendPage(reply, RegisterPage({ ctx: siteContext(request, reply), values, errors: result.errors }), 422);
    return redirectAfterPost(reply, `/${request.tenant.slug}/konto/registriert`);
  });

  app.get('/konto/registriert', async (request, reply) => sendPage(reply, CheckMailPage({ ctx: siteContext(request, reply) })));

  const requestConfirmationPage = (errors = {}, values = {}) => ({
    title: 'Bestätigungslink anfordern',
    intro: 'Geben Sie die E-Mail-Adresse Ihres Kontos ein. Ist sie noch nicht bestätigt, senden wir Ihnen einen neuen Link.',
    errors,
    values,
  });

  app.get('/konto/bestaetigung-anfordern', async (request, reply) =>
    sendPage(
      reply,
      RequestLinkPage({
        ctx: siteContext(request, reply),
        action: `/${request.tenant.slug}/konto/bestaetigung-anfordern`,
        ...requestConfirmationPage(),
      }),
    ),
  );

  app.post('/konto/bestaetigung-anfordern', async (request, reply) => {
    const email = field(request.body, 'email');
    const result = await service.resendConfirmation(platform, request.tenant, email);
    if (!result.ok) {
      return sendPage(
        reply,
        RequestLinkPage({
          ctx: siteContext(request, reply),
          action: `/${request.tenant.slug}/konto/bestaetigung-anfordern`,
          ...requestConfirmationPage(result.errors, { email }),
        }),
        422,
      );
    }
    return redirectAfterPost(reply, `/${request.tenant.slug}/konto/registriert`);
  });

  const confirmRenew = (slug: string) => ({
    href: `/${slug}/konto/bestaetigung-anfordern`,
    label: 'Neuen Bestätigungslink anfordern',
    text: 'Haben Sie Ihre Adresse bereits bestätigt, können Sie sich einfach anmelden.',
  });

  app.get('/konto/bestaetigen', async (request, reply) => {
    const token = queryParam(request, 'token');
    const problem = await service.checkLink(platform, request.tenant, 'confirm_email', token);
    const ctx = siteContext(request, reply);
    if (problem) return sendPage(reply, LinkProblemPage({ ctx, problem, renew: confirmRenew(request.tenant.slug) }), 410);
    return sendPage(
      reply,
      LinkActionPage({
        ctx,
        title: 'E-Mail-Adresse bestätigen',
        text: 'Bitte bestätigen Sie mit einem Klick, dass diese E-Mail-Adresse Ihnen gehört.',
        action: `${ctx.base}/konto/bestaetigen`,
        token,
        button: 'E-Mail-Adresse bestätigen',
      }),
    );
  });

  app.post('/konto/bestaetigen', async (request, reply) => {
    const problem = await service.confirmEmail(platform, request.tenant, field(request.body, 'token'));
    if (problem)
      return sendPage(
        reply,
        LinkProblemPage({ ctx: siteContext(request, reply), problem, renew: confirmRenew(request.tenant.slug) }),
        410,
      );
    return redirectAfterPost(reply, `/${request.tenant.slug}/konto/anmelden?hinweis=bestaetigt`);
  });

  // ---------------------------------------------------------------- login, logout
  app.get('/konto/anmelden', async (request, reply) => {
    const returnTo = returnPathFromQuery(request, 'citizen');
    if (request.citizen) return reply.redirect(returnTo ?? `/${request.tenant.slug}/konto`, 303);
    return sendPage(reply, LoginPage({ ctx: siteContext(request, reply), returnTo }));
  });

  app.post('/konto/anmelden', async (request, reply) => {
    const { email, returnTo, result } = await attemptLogin(platform, request, 'citizen');
    if (result.status !== 'ok') {
      const { errors, status } = loginRefusal(result);
      const ctx = siteContext(request, reply);
      return sendPage(
        reply,
        LoginPage({ ctx, values: { email }, errors, returnTo, failed: result.status !== 'throttled' }),
        status,
      );
    }
    await startSession(request, reply, platform.db, { userId: result.user.id, kind: 'citizen' });
    return redirectAfterPost(reply, returnTo ?? `/${request.tenant.slug}/konto`);
  });

  app.post('/konto/abmelden', async (request, reply) => {
    await endSession(request, reply, 'citizen');
    return redirectAfterPost(reply, `/${request.tenant.slug}/konto/anmelden?hinweis=abgemeldet`);
  });

  // ---------------------------------------------------------------- account
  app.get('/konto', async (request, reply) => {
    const citizen = requireCitizen(request);
    return sendPage(reply, AccountPage({
        ctx: siteContext(request, reply),
        name: citizen.name,
        email: citizen.email,
        links: request.server.accountNav,
      }));
  });

  // ---------------------------------------------------------------- password reset
  const forgotPage = (
    request: Parameters<typeof siteContext>[0],
    reply: Parameters<typeof siteContext>[1],
    errors = {},
    values = {},
  ) =>
    RequestLinkPage({
      ctx: siteContext(request, reply),
      title: 'Passwort vergessen',
      intro:
        'Geben Sie die E-Mail-Adresse Ihres Kontos ein. Wir senden Ihnen einen Link, über den Sie ein neues Passwort festlegen. Der Link ist eine Stunde gültig.',
      action: `/${request.tenant.slug}/konto/passwort-vergessen`,
      errors,
      values,
    });

  app.get('/konto/passwort-vergessen', async (request, reply) => sendPage(reply, forgotPage(request, reply)));

  app.post('/konto/passwort-vergessen', async (request, reply) => {
    const email = field(request.body, 'email');
    const result = await service.requestPasswordReset(platform, request.tenant, email);
    if (!result.ok) return sendPage(reply, forgotPage(request, reply, result.errors, { email }), 422);
    return redirectAfterPost(reply, `/${request.tenant.slug}/konto/passwort-vergessen/gesendet`);
  });

  app.get('/konto/passwort-vergessen/gesendet', async (request, reply) =>
    sendPage(
      reply,
      MessagePage({
        ctx: siteContext(request, reply),
        title: 'Bitte prüfen Sie Ihr Postfach',
        paragraphs: [
          'Wenn zu dieser E-Mail-Adresse ein Konto besteht, haben wir Ihnen einen Link geschickt, über den Sie ein neues Passwort festlegen. Der Link ist eine Stunde gültig.',
          'Bitte sehen Sie auch im Spam-Ordner nach.',
        ],
        links: [{ href: `/${request.tenant.slug}/konto/anmelden`, label: 'Zur Anmeldung' }],
      }),
    ),
  );

  const resetRenew = (slug: string) => ({ href: `/${slug}/konto/passwort-vergessen`, label: 'Neuen Link anfordern' });

  app.get('/konto/passwort-neu', async (request, reply) => {
    const token = queryParam(request, 'token');
    const problem = await service.checkLink(platform, request.tenant, 'password_reset', token);
    const ctx = siteContext(request, reply);
    if (problem) return sendPage(reply, LinkProblemPage({ ctx, problem, renew: resetRenew(request.tenant.slug) }), 410);
    return sendPage(reply, NewPasswordPage({ ctx, token }));
  });

  app.post('/konto/passwort-neu', async (request, reply) => {
    const token = field(request.body, 'token');
    const current = request.cookies[SESSION_COOKIES.citizen];
    const result = await service.setPasswordFromLink(
      platform,
      request.tenant,
      'password_reset',
      token,
      secretField(request.body, 'password'),
      secretField(request.body, 'password_confirm'),
      current ? hashToken(current) : undefined,
    );
    const ctx = siteContext(request, reply);
    if (!result.ok && 'problem' in result)
      return sendPage(reply, LinkProblemPage({ ctx, problem: result.problem, renew: resetRenew(request.tenant.slug) }), 410);
    if (!result.ok) return sendPage(reply, NewPasswordPage({ ctx, token, errors: result.errors }), 422);
    return redirectAfterPost(
      reply,
      request.citizen
        ? `/${request.tenant.slug}/konto?hinweis=passwort`
        : `/${request.tenant.slug}/konto/anmelden?hinweis=passwort`,
    );
  });

  // ---------------------------------------------------------------- e-mail change
  app.get('/konto/email-aendern', async (request, reply) => {
    requireCitizen(request);
    return sendPage(reply, EmailChangePage({ ctx: siteContext(request, reply) }));
  });

  app.post('/konto/email-aendern', async (request, reply) => {
    const citizen = requireCitizen(request);
    const email = field(request.body, 'email');
    const result = await service.requestEmailChange(
      platform,
      request.tenant,
      citizen,
      email,
      secretField(request.body, 'password'),
      request.ip,
    );
    if (!result.ok)
      return sendPage(
        reply,
        EmailChangePage({ ctx: siteContext(request, reply), values: { email }, errors: result.errors }),
        422,
      );
    return redirectAfterPost(reply, `/${request.tenant.slug}/konto?hinweis=email-gesendet`);
  });

  const emailRenew = (slug: string) => ({
    href: `/${slug}/konto/email-aendern`,
    label: 'Änderung der E-Mail-Adresse erneut anfordern',
  });

  app.get('/konto/email-bestaetigen', async (request, reply) => {
    const token = queryParam(request, 'token');
    const problem = await service.checkLink(platform, request.tenant, 'email_change', token);
    const ctx = siteContext(request, reply);
    if (problem) return sendPage(reply, LinkProblemPage({ ctx, problem, renew: emailRenew(request.tenant.slug) }), 410);
    return sendPage(
      reply,
      LinkActionPage({
        ctx,
        title: 'Neue E-Mail-Adresse bestätigen',
        text: 'Mit einem Klick tragen Sie diese E-Mail-Adresse in Ihr Bürgerkonto ein.',
        action: `${ctx.base}/konto/email-bestaetigen`,
        token,
        button: 'Neue E-Mail-Adresse bestätigen',
      }),
    );
  });

  app.post('/konto/email-bestaetigen', async (request, reply) => {
    const problem = await service.confirmEmailChange(platform, request.tenant, field(request.body, 'token'));
    const ctx = siteContext(request, reply);
    if (problem === 'taken') {
      return sendPage(
        reply,
        MessagePage({
          ctx,
          title: 'E-Mail-Adresse bereits vergeben',
          paragraphs: ['Für diese E-Mail-Adresse besteht inzwischen ein anderes Konto. Ihre Adresse wurde nicht geändert.'],
          links: [{ href: `${ctx.base}/konto`, label: 'Zu Mein Konto' }],
        }),
        409,
      );
    }
    if (problem) return sendPage(reply, LinkProblemPage({ ctx, problem, renew: emailRenew(request.tenant.slug) }), 410);
    return redirectAfterPost(
      reply,
      request.citizen ? `${ctx.base}/konto?hinweis=email-geaendert` : `${ctx.base}/konto/anmelden?hinweis=email`,
    );
  });

  // ---------------------------------------------------------------- deletion
  app.get('/konto/loeschen', async (request, reply) => {
    requireCitizen(request);
    return sendPage(reply, DeleteAccountPage({ ctx: siteContext(request, reply) }));
  });

  app.post('/konto/loeschen', async (request, reply) => {
    const citizen = requireCitizen(request);
    const result = await service.deleteCitizenAccount(
      platform,
      request.tenant,
      citizen,
      secretField(request.body, 'password'),
      request.ip,
    );
    if (!result.ok) return sendPage(reply, DeleteAccountPage({ ctx: siteContext(request, reply), errors: result.errors }), 422);
    clearSessionCookie(reply, platform.config, 'citizen', request.tenant.slug);
    return redirectAfterPost(reply, `/${request.tenant.slug}/konto/geloescht`);
  });

  app.get('/konto/geloescht', async (request, reply) =>
    sendPage(
      reply,
      MessagePage({
        ctx: siteContext(request, reply),
        title: 'Ihr Konto wurde gelöscht',
        paragraphs: ['Ihr Bürgerkonto und Ihre Anmeldedaten wurden gelöscht. Sie sind abgemeldet.'],
        links: [{ href: `/${request.tenant.slug}`, label: 'Zur Startseite' }],
      }),
    ),
  );
};
