import type { FastifyMultipartBaseOptions } from '@fastify/multipart';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { verifyCsrf } from '../../../platform/auth/csrf.js';
import { notFound } from '../../../platform/http/errors.js';
import { redirectAfterPost } from '../../../platform/http/reply.js';
import type { Platform } from '../../../platform/platform.js';
import { idParam, requireEditor } from './context.js';
import * as repo from './repo.js';
import { attachPdf, checkPdfUpload, MAX_PDF_BYTES, removeAttachment } from './service.js';
import { renderServiceEditPage } from './service-routes.js';
import { SLUG } from './validation.js';

type AttachmentParams = { Params: { id: string; attachmentId: string } };

async function sendPdf(
  platform: Platform,
  reply: FastifyReply,
  file: { sha256: string; size: number; filename: string },
  cache: string,
) {
  const stream = await platform.files.get(file.sha256);
  return (
    reply
      .type('application/pdf')
      .header('content-length', String(file.size))
      // The stored name is ASCII letters, digits, dashes and ".pdf": nothing to escape.
      .header('content-disposition', `inline; filename="${file.filename}"`)
      .header('cache-control', cache)
      .send(stream)
  );
}

/** PDF attachments: upload and removal in the back office, download on the public site. */
export const attachmentRoutes: FastifyPluginAsync = async (app) => {
  const { platform } = app;
  const { db } = platform;

  app.post<{ Params: { id: string } }>(
    '/verwaltung/leistungen/:id/dokumente',
    { config: { csrfCheckedInHandler: true } },
    async (request, reply) => {
      const editor = requireEditor(request);
      const id = idParam(request.params.id);
      if (!request.isMultipart()) throw notFound();

      // Everything is read before anything is stored: the type and size checks decide first.
      const fields: Record<string, string> = {};
      let upload: { bytes: Buffer; truncated: boolean; filename: string } | undefined;
      const options: FastifyMultipartBaseOptions = { limits: { fileSize: MAX_PDF_BYTES }, throwFileSizeLimit: false };
      for await (const part of request.parts(options)) {
        if (part.type === 'file') {
          if (part.fieldname !== 'file' || upload) {
            part.file.resume();
            continue;
          }
          const chunks: Buffer[] = [];
          for await (const chunk of part.file) chunks.push(chunk as Buffer);
          upload = { bytes: Buffer.concat(chunks), truncated: part.file.truncated, filename: part.filename ?? '' };
        } else if (typeof part.value === 'string') {
          fields[part.fieldname] = part.value;
        }
      }
      // Opted out of the scope's guard (csrfCheckedInHandler): the token is checked once the fields are known.
      verifyCsrf(request, fields._csrf);

      const title = (fields.attachment_title ?? '').trim();
      const problem = checkPdfUpload(upload, title);
      if (problem) {
        return renderServiceEditPage(request, reply, id, {
          status: problem.status,
          errors: { [problem.field]: problem.message },
          subValues: { attachment_title: title },
        });
      }
      const stored = await attachPdf(platform, request.tenant.id, editor.userId, id, {
        bytes: upload!.bytes,
        filename: upload!.filename,
        title,
      });
      if (!stored) throw notFound();
      return redirectAfterPost(
        reply,
        `/${request.tenant.slug}/verwaltung/leistungen/${id}?hinweis=dokument-hochgeladen#dokumente-titel`,
      );
    },
  );

  app.post<AttachmentParams>('/verwaltung/leistungen/:id/dokumente/:attachmentId/entfernen', async (request, reply) => {
    const editor = requireEditor(request);
    const id = idParam(request.params.id);
    const attachmentId = idParam(request.params.attachmentId);
    if (!(await removeAttachment(db, request.tenant.id, editor.userId, id, attachmentId))) throw notFound();
    return redirectAfterPost(
      reply,
      `/${request.tenant.slug}/verwaltung/leistungen/${id}?hinweis=dokument-entfernt#dokumente-titel`,
    );
  });

  // Editors read attachments of drafts too (the preview links here).
  app.get<AttachmentParams>('/verwaltung/leistungen/:id/dokumente/:attachmentId', async (request, reply) => {
    requireEditor(request);
    const file = await repo.findAttachment(
      db,
      request.tenant.id,
      idParam(request.params.id),
      idParam(request.params.attachmentId),
    );
    if (!file) throw notFound();
    return sendPdf(platform, reply, file, 'private, no-store');
  });

  app.get<{ Params: { slug: string; attachmentId: string } }>(
    '/leistungen/:slug/dokumente/:attachmentId',
    async (request, reply) => {
      const { slug } = request.params;
      if (!SLUG.test(slug)) throw notFound();
      const file = await repo.findPublishedAttachment(db, request.tenant.id, slug, idParam(request.params.attachmentId));
      if (!file) throw notFound('Dieses Dokument gibt es hier nicht.');
      return sendPdf(platform, reply, file, 'public, max-age=300');
    },
  );
};
