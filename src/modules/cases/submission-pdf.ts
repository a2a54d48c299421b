/**
 * The PDF of what was submitted: the first document of every case file and the
 * attachment of the receipt mail. Rendering it (pdfkit) costs more CPU than the rest of
 * a submission together, so the submission's transaction only gives the receipt mail a
 * deferred attachment, whose renderer files the PDF when the mail worker sends it (a
 * submission without a receipt address queues a job instead: one write fewer in the
 * submission's transaction for the usual case). Whoever comes first renders and files
 * it, anyone later takes the filed copy, so mail and file carry the same bytes.
 */

import { berlinLongDateTime } from '../../platform/calendar/berlin-time.js';
import type { Executor } from '../../platform/db/database.js';
import { deferredAttachment, defineMailAttachment } from '../../platform/mail.js';
import { renderLetterPdf } from '../../platform/pdf.js';
import type { Platform } from '../../platform/platform.js';
import { listCaseDocuments, readDocumentVerified, storeDocument } from '../documents/index.js';
import type { ProcedureDefinition } from '../forms/definition.js';
import { answerLines, computedLines, loadSubmissionData } from '../forms/index.js';
import { findVersionDefinition } from '../forms/repo.js';
import * as repo from './repo.js';
import { letterheadOf } from './service.js';

export const SUBMISSION_PDF_JOB = 'cases.submission-pdf';
const RECEIPT_RENDERER = 'cases.submission-pdf';

interface SubmissionPdfJob {
  tenantId: string;
  caseId: string;
}

export const submissionPdfFilename = (reference: string) => `Antrag-${reference}.pdf`;

/** Queues the PDF in the submission's transaction (no receipt mail): it is made exactly when the case exists. */
export async function queueSubmissionPdf(platform: Platform, tx: Executor, tenantId: string, caseId: string) {
  const data: SubmissionPdfJob = { tenantId, caseId };
  await platform.jobs.send(SUBMISSION_PDF_JOB, data, { tx });
}

/** The receipt mail's attachment, made when the mail is sent. */
export const receiptPdfAttachment = (caseId: string, reference: string) =>
  deferredAttachment(
    RECEIPT_RENDERER,
    { caseId },
    { filename: submissionPdfFilename(reference), contentType: 'application/pdf' },
  );

/** The letter of the submitted data as the case file keeps it: title, reference, answers by page. */
export function submissionLetter(
  definition: ProcedureDefinition,
  procedureTitle: string,
  data: Record<string, unknown>,
  receivedAt: Date,
) {
  const lines = answerLines(definition, data);
  const computed = computedLines(definition, data);
  const body = [
    `Eingegangen am ${berlinLongDateTime(receivedAt)} Uhr.`,
    '',
    ...definition.pages.flatMap((page, index) => {
      const own = lines.filter((l) => l.pageIndex === index);
      return own.length === 0 ? [] : [`## ${page.title}`, '', ...own.flatMap((l) => [`${l.label}: ${l.text}`, '']), ''];
    }),
    ...(computed.length > 0 ? ['## Berechnet', '', ...computed.flatMap((l) => [`${l.label}: ${l.text}`, ''])] : []),
  ].join('\n');
  return { title: `Antrag: ${procedureTitle}`, body };
}

const findSubmissionDocument = async (db: Executor, tenantId: string, caseId: string) =>
  (await listCaseDocuments(db, tenantId, caseId)).find((d) => d.kind === 'submission');

/**
 * The submission PDF of the case, rendered and filed if the file has none yet;
 * undefined when the case or its submission is gone (erased after retention).
 */
export async function fileSubmissionPdf(platform: Platform, tenantId: string, caseId: string): Promise<Buffer | undefined> {
  const { db } = platform;
  const filed = await findSubmissionDocument(db, tenantId, caseId);
  if (filed) return readFiled(platform, tenantId, filed.id);
  const row = await repo.findCase(db, tenantId, caseId);
  if (!row?.submissionId) return undefined;
  const [tenant, submission] = await Promise.all([
    repo.findTenant(db, tenantId),
    loadSubmissionData(db, tenantId, row.submissionId),
  ]);
  if (!tenant || !submission) return undefined;
  const definition = await findVersionDefinition(db, tenantId, submission.versionId);
  if (!definition) return undefined;
  const { title, body } = submissionLetter(
    definition,
    row.procedureTitle,
    submission.data as Record<string, unknown>,
    row.createdAt,
  );
  // Rendered outside the transaction: PGlite has one connection, and a lock held while rendering stalls everyone.
  const pdf = await renderLetterPdf({
    letterhead: letterheadOf(tenant),
    title,
    reference: row.reference,
    date: row.createdAt,
    body,
  });
  const stored = await db.transaction().execute(async (tx) => {
    // The case lock orders the job and the mail worker: one of them files the PDF, the other finds it.
    const locked = await repo.lockCase(tx, tenantId, caseId);
    if (!locked) return 'gone' as const;
    const other = await findSubmissionDocument(tx, tenantId, caseId);
    if (other) return other.id;
    await storeDocument(platform, tx, {
      tenantId,
      caseId,
      departmentId: locked.departmentId,
      reference: locked.reference,
      procedureSlug: locked.procedureSlug,
      createdBy: locked.citizenId,
      title,
      kind: 'submission',
      filename: submissionPdfFilename(locked.reference),
      contentType: 'application/pdf',
      bytes: pdf,
      text: `${title}\n${locked.reference}\n${body}`,
      immutable: true,
    });
    return pdf;
  });
  if (stored === 'gone') return undefined;
  return typeof stored === 'string' ? readFiled(platform, tenantId, stored) : stored;
}

async function readFiled(platform: Platform, tenantId: string, documentId: string): Promise<Buffer> {
  const read = await readDocumentVerified(platform, tenantId, documentId);
  // A tampered PDF is not mailed: the job fails and the audit log has the entry.
  if ('tampered' in read) throw new Error(`Das Antrags-PDF ${documentId} ist beschädigt (${read.reason}).`);
  return read.bytes;
}

/** The job and the receipt mail's renderer; called by the module's setup. */
export function defineSubmissionPdf(platform: Platform) {
  platform.jobs.define<SubmissionPdfJob>({
    name: SUBMISSION_PDF_JOB,
    concurrency: 1,
    handle: async ({ tenantId, caseId }) => {
      await fileSubmissionPdf(platform, tenantId, caseId);
    },
  });
  defineMailAttachment(RECEIPT_RENDERER, async (p, tenantId, args) => {
    const caseId = String(args.caseId);
    const pdf = await fileSubmissionPdf(p, tenantId, caseId);
    if (!pdf) return undefined;
    const row = await repo.findCase(p.db, tenantId, caseId);
    return {
      filename: submissionPdfFilename(row?.reference ?? 'Antrag'),
      contentType: 'application/pdf',
      encoding: 'base64',
      content: pdf.toString('base64'),
    };
  });
}
