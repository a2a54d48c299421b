/** Renders the builder's pages with the stored draft, or with what the editor typed when a change failed. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../../../platform/http/errors.js';
import { sendPage } from '../../../platform/http/reply.js';
import { listDepartments } from '../../../platform/tenancy/repo.js';
import type { FieldErrors } from '../../../platform/views/forms.js';
import type { DefinitionInput } from '../definition.js';
import { libraryStatusOf, listSharedVersionNumbers, pulledUpdateDiff } from '../library.js';
import { FieldEditPage } from '../views/builder-field.js';
import type { ConditionCandidate } from '../views/builder-page.js';
import { PageEditPage } from '../views/builder-page.js';
import { ProcedurePage } from '../views/builder-procedure.js';
import { builderContext } from './context.js';
import { publishProblems } from './draft-check.js';
import { CONDITIONABLE, conditionToValues, type FormValues, fieldToValues } from './field-form.js';
import { loadBuilderState } from './service.js';

export interface Failed {
  status: number;
  errors?: FieldErrors;
  problems?: string[];
  values?: FormValues;
}

/** Fields of earlier pages whose answer a condition on page `pageIndex` may look at. */
export function conditionCandidates(definition: DefinitionInput, pageIndex: number): ConditionCandidate[] {
  return definition.pages.slice(0, pageIndex).flatMap((page, i) =>
    page.fields
      .filter((f) => CONDITIONABLE.includes(f.type))
      .map((f) => ({
        key: f.key,
        label: f.label,
        pageNumber: i + 1,
        values:
          'options' in f
            ? f.options.map((o) => o.value).join(', ')
            : f.type === 'checkbox' || f.type === 'consent'
              ? 'ja, nein'
              : undefined,
      })),
  );
}

async function stateOr404(request: FastifyRequest, procedureId: string) {
  const state = await loadBuilderState(request.server.platform.db, request.tenant.id, procedureId);
  if (!state) throw notFound();
  return state;
}

export async function renderProcedurePage(request: FastifyRequest, reply: FastifyReply, procedureId: string, failed?: Failed) {
  const { db } = request.server.platform;
  const state = await stateOr404(request, procedureId);
  const [departments, library, sharedVersions, pulled] = await Promise.all([
    listDepartments(db, request.tenant.id),
    libraryStatusOf(db, request.tenant.id, procedureId),
    listSharedVersionNumbers(db, request.tenant.id, state.procedure.slug),
    pulledUpdateDiff(db, request.tenant.id, procedureId),
  ]);
  reply.header('cache-control', 'no-store');
  return sendPage(
    reply,
    ProcedurePage({
      ctx: builderContext(request, reply),
      state,
      openProblems: state.draft ? publishProblems(state.draft.definition) : [],
      departments: departments.map((d) => d.name),
      library,
      sharedVersions,
      pulled,
      failed: failed && {
        errors: failed.errors,
        problems: failed.problems,
        values: failed.values as Record<string, string> | undefined,
      },
    }),
    failed?.status ?? 200,
  );
}

export async function renderPageEditor(
  request: FastifyRequest,
  reply: FastifyReply,
  procedureId: string,
  pageIndex: number,
  failed?: Failed & { newField?: FormValues },
) {
  const state = await stateOr404(request, procedureId);
  const definition = state.definition;
  const page = definition.pages[pageIndex];
  if (!page) throw notFound();
  const stored = { 'p-title': page.title, 'p-intro': page.intro ?? '', ...conditionToValues('p-showif', page.showIf) };
  reply.header('cache-control', 'no-store');
  return sendPage(
    reply,
    PageEditPage({
      ctx: builderContext(request, reply),
      procedureId,
      definition,
      pageIndex,
      candidates: conditionCandidates(definition, pageIndex),
      pageValues: failed?.values ?? stored,
      newFieldValues: failed?.newField ?? {},
      errors: failed?.errors,
      problems: failed?.problems,
    }),
    failed?.status ?? 200,
  );
}

export async function renderFieldEditor(
  request: FastifyRequest,
  reply: FastifyReply,
  procedureId: string,
  pageIndex: number,
  key: string,
  failed?: Failed,
) {
  const state = await stateOr404(request, procedureId);
  const definition = state.definition;
  const field = definition.pages[pageIndex]?.fields.find((f) => f.key === key);
  if (!field) throw notFound();
  reply.header('cache-control', 'no-store');
  return sendPage(
    reply,
    FieldEditPage({
      ctx: builderContext(request, reply),
      procedureId,
      definition,
      pageIndex,
      fieldKey: key,
      type: field.type,
      values: failed?.values ?? fieldToValues(field),
      candidates: conditionCandidates(definition, pageIndex),
      errors: failed?.errors,
      problems: failed?.problems,
    }),
    failed?.status ?? 200,
  );
}

/**
 * Splits the validator's messages into errors at an input of the form (so the summary
 * links there) and the rest, which the summary lists as they are (they name their place).
 */
export function placeProblems(
  problems: string[],
  inputFor: (message: string) => string | undefined,
): { errors: FieldErrors; problems: string[] } {
  const errors: FieldErrors = {};
  const rest: string[] = [];
  for (const message of problems) {
    const name = inputFor(message);
    if (!name) rest.push(message);
    else errors[name] = errors[name] ? `${errors[name]} ${message}` : message;
  }
  return { errors, problems: rest };
}
