/**
 * The write half of submitting: validated applications are stored in groups (group
 * commit). Submissions that arrive while a group is in the database go together into the
 * next transaction, which writes them all with a fixed number of statements: the
 * submissions, the cases (handlers), the receipt mails and their jobs, and the audit
 * entries. Each submission still commits exactly when its case, mail and audit entry do.
 */
import { randomUUID } from 'node:crypto';
import { type AuditEntryInput, appendAuditEntries } from '../../platform/audit.js';
import { berlinIsoDate, berlinLongDateTime } from '../../platform/calendar/berlin-time.js';
import type { Executor } from '../../platform/db/database.js';
import { GroupCommit } from '../../platform/db/group-commit.js';
import type { MailAttachment } from '../../platform/db/schema.js';
import { enqueueMails, type QueuedMail } from '../../platform/mail.js';
import type { Platform } from '../../platform/platform.js';
import type { Tenant } from '../../platform/tenancy/repo.js';
import { answerLines, computedLines } from './answers-text.js';
import { type Answers, answerFields, computeValues } from './conditions.js';
import type { ProcedureDefinition } from './definition.js';
import * as repo from './repo.js';
import type { FileAnswer } from './tables.js';

export interface SubmissionReceipt {
  id: string;
  reference: string;
  caseId: string;
  createdAt: Date;
  /** false: an earlier submission with the same idempotency key was returned. */
  created: boolean;
}

/** A stored submission, as handlers of "submission received" see it (inside its transaction). */
export interface ReceivedSubmission {
  tenant: Tenant;
  procedure: repo.PublishedProcedure;
  submissionId: string;
  reference: string;
  data: Record<string, unknown>;
  files: (FileAnswer & { field: string })[];
  channel: 'web' | 'api';
  citizen: { userId: string; email: string } | null;
  /** Where the receipt goes: the citizen's account address or the first e-mail answer. */
  applicantEmail: string | null;
  receivedAt: Date;
}

export interface SubmissionReceivedResult {
  /** The case the submission opened (stored as the submission's case_id when its id differs from the submission's). */
  caseId?: string;
  /** Extra lines for the receipt mail (e.g. the status link). */
  receiptLines?: string[];
  /** Files for the receipt mail (e.g. the PDF of what was submitted). */
  receiptAttachments?: MailAttachment[];
}

/** Gets the submissions of one transaction at once; answers one result per submission, in order. */
export type SubmissionReceivedHandler = (
  platform: Platform,
  tx: Executor,
  submissions: ReceivedSubmission[],
) => Promise<(SubmissionReceivedResult | undefined)[]>;

const submissionHandlers = new Set<SubmissionReceivedHandler>();

/**
 * Registers work that must happen with every submission, on every channel, in the
 * submission's own transaction (case processing opens the case here). A handler that
 * throws rolls the submission back. Registering the same handler twice changes nothing.
 */
export function onSubmissionReceived(handler: SubmissionReceivedHandler) {
  submissionHandlers.add(handler);
}

/** A validated application, ready to be stored (its files are in the file store already). */
export interface PreparedSubmission {
  tenant: Tenant;
  procedure: repo.PublishedProcedure;
  data: Record<string, unknown>;
  channel: 'web' | 'api';
  idempotencyKey: string | null;
  citizen: { userId: string; email: string } | null;
  /** Work of the caller in the same transaction (e.g. marking the web draft as submitted). */
  afterInsert?: (tx: Executor, submissionId: string) => Promise<void>;
}

export type StoreOutcome = { ok: true; receipt: SubmissionReceipt } | { ok: false; error: unknown };

/** At most this many submissions per transaction: a group stays a short transaction. */
const MAX_GROUP = 64;
const groups = new WeakMap<Platform, GroupCommit<PreparedSubmission, StoreOutcome>>();

/**
 * Stores one validated application with the next group commit. An error of the database
 * (e.g. a repeated idempotency key) comes back as `{ ok: false, error }` for this
 * submission alone: a failed group is retried one submission at a time.
 */
