import type { FastifyMultipartBaseOptions, MultipartFile } from '@fastify/multipart';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { csrfToken, verifyCsrf } from '../../platform/auth/csrf.js';
import { isHttps } from '../../platform/config.js';
import { detectFileType } from '../../platform/files.js';
import { hitRateLimit } from '../../platform/http/rate-limit.js';
import { redirectAfterPost, sendPage } from '../../platform/http/reply.js';
import type { ViewerView } from '../../platform/views/context.js';
import { type FieldErrors, fieldId } from '../../platform/views/forms.js';
import { toTenantView } from '../../platform/views/tenant-view.js';
import { answerLines, computedLines } from './answers-text.js';
import type { FieldMessages } from './check-data.js';
import {
  type Answers,
  conditionHolds,
  dropHiddenAnswers,
  fieldRequired,
  fieldVisible,
  visiblePageIndexes,
} from './conditions.js';
import { type AcceptedFileType, FILE_CONTENT_TYPES, hasAnswer, PROCEDURE_SLUG } from './definition.js';
import { checkDraftLink, DRAFT_LINK_DAYS, openDraftLink, sendDraftLink } from './draft-links.js';
import { type FormBody, parsePageInput } from './form-input.js';
import {
  checkPage,
  continueDraft,
  type Draft,
  findSubmissionForDraft,
  loadPublishedProcedure,
  type PublishedProcedure,
  saveDraftAnswers,
  startDraft,
  submitDraft,
} from './service.js';
import type { FileAnswer } from './tables.js';
import { ConfirmationPage, ProcedureNotFoundPage, ProcedureStartPage, ReviewPage, StepPage } from './views/application-pages.js';
import { type DraftLinkProblem, DraftLinkProblemPage, ResumeDraftPage, SaveDraftPage } from './views/draft-pages.js';
import { answersToValues } from './views/fields.js';

const COOKIE = 'rathaus_antrag';
const MOVED_NOTICE =
  'Dieses Verfahren wurde inzwischen aktualisiert. Ihre bisherigen Antworten wurden übernommen, soweit die Fragen noch vorkommen. Bitte prüfen Sie Ihre Angaben.';
const RESUMED_NOTICE = 'Willkommen zurück: Ihr gespeicherter Entwurf ist geöffnet. Ihre bisherigen Angaben sind eingetragen.';
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;
const LINK_STATUS = { invalid: 404, expired: 410, submitted: 409, account: 403 } as const;

type SlugParams = { Params: { tenant: string; slug: string } };
type StepParams = {
  Params: { tenant: string; slug: string; n: string };
  Querystring: { zurueck?: string; fortgesetzt?: string };
};
type SaveParams = { Params: { tenant: string; slug: string }; Querystring: { seite?: string; gesendet?: string } };
type ResumeParams = { Params: { tenant: string; slug: string }; Querystring: { schluessel?: string } };

const viewer = (request: FastifyRequest): ViewerView | null =>
  request.citizen ? { name: request.citizen.name, email: request.citizen.email, role: null } : null;
const citizenOf = (request: FastifyRequest) =>
  request.citizen && request.citizen.tenantId === request.tenant.id
    ? { userId: request.citizen.userId, email: request.citizen.email, name: request.citizen.name }
    : null;

