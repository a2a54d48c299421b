/** The builder: one page (settings, adding fields) and one field (editing, moving, removing). */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../../../platform/http/errors.js';
import { redirectAfterPost } from '../../../platform/http/reply.js';
import type { FieldErrors } from '../../../platform/views/forms.js';
import { type DefinitionInput, FIELD_KEY } from '../definition.js';
import { addField, type Change, findField, moveField, newFieldKey, removeField, replaceField, updatePage } from './builder.js';
import { field, idParam, keyParam, pageParam, requireBuilder } from './context.js';
import {
  conditionFromValues,
  type FormValues,
  fieldFromValues,
  formValuesOf,
  inputNameForMessage,
  isFieldType,
  newField,
} from './field-form.js';
import { type Failed, placeProblems, renderFieldEditor, renderPageEditor } from './render.js';
import { changeDraft } from './service.js';

type PageParams = { Params: { id: string; n: string } };
type FieldParams = { Params: { id: string; n: string; key: string } };
type Apply = (d: DefinitionInput) => Change | { ok: false; errors: FieldErrors };

const pageInput = (message: string) =>
  message.includes('nie erreichbar') || message.includes('showIf')
    ? 'p-showif-field'
    : /Angabe „title/.test(message)
      ? 'p-title'
      : /Angabe „intro/.test(message)
        ? 'p-intro'
        : undefined;
const newFieldInput = (message: string) =>
  message.includes('Feldschlüssel') || /Angabe „key/.test(message) || message.includes('Schlüssel ist bereits')
    ? 'n-key'
    : /Angabe „label/.test(message)
      ? 'n-label'
      : undefined;