export function storeSubmission(platform: Platform, submission: PreparedSubmission): Promise<StoreOutcome> {
  let group = groups.get(platform);
  if (!group) {
    group = new GroupCommit((items) => commitGroup(platform, items), MAX_GROUP);
    groups.set(platform, group);
  }
  return group.run(submission);
}

interface Numbered extends PreparedSubmission {
  id: string;
  reference: string;
  receivedAt: Date;
}

async function commitGroup(platform: Platform, items: PreparedSubmission[]): Promise<StoreOutcome[]> {
  const receivedAt = new Date();
  let numbered: Numbered[];
  try {
    numbered = await drawReferences(platform.db, items, receivedAt);
  } catch (error) {
    return items.map(() => ({ ok: false, error }));
  }
  const write = async (group: Numbered[]): Promise<StoreOutcome[]> => {
    const caseIds = await platform.db.transaction().execute((tx) => writeGroup(platform, tx, group));
    return group.map((s, i) => ({
      ok: true,
      receipt: { id: s.id, reference: s.reference, caseId: caseIds[i], createdAt: s.receivedAt, created: true },
    }));
  };
  try {
    return await write(numbered);
  } catch (error) {
    if (numbered.length === 1) return [{ ok: false, error }];
    // One bad submission must not fail the others: each alone, with the numbers already drawn.
    const outcomes: StoreOutcome[] = [];
    for (const s of numbered)
      outcomes.push(
        await write([s]).then(
          (o) => o[0],
          (e: unknown) => ({ ok: false, error: e }),
        ),
      );
    return outcomes;
  }
}

/**
 * Reference numbers per tenant and year, one statement each, drawn before the transaction:
 * the counter row is the tenant's hottest row, and holding its lock through cases, mails
 * and audit would put every group of every process in one line. Price: a group that fails
 * for good leaves a gap in the numbers.
 */
async function drawReferences(db: Executor, items: PreparedSubmission[], receivedAt: Date): Promise<Numbered[]> {
  const year = Number(berlinIsoDate(receivedAt).slice(0, 4));
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item.tenant.id, (counts.get(item.tenant.id) ?? 0) + 1);
  const next = new Map<string, number>();
  for (const [tenantId, count] of counts) next.set(tenantId, await repo.nextReferenceNumbers(db, tenantId, year, count));
  return items.map((item) => {
    const n = next.get(item.tenant.id) as number;
    next.set(item.tenant.id, n + 1);
    return { ...item, id: randomUUID(), reference: formatReference(referencePrefix(item.tenant.slug), year, n), receivedAt };
  });
}

/** Writes the group in the caller's transaction; answers each submission's case id. */
async function writeGroup(platform: Platform, tx: Executor, group: Numbered[]): Promise<string[]> {
  const received: ReceivedSubmission[] = group.map((s) => ({
    tenant: s.tenant,
    procedure: s.procedure,
    submissionId: s.id,
    reference: s.reference,
    data: s.data,
    files: fileAnswers(s.procedure.definition, s.data),
    channel: s.channel,
    citizen: s.citizen,
    applicantEmail: s.citizen?.email ?? receiptAddress(s.procedure.definition, s.data) ?? null,
    receivedAt: s.receivedAt,
  }));
  await repo.insertSubmissions(
    tx,
    received.map((s, i) => ({
      id: s.submissionId,
      createdAt: s.receivedAt,
      tenantId: s.tenant.id,
      procedureId: s.procedure.procedureId,
      versionId: s.procedure.versionId,
      reference: s.reference,
      data: s.data,
      computed: computeValues(s.procedure.definition, s.data),
      files: s.files,
      channel: s.channel,
      idempotencyKey: group[i].idempotencyKey,
      citizenId: s.citizen?.userId ?? null,
    })),
  );
  for (const s of group) await s.afterInsert?.(tx, s.id);

  // Until case processing opens the case, the submission is the case seed and lends it its id.
  const caseIds = group.map((s) => s.id);
  const receiptLines = group.map((): string[] => []);
  const receiptAttachments = group.map((): MailAttachment[] => []);
  for (const handler of submissionHandlers) {
    const results = await handler(platform, tx, received);
    for (const [i, result] of results.entries()) {
      // A case that borrows the submission's id needs no second write: the receipt names it either way.
      if (result?.caseId && result.caseId !== group[i].id) {
        await repo.setSubmissionCase(tx, group[i].tenant.id, group[i].id, result.caseId);
        caseIds[i] = result.caseId;
      }
      receiptLines[i].push(...(result?.receiptLines ?? []));
      receiptAttachments[i].push(...(result?.receiptAttachments ?? []));
    }
  }

  const mails: QueuedMail[] = [];
  for (const [i, s] of received.entries()) {
    if (!s.applicantEmail) continue;
    mails.push({
      tenantId: s.tenant.id,
      to: s.applicantEmail,
      ...receiptMail(platform, s, receiptLines[i]),
      ...(receiptAttachments[i].length > 0 ? { attachments: receiptAttachments[i] } : {}),
    });
  }
  await enqueueMails(platform, tx, mails);

  // Last: the audit head is locked from here to commit, so the tenant's other groups wait only this long.
  const byTenant = new Map<string, AuditEntryInput[]>();
  for (const s of group) {
    const entries = byTenant.get(s.tenant.id) ?? [];
    entries.push({
      tenantId: s.tenant.id,
      actorId: s.citizen?.userId ?? null,
      action: 'submission.received',
      subject: s.id,
      details: { procedure: s.procedure.slug, version: s.procedure.version, reference: s.reference, channel: s.channel },
    });
    byTenant.set(s.tenant.id, entries);
  }
  for (const entries of byTenant.values()) await appendAuditEntries(tx, entries);
  return caseIds;
}