/** The /{tenant}/antrag/{slug} pages: multi-step, no JavaScript needed, answers kept server-side. */
export const citizenRoutes: FastifyPluginAsync = async (app) => {
  const { platform } = app;
  const { db } = platform;

  const frame = (request: FastifyRequest) => ({ tenant: toTenantView(request.tenant), citizen: viewer(request) });
  const href = (request: FastifyRequest, slug: string) => `/${request.tenant.slug}/antrag/${slug}`;

  async function procedureOr404(request: FastifyRequest, reply: FastifyReply, slug: string) {
    const procedure = PROCEDURE_SLUG.test(slug) ? await loadPublishedProcedure(db, request.tenant.id, slug) : undefined;
    if (!procedure) {
      sendPage(reply, ProcedureNotFoundPage(frame(request)), 404);
      return undefined;
    }
    return procedure;
  }

  const draftOf = (request: FastifyRequest, procedure: PublishedProcedure) =>
    continueDraft(db, request.tenant.id, procedure, request.cookies[COOKIE], citizenOf(request)?.userId ?? null);

  const setDraftCookie = (request: FastifyRequest, reply: FastifyReply, procedure: PublishedProcedure, token: string) =>
    reply.setCookie(COOKIE, token, {
      path: href(request, procedure.slug),
      httpOnly: true,
      sameSite: 'lax',
      secure: isHttps(platform.config),
      maxAge: 30 * 24 * 3600,
    });

  /** An open draft, or a new one (with its cookie) when there is none or the last was submitted. */
  async function ensureDraft(
    request: FastifyRequest,
    reply: FastifyReply,
    procedure: PublishedProcedure,
    draft: Draft | undefined,
  ): Promise<Draft> {
    if (draft && !draft.submissionId) return draft;
    const citizenId = citizenOf(request)?.userId ?? null;
    const created = await startDraft(db, request.tenant.id, procedure, citizenId, {});
    setDraftCookie(request, reply, procedure, created.token);
    return {
      id: created.id,
      versionId: procedure.versionId,
      citizenId,
      data: {},
      submissionId: null,
      movedFromOlderVersion: false,
    };
  }

  /** Account data offered for fields marked `prefill` that are not answered yet. */
  function withPrefill(request: FastifyRequest, procedure: PublishedProcedure, answers: Answers): Answers {
    const citizen = citizenOf(request);
    if (!citizen) return answers;
    const result = { ...answers };
    for (const page of procedure.definition.pages) {
      for (const f of page.fields) {
        if ((f.type === 'text' || f.type === 'email') && f.prefill && result[f.key] === undefined) {
          result[f.key] = f.prefill === 'name' ? citizen.name || undefined : citizen.email;
        }
      }
    }
    return result;
  }

  function renderStep(
    request: FastifyRequest,
    reply: FastifyReply,
    procedure: PublishedProcedure,
    pageIndex: number,
    answers: Answers,
    options: {
      values?: FormBody;
      errors?: FieldMessages;
      status?: number;
      extraEntries?: Record<string, number>;
      notice?: string;
    },
  ) {
    const definition = procedure.definition;
    const page = definition.pages[pageIndex];
    const effective = dropHiddenAnswers(definition, answers);
    // Counted: pages shown now, and those whose condition looks at a question not answered yet.
    const visiblePages = definition.pages.flatMap((p, i) =>
      !p.showIf || effective[p.showIf.field] === undefined || conditionHolds(p.showIf, effective) ? [i] : [],
    );
    const position = visiblePages.indexOf(pageIndex);
    const previous = position > 0 ? visiblePages[position - 1] : undefined;
    const returnToReview = (request.query as { zurueck?: string }).zurueck === 'pruefen';
    const base = href(request, procedure.slug);
    const visible = new Set(page.fields.filter((f) => fieldVisible(page, f, effective)).map((f) => f.key));
    const required = new Set(page.fields.filter((f) => hasAnswer(f) && fieldRequired(page, f, effective)).map((f) => f.key));
    const files: Record<string, FileAnswer[]> = {};
    for (const f of page.fields)
      if (f.type === 'file' && Array.isArray(answers[f.key])) files[f.key] = answers[f.key] as FileAnswer[];
    return sendPage(
      reply,
      StepPage({
        ...frame(request),
        definition,
        page,
        pageNumber: pageIndex + 1,
        step: position + 1,
        steps: visiblePages.length,
        values: options.values ?? answersToValues(page.fields, answers),
        errors: options.errors ?? {},
        required,
        visible,
        extraEntries: options.extraEntries ?? {},
        files,
        csrfToken: csrfToken(request, reply),
        backHref: returnToReview ? `${base}/pruefen` : previous !== undefined ? `${base}/schritt/${previous + 1}` : base,
        returnToReview,
        notice: options.notice,
      }),
      options.status ?? 200,
    );
  }

  function renderReview(
    request: FastifyRequest,
    reply: FastifyReply,
    procedure: PublishedProcedure,
    draft: Draft,
    options: { fieldErrors?: FieldMessages; declarationError?: string; status?: number },
  ) {
    const definition = procedure.definition;
    const answers = dropHiddenAnswers(definition, draft.data);
    const visiblePages = visiblePageIndexes(definition, answers);
    const lines = answerLines(definition, answers);
    const base = href(request, procedure.slug);
    const pageOfField = new Map(definition.pages.flatMap((p, i) => p.fields.map((f) => [f.key, i] as const)));
    const errors = Object.entries(options.fieldErrors ?? {}).map(([path, message]) => {
      const pageIndex = pageOfField.get(path.split('.')[0]) ?? 0;
      return { href: `${base}/schritt/${pageIndex + 1}?zurueck=pruefen#${fieldId(path)}`, message };
    });
    const last = visiblePages.at(-1);
    return sendPage(
      reply,
      ReviewPage({
        ...frame(request),
        definition,
        pages: visiblePages.map((i) => ({
          pageNumber: i + 1,
          title: definition.pages[i].title,
          lines: lines.filter((l) => l.pageIndex === i),
        })),
        computed: computedLines(definition, answers),
        errors,
        declarationError: options.declarationError,
        csrfToken: csrfToken(request, reply),
        backHref: last !== undefined ? `${base}/schritt/${last + 1}` : base,
        notice: draft.movedFromOlderVersion ? MOVED_NOTICE : undefined,
      }),
      options.status ?? 200,
    );
  }

  const pageIndexOf = (procedure: PublishedProcedure, n: string) => {
    const index = /^\d{1,3}$/.test(n) ? Number(n) - 1 : -1;
    return index >= 0 && index < procedure.definition.pages.length ? index : undefined;
  };

  app.get<SlugParams>('/antrag/:slug', async (request, reply) => {
    const procedure = await procedureOr404(request, reply, request.params.slug);
    if (!procedure) return reply;
    const draft = await draftOf(request, procedure);
    return sendPage(
      reply,
      ProcedureStartPage({
        ...frame(request),
        definition: procedure.definition,
        hasDraft: Boolean(draft && !draft.submissionId),
      }),
    );
  });

  app.get<StepParams>('/antrag/:slug/schritt/:n', async (request, reply) => {
    const procedure = await procedureOr404(request, reply, request.params.slug);
    if (!procedure) return reply;
    const pageIndex = pageIndexOf(procedure, request.params.n);
    if (pageIndex === undefined) return sendPage(reply, ProcedureNotFoundPage(frame(request)), 404);
    const draft = await draftOf(request, procedure);
    const open = draft && !draft.submissionId ? draft : undefined;
    const answers = withPrefill(request, procedure, open?.data ?? {});
    // A page that the answers so far hide is skipped.
    const visible = visiblePageIndexes(procedure.definition, dropHiddenAnswers(procedure.definition, answers));
    if (!visible.includes(pageIndex)) {
      const next = visible.find((i) => i > pageIndex);
      return reply.redirect(
        next !== undefined ? `${href(request, procedure.slug)}/schritt/${next + 1}` : `${href(request, procedure.slug)}/pruefen`,
        303,
      );
    }
    const notice = open?.movedFromOlderVersion
      ? MOVED_NOTICE
      : open && request.query.fortgesetzt === '1'
        ? RESUMED_NOTICE
        : undefined;
    return renderStep(request, reply, procedure, pageIndex, answers, { notice });
  });

  app.post<StepParams>('/antrag/:slug/schritt/:n', { config: { csrfCheckedInHandler: true } }, async (request, reply) => {
    const procedure = await procedureOr404(request, reply, request.params.slug);
    if (!procedure) return reply;
    const pageIndex = pageIndexOf(procedure, request.params.n);
    if (pageIndex === undefined) return sendPage(reply, ProcedureNotFoundPage(frame(request)), 404);
    const page = procedure.definition.pages[pageIndex];

    let body: FormBody;
    let uploads: Map<string, Upload[]> = new Map();
    if (request.isMultipart()) {
      const parsed = await readMultipart(
        request,
        page.fields.flatMap((f) => (f.type === 'file' ? [f.maxBytes] : [])),
      );
      body = parsed.fields;
      uploads = parsed.uploads;
      // This route opted out of the scope's guard (csrfCheckedInHandler): checked once the fields are read.
      verifyCsrf(request, first(body._csrf));
    } else {
      body = (request.body ?? {}) as FormBody;
    }

    const draft = await ensureDraft(request, reply, procedure, await draftOf(request, procedure));
    const { answers: pageAnswers, errors: parseErrors } = parsePageInput(page, body);
    const next: Answers = { ...draft.data };
    for (const [key, value] of Object.entries(pageAnswers)) {
      if (value === undefined) delete next[key];
      else next[key] = value;
    }

    // Uploads: type by content, size by the field's limit; nothing is stored unless all pass.
    const uploadErrors: FieldMessages = {};
    let uploadStatus = 422;
    for (const field of page.fields) {
      if (field.type !== 'file') continue;
      const chosen = (uploads.get(field.key) ?? []).filter((u) => u.bytes.length > 0 || u.truncated);
      if (chosen.length === 0) continue;
      if (chosen.length > field.maxCount) {
        uploadErrors[field.key] = `Bei „${field.label}“ sind höchstens ${field.maxCount} Dateien möglich.`;
        continue;
      }
      for (const u of chosen) {
        if (u.truncated || u.bytes.length > field.maxBytes) {
          uploadErrors[field.key] =
            `Die Datei „${u.filename}“ ist zu groß. Erlaubt sind höchstens ${Math.round(field.maxBytes / 1024 / 1024) || 1} MB.`;
          uploadStatus = 413;
        } else if (!field.accept.includes(detectFileType(u.bytes.subarray(0, 16)) as AcceptedFileType)) {
          uploadErrors[field.key] =
            `Die Datei „${u.filename}“ ist keine ${field.accept.map((t) => t.toUpperCase()).join('- oder ')}-Datei. Bitte wählen Sie eine passende Datei.`;
          if (uploadStatus !== 413) uploadStatus = 415;
        }
      }
    }
    if (Object.keys(uploadErrors).length === 0) {
      for (const field of page.fields) {
        if (field.type !== 'file') continue;
        const chosen = (uploads.get(field.key) ?? []).filter((u) => u.bytes.length > 0);
        if (chosen.length === 0) continue;
        const stored: FileAnswer[] = [];
        for (const u of chosen) {
          const blob = await platform.files.put(u.bytes);
          const type = detectFileType(u.bytes.subarray(0, 16)) as AcceptedFileType;
          stored.push({
            sha256: blob.sha256,
            filename: safeFilename(u.filename, type),
            contentType: FILE_CONTENT_TYPES[type],
            size: blob.size,
          });
        }
        next[field.key] = stored;
      }
    }

    const action = first(body._aktion);
    const group = /^(hinzufuegen|entfernen):([a-zA-Z0-9_]+)(?::(\d+))?$/.exec(action);
    if (group) {
      // Adding or removing an entry of a repeating group: save what is there, show the page again.
      const [, verb, key, index] = group;
      const extra: Record<string, number> = {};
      if (verb === 'hinzufuegen') extra[key] = 1;
      else if (Array.isArray(next[key])) {
        const entries = (next[key] as unknown[]).filter((_, i) => i !== Number(index));
        if (entries.length > 0) next[key] = entries;
        else delete next[key];
      }
      await saveDraftAnswers(db, request.tenant.id, draft.id, next);
      return renderStep(request, reply, procedure, pageIndex, next, {
        extraEntries: extra,
        errors: uploadErrors,
        status: Object.keys(uploadErrors).length > 0 ? uploadStatus : 200,
      });
    }

    await saveDraftAnswers(db, request.tenant.id, draft.id, next);
    if (action === 'speichern') {
      // Saving keeps what was typed without judging it; wrong files are not kept, so say so.
      if (Object.keys(uploadErrors).length > 0)
        return renderStep(request, reply, procedure, pageIndex, next, {
          values: body,
          errors: uploadErrors,
          status: uploadStatus,
        });
      return redirectAfterPost(reply, `${href(request, procedure.slug)}/entwurf-speichern?seite=${pageIndex + 1}`);
    }
    const effective = dropHiddenAnswers(procedure.definition, next);
    const errors: FieldMessages = { ...checkPage(procedure, effective, pageIndex), ...parseErrors, ...uploadErrors };
    if (Object.keys(errors).length > 0) {
      const status = Object.keys(uploadErrors).length > 0 ? uploadStatus : 422;
      return renderStep(request, reply, procedure, pageIndex, next, { values: body, errors, status });
    }
    const base = href(request, procedure.slug);
    if (request.query.zurueck === 'pruefen') return redirectAfterPost(reply, `${base}/pruefen`);
    const following = visiblePageIndexes(procedure.definition, effective).find((i) => i > pageIndex);
    return redirectAfterPost(reply, following !== undefined ? `${base}/schritt/${following + 1}` : `${base}/pruefen`);
  });

  /** The first e-mail answer of the draft, to offer as the address for the link. */
  const emailAnswer = (procedure: PublishedProcedure, draft: Draft) => {
    for (const page of procedure.definition.pages)
      for (const f of page.fields)
        if (f.type === 'email' && typeof draft.data[f.key] === 'string') return draft.data[f.key] as string;
    return '';
  };
  const pageNumberOf = (procedure: PublishedProcedure, raw: unknown) => {
    const n = typeof raw === 'string' && /^\d{1,3}$/.test(raw) ? Number(raw) : 1;
    return Math.min(Math.max(n, 1), procedure.definition.pages.length);
  };

  app.get<SaveParams>('/antrag/:slug/entwurf-speichern', async (request, reply) => {
    const procedure = await procedureOr404(request, reply, request.params.slug);
    if (!procedure) return reply;
    const draft = await draftOf(request, procedure);
    if (!draft || draft.submissionId) return reply.redirect(href(request, procedure.slug), 303);
    const pageNumber = pageNumberOf(procedure, request.query.seite);
    return sendPage(
      reply,
      SaveDraftPage({
        ...frame(request),
        definition: procedure.definition,
        continueHref: `${href(request, procedure.slug)}/schritt/${pageNumber}`,
        pageNumber,
        csrfToken: csrfToken(request, reply),
        email: emailAnswer(procedure, draft),
        errors: {},
        sent: request.query.gesendet === '1',
        days: DRAFT_LINK_DAYS,
      }),
    );
  });

  app.post<SlugParams>('/antrag/:slug/entwurf-speichern', async (request, reply) => {
    const procedure = await procedureOr404(request, reply, request.params.slug);
    if (!procedure) return reply;
    const base = href(request, procedure.slug);
    const draft = await draftOf(request, procedure);
    if (!draft || draft.submissionId) return redirectAfterPost(reply, base);
    const body = (request.body ?? {}) as FormBody;
    const pageNumber = pageNumberOf(procedure, first(body.seite));
    const page = `${base}/entwurf-speichern?seite=${pageNumber}`;
    // With an account the draft is kept there already.
    if (citizenOf(request)) return redirectAfterPost(reply, page);
    const email = first(body.email).trim();
    const render = (errors: FieldErrors, status: number) =>
      sendPage(
        reply,
        SaveDraftPage({
          ...frame(request),
          definition: procedure.definition,
          continueHref: `${base}/schritt/${pageNumber}`,
          pageNumber,
          csrfToken: csrfToken(request, reply),
          email,
          errors,
          sent: false,
          days: DRAFT_LINK_DAYS,
        }),
        status,
      );
    if (!email) return render({ email: 'Bitte geben Sie Ihre E-Mail-Adresse an.' }, 422);
    if (email.length > 254 || !EMAIL.test(email))
      return render({ email: 'Bitte geben Sie eine gültige E-Mail-Adresse an, zum Beispiel name@beispiel.de.' }, 422);
    // Anyone can type any address: a few links per address and per client, then none for a while.
    const tooMany = { email: 'Es wurden schon mehrere Links verschickt. Bitte versuchen Sie es später wieder.' };
    for (const [key, limit] of [
      [`mail:draft-link:${request.tenant.id}:${email.toLowerCase()}`, 5],
      [`draft-link-ip:${request.tenant.id}:${request.ip}`, 20],
    ] as const) {
      if (!(await hitRateLimit(db, key, limit, 3600)).allowed) return render(tooMany, 429);
    }
    const sent = await sendDraftLink(platform, request.tenant, procedure, draft.id, email, pageNumber);
    if (!sent.ok) return render(tooMany, 429);
    return redirectAfterPost(reply, `${page}&gesendet=1`);
  });

  // GET only asks: mail scanners open links, and must not move the draft to their browser.
  app.get<ResumeParams>('/antrag/:slug/fortsetzen', async (request, reply) => {
    const procedure = await procedureOr404(request, reply, request.params.slug);
    if (!procedure) return reply;
    reply.header('cache-control', 'no-store');
    const token = request.query.schluessel ?? '';
    const checked = await checkDraftLink(db, request.tenant.id, procedure, token);
    if (!checked.ok) return linkProblem(request, reply, procedure, checked.reason);
    return sendPage(
      reply,
      ResumeDraftPage({
        ...frame(request),
        definition: procedure.definition,
        action: `${href(request, procedure.slug)}/fortsetzen`,
        token,
        csrfToken: csrfToken(request, reply),
      }),
    );
  });

  app.post<SlugParams>('/antrag/:slug/fortsetzen', async (request, reply) => {
    const procedure = await procedureOr404(request, reply, request.params.slug);
    if (!procedure) return reply;
    reply.header('cache-control', 'no-store');
    const token = first((request.body as FormBody | undefined)?.schluessel) ?? '';
    const opened = await openDraftLink(db, request.tenant.id, procedure, token);
    if (!opened.ok) return linkProblem(request, reply, procedure, opened.reason);
    setDraftCookie(request, reply, procedure, opened.cookieToken);
    const pageNumber = pageNumberOf(procedure, String(opened.pageNumber));
    return redirectAfterPost(reply, `${href(request, procedure.slug)}/schritt/${pageNumber}?fortgesetzt=1`);
  });

  const linkProblem = (request: FastifyRequest, reply: FastifyReply, procedure: PublishedProcedure, problem: DraftLinkProblem) =>
    sendPage(reply, DraftLinkProblemPage({ ...frame(request), definition: procedure.definition, problem }), LINK_STATUS[problem]);

  app.get<SlugParams>('/antrag/:slug/pruefen', async (request, reply) => {
    const procedure = await procedureOr404(request, reply, request.params.slug);
    if (!procedure) return reply;
    const draft = await draftOf(request, procedure);
    if (!draft || draft.submissionId) return reply.redirect(href(request, procedure.slug), 303);
    return renderReview(request, reply, procedure, draft, {});
  });

  app.post<SlugParams>('/antrag/:slug/absenden', async (request, reply) => {
    const procedure = await procedureOr404(request, reply, request.params.slug);
    if (!procedure) return reply;
    const base = href(request, procedure.slug);
    const draft = await draftOf(request, procedure);
    if (!draft) return redirectAfterPost(reply, base);
    if (draft.submissionId) return redirectAfterPost(reply, `${base}/bestaetigung`);
    if (draft.movedFromOlderVersion) {
      // The questions changed since the review was shown: show it again before anything is sent.
      return renderReview(request, reply, procedure, draft, { status: 409 });
    }
    const declared = first((request.body as FormBody | undefined)?.erklaerung) === 'ja';
    if (!declared) {
      return renderReview(request, reply, procedure, draft, {
        declarationError: 'Bitte bestätigen Sie die Erklärung, um den Antrag abzusenden.',
        status: 422,
      });
    }
    const citizen = citizenOf(request);
    const result = await submitDraft(
      platform,
      request.tenant,
      procedure,
      draft,
      citizen && { userId: citizen.userId, email: citizen.email },
    );
    if (!result.ok) {
      return renderReview(request, reply, procedure, draft, {
        fieldErrors: 'fields' in result ? result.fields : {},
        status: 422,
      });
    }
    return redirectAfterPost(reply, `${base}/bestaetigung`);
  });

  app.get<SlugParams>('/antrag/:slug/bestaetigung', async (request, reply) => {
    const procedure = await procedureOr404(request, reply, request.params.slug);
    if (!procedure) return reply;
    const draft = await draftOf(request, procedure);
    const submission = draft ? await findSubmissionForDraft(db, request.tenant.id, draft) : undefined;
    if (!submission) return reply.redirect(href(request, procedure.slug), 303);
    const mailSent =
      Boolean(citizenOf(request)) ||
      procedure.definition.pages.some((p) => p.fields.some((f) => f.type === 'email' && draft?.data[f.key] !== undefined));
    return sendPage(
      reply,
      ConfirmationPage({ ...frame(request), definition: procedure.definition, reference: submission.reference, mailSent }),
    );
  });
};

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? '';

