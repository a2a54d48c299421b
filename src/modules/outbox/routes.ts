import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { csrfToken } from '../../platform/auth/csrf.js';
import { requireStaff } from '../../platform/auth/guards.js';
import { notFound } from '../../platform/http/errors.js';
import { sendPage } from '../../platform/http/reply.js';
import { toTenantView } from '../../platform/views/tenant-view.js';
import { listOutgoingMails, mailDeliveryMode, OUTBOX_PAGE_SIZE, showOutgoingMail } from './service.js';
import type { StaffFrameProps } from './views/frame.js';
import { MailPage } from './views/MailPage.js';
import { OutboxPage } from './views/OutboxPage.js';

/** Admins only: mails carry personal data of citizens. */
function frameFor(request: FastifyRequest, reply: FastifyReply): StaffFrameProps {
  const staff = requireStaff(request, 'admin');
  return {
    tenant: toTenantView(request.tenant),
    staff: { name: staff.name, email: staff.email, role: staff.role },
    nav: request.server.staffNav,
    csrfToken: csrfToken(request, reply),
  };
}

/** `/{tenant}/verwaltung/postausgang`: the outgoing mails of the tenant. */
export const siteRoutes: FastifyPluginAsync = async (app) => {
  const { platform } = app;

  app.get('/verwaltung/postausgang', async (request, reply) => {
    const frame = frameFor(request, reply);
    const mails = await listOutgoingMails(platform, request.tenant.id, OUTBOX_PAGE_SIZE);
    return sendPage(reply, OutboxPage({ ...frame, mails, limit: OUTBOX_PAGE_SIZE, mode: mailDeliveryMode(platform) }));
  });

  app.get<{ Params: { id: string } }>('/verwaltung/postausgang/:id', async (request, reply) => {
    const frame = frameFor(request, reply);
    const mail = await showOutgoingMail(platform, request.tenant.id, request.params.id);
    if (!mail) throw notFound('Diese E-Mail gibt es nicht.');
    return sendPage(reply, MailPage({ ...frame, mail }));
  });
};
