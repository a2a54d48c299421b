/**
 * "Entwurf speichern" without an account: a secret link by e-mail that reopens the
 * draft, on this or another device. Only the link's hash is stored; it expires after
 * 30 days, serves this one draft only, and dies when the draft is submitted or deleted.
 */
import { createHash, randomBytes } from 'node:crypto';
import { type ColumnType, type Generated, sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import { enqueueMail } from '../../platform/mail.js';
import type { Platform } from '../../platform/platform.js';
import type { Tenant } from '../../platform/tenancy/repo.js';
import { updateDraft } from './repo.js';
import { hashDraftToken, type PublishedProcedure } from './service.js';
import type { FormsTables } from './tables.js';

export const DRAFT_LINK_DAYS = 30;
/** Links per draft and day: enough for typos, too few to use the form to send mails at will. */
export const DRAFT_LINKS_PER_DAY = 5;

interface FormsDraftLinksTable {
  id: Generated<string>;
  tenant_id: string;
  draft_id: string;
  token_hash: string;
  page_number: number;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  expires_at: ColumnType<Date, Date | string, Date | string>;
}
type Tables = FormsTables & { forms_draft_links: FormsDraftLinksTable };
const t = (db: Executor) => db.withTables<Tables>();

const hashLinkToken = (token: string) => createHash('sha256').update(`draft-link:${token}`).digest('hex');
const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

export type SendLinkResult = { ok: true; expiresAt: Date } | { ok: false; reason: 'limit' };

/** Stores a new link to the draft and queues the mail with it, in one transaction. */
export async function sendDraftLink(
  platform: Platform,
  tenant: Tenant,
  procedure: PublishedProcedure,
  draftId: string,
  email: string,
  pageNumber: number,
): Promise<SendLinkResult> {
  return platform.db.transaction().execute(async (tx) => {
    const recent = await t(tx)
      .selectFrom('forms_draft_links')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('tenant_id', '=', tenant.id)
      .where('draft_id', '=', draftId)
      .where('created_at', '>', sql<Date>`now() - interval '1 day'`)
      .executeTakeFirstOrThrow();
    if (Number(recent.n) >= DRAFT_LINKS_PER_DAY) return { ok: false, reason: 'limit' } as const;
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + DRAFT_LINK_DAYS * 24 * 3600 * 1000);
    await t(tx)
      .insertInto('forms_draft_links')
      .values({
        tenant_id: tenant.id,
        draft_id: draftId,
        token_hash: hashLinkToken(token),
        page_number: pageNumber,
        expires_at: expiresAt,
      })
      .execute();
    const link = `${platform.config.publicUrl.replace(/\/$/, '')}/${tenant.slug}/antrag/${procedure.slug}/fortsetzen?schluessel=${token}`;
    const until = expiresAt.toLocaleDateString('de-DE', { timeZone: 'Europe/Berlin', dateStyle: 'long' });
    await enqueueMail(platform, tx, {
      tenantId: tenant.id,
      to: email,
      subject: `Ihr gespeicherter Antrag: ${procedure.title}`,
      text: [
        'Guten Tag,',
        '',
        `Sie haben Ihren Antrag „${procedure.title}“ bei ${tenant.name} als Entwurf gespeichert.`,
        `Mit diesem Link setzen Sie ihn fort, bis zum ${until}:`,
        '',
        link,
        '',
        'Bitte geben Sie den Link nicht weiter: Wer ihn hat, kann Ihre Angaben sehen und ändern.',
        'Wenn Sie keinen Antrag begonnen haben, können Sie diese E-Mail ignorieren.',
        '',
        tenant.name,
      ].join('\n'),
    });
    return { ok: true, expiresAt } as const;
  });
}

export type OpenLinkResult =
  | { ok: true; cookieToken: string; pageNumber: number }
  | { ok: false; reason: DraftLinkProblemReason };
type DraftLinkProblemReason = 'invalid' | 'expired' | 'submitted' | 'account';

type CheckedLink = { ok: true; draftId: string; pageNumber: number } | { ok: false; reason: DraftLinkProblemReason };

/**
 * Whether a link still opens its draft, without changing anything: the GET of a link
 * only asks (mail scanners open links, and must not move a draft away from the citizen).
 */
export async function checkDraftLink(
  db: Executor,
  tenantId: string,
  procedure: PublishedProcedure,
  token: string,
): Promise<CheckedLink> {
  if (!TOKEN.test(token)) return { ok: false, reason: 'invalid' };
  const row = await t(db)
    .selectFrom('forms_draft_links as l')
    .innerJoin('forms_drafts as d', 'd.id', 'l.draft_id')
    .select([
      'd.id as draftId',
      'd.procedure_id as procedureId',
      'd.citizen_id as citizenId',
      'd.submission_id as submissionId',
      'l.page_number as pageNumber',
      sql<boolean>`l.expires_at > now() and d.expires_at > now()`.as('valid'),
    ])
    .where('l.tenant_id', '=', tenantId)
    .where('d.tenant_id', '=', tenantId)
    .where('l.token_hash', '=', hashLinkToken(token))
    .executeTakeFirst();
  if (!row || row.procedureId !== procedure.procedureId) return { ok: false, reason: 'invalid' };
  if (row.submissionId) return { ok: false, reason: 'submitted' };
  if (!row.valid) return { ok: false, reason: 'expired' };
  if (row.citizenId) return { ok: false, reason: 'account' };
  return { ok: true, draftId: row.draftId, pageNumber: row.pageNumber };
}

/**
 * Opens a link (the citizen pressed "Entwurf fortsetzen"): moves the draft to this
 * browser (a new cookie token; the old one stops working, so one browser holds the draft
 * at a time), ends the draft's other links, and says where to continue.
 */
export async function openDraftLink(
  db: Executor,
  tenantId: string,
  procedure: PublishedProcedure,
  token: string,
): Promise<OpenLinkResult> {
  const row = await checkDraftLink(db, tenantId, procedure, token);
  if (!row.ok) return row;
  const cookieToken = randomBytes(24).toString('base64url');
  const move = async (tx: Executor) => {
    await updateDraft(tx, tenantId, row.draftId, { tokenHash: hashDraftToken(cookieToken) });
    // The draft's other links die: whoever sent a second link to another address (or got
    // hold of one) cannot take the draft back and read what was typed after this opening.
    await t(tx)
      .deleteFrom('forms_draft_links')
      .where('tenant_id', '=', tenantId)
      .where('draft_id', '=', row.draftId)
      .where('token_hash', '<>', hashLinkToken(token))
      .execute();
  };
  await (db.isTransaction ? move(db) : db.transaction().execute(move));
  return { ok: true, cookieToken, pageNumber: row.pageNumber };
}
