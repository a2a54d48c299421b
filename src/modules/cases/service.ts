/**
 * Case processing: from the submission (Antrag) to the decision notice (Bescheid).
 * Every change locks the case row, checks the state machine (states.ts), writes the
 * timeline, and leaves an audit entry; mails to the applicant never carry content.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { appendAudit } from '../../platform/audit.js';
import type { Executor } from '../../platform/db/database.js';
import { HttpError, notFound, unprocessable } from '../../platform/http/errors.js';
import type { Principal } from '../../platform/http/request-context.js';
import { enqueueMail } from '../../platform/mail.js';
import { germanDate, renderLetterPdf } from '../../platform/pdf.js';
import type { Platform } from '../../platform/platform.js';
import type { Tenant } from '../../platform/tenancy/repo.js';
import { type DocumentSummary, listCaseDocuments, readDocumentVerified, storeDocument } from '../documents/index.js';
import {
  loadPublishedProcedure,
  loadSubmissionData,
  type SubmissionReceivedHandler,
  type SubmissionReceivedResult,
} from '../forms/index.js';
import { chooseTemplate, fillTemplate, parseFee } from './bescheid.js';
import type { CaseRow, Visibility } from './repo.js';
import * as repo from './repo.js';
import {
  addDays,
  addYears,
  assertDecidable,
  assertTransition,
  berlinToday,
  type CaseState,
  OUTCOME_LABELS,
  type Outcome,
  STATE_LABELS,
} from './states.js';
import { queueSubmissionPdf, receiptPdfAttachment } from './submission-pdf.js';

export type { CaseEvent, CaseMessage, CaseRow, InboxFilter, StaffMember } from './repo.js';
export * from './states.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const REFERENCE = /^[A-Z]{1,4}-\d{4}-\d{6}$/;
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

const caseNotFound = () => notFound('Diesen Vorgang gibt es nicht oder Sie dürfen ihn nicht sehen.');
const publicUrl = (platform: Platform) => platform.config.publicUrl.replace(/\/$/, '');
const tenantAddress = (t: Tenant) => [t.street, [t.postal_code, t.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
export const letterheadOf = (t: Tenant) => ({
  name: t.name,
  street: t.street,
  postalCode: t.postal_code,
  city: t.city,
  phone: t.phone,
  email: t.email,
});

// --- the status link (applicants without an account) ---

export const hashStatusToken = (token: string) => createHash('sha256').update(`case-status:${token}`).digest('hex');
const DUMMY_HASH = hashStatusToken('');

export const statusPath = (tenantSlug: string, reference: string, token: string) =>
  `/${tenantSlug}/antrag/status/${encodeURIComponent(reference)}?token=${encodeURIComponent(token)}`;

/**
 * The case behind a status link, or undefined: an unknown reference and a wrong token
 * look the same, and the comparison of the hashes takes the same time either way.
 */
export async function findCaseByStatusToken(
  db: Executor,
  tenantId: string,
  reference: string,
  token: string,
): Promise<CaseRow | undefined> {
  const row =
    REFERENCE.test(reference) && token.length <= 200 ? await repo.findCaseByReference(db, tenantId, reference) : undefined;
  const expected = Buffer.from(row?.statusTokenHash ?? DUMMY_HASH, 'hex');
  const given = Buffer.from(hashStatusToken(token), 'hex');
  const same = timingSafeEqual(expected, given);
  return same && row?.statusTokenHash ? row : undefined;
}

// --- opening a case with every submission ---

function applicantNameOf(
  definition: { pages: { fields: { key: string; type: string; prefill?: string }[] }[] },
  data: Record<string, unknown>,
): string | null {
  const fields = definition.pages.flatMap((p) => p.fields);
  const field =
    fields.find((f) => f.type === 'text' && f.prefill === 'name') ?? fields.find((f) => f.type === 'text' && f.key === 'name');
  const value = field ? data[field.key] : undefined;
  return typeof value === 'string' && value.trim() ? value.trim().slice(0, 200) : null;
}

