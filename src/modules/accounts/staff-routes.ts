import type { FastifyPluginAsync } from 'fastify';
import { requireStaff } from '../../platform/auth/guards.js';
import { pendingSecondFactor } from '../../platform/auth/session-hook.js';
import { endSession, hashToken, SESSION_COOKIES, startSession } from '../../platform/auth/sessions.js';
import { notFound } from '../../platform/http/errors.js';
import { redirectAfterPost, sendPage } from '../../platform/http/reply.js';
import { listDepartments } from '../../platform/tenancy/repo.js';
import { queryParam, staffContext } from './context.js';
import { attemptLogin, loginRefusal, returnPathFromForm, returnPathFromQuery } from './login-form.js';
import { listStaff } from './repo.js';
import * as service from './service.js';
import { addDepartment, settingsFormOf, updateTenantSettings } from './tenant-settings.js';
import { field, secretField } from './validation.js';
import { StaffLinkProblemPage } from './views/link-pages.js';
import { DepartmentsPage, NewUserPage, SettingsPage, StaffHomePage, UsersPage } from './views/staff-admin-pages.js';
import { InvitationPage, SecondFactorPage, StaffLoginPage, TwoFactorPage } from './views/staff-auth-pages.js';

const THROTTLED_SUFFIX = ' Bitte warten Sie einige Minuten.';