// --- references (Aktenzeichen) ---

/**
 * The tenant's short sign in references: musterkreis → MK, beispielstadt → BS (first
 * letter and the letter starting "kreis"/"stadt"/"dorf"/…), otherwise the first two letters.
 */
export function referencePrefix(tenantSlug: string): string {
  const letters = tenantSlug.replace(/[^a-z]/g, '');
  const suffix = /(kreis|stadt|dorf|heim|hausen|burg|berg|feld|bach|ingen|au)$/.exec(letters);
  const prefix = suffix && suffix.index > 0 ? letters[0] + suffix[1][0] : letters.slice(0, 2);
  return (prefix || 'RH').toUpperCase();
}

export const formatReference = (prefix: string, year: number, n: number) => `${prefix}-${year}-${String(n).padStart(6, '0')}`;

// --- the receipt mail ---

function fileAnswers(definition: ProcedureDefinition, data: Answers): (FileAnswer & { field: string })[] {
  return answerFields(definition)
    .filter(({ field }) => field.type === 'file' && Array.isArray(data[field.key]))
    .flatMap(({ field }) => (data[field.key] as FileAnswer[]).map((f) => ({ field: field.key, ...f })));
}

/** Where the receipt goes without an account: the first e-mail answer. */
function receiptAddress(definition: ProcedureDefinition, data: Answers): string | undefined {
  const field = answerFields(definition).find(({ field }) => field.type === 'email' && typeof data[field.key] === 'string');
  return field ? (data[field.field.key] as string) : undefined;
}

function receiptMail(platform: Platform, s: ReceivedSubmission, extraLines: string[]) {
  const { tenant, procedure, reference, data } = s;
  const lines = answerLines(procedure.definition, data).map((l) => `- ${l.label}: ${l.text}`);
  const computed = computedLines(procedure.definition, data).map((l) => `- ${l.label}: ${l.text}`);
  const text = [
    'Guten Tag,',
    '',
    `Ihr Antrag „${procedure.title}“ ist am ${berlinLongDateTime(s.receivedAt)} Uhr bei ${tenant.name} eingegangen.`,
    '',
    `Aktenzeichen: ${reference}`,
    '',
    'Bitte geben Sie das Aktenzeichen bei Rückfragen an.',
    '',
    ...(extraLines.length > 0 ? [...extraLines, ''] : []),
    'Ihre Angaben:',
    ...lines,
    ...(computed.length > 0 ? ['', ...computed] : []),
    '',
    `${tenant.name}`,
    `${platform.config.publicUrl.replace(/\/$/, '')}/${tenant.slug}`,
  ].join('\n');
  return { subject: `Eingangsbestätigung: ${procedure.title} (${reference})`, text };
}