function addressOf(
  definition: { pages: { fields: { key: string; type: string }[] }[] },
  data: Record<string, unknown>,
): string[] {
  const field = definition.pages.flatMap((p) => p.fields).find((f) => f.type === 'address' && data[f.key]);
  if (!field) return [];
  const a = data[field.key] as { street: string; number: string; postalCode: string; city: string };
  return [`${a.street} ${a.number}`, `${a.postalCode} ${a.city}`];
}

async function readBlob(platform: Platform, sha256: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await platform.files.get(sha256)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Registered with the forms module: runs in the submissions' transaction on every
 * channel (a group of submissions at once). Opens each case (its id is the submission's),
 * queues the PDF of the submitted data for the file and the receipt mail, adds the
 * attachments, and gives the receipt mail the status link.
 */
export const openCaseForSubmission: SubmissionReceivedHandler = async (platform, tx, submissions) => {
  const opened = submissions.map((s) => {
    const { tenant, procedure } = s;
    const definition = procedure.definition;
    const workflow = definition.workflow;
    const today = berlinToday(s.receivedAt);
    const token = randomBytes(24).toString('base64url');
    return {
      token,
      case: {
        id: s.submissionId,
        tenantId: tenant.id,
        submissionId: s.submissionId,
        procedureId: procedure.procedureId,
        procedureSlug: procedure.slug,
        procedureTitle: procedure.title,
        departmentName: workflow.department ?? definition.department ?? null,
        reference: s.reference,
        citizenId: s.citizen?.userId ?? null,
        applicantName: applicantNameOf(definition, s.data),
        applicantEmail: s.applicantEmail,
        statusTokenHash: hashStatusToken(token),
        deadline: workflow.deadlineDays ? addDays(today, workflow.deadlineDays) : null,
        retentionYears: workflow.retentionYears,
        createdAt: s.receivedAt,
      },
      event: {
        kind: 'eingegangen',
        actorId: s.citizen?.userId ?? null,
        public: true,
        text: `Antrag eingegangen (${s.channel === 'api' ? 'über die Schnittstelle' : 'online'})`,
      },
    };
  });
  const departmentIds = await repo.insertCasesWithEvents(tx, opened);

  const results: SubmissionReceivedResult[] = [];
  for (const [i, s] of submissions.entries()) {
    const { tenant, procedure } = s;
    // The PDF of the submitted data is rendered after commit (submission-pdf.ts): the receipt
    // mail's worker renders and files it when it sends; without a receipt mail a job of its own does.
    if (!s.applicantEmail) await queueSubmissionPdf(platform, tx, tenant.id, s.submissionId);
    const common = {
      tenantId: tenant.id,
      caseId: s.submissionId,
      departmentId: departmentIds[i],
      reference: s.reference,
      procedureSlug: procedure.slug,
      createdBy: s.citizen?.userId ?? null,
    };
    const labels = new Map(procedure.definition.pages.flatMap((p) => p.fields.map((f) => [f.key, f.label] as const)));
    for (const file of s.files) {
      await storeDocument(platform, tx, {
        ...common,
        title: `${labels.get(file.field) ?? 'Anlage'}: ${file.filename}`,
        kind: 'attachment',
        metadata: { field: file.field },
        filename: file.filename,
        contentType: file.contentType,
        bytes: await readBlob(platform, file.sha256),
      });
    }
    const link = `${publicUrl(platform)}${statusPath(tenant.slug, s.reference, opened[i].token)}`;
    results.push({
      caseId: s.submissionId,
      receiptLines: [
        'Den Stand Ihres Antrags, Nachrichten und Bescheide finden Sie hier (bitte geben Sie diesen Link nicht weiter):',
        link,
      ],
      // The Eingangsbestätigung: the same PDF that opens the file, made (and filed) when the mail is sent.
      receiptAttachments: s.applicantEmail ? [receiptPdfAttachment(s.submissionId, s.reference)] : [],
    });
  }
  return results;
};

// --- who sees what ---

export const canWorkOnCases = (staff: Principal) => staff.role === 'admin' || staff.role === 'clerk';

export function visibilityFor(staff: Principal): Visibility {
  if (staff.role === 'admin') return { all: true };
  return { all: false, departmentIds: staff.departmentId ? [staff.departmentId] : [], userId: staff.userId };
}

export function staffMaySee(staff: Principal, row: Pick<CaseRow, 'tenantId' | 'departmentId' | 'assigneeId'>): boolean {
  if (row.tenantId !== staff.tenantId || !canWorkOnCases(staff)) return false;
  if (staff.role === 'admin') return true;
  return (row.departmentId !== null && row.departmentId === staff.departmentId) || row.assigneeId === staff.userId;
}

/** A case the staff member may see (another department's or tenant's: 404), with an audit entry for the read. */
export async function readCaseAsStaff(platform: Platform, staff: Principal, caseId: string, audit = true): Promise<CaseRow> {
  const row = isUuid(caseId) ? await repo.findCase(platform.db, staff.tenantId, caseId) : undefined;
  if (!row || !staffMaySee(staff, row)) throw caseNotFound();
  if (audit)
    await appendAudit(platform.db, { tenantId: staff.tenantId, actorId: staff.userId, action: 'case.read', subject: row.id });
  return row;
}

export async function listInbox(db: Executor, staff: Principal, filter: repo.InboxFilter) {
  return repo.listCases(db, staff.tenantId, visibilityFor(staff), filter, berlinToday());
}

export const listCaseWorkers = repo.listCaseWorkers;
export const listDepartments = repo.listDepartments;
export const listProcedureSlugs = repo.listProcedureSlugs;
export const listCitizenCases = repo.listCitizenCases;
export const listTimeline = repo.listEvents;
export const listMessages = repo.listMessages;

/** Runs a change on the locked case after checking that the staff member may see it. */
async function changeCase<T>(
  platform: Platform,
  staff: Principal,
  caseId: string,
  change: (tx: Executor, row: CaseRow) => Promise<T>,
): Promise<T> {
  if (!isUuid(caseId)) throw caseNotFound();
  return platform.db.transaction().execute(async (tx) => {
    const row = await repo.lockCase(tx, staff.tenantId, caseId);
    if (!row || !staffMaySee(staff, row)) throw caseNotFound();
    return change(tx, row);
  });
}

const event = (tx: Executor, row: CaseRow, kind: string, actorId: string | null, isPublic: boolean, text: string) =>
  repo.insertEvent(tx, { tenantId: row.tenantId, caseId: row.id, kind, actorId, public: isPublic, text });

const audit = (tx: Executor, row: CaseRow, actorId: string | null, action: string, details: Record<string, unknown> = {}) =>
  appendAudit(tx, { tenantId: row.tenantId, actorId, action, subject: row.id, details });

async function moveState(tx: Executor, row: CaseRow, to: CaseState, actorId: string | null, extra: repo.CaseChanges = {}) {
  await repo.updateCase(tx, row.tenantId, row.id, { ...extra, state: to });
  await audit(tx, row, actorId, 'case.transition', { from: row.state, to });
}

/** The mail that something is waiting: no content, no name, only where to look. */
async function notifyApplicant(platform: Platform, tx: Executor, tenant: Tenant, row: CaseRow, kind: 'message' | 'document') {
  if (!row.applicantEmail) return;
  const where = row.citizenId
    ? `Melden Sie sich an und öffnen Sie „Meine Anträge“:\n${publicUrl(platform)}/${tenant.slug}/konto/antraege/${row.id}`
    : 'Öffnen Sie dazu den Link „Stand Ihres Antrags“ aus Ihrer Eingangsbestätigung.';
  const subject = kind === 'document' ? 'Ein neues Dokument liegt in Ihrem Postfach' : 'Sie haben eine neue Nachricht';
  const text = [
    'Guten Tag,',
    '',
    kind === 'document'
      ? `in Ihrem Postfach bei ${tenant.name} liegt ein neues Dokument zu Ihrem Antrag mit dem Aktenzeichen ${row.reference}.`
      : `in Ihrem Postfach bei ${tenant.name} liegt eine neue Nachricht zu Ihrem Antrag mit dem Aktenzeichen ${row.reference}.`,
    'Aus Gründen des Datenschutzes steht der Inhalt nicht in dieser E-Mail.',
    '',
    where,
    '',
    tenant.name,
  ].join('\n');
  await enqueueMail(platform, tx, { tenantId: tenant.id, to: row.applicantEmail, subject, text });
}

// --- staff actions ---

/** Take over: the case is assigned to the clerk and, if new, goes into processing. */
export function takeOverCase(platform: Platform, staff: Principal, caseId: string) {
  return changeCase(platform, staff, caseId, async (tx, row) => {
    if (row.state === 'eingegangen') await moveState(tx, row, 'in_bearbeitung', staff.userId, { assigneeId: staff.userId });
    else if (row.state === 'abgeschlossen' || row.state === 'zurueckgezogen')
      assertTransition(row.state, 'in_bearbeitung', 'staff');
    else await repo.updateCase(tx, row.tenantId, row.id, { assigneeId: staff.userId });
    if (row.state === 'eingegangen') await event(tx, row, 'in_bearbeitung', staff.userId, true, 'Ihr Antrag wird bearbeitet');
    await event(tx, row, 'zugewiesen', staff.userId, false, `Übernommen von ${staff.name || staff.email}`);
    await audit(tx, row, staff.userId, 'case.assign', { assignee: staff.userId });
  });
}

/** Assigns cases to a case worker who may see them (clerks: of the case's department; admins). */
export async function assignCases(
  platform: Platform,
  staff: Principal,
  caseIds: string[],
  assigneeId: string | null,
): Promise<number> {
  const workers = await repo.listCaseWorkers(platform.db, staff.tenantId);
  const assignee = assigneeId ? workers.find((w) => w.id === assigneeId) : undefined;
  if (assigneeId && !assignee)
    throw unprocessable('Bitte wählen Sie eine Person aus.', { bearbeitung: 'Diese Person gibt es hier nicht.' });
  let n = 0;
  for (const id of caseIds) {
    await changeCase(platform, staff, id, async (tx, row) => {
      if (assignee && assignee.role !== 'admin' && row.departmentId !== null && assignee.departmentId !== row.departmentId) {
        throw unprocessable('Diese Person gehört nicht zum zuständigen Fachbereich.', {
          bearbeitung: `${assignee.name} gehört nicht zum zuständigen Fachbereich von ${row.reference}.`,
        });
      }
      await repo.updateCase(tx, row.tenantId, row.id, { assigneeId: assignee?.id ?? null });
      await event(
        tx,
        row,
        'zugewiesen',
        staff.userId,
        false,
        assignee ? `Zugewiesen an ${assignee.name}` : 'Zuweisung aufgehoben',
      );
      await audit(tx, row, staff.userId, 'case.assign', { assignee: assignee?.id ?? null });
      n++;
    });
  }
  return n;
}

const MAX_TEXT = 20000;
const requireText = (text: string, field: string, what: string) => {
  const value = text.trim();
  if (!value) throw unprocessable(`Bitte geben Sie ${what} ein.`, { [field]: `Bitte geben Sie ${what} ein.` });
  if (value.length > MAX_TEXT) throw unprocessable(`${what} ist zu lang.`, { [field]: `Höchstens ${MAX_TEXT} Zeichen.` });
  return value;
};

/** Rückfrage: a message to the applicant; the case waits for the answer. */
export function askApplicant(platform: Platform, tenant: Tenant, staff: Principal, caseId: string, message: string) {
  const body = requireText(message, 'nachricht', 'die Nachricht an die antragstellende Person');
  return changeCase(platform, staff, caseId, async (tx, row) => {
    assertTransition(row.state, 'rueckfrage', 'staff');
    await repo.insertMessage(tx, {
      tenantId: row.tenantId,
      caseId: row.id,
      direction: 'out',
      authorId: staff.userId,
      body,
      documentIds: [],
    });
    await moveState(tx, row, 'rueckfrage', staff.userId, row.assigneeId ? {} : { assigneeId: staff.userId });
    await event(tx, row, 'rueckfrage', staff.userId, true, 'Rückfrage an Sie gesendet: bitte antworten Sie im Postfach');
    await notifyApplicant(platform, tx, tenant, row, 'message');
  });
}

/** A message to the applicant without a change of state. */
export function sendMessageToApplicant(platform: Platform, tenant: Tenant, staff: Principal, caseId: string, message: string) {
  const body = requireText(message, 'nachricht', 'die Nachricht');
  return changeCase(platform, staff, caseId, async (tx, row) => {
    if (row.state === 'zurueckgezogen' || row.personalDataDeletedAt)
      throw new HttpError(409, 'conflict', 'An diesen Vorgang können keine Nachrichten mehr gesendet werden.');
    const id = await repo.insertMessage(tx, {
      tenantId: row.tenantId,
      caseId: row.id,
      direction: 'out',
      authorId: staff.userId,
      body,
      documentIds: [],
    });
    await event(tx, row, 'nachricht', staff.userId, true, 'Nachricht an Sie gesendet');
    await audit(tx, row, staff.userId, 'case.message', { message: id });
    await notifyApplicant(platform, tx, tenant, row, 'message');
    return id;
  });
}

/** An internal note: in the timeline for staff only. */
export function addNote(platform: Platform, staff: Principal, caseId: string, text: string) {
  const body = requireText(text, 'notiz', 'die Notiz');
  return changeCase(platform, staff, caseId, async (tx, row) => {
    await event(tx, row, 'notiz', staff.userId, false, body);
    await audit(tx, row, staff.userId, 'case.note');
  });
}

export interface UploadedFile {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

/** A document the clerk adds to the file (internal until sent). */
export function addStaffDocument(platform: Platform, staff: Principal, caseId: string, title: string, file: UploadedFile) {
  return changeCase(platform, staff, caseId, async (tx, row) => {
    if (row.personalDataDeletedAt) throw new HttpError(409, 'conflict', 'Die Akte dieses Vorgangs wurde bereits gelöscht.');
    const doc = await storeDocument(platform, tx, {
      tenantId: row.tenantId,
      caseId: row.id,
      departmentId: row.departmentId,
      reference: row.reference,
      procedureSlug: row.procedureSlug,
      title: title.trim() || file.filename,
      kind: 'upload',
      filename: file.filename,
      contentType: file.contentType,
      bytes: file.bytes,
      createdBy: staff.userId,
    });
    await event(tx, row, 'dokument', staff.userId, false, `Dokument hinzugefügt: ${title.trim() || file.filename}`);
    await audit(tx, row, staff.userId, 'case.document_added', { document: doc.id });
    return doc;
  });
}

/**
 * A state change by the administration (the API's transitions). A Rückfrage needs the
 * note as its message; a decision needs outcome and tenor (decideCase).
 */
export async function transitionCase(
  platform: Platform,
  tenant: Tenant,
  staff: Principal,
  caseId: string,
  to: string,
  note: string,
) {
  const row = await readCaseAsStaff(platform, staff, caseId, false);
  const target = assertTransition(row.state, to, 'staff');
  if (target === 'rueckfrage') return askApplicant(platform, tenant, staff, caseId, note);
  if (target === 'entschieden') {
    throw new HttpError(
      422,
      'decision_required',
      'Eine Entscheidung braucht Ergebnis und Tenor: bitte über /decision entscheiden.',
    );
  }
  if (target === 'abgeschlossen') return closeCase(platform, staff, caseId, note);
  return changeCase(platform, staff, caseId, async (tx, locked) => {
    assertTransition(locked.state, target, 'staff');
    await moveState(tx, locked, target, staff.userId, locked.assigneeId ? {} : { assigneeId: staff.userId });
    await event(
      tx,
      locked,
      target,
      staff.userId,
      true,
      target === 'in_bearbeitung' ? 'Ihr Antrag wird bearbeitet' : STATE_LABELS[target],
    );
    if (note.trim()) await event(tx, locked, 'notiz', staff.userId, false, note.trim());
  });
}

/** Closes a decided case; the retention period starts now. */
export function closeCase(platform: Platform, staff: Principal, caseId: string, note = '') {
  return changeCase(platform, staff, caseId, async (tx, row) => {
    assertTransition(row.state, 'abgeschlossen', 'staff');
    await moveState(tx, row, 'abgeschlossen', staff.userId, {
      closedAt: new Date(),
      retentionUntil: addYears(berlinToday(), row.retentionYears),
    });
    await event(tx, row, 'abgeschlossen', staff.userId, true, 'Vorgang abgeschlossen');
    if (note.trim()) await event(tx, row, 'notiz', staff.userId, false, note.trim());
  });
}

export interface DecisionInput {
  outcome: string;
  tenor: string;
  reasons: string;
  fee: string;
  template?: string;
}

export function checkDecision(input: DecisionInput): { outcome: Outcome; tenor: string; reasons: string; feeCents: number } {
  const errors: Record<string, string> = {};
  if (!(['bewilligt', 'teilweise_bewilligt', 'abgelehnt'] as string[]).includes(input.outcome))
    errors.outcome = 'Bitte wählen Sie das Ergebnis der Entscheidung.';
  if (!input.tenor.trim()) errors.tenor = 'Bitte geben Sie den Tenor ein (was entschieden wird).';
  else if (input.tenor.length > MAX_TEXT) errors.tenor = `Höchstens ${MAX_TEXT} Zeichen.`;
  if (input.reasons.length > MAX_TEXT) errors.reasons = `Höchstens ${MAX_TEXT} Zeichen.`;
  const feeCents = parseFee(input.fee);
  if (feeCents === undefined) errors.fee = 'Bitte geben Sie die Gebühr als Betrag in Euro an, zum Beispiel 25,00.';
  if (Object.keys(errors).length > 0) throw unprocessable('Die Entscheidung ist unvollständig.', errors);
  return {
    outcome: input.outcome as Outcome,
    tenor: input.tenor.trim(),
    reasons: input.reasons.trim(),
    feeCents: feeCents as number,
  };
}

/**
 * Decides the case: the Bescheid is rendered from the procedure's template, stored
 * immutable in the file, and delivered to the applicant's postbox with a mail that
 * only says a document is waiting.
 */
export async function decideCase(platform: Platform, tenant: Tenant, staff: Principal, caseId: string, input: DecisionInput) {
  const decision = checkDecision(input);
  const before = await readCaseAsStaff(platform, staff, caseId, false);
  assertDecidable(before.state);
  const procedure = await loadPublishedProcedure(platform.db, tenant.id, before.procedureSlug);
  const submission = before.submissionId ? await loadSubmissionData(platform.db, tenant.id, before.submissionId) : undefined;
  const data = (submission?.data ?? {}) as Record<string, unknown>;
  const template = chooseTemplate(procedure?.definition, decision.outcome, input.template);
  const now = new Date();
  const markdown = fillTemplate(template.markdown, {
    reference: before.reference,
    date: germanDate(now),
    receivedAt: germanDate(before.createdAt),
    procedure: before.procedureTitle,
    outcome: decision.outcome,
    tenor: decision.tenor,
    reasons: decision.reasons,
    feeCents: decision.feeCents,
    applicantName: before.applicantName ?? '',
    clerkName: staff.name || '',
    tenant: { name: tenant.name, address: tenantAddress(tenant) },
    definition: procedure?.definition,
    data,
  });
  const title = `${template.title}: ${before.procedureTitle}`;
  const recipient = [before.applicantName ?? '', ...(procedure ? addressOf(procedure.definition, data) : [])].filter(Boolean);
  const pdf = await renderLetterPdf({
    letterhead: letterheadOf(tenant),
    title,
    reference: before.reference,
    date: now,
    recipient,
    body: markdown,
  });
  return changeCase(platform, staff, caseId, async (tx, row) => {
    assertDecidable(row.state);
    const doc = await storeDocument(platform, tx, {
      tenantId: row.tenantId,
      caseId: row.id,
      departmentId: row.departmentId,
      reference: row.reference,
      procedureSlug: row.procedureSlug,
      title,
      kind: 'bescheid',
      tags: ['bescheid', decision.outcome],
      metadata: { outcome: decision.outcome, feeCents: decision.feeCents, template: template.name },
      filename: `Bescheid-${row.reference}.pdf`,
      contentType: 'application/pdf',
      bytes: pdf,
      text: `${title}\nAktenzeichen: ${row.reference}\n${markdown}`,
      createdBy: staff.userId,
      immutable: true,
    });
    await moveState(tx, row, 'entschieden', staff.userId, {
      outcome: decision.outcome,
      decidedAt: now,
      bescheidDocumentId: doc.id,
      ...(row.assigneeId ? {} : { assigneeId: staff.userId }),
    });
    await repo.insertMessage(tx, {
      tenantId: row.tenantId,
      caseId: row.id,
      direction: 'out',
      authorId: staff.userId,
      body: `Über Ihren Antrag wurde entschieden (${OUTCOME_LABELS[decision.outcome]}). Den Bescheid finden Sie als Dokument bei dieser Nachricht.`,
      documentIds: [doc.id],
    });
    await event(
      tx,
      row,
      'entschieden',
      staff.userId,
      true,
      `Entschieden: ${OUTCOME_LABELS[decision.outcome]}. Der Bescheid liegt in Ihrem Postfach.`,
    );
    await audit(tx, row, staff.userId, 'case.decided', { outcome: decision.outcome, document: doc.id, sha256: doc.sha256 });
    await notifyApplicant(platform, tx, tenant, row, 'document');
    return doc;
  });
}

// --- documents ---

/** The documents of the case's file (staff) or those the applicant may see (postbox). */
export async function caseDocuments(db: Executor, row: CaseRow, forApplicant: boolean): Promise<DocumentSummary[]> {
  const all = await listCaseDocuments(db, row.tenantId, row.id);
  if (!forApplicant) return all;
  const sent = new Set((await repo.listMessages(db, row.tenantId, row.id)).flatMap((m) => m.documentIds));
  return all.filter((d) => d.kind === 'submission' || d.kind === 'attachment' || d.kind === 'bescheid' || sent.has(d.id));
}

export class TamperedDocumentError extends HttpError {
  constructor() {
    super(
      409,
      'document_tampered',
      'Dieses Dokument kann nicht ausgeliefert werden: sein gespeicherter Inhalt stimmt nicht mehr mit der Prüfsumme überein. Der Vorfall wurde protokolliert; bitte wenden Sie sich an die Administration.',
    );
  }
}

/** The verified bytes of a document of this case; tampered bytes are never returned. */
export async function downloadCaseDocument(
  platform: Platform,
  row: CaseRow,
  documentId: string,
  forApplicant: boolean,
  actorId: string | null,
) {
  const docs = isUuid(documentId) ? await caseDocuments(platform.db, row, forApplicant) : [];
  if (!docs.some((d) => d.id === documentId)) throw notFound('Dieses Dokument gibt es in diesem Vorgang nicht.');
  const read = await readDocumentVerified(platform, row.tenantId, documentId, undefined, actorId ?? undefined);
  if ('tampered' in read) throw new TamperedDocumentError();
  return read;
}

// --- the applicant ---

export type Applicant = { citizenId: string } | { statusToken: true };
const applicantActor = (a: Applicant) => ('citizenId' in a ? a.citizenId : null);

export function citizenMaySee(citizen: Principal, row: CaseRow) {
  return row.tenantId === citizen.tenantId && row.citizenId !== null && row.citizenId === citizen.userId;
}

export async function findCitizenCase(db: Executor, citizen: Principal, caseId: string) {
  const row = isUuid(caseId) ? await repo.findCase(db, citizen.tenantId, caseId) : undefined;
  return row && citizenMaySee(citizen, row) ? row : undefined;
}

/** The applicant opened the postbox: messages from the office count as read. */
export const markPostboxRead = (db: Executor, row: CaseRow) => repo.markMessagesRead(db, row.tenantId, row.id, 'out');

/** The applicant answers a Rückfrage with text and files; the case goes back to the clerk. */
export async function answerQuestion(
  platform: Platform,
  row: CaseRow,
  applicant: Applicant,
  text: string,
  files: UploadedFile[],
) {
  const body = requireText(text, 'antwort', 'Ihre Antwort');
  return platform.db.transaction().execute(async (tx) => {
    const locked = await repo.lockCase(tx, row.tenantId, row.id);
    if (!locked) throw caseNotFound();
    if (locked.state !== 'rueckfrage') {
      throw new HttpError(409, 'conflict', 'Zu diesem Antrag ist keine Rückfrage offen. Ihre Antwort wurde nicht gesendet.');
    }
    const actor = applicantActor(applicant);
    const ids: string[] = [];
    for (const file of files) {
      const doc = await storeDocument(platform, tx, {
        tenantId: locked.tenantId,
        caseId: locked.id,
        departmentId: locked.departmentId,
        reference: locked.reference,
        procedureSlug: locked.procedureSlug,
        title: `Antwort auf Rückfrage: ${file.filename}`,
        kind: 'message',
        filename: file.filename,
        contentType: file.contentType,
        bytes: file.bytes,
        createdBy: actor,
      });
      ids.push(doc.id);
    }
    await repo.insertMessage(tx, {
      tenantId: locked.tenantId,
      caseId: locked.id,
      direction: 'in',
      authorId: actor,
      body,
      documentIds: ids,
    });
    assertTransition(locked.state, 'in_bearbeitung', 'applicant');
    await moveState(tx, locked, 'in_bearbeitung', actor);
    await event(
      tx,
      locked,
      'antwort',
      actor,
      true,
      files.length > 0
        ? `Rückfrage beantwortet (${files.length} ${files.length === 1 ? 'Datei' : 'Dateien'})`
        : 'Rückfrage beantwortet',
    );
  });
}

/** The applicant withdraws the application before a decision. */
export async function withdrawApplication(platform: Platform, row: CaseRow, applicant: Applicant) {
  return platform.db.transaction().execute(async (tx) => {
    const locked = await repo.lockCase(tx, row.tenantId, row.id);
    if (!locked) throw caseNotFound();
    assertTransition(locked.state, 'zurueckgezogen', 'applicant');
    const actor = applicantActor(applicant);
    await moveState(tx, locked, 'zurueckgezogen', actor, {
      closedAt: new Date(),
      retentionUntil: addYears(berlinToday(), locked.retentionYears),
    });
    await event(tx, locked, 'zurueckgezogen', actor, true, 'Antrag zurückgezogen');
  });
}