/** The back office's own pages below /{tenant}/verwaltung: login, users, departments, settings. */
export const staffRoutes: FastifyPluginAsync = async (app) => {
  const { platform } = app;
  const base = (slug: string) => `/${slug}/verwaltung`;

  // ---------------------------------------------------------------- login
  app.get('/verwaltung/anmelden', async (request, reply) => {
    const returnTo = returnPathFromQuery(request, 'staff');
    if (request.staff) return reply.redirect(returnTo ?? base(request.tenant.slug), 303);
    return sendPage(reply, StaffLoginPage({ ctx: staffContext(request, reply), returnTo }));
  });

  app.post('/verwaltung/anmelden', async (request, reply) => {
    const { email, returnTo, result } = await attemptLogin(platform, request, 'staff');
    if (result.status !== 'ok') {
      const { errors, status } = loginRefusal(result);
      return sendPage(reply, StaffLoginPage({ ctx: staffContext(request, reply), email, errors, returnTo }), status);
    }
    await startSession(request, reply, platform.db, {
      userId: result.user.id,
      kind: 'staff',
      pendingSecondFactor: result.needsSecondFactor,
    });
    if (result.needsSecondFactor) {
      const query = returnTo ? `?zurueck=${encodeURIComponent(returnTo)}` : '';
      return redirectAfterPost(reply, `${base(request.tenant.slug)}/anmelden/zweiter-faktor${query}`);
    }
    await service.recordStaffLogin(platform, request.tenant, result.user.id);
    return redirectAfterPost(reply, returnTo ?? base(request.tenant.slug));
  });

  app.get('/verwaltung/anmelden/zweiter-faktor', async (request, reply) => {
    if (!pendingSecondFactor(request)) return reply.redirect(`${base(request.tenant.slug)}/anmelden`, 303);
    const returnTo = returnPathFromQuery(request, 'staff');
    return sendPage(reply, SecondFactorPage({ ctx: staffContext(request, reply), returnTo }));
  });

  app.post('/verwaltung/anmelden/zweiter-faktor', async (request, reply) => {
    const pending = pendingSecondFactor(request);
    if (!pending) return redirectAfterPost(reply, `${base(request.tenant.slug)}/anmelden`);
    const returnTo = returnPathFromForm(request, 'staff');
    const result = await service.verifySecondFactor(
      platform,
      request.tenant,
      pending.principal.userId,
      field(request.body, 'code'),
    );
    if (result !== 'ok') {
      const message =
        result === 'throttled'
          ? `Zu viele falsche Codes.${THROTTLED_SUFFIX}`
          : 'Der Code stimmt nicht. Bitte geben Sie den aktuellen Code aus Ihrer App ein.';
      return sendPage(
        reply,
        SecondFactorPage({ ctx: staffContext(request, reply), errors: { code: message }, returnTo }),
        result === 'throttled' ? 429 : 422,
      );
    }
    // A new id for the full session; the half-finished one is dropped by startSession.
    await startSession(request, reply, platform.db, { userId: pending.principal.userId, kind: 'staff' });
    await service.recordStaffLogin(platform, request.tenant, pending.principal.userId);
    return redirectAfterPost(reply, returnTo ?? base(request.tenant.slug));
  });

  app.post('/verwaltung/abmelden', async (request, reply) => {
    await endSession(request, reply, 'staff');
    return redirectAfterPost(reply, `${base(request.tenant.slug)}/anmelden?hinweis=abgemeldet`);
  });

  // ---------------------------------------------------------------- invitation
  app.get('/verwaltung/einladung', async (request, reply) => {
    const token = queryParam(request, 'token');
    const problem = await service.checkLink(platform, request.tenant, 'staff_invitation', token);
    const ctx = staffContext(request, reply);
    if (problem) return sendPage(reply, StaffLinkProblemPage({ ctx, problem }), 410);
    return sendPage(reply, InvitationPage({ ctx, token }));
  });

  app.post('/verwaltung/einladung', async (request, reply) => {
    const token = field(request.body, 'token');
    const result = await service.setPasswordFromLink(
      platform,
      request.tenant,
      'staff_invitation',
      token,
      secretField(request.body, 'password'),
      secretField(request.body, 'password_confirm'),
    );
    const ctx = staffContext(request, reply);
    if (!result.ok && 'problem' in result) return sendPage(reply, StaffLinkProblemPage({ ctx, problem: result.problem }), 410);
    if (!result.ok) return sendPage(reply, InvitationPage({ ctx, token, errors: result.errors }), 422);
    return redirectAfterPost(reply, `${base(request.tenant.slug)}/anmelden?hinweis=einladung`);
  });

  // ---------------------------------------------------------------- overview
  app.get('/verwaltung', async (request, reply) => {
    requireStaff(request);
    return sendPage(reply, StaffHomePage({ ctx: staffContext(request, reply) }));
  });

  // ---------------------------------------------------------------- users
  app.get('/verwaltung/benutzer', async (request, reply) => {
    requireStaff(request, 'admin');
    const users = await listStaff(platform.db, request.tenant.id);
    return sendPage(reply, UsersPage({ ctx: staffContext(request, reply), users }));
  });

  app.get('/verwaltung/benutzer/neu', async (request, reply) => {
    requireStaff(request, 'admin');
    const departments = await listDepartments(platform.db, request.tenant.id);
    return sendPage(reply, NewUserPage({ ctx: staffContext(request, reply), departments }));
  });

  app.post('/verwaltung/benutzer/neu', async (request, reply) => {
    const admin = requireStaff(request, 'admin');
    const values = {
      name: field(request.body, 'name'),
      email: field(request.body, 'email'),
      role: field(request.body, 'role'),
      department: field(request.body, 'department'),
    };
    const result = await service.inviteStaff(platform, request.tenant, admin, { ...values, departmentId: values.department });
    if (!result.ok) {
      const departments = await listDepartments(platform.db, request.tenant.id);
      return sendPage(reply, NewUserPage({ ctx: staffContext(request, reply), departments, values, errors: result.errors }), 422);
    }
    return redirectAfterPost(reply, `${base(request.tenant.slug)}/benutzer?hinweis=eingeladen`);
  });

  app.post<{ Params: { userId: string } }>('/verwaltung/benutzer/:userId/einladung', async (request, reply) => {
    const admin = requireStaff(request, 'admin');
    const { userId } = request.params;
    if (!/^[0-9a-f-]{36}$/i.test(userId) || !(await service.reinviteStaff(platform, request.tenant, admin, userId)))
      throw notFound();
    return redirectAfterPost(reply, `${base(request.tenant.slug)}/benutzer?hinweis=erneut-eingeladen`);
  });

  // ---------------------------------------------------------------- departments
  app.get('/verwaltung/fachbereiche', async (request, reply) => {
    requireStaff(request, 'admin');
    const departments = await listDepartments(platform.db, request.tenant.id);
    return sendPage(reply, DepartmentsPage({ ctx: staffContext(request, reply), departments }));
  });

  app.post('/verwaltung/fachbereiche', async (request, reply) => {
    const admin = requireStaff(request, 'admin');
    const values = {
      name: field(request.body, 'name'),
      email: field(request.body, 'email'),
      phone: field(request.body, 'phone'),
    };
    const result = await addDepartment(platform, request.tenant, admin, values);
    if (!result.ok) {
      const departments = await listDepartments(platform.db, request.tenant.id);
      return sendPage(
        reply,
        DepartmentsPage({ ctx: staffContext(request, reply), departments, values, errors: result.errors }),
        422,
      );
    }
    return redirectAfterPost(reply, `${base(request.tenant.slug)}/fachbereiche?hinweis=angelegt`);
  });

  // ---------------------------------------------------------------- settings
  app.get('/verwaltung/einstellungen', async (request, reply) => {
    requireStaff(request, 'admin');
    return sendPage(reply, SettingsPage({ ctx: staffContext(request, reply), values: settingsFormOf(request.tenant) }));
  });

  app.post('/verwaltung/einstellungen', async (request, reply) => {
    const admin = requireStaff(request, 'admin');
    const values: Record<string, string> = {};
    for (const name of Object.keys(settingsFormOf(request.tenant))) values[name] = field(request.body, name);
    const result = await updateTenantSettings(platform, request.tenant, admin, values);
    if (!result.ok)
      return sendPage(reply, SettingsPage({ ctx: staffContext(request, reply), values, errors: result.errors }), 422);
    return redirectAfterPost(reply, `${base(request.tenant.slug)}/einstellungen?hinweis=gespeichert`);
  });

  // ---------------------------------------------------------------- own account: second factor
  app.get('/verwaltung/konto/zwei-faktor', async (request, reply) => {
    const staff = requireStaff(request);
    const setup = await service.startTotpSetup(platform, request.tenant, staff);
    return sendPage(reply, TwoFactorPage({ ctx: staffContext(request, reply), ...setup }));
  });

  app.post('/verwaltung/konto/zwei-faktor', async (request, reply) => {
    const staff = requireStaff(request);
    const current = request.cookies[SESSION_COOKIES.staff];
    const result = await service.enableTotp(
      platform,
      request.tenant,
      staff,
      field(request.body, 'code'),
      current ? hashToken(current) : undefined,
    );
    if (!result.ok) {
      const setup = await service.startTotpSetup(platform, request.tenant, staff);
      return sendPage(reply, TwoFactorPage({ ctx: staffContext(request, reply), ...setup, errors: result.errors }), 422);
    }
    return redirectAfterPost(reply, `${base(request.tenant.slug)}/konto/zwei-faktor?hinweis=zwei-faktor-aktiv`);
  });

  app.post('/verwaltung/konto/zwei-faktor/deaktivieren', async (request, reply) => {
    const staff = requireStaff(request);
    const result = await service.disableTotp(platform, request.tenant, staff, field(request.body, 'code'));
    if (!result.ok)
      return sendPage(reply, TwoFactorPage({ ctx: staffContext(request, reply), enabled: true, errors: result.errors }), 422);
    return redirectAfterPost(reply, `${base(request.tenant.slug)}/konto/zwei-faktor?hinweis=zwei-faktor-aus`);
  });
};
