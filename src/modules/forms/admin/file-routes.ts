/** The builder's JSON files: download a definition, upload one as a draft. */
import type { FastifyMultipartBaseOptions } from '@fastify/multipart';
import type { FastifyPluginAsync } from 'fastify';
import { verifyCsrf } from '../../../platform/auth/csrf.js';
import { notFound } from '../../../platform/http/errors.js';
import { redirectAfterPost, sendPage } from '../../../platform/http/reply.js';
import { ImportPage } from '../views/builder-list.js';
import { builderContext, idParam, requireBuilder } from './context.js';
import { exportDefinition, importDefinitionFile } from './service.js';

/** A definition file is text; far below this. */
const MAX_IMPORT_BYTES = 2 * 1024 * 1024;

export const fileRoutes: FastifyPluginAsync = async (app) => {
  const { db } = app.platform;

  app.get<{ Params: { id: string }; Querystring: { fassung?: string } }>(
    '/verwaltung/verfahren/:id/export.json',
    async (request, reply) => {
      requireBuilder(request);
      const which = request.query.fassung === 'entwurf' ? 'entwurf' : 'veroeffentlicht';
      const file = await exportDefinition(db, request.tenant.id, idParam(request.params.id), which);
      if (!file)
        throw notFound(
          which === 'entwurf' ? 'Dieses Verfahren hat keinen Entwurf.' : 'Dieses Verfahren wurde noch nicht veröffentlicht.',
        );
      // Slug and version are ASCII letters, digits and dashes: nothing to escape in the name.
      const name = `${file.slug}${file.version ? `-v${file.version}` : '-entwurf'}.json`;
      return reply
        .type('application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', 'private, no-store')
        .send(`${JSON.stringify(file.definition, null, 2)}\n`);
    },
  );

  app.get('/verwaltung/verfahren/import', async (request, reply) => {
    requireBuilder(request);
    return sendPage(reply, ImportPage({ ctx: builderContext(request, reply) }));
  });

  app.post('/verwaltung/verfahren/import', { config: { csrfCheckedInHandler: true } }, async (request, reply) => {
    const editor = requireBuilder(request);
    const fields: Record<string, string> = {};
    let upload: { text: string; truncated: boolean; filename: string } | undefined;
    if (request.isMultipart()) {
      const options: FastifyMultipartBaseOptions = { limits: { fileSize: MAX_IMPORT_BYTES }, throwFileSizeLimit: false };
      for await (const part of request.parts(options)) {
        if (part.type === 'file') {
          if (part.fieldname !== 'datei' || upload) {
            part.file.resume();
            continue;
          }
          const chunks: Buffer[] = [];
          for await (const chunk of part.file) chunks.push(chunk as Buffer);
          upload = {
            text: Buffer.concat(chunks).toString('utf8'),
            truncated: part.file.truncated,
            filename: part.filename ?? '',
          };
        } else if (typeof part.value === 'string') fields[part.fieldname] = part.value;
      }
    } else fields._csrf = String((request.body as Record<string, unknown> | undefined)?._csrf ?? '');
    // Opted out of the scope's guard (csrfCheckedInHandler): the token is checked once the fields are known.
    verifyCsrf(request, fields._csrf);
    const ctx = builderContext(request, reply);
    if (!upload || upload.text.length === 0)
      return sendPage(reply, ImportPage({ ctx, problems: ['Bitte wählen Sie eine JSON-Datei aus.'] }), 422);
    if (upload.truncated)
      return sendPage(
        reply,
        ImportPage({
          ctx,
          problems: ['Die Datei ist größer als 2 MB; eine Verfahrensdefinition ist viel kleiner.'],
          fileName: upload.filename,
        }),
        413,
      );
    const result = await importDefinitionFile(db, request.tenant, editor.userId, upload.text);
    if (!result.ok) return sendPage(reply, ImportPage({ ctx, problems: result.problems, fileName: upload.filename }), 422);
    return redirectAfterPost(reply, `${ctx.base}/${result.procedureId}?hinweis=importiert`);
  });
};
