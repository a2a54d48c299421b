import { type Kysely, sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import type { PlatformTables } from '../../platform/db/schema.js';
import type { CaseState, Outcome } from './states.js';
import type { CasesTables } from './tables.js';

type CasesDb = Kysely<PlatformTables & CasesTables>;
const t = (db: Executor): CasesDb => db.withTables<CasesTables>();

export interface CaseRow {
  id: string;
  tenantId: string;
  submissionId: string | null;
  procedureId: string | null;
  procedureSlug: string;
  procedureTitle: string;
  departmentId: string | null;
  departmentName: string | null;
  reference: string;
  state: CaseState;
  outcome: Outcome | null;
  assigneeId: string | null;
  assigneeName: string | null;
  citizenId: string | null;
  applicantName: string | null;
  applicantEmail: string | null;
  statusTokenHash: string | null;
  /** YYYY-MM-DD */
  deadline: string | null;
  bescheidDocumentId: string | null;
  decidedAt: Date | null;
  closedAt: Date | null;
  retentionYears: number;
  retentionUntil: string | null;
  personalDataDeletedAt: Date | null;
  createdAt: Date;
}

const caseQuery = (db: Executor, tenantId: string) =>
  t(db)
    .selectFrom('cases as c')
    .leftJoin('departments as d', (j) => j.onRef('d.id', '=', 'c.department_id').onRef('d.tenant_id', '=', 'c.tenant_id'))
    .leftJoin('users as u', (j) => j.onRef('u.id', '=', 'c.assignee_id').onRef('u.tenant_id', '=', 'c.tenant_id'))
    .select([
      'c.id',
      'c.tenant_id as tenantId',
      'c.submission_id as submissionId',
      'c.procedure_id as procedureId',
      'c.procedure_slug as procedureSlug',
      'c.procedure_title as procedureTitle',
      'c.department_id as departmentId',
      'd.name as departmentName',
      'c.reference',
      'c.state',
      'c.outcome',
      'c.assignee_id as assigneeId',
      sql<string | null>`coalesce(nullif(u.name, ''), u.email)`.as('assigneeName'),
      'c.citizen_id as citizenId',
      'c.applicant_name as applicantName',
      'c.applicant_email as applicantEmail',
      'c.status_token_hash as statusTokenHash',
      sql<string | null>`to_char(c.deadline, 'YYYY-MM-DD')`.as('deadline'),
      'c.bescheid_document_id as bescheidDocumentId',
      'c.decided_at as decidedAt',
      'c.closed_at as closedAt',
      'c.retention_years as retentionYears',
      sql<string | null>`to_char(c.retention_until, 'YYYY-MM-DD')`.as('retentionUntil'),
      'c.personal_data_deleted_at as personalDataDeletedAt',
      'c.created_at as createdAt',
    ])
    .where('c.tenant_id', '=', tenantId);

export interface NewCase {
  id: string;
  tenantId: string;
  submissionId: string;
  procedureId: string;
  procedureSlug: string;
  procedureTitle: string;
  departmentId: string | null;
  reference: string;
  citizenId: string | null;
  applicantName: string | null;
  applicantEmail: string | null;
  statusTokenHash: string;
  deadline: string | null;
  retentionYears: number;
  createdAt: Date;
}

export interface NewCaseEvent {
  kind: string;
  actorId: string | null;
  public: boolean;
  text: string;
}

/**
 * New cases of submissions, each with its first timeline event, in one statement however
 * many (a group commit of submissions is short only if it makes few round trips); the
 * department is found by name inside it. Returns each case's department id, in order
 * (null: none by that name).
 */
export async function insertCasesWithEvents(
  tx: Executor,
  cases: { case: Omit<NewCase, 'departmentId'> & { departmentName: string | null }; event: NewCaseEvent }[],
): Promise<(string | null)[]> {
  // Names are unique only as written ("Bauamt", "BAUAMT" may both exist): the exact one
  // first, and never more than one row, or every submission of the procedure would fail.
  const department = (c: { tenantId: string; departmentName: string | null }) =>
    c.departmentName
      ? sql<
          string | null
        >`(select id from departments where tenant_id = ${c.tenantId} and lower(name) = ${c.departmentName.trim().toLowerCase()}
          order by name = ${c.departmentName.trim()} desc, name limit 1)`
      : null;
  const rows = await t(tx)
    .with('c', (q) =>
      q
        .insertInto('cases')
        .values(
          cases.map(({ case: c }) => ({
            id: c.id,
            tenant_id: c.tenantId,
            submission_id: c.submissionId,
            procedure_id: c.procedureId,
            procedure_slug: c.procedureSlug,
            procedure_title: c.procedureTitle,
            department_id: department(c),
            reference: c.reference,
            citizen_id: c.citizenId,
            applicant_name: c.applicantName,
            applicant_email: c.applicantEmail,
            status_token_hash: c.statusTokenHash,
            deadline: c.deadline,
            retention_years: c.retentionYears,
            created_at: c.createdAt,
            updated_at: c.createdAt,
          })),
        )
        .returning(['id', 'department_id']),
    )
    .with('e', (q) =>
      q.insertInto('case_events').values(
        cases.map(({ case: c, event: e }) => ({
          tenant_id: c.tenantId,
          case_id: c.id,
          kind: e.kind,
          actor_id: e.actorId,
          public: e.public,
          text: e.text,
        })),
      ),
    )
    .selectFrom('c')
    .select(['id', 'department_id'])
    .execute();
  const departments = new Map(rows.map((r) => [r.id, r.department_id]));
  return cases.map(({ case: c }) => departments.get(c.id) ?? null);
}

export const findCase = async (db: Executor, tenantId: string, id: string): Promise<CaseRow | undefined> =>
  (await caseQuery(db, tenantId).where('c.id', '=', id).executeTakeFirst()) as CaseRow | undefined;

export const findCaseByReference = async (db: Executor, tenantId: string, reference: string): Promise<CaseRow | undefined> =>
  (await caseQuery(db, tenantId).where('c.reference', '=', reference).executeTakeFirst()) as CaseRow | undefined;

/** The tenant of a job that knows only its id (e.g. for the letterhead of a PDF). */
export const findTenant = (db: Executor, tenantId: string) =>
  db.selectFrom('tenants').selectAll().where('id', '=', tenantId).executeTakeFirst();

/** Locks the case row for a change (two clerks acting at once see each other's result). */
export async function lockCase(tx: Executor, tenantId: string, id: string): Promise<CaseRow | undefined> {
  const row = await t(tx)
    .selectFrom('cases')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return row ? findCase(tx, tenantId, id) : undefined;
}

export interface CaseChanges {
  state?: CaseState;
  outcome?: Outcome | null;
  assigneeId?: string | null;
  bescheidDocumentId?: string;
  decidedAt?: Date;
  closedAt?: Date;
  retentionUntil?: string;
  applicantName?: string | null;
  applicantEmail?: string | null;
  statusTokenHash?: string | null;
  personalDataDeletedAt?: Date;
}

export async function updateCase(tx: Executor, tenantId: string, id: string, ch: CaseChanges) {
  await t(tx)
    .updateTable('cases')
    .set({
      ...(ch.state !== undefined ? { state: ch.state } : {}),
      ...(ch.outcome !== undefined ? { outcome: ch.outcome } : {}),
      ...(ch.assigneeId !== undefined ? { assignee_id: ch.assigneeId } : {}),
      ...(ch.bescheidDocumentId !== undefined ? { bescheid_document_id: ch.bescheidDocumentId } : {}),
      ...(ch.decidedAt !== undefined ? { decided_at: ch.decidedAt } : {}),
      ...(ch.closedAt !== undefined ? { closed_at: ch.closedAt } : {}),
      ...(ch.retentionUntil !== undefined ? { retention_until: ch.retentionUntil } : {}),
      ...(ch.applicantName !== undefined ? { applicant_name: ch.applicantName } : {}),
      ...(ch.applicantEmail !== undefined ? { applicant_email: ch.applicantEmail } : {}),
      ...(ch.statusTokenHash !== undefined ? { status_token_hash: ch.statusTokenHash } : {}),
      ...(ch.personalDataDeletedAt !== undefined ? { personal_data_deleted_at: ch.personalDataDeletedAt } : {}),
      updated_at: sql<Date>`now()`,
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

/** Demo data only: a case that is already overdue. */
export const setDeadline = (db: Executor, tenantId: string, id: string, deadline: string) =>
  t(db).updateTable('cases').set({ deadline }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();

// --- the inbox ---

/** Who may see which cases: all of the tenant's (admin) or those of some departments plus the ones assigned. */
export type Visibility = { all: true } | { all: false; departmentIds: string[]; userId: string };

export interface InboxFilter {
  state?: CaseState | 'offen';
  /** A user id, 'ich' is resolved by the caller, 'keine' = unassigned. */
  assigneeId?: string | 'keine';
  procedure?: string;
  overdue?: boolean;
  sort?: 'eingang' | 'frist';
  limit?: number;
  offset?: number;
}

const OPEN_STATES: CaseState[] = ['eingegangen', 'in_bearbeitung', 'rueckfrage'];

/** A part of what someone sees; `few`: small (cases assigned from elsewhere), read whole and sorted. */
interface CaseScope {
  narrow: (q: ReturnType<typeof filteredCases>) => ReturnType<typeof filteredCases>;
  few: boolean;
}

/** The cases table alone with the inbox filters (no joins: counting and paging need none). */
function filteredCases(db: Executor, tenantId: string, f: InboxFilter, today: string) {
  let q = t(db).selectFrom('cases as c').where('c.tenant_id', '=', tenantId);
  if (f.state === 'offen') q = q.where('c.state', 'in', OPEN_STATES);
  else if (f.state) q = q.where('c.state', '=', f.state);
  if (f.assigneeId === 'keine') q = q.where('c.assignee_id', 'is', null);
  else if (f.assigneeId) q = q.where('c.assignee_id', '=', f.assigneeId);
  if (f.procedure) q = q.where('c.procedure_slug', '=', f.procedure);
  if (f.overdue) q = q.where('c.state', 'in', OPEN_STATES).where('c.deadline', '<', today);
  return q;
}

/**
 * A clerk sees two disjoint sets: the departments' cases and the cases assigned to them
 * from elsewhere. Queried apart rather than with OR, the first is an index scan in the
 * inbox's order that stops after the page (an OR forces reading and sorting every
 * visible case; migration 0017 has the indexes).
 */
function scopesOf(v: Visibility): CaseScope[] {
  if (v.all) return [{ narrow: (q) => q, few: false }];
  const { departmentIds, userId } = v;
  const assigned = (q: ReturnType<typeof filteredCases>) => q.where('c.assignee_id', '=', userId);
  if (departmentIds.length === 0) return [{ narrow: assigned, few: true }];
  return [
    { narrow: (q) => q.where('c.department_id', 'in', departmentIds), few: false },
    {
      narrow: (q) =>
        assigned(q).where((eb) => eb.or([eb('c.department_id', 'is', null), eb('c.department_id', 'not in', departmentIds)])),
      few: true,
    },
  ];
}

const inboxOrder = (alias: string, byDeadline: boolean) =>
  byDeadline
    ? sql`${sql.ref(`${alias}.deadline`)} asc nulls last, ${sql.ref(`${alias}.created_at`)} asc, ${sql.ref(`${alias}.id`)}`
    : sql`${sql.ref(`${alias}.created_at`)} desc, ${sql.ref(`${alias}.id`)}`;

export async function listCases(
  db: Executor,
  tenantId: string,
  v: Visibility,
  f: InboxFilter,
  today: string,
): Promise<{ rows: CaseRow[]; total: number }> {
  const limit = f.limit ?? 50;
  const offset = f.offset ?? 0;
  const byDeadline = f.sort === 'frist';
  let total = 0;
  const ids: string[] = [];
  for (const scope of scopesOf(v)) {
    const q = scope.narrow(filteredCases(db, tenantId, f, today));
    const counted = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const n = Number(counted.n);
    total += n;
    if (n === 0) continue;
    // Each scope's first offset + limit cases contain the page of the union. A small scope
    // is fenced (offset 0): the planner, guessing it large, would walk an ordered index of
    // the whole tenant instead of reading the few rows and sorting them.
    const page = scope.few
      ? await db
          .selectFrom(q.select(['c.id', 'c.created_at', 'c.deadline']).offset(0).as('s'))
          .select('s.id')
          .orderBy(inboxOrder('s', byDeadline))
          .limit(offset + limit)
          .execute()
      : await q
          .select('c.id')
          .orderBy(inboxOrder('c', byDeadline))
          .limit(offset + limit)
          .execute();
    ids.push(...page.map((r) => r.id));
  }
  if (ids.length === 0) return { rows: [], total };
  const rows = await caseQuery(db, tenantId)
    .where('c.id', 'in', ids)
    .orderBy(inboxOrder('c', byDeadline))
    .limit(limit)
    .offset(offset)
    .execute();
  return { rows: rows as CaseRow[], total };
}

export async function listProcedureSlugs(db: Executor, tenantId: string): Promise<{ slug: string; title: string }[]> {
  return t(db)
    .selectFrom('cases')
    .select(['procedure_slug as slug', sql<string>`max(procedure_title)`.as('title')])
    .where('tenant_id', '=', tenantId)
    .groupBy('procedure_slug')
    .orderBy('title')
    .execute();
}

export const listCitizenCases = async (db: Executor, tenantId: string, citizenId: string): Promise<CaseRow[]> =>
  (await caseQuery(db, tenantId)
    .where('c.citizen_id', '=', citizenId)
    .orderBy('c.created_at', 'desc')
    .limit(200)
    .execute()) as CaseRow[];

// --- timeline and messages ---

export interface CaseEvent {
  id: number;
  kind: string;
  actorId: string | null;
  actorName: string | null;
  public: boolean;
  text: string;
  createdAt: Date;
}

export async function insertEvent(
  tx: Executor,
  e: { tenantId: string; caseId: string; kind: string; actorId: string | null; public: boolean; text: string },
) {
  await t(tx)
    .insertInto('case_events')
    .values({ tenant_id: e.tenantId, case_id: e.caseId, kind: e.kind, actor_id: e.actorId, public: e.public, text: e.text })
    .execute();
}

export async function listEvents(db: Executor, tenantId: string, caseId: string, publicOnly: boolean): Promise<CaseEvent[]> {
  let q = t(db)
    .selectFrom('case_events as e')
    .leftJoin('users as u', (j) => j.onRef('u.id', '=', 'e.actor_id').onRef('u.tenant_id', '=', 'e.tenant_id'))
    .select([
      'e.id',
      'e.kind',
      'e.actor_id as actorId',
      sql<string | null>`case when u.kind = 'staff' then coalesce(nullif(u.name, ''), u.email) end`.as('actorName'),
      'e.public',
      'e.text',
      'e.created_at as createdAt',
    ])
    .where('e.tenant_id', '=', tenantId)
    .where('e.case_id', '=', caseId);
  if (publicOnly) q = q.where('e.public', '=', true);
  const rows = await q.orderBy('e.id').execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

export interface CaseMessage {
  id: string;
  direction: 'in' | 'out';
  authorId: string | null;
  body: string;
  documentIds: string[];
  readAt: Date | null;
  createdAt: Date;
}

export async function insertMessage(
  tx: Executor,
  m: { tenantId: string; caseId: string; direction: 'in' | 'out'; authorId: string | null; body: string; documentIds: string[] },
): Promise<string> {
  const row = await t(tx)
    .insertInto('case_messages')
    .values({
      tenant_id: m.tenantId,
      case_id: m.caseId,
      direction: m.direction,
      author_id: m.authorId,
      body: m.body,
      document_ids: JSON.stringify(m.documentIds),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export const listMessages = (db: Executor, tenantId: string, caseId: string): Promise<CaseMessage[]> =>
  t(db)
    .selectFrom('case_messages')
    .select([
      'id',
      'direction',
      'author_id as authorId',
      'body',
      'document_ids as documentIds',
      'read_at as readAt',
      'created_at as createdAt',
    ])
    .where('tenant_id', '=', tenantId)
    .where('case_id', '=', caseId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();

/** Marks the messages of one direction as read (the other side has seen them). */
export const markMessagesRead = (db: Executor, tenantId: string, caseId: string, direction: 'in' | 'out') =>
  t(db)
    .updateTable('case_messages')
    .set({ read_at: sql<Date>`now()` })
    .where('tenant_id', '=', tenantId)
    .where('case_id', '=', caseId)
    .where('direction', '=', direction)
    .where('read_at', 'is', null)
    .execute();

export const unreadCount = async (db: Executor, tenantId: string, caseId: string, direction: 'in' | 'out') =>
  Number(
    (
      await t(db)
        .selectFrom('case_messages')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('tenant_id', '=', tenantId)
        .where('case_id', '=', caseId)
        .where('direction', '=', direction)
        .where('read_at', 'is', null)
        .executeTakeFirstOrThrow()
    ).n,
  );

export async function deleteMessages(tx: Executor, tenantId: string, caseId: string) {
  await t(tx).deleteFrom('case_messages').where('tenant_id', '=', tenantId).where('case_id', '=', caseId).execute();
}

/** Retention keeps the timeline's shape but drops every free text in it. */
export async function blankEventTexts(tx: Executor, tenantId: string, caseId: string) {
  await t(tx)
    .updateTable('case_events')
    .set({ text: '' })
    .where('tenant_id', '=', tenantId)
    .where('case_id', '=', caseId)
    .execute();
}

// --- people and departments (platform tables, read only) ---

export interface StaffMember {
  id: string;
  name: string;
  role: string | null;
  departmentId: string | null;
}

export const listCaseWorkers = (db: Executor, tenantId: string): Promise<StaffMember[]> =>
  db
    .selectFrom('users')
    .select(['id', sql<string>`coalesce(nullif(name, ''), email)`.as('name'), 'role', 'department_id as departmentId'])
    .where('tenant_id', '=', tenantId)
    .where('kind', '=', 'staff')
    .where('role', 'in', ['admin', 'clerk'])
    .orderBy('name')
    .execute();

export const findDepartmentByName = async (db: Executor, tenantId: string, name: string) =>
  (
    await db
      .selectFrom('departments')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where(sql`lower(name)`, '=', name.trim().toLowerCase())
      .executeTakeFirst()
  )?.id ?? null;

export const listDepartments = (db: Executor, tenantId: string) =>
  db.selectFrom('departments').select(['id', 'name']).where('tenant_id', '=', tenantId).orderBy('name').execute();

// --- figures ---

export async function openCasesPerDepartment(db: Executor, tenantId: string, today: string) {
  const rows = await t(db)
    .selectFrom('cases as c')
    .leftJoin('departments as d', (j) => j.onRef('d.id', '=', 'c.department_id').onRef('d.tenant_id', '=', 'c.tenant_id'))
    .select([
      sql<string | null>`d.name`.as('department'),
      (eb) => eb.fn.countAll<number>().as('open'),
      sql<number>`count(*) filter (where c.deadline < ${today})`.as('overdue'),
      sql<number>`count(*) filter (where c.state = 'rueckfrage')`.as('waiting'),
    ])
    .where('c.tenant_id', '=', tenantId)
    .where('c.state', 'in', ['eingegangen', 'in_bearbeitung', 'rueckfrage'])
    .groupBy('d.name')
    .orderBy(sql`d.name nulls last`)
    .execute();
  return rows.map((r) => ({
    department: r.department,
    open: Number(r.open),
    overdue: Number(r.overdue),
    waiting: Number(r.waiting),
  }));
}

/** Days from submission to Bescheid per procedure: median and 90th percentile. */
export async function processingTimes(db: Executor, tenantId: string) {
  const rows = await t(db)
    .selectFrom('cases')
    .select([
      'procedure_slug as slug',
      sql<string>`max(procedure_title)`.as('title'),
      (eb) => eb.fn.countAll<number>().as('decided'),
      sql<number>`percentile_cont(0.5) within group (order by extract(epoch from decided_at - created_at) / 86400)`.as('median'),
      sql<number>`percentile_cont(0.9) within group (order by extract(epoch from decided_at - created_at) / 86400)`.as('p90'),
    ])
    .where('tenant_id', '=', tenantId)
    .where('decided_at', 'is not', null)
    .groupBy('procedure_slug')
    .orderBy('title')
    .execute();
  return rows.map((r) => ({
    slug: r.slug,
    title: r.title,
    decided: Number(r.decided),
    median: Number(r.median),
    p90: Number(r.p90),
  }));
}

// --- retention ---

/** Closed or withdrawn cases whose retention ended and whose personal data is still there. */
export const listDueForRetention = async (db: Executor, tenantId: string, today: string, limit = 200): Promise<CaseRow[]> =>
  (await caseQuery(db, tenantId)
    .where('c.retention_until', 'is not', null)
    .where('c.retention_until', '<=', today)
    .where('c.personal_data_deleted_at', 'is', null)
    .where('c.state', 'in', ['abgeschlossen', 'zurueckgezogen'])
    .orderBy('c.retention_until')
    .limit(limit)
    .execute()) as CaseRow[];

/** Tenants that have any case due (the job walks them one by one). */
export const tenantsWithDueCases = async (db: Executor, today: string): Promise<string[]> =>
  (
    await t(db)
      .selectFrom('cases')
      .select('tenant_id')
      .distinct()
      .where('retention_until', 'is not', null)
      .where('retention_until', '<=', today)
      .where('personal_data_deleted_at', 'is', null)
      .where('state', 'in', ['abgeschlossen', 'zurueckgezogen'])
      .execute()
  ).map((r) => r.tenant_id);