export const pageRoutes: FastifyPluginAsync = async (app) => {
  const { db } = app.platform;
  const pageHref = (request: FastifyRequest, id: string, index: number) =>
    `/${request.tenant.slug}/verwaltung/verfahren/${id}/seiten/${index + 1}`;

  /** Runs a change; on failure `render` shows the form again with the errors and what was typed. */
  async function change(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    apply: Apply,
    success: () => string,
    render: (failed: Failed) => Promise<unknown>,
    inputFor: (message: string) => string | undefined,
  ) {
    const editor = requireBuilder(request);
    const result = await changeDraft(db, request.tenant.id, editor.userId, id, apply);
    if (!result) throw notFound();
    if (result.ok) return redirectAfterPost(reply, success());
    const values = formValuesOf(request.body);
    if ('problems' in result) return render({ status: 422, ...placeProblems(result.problems, inputFor), values });
    const { _: message, ...errors } = result.errors;
    return render({ status: 422, errors, problems: message ? [message] : [], values });
  }

  app.get<PageParams>('/verwaltung/verfahren/:id/seiten/:n', async (request, reply) => {
    requireBuilder(request);
    return renderPageEditor(request, reply, idParam(request.params.id), pageParam(request.params.n));
  });

  app.post<PageParams>('/verwaltung/verfahren/:id/seiten/:n', async (request, reply) => {
    requireBuilder(request);
    const id = idParam(request.params.id);
    const index = pageParam(request.params.n);
    const values = formValuesOf(request.body);
    return change(
      request,
      reply,
      id,
      (d) => {
        const errors: FieldErrors = {};
        const title = field(request.body, 'p-title');
        if (!title) errors['p-title'] = 'Bitte geben Sie den Titel der Seite ein.';
        const showIf = conditionFromValues('p-showif', values, d, errors);
        if (Object.keys(errors).length > 0) return { ok: false, errors };
        return updatePage(d, index, { title, intro: field(request.body, 'p-intro') || undefined, showIf });
      },
      () => `${pageHref(request, id, index)}?hinweis=gespeichert#einstellungen`,
      (failed) => renderPageEditor(request, reply, id, index, failed),
      pageInput,
    );
  });

  app.post<PageParams>('/verwaltung/verfahren/:id/seiten/:n/felder', async (request, reply) => {
    requireBuilder(request);
    const id = idParam(request.params.id);
    const index = pageParam(request.params.n);
    const type = field(request.body, 'n-type');
    const label = field(request.body, 'n-label');
    let key = field(request.body, 'n-key');
    return change(
      request,
      reply,
      id,
      (d) => {
        const errors: FieldErrors = {};
        if (!isFieldType(type)) errors['n-type'] = 'Bitte wählen Sie die Art des Feldes.';
        if (!label) errors['n-label'] = 'Bitte geben Sie die Beschriftung des neuen Feldes ein.';
        if (key && !FIELD_KEY.test(key))
          errors['n-key'] =
            `Der Feldschlüssel „${key}“ geht nicht: Kleinbuchstabe am Anfang, dann Buchstaben, Ziffern oder _ (höchstens 60 Zeichen).`;
        if (Object.keys(errors).length > 0 || !isFieldType(type)) return { ok: false, errors };
        key ||= newFieldKey(d, label);
        return addField(d, index, newField(type, key, label));
      },
      () => `${pageHref(request, id, index)}/felder/${key}?hinweis=feld-angelegt`,
      (failed) => renderPageEditor(request, reply, id, index, { ...failed, values: undefined, newField: failed.values }),
      newFieldInput,
    );
  });

  app.get<FieldParams>('/verwaltung/verfahren/:id/seiten/:n/felder/:key', async (request, reply) => {
    requireBuilder(request);
    return renderFieldEditor(
      request,
      reply,
      idParam(request.params.id),
      pageParam(request.params.n),
      keyParam(request.params.key),
    );
  });

  app.post<FieldParams>('/verwaltung/verfahren/:id/seiten/:n/felder/:key', async (request, reply) => {
    requireBuilder(request);
    const id = idParam(request.params.id);
    const index = pageParam(request.params.n);
    const key = keyParam(request.params.key);
    const values: FormValues = formValuesOf(request.body);
    let savedKey = key;
    return change(
      request,
      reply,
      id,
      (d) => {
        const existing = findField(d, index, key);
        if (!existing) return { ok: false, message: 'Dieses Feld gibt es nicht mehr.' };
        const { field: updated, errors } = fieldFromValues(existing.type, values, d, existing);
        if (Object.keys(errors).length > 0) return { ok: false, errors };
        savedKey = updated.key;
        return replaceField(d, index, key, updated);
      },
      () => `${pageHref(request, id, index)}?hinweis=gespeichert#zeile-${savedKey}`,
      (failed) => renderFieldEditor(request, reply, id, index, key, failed),
      inputNameForMessage,
    );
  });

  for (const [path, by] of [
    ['hoch', -1],
    ['runter', 1],
  ] as const) {
    app.post<FieldParams>(`/verwaltung/verfahren/:id/seiten/:n/felder/:key/${path}`, async (request, reply) => {
      requireBuilder(request);
      const id = idParam(request.params.id);
      const index = pageParam(request.params.n);
      const key = keyParam(request.params.key);
      return change(
        request,
        reply,
        id,
        (d) => moveField(d, index, key, by),
        () => `${pageHref(request, id, index)}?hinweis=verschoben#zeile-${key}`,
        (failed) => renderPageEditor(request, reply, id, index, { ...failed, values: undefined }),
        () => undefined,
      );
    });
  }

  app.post<FieldParams>('/verwaltung/verfahren/:id/seiten/:n/felder/:key/entfernen', async (request, reply) => {
    requireBuilder(request);
    const id = idParam(request.params.id);
    const index = pageParam(request.params.n);
    const key = keyParam(request.params.key);
    return change(
      request,
      reply,
      id,
      (d) => removeField(d, index, key),
      () => `${pageHref(request, id, index)}?hinweis=feld-entfernt#felder-titel`,
      (failed) => renderPageEditor(request, reply, id, index, { ...failed, values: undefined }),
      () => undefined,
    );
  });
};