interface Upload {
  bytes: Buffer;
  truncated: boolean;
  filename: string;
}

/** Reads every part before anything is stored: the checks decide first. */
async function readMultipart(request: FastifyRequest, limits: number[]) {
  const fields: FormBody = {};
  const uploads = new Map<string, Upload[]>();
  const fileSize = Math.max(1024, ...limits);
  const options: FastifyMultipartBaseOptions = { limits: { fileSize }, throwFileSizeLimit: false };
  for await (const part of request.parts(options)) {
    if (part.type === 'file') {
      const file = part as MultipartFile;
      const chunks: Buffer[] = [];
      for await (const chunk of file.file) chunks.push(chunk as Buffer);
      const list = uploads.get(file.fieldname) ?? [];
      list.push({ bytes: Buffer.concat(chunks), truncated: file.file.truncated, filename: file.filename ?? '' });
      uploads.set(file.fieldname, list);
    } else if (typeof part.value === 'string') {
      const existing = fields[part.fieldname];
      fields[part.fieldname] =
        existing === undefined ? part.value : [...(Array.isArray(existing) ? existing : [existing]), part.value];
    }
  }
  return { fields, uploads };
}

/** A download name without paths or control characters, with the extension of its real type. */
function safeFilename(name: string, type: AcceptedFileType): string {
  const base = (name.split(/[\\/]/).pop() ?? '')
    .replace(/\.[^.]*$/, '')
    .replace(/[^\p{L}\p{N} ._()-]/gu, '')
    .trim()
    .slice(0, 100);
  return `${base || 'datei'}.${type === 'jpeg' ? 'jpg' : type}`;
}
