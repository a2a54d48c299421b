import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { fileSubmissionPdf, runRetention, SUBMISSION_PDF_JOB } from '../src/modules/cases/index.js';
import { addDocumentVersion, extractPdfText, listCaseDocuments, readDocumentVerified } from '../src/modules/documents/index.js';
import { loadPublishedProcedure, submitApplication } from '../src/modules/forms/index.js';
import { publishProcedureVersion } from '../src/modules/forms/service.js';
import { createApiToken } from '../src/platform/auth/api-tokens.js';
import type { DiskBlobStore } from '../src/platform/files.js';
import { deliverQueuedMail } from '../src/platform/mail.js';
import { insertDepartment, type Tenant } from '../src/platform/tenancy/repo.js';
import { Browser, createCitizen, createStaff, csrfIn, loginCitizen, loginStaff, mailsTo, textOf } from './accounts-helpers.js';
import { postMultipart, samplePdf } from './catalog-admin-helpers.js';
import { familyProcedure, validData } from './forms-helpers.js';
import { createTenants, createTestApp, type TestApp } from './helpers/app.js';
import { engineUnderTest } from './helpers/database.js';

type CaseRowLite = {
  id: string;
  state: string;
  reference: string;
  department_id: string | null;
  deadline: unknown;
  applicant_email: string | null;
};

describe(`cases: from Antrag to Bescheid (${engineUnderTest})`, () => {
  let t: TestApp;
  let a: Tenant;
  let b: Tenant;
  let dataDir: string;
  let clerkToken: string;
  let otherClerkToken: string;
  let adminBToken: string;
  const api = '/api/v1/musterkreis';

  const db = () =>
    t.platform.db.withTables<{ cases: CaseRowLite; forms_submissions: { id: string; data: unknown; files: unknown } }>();
  const caseRow = (id: string) => db().selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  const auditActions = async (subject: string) =>
    (
      await t.platform.db
        .withTables<{ audit_log: { action: string; subject: string | null } }>()
        .selectFrom('audit_log')
        .select('action')
        .where('subject', '=', subject)
        .execute()
    ).map((r) => r.action);

  /** An application through the API; returns case id, reference and the status link from the receipt mail. */
  async function submitViaApi(email: string, name = 'Erika Mustermann') {
    const res = await t.app.inject({
      method: 'POST',
      url: `${api}/procedures/familienhilfe/submissions`,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ data: { ...validData(), email, name } }),
    });
    assert.equal(res.statusCode, 201, res.body);
    const { caseId, reference } = res.json();
    const [queued] = await mailsTo(t.platform, email);
    const link = /http:\/\/localhost:3000(\/musterkreis\/antrag\/status\/[A-Z0-9-]+\?token=[A-Za-z0-9_%-]+)/.exec(queued.text);
    assert.ok(link, `receipt mail without status link: ${queued.text}`);
    // The Eingangsbestätigung carries a PDF of what was submitted, rendered when the mail worker sends it.
    await deliverQueuedMail(t.platform, queued.tenant_id, queued.id);
    const [mail] = await mailsTo(t.platform, email);
    assert.equal(mail.status, 'captured');
    const [pdf] = mail.attachments;
    assert.equal(pdf?.contentType, 'application/pdf');
    assert.match(await extractPdfText(Buffer.from(pdf.content, 'base64')), new RegExp(reference));
    return { caseId: caseId as string, reference: reference as string, statusUrl: link[1] };
  }

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'rathaus-cases-'));
    t = await createTestApp({ env: { DATA_DIR: dataDir } });
    ({ a, b } = await createTenants(t.platform));
    const social = await insertDepartment(t.platform.db, a.id, { name: 'Jugend und Familie' });
    const building = await insertDepartment(t.platform.db, a.id, { name: 'Bauen und Umwelt' });
    const definition = familyProcedure({
      workflow: {
        department: 'Jugend und Familie',
        deadlineDays: 14,
        retentionYears: 1,
        decisionTemplates: [
          {
            name: 'Familienhilfe',
            title: 'Bescheid über Familienhilfe',
            markdown:
              'Sehr geehrte Frau {{applicant.name}},\n\n## Tenor\n\n{{tenor}}\n\n## Begründung\n\n{{reasons}}\n\n## Gebühren\n\n{{fee}}\n\n## Rechtsbehelfsbelehrung\n\nWiderspruch binnen eines Monats.',
          },
        ],
      },
    });
    assert.ok((await publishProcedureVersion(t.platform.db, a.id, definition)).ok);
    const clerk = await createStaff(t.platform, a, 'clerk@musterkreis.example', 'clerk', social.id);
    const otherClerk = await createStaff(t.platform, a, 'bau@musterkreis.example', 'clerk', building.id);
    await createStaff(t.platform, a, 'admin@musterkreis.example', 'admin');
    await createStaff(t.platform, a, 'editor@musterkreis.example', 'editor');
    const adminB = await createStaff(t.platform, b, 'admin@beispielstadt.example', 'admin');
    clerkToken = (await createApiToken(t.platform.db, { tenantId: a.id, userId: clerk.id, name: 'Fachverfahren' })).token;
    otherClerkToken = (await createApiToken(t.platform.db, { tenantId: a.id, userId: otherClerk.id, name: 'Bau' })).token;
    adminBToken = (await createApiToken(t.platform.db, { tenantId: b.id, userId: adminB.id, name: 'B' })).token;
  });
  after(async () => {
    await t.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('every submission opens a case in its department with deadline, the submitted data as PDF and the status link', async () => {
    const { caseId, reference } = await submitViaApi('opened@example.org');
    const row = await caseRow(caseId);
    assert.equal(row.state, 'eingegangen');
    assert.equal(row.reference, reference);
    assert.ok(row.department_id);
    const submission = await db().selectFrom('forms_submissions').select('id').where('id', '=', caseId).executeTakeFirst();
    assert.ok(submission, 'the case id is the submission id');

    const res = await t.app.inject({ url: `${api}/cases/${caseId}`, headers: auth(clerkToken) });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.state, 'eingegangen');
    assert.equal(body.department, 'Jugend und Familie');
    assert.match(body.deadline, /^\d{4}-\d{2}-\d{2}$/);
    const pdf = body.documents.find((d: { kind: string }) => d.kind === 'submission');
    assert.ok(pdf, 'no submission PDF in the file');
    const download = await t.app.inject({ url: `${api}/cases/${caseId}/documents/${pdf.id}`, headers: auth(clerkToken) });
    assert.equal(download.statusCode, 200);
    const text = await extractPdfText(download.rawPayload);
    assert.ok(text.includes(reference), text);
    assert.ok(text.includes('Erika Mustermann'));
    assert.ok(text.includes('Hauptstraße'), 'umlauts survive');
  });

  test('attachments of the application go into the file', async () => {
    const blob = await t.platform.files.put(samplePdf('Einkommensnachweis'));
    const procedure = await loadPublishedProcedure(t.platform.db, a.id, 'familienhilfe');
    assert.ok(procedure);
    const result = await submitApplication(t.platform, a, procedure, {
      data: {
        ...validData(),
        email: 'attach@example.org',
        nachweis: [{ sha256: blob.sha256, filename: 'nachweis.pdf', contentType: 'application/pdf', size: blob.size }],
      },
      channel: 'web',
      idempotencyKey: null,
      citizen: null,
    });
    assert.ok(result.ok);
    // The PDF of the submitted data comes from the job queued with the submission.
    await fileSubmissionPdf(t.platform, a.id, result.receipt.caseId);
    const docs = await listCaseDocuments(t.platform.db, a.id, result.receipt.caseId);
    assert.deepEqual(docs.map((d) => d.kind).sort(), ['attachment', 'submission']);
  });

  test('the submission PDF is filed once, whether the job or the receipt mail makes it first, and the mail carries the filed one', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `${api}/procedures/familienhilfe/submissions`,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ data: { ...validData(), email: 'once@example.org', name: 'Olga Once' } }),
    });
    assert.equal(res.statusCode, 201, res.body);
    const { caseId, reference } = res.json();
    const [queued] = await mailsTo(t.platform, 'once@example.org');
    // Job and mail worker at once: the case lock lets one of them file it.
    const [filed] = await Promise.all([
      fileSubmissionPdf(t.platform, a.id, caseId),
      deliverQueuedMail(t.platform, a.id, queued.id),
      fileSubmissionPdf(t.platform, a.id, caseId),
    ]);
    assert.ok(filed);
    const submissionDocs = (await listCaseDocuments(t.platform.db, a.id, caseId)).filter((d) => d.kind === 'submission');
    assert.equal(submissionDocs.length, 1);
    assert.equal(submissionDocs[0].filename, `Antrag-${reference}.pdf`);
    const [mail] = await mailsTo(t.platform, 'once@example.org');
    assert.equal(mail.attachments.length, 1);
    assert.equal(mail.attachments[0].filename, `Antrag-${reference}.pdf`);
    assert.ok(Buffer.from(mail.attachments[0].content, 'base64').equals(filed), 'the mail carries the filed PDF');
    const text = await extractPdfText(filed);
    assert.ok(text.includes(reference) && text.includes('Olga Once'), text);
  });

  test('without a receipt address a job of its own files the submission PDF', async () => {
    const base = familyProcedure();
    const definition = familyProcedure({
      id: 'ohne-mail',
      title: 'Ohne Eingangsbestätigung',
      pages: base.pages.map((page) => ({ ...page, fields: page.fields.filter((f) => f.key !== 'email') })),
    });
    assert.ok((await publishProcedureVersion(t.platform.db, a.id, definition)).ok);
    const procedure = await loadPublishedProcedure(t.platform.db, a.id, 'ohne-mail');
    assert.ok(procedure);
    const { email: _, ...data } = { ...validData(), name: 'Nora Nomail' };
    const result = await submitApplication(t.platform, a, procedure, {
      data,
      channel: 'web',
      idempotencyKey: null,
      citizen: null,
    });
    assert.ok(result.ok, JSON.stringify(result));
    const caseId = result.receipt.caseId;
    const jobs = await sql<{ data: { tenantId: string; caseId: string } }>`
      select data from pgboss.job where name = ${SUBMISSION_PDF_JOB}`.execute(t.platform.db);
    const job = jobs.rows.find((j) => j.data.caseId === caseId);
    assert.ok(job, 'no PDF job for the case');
    // What the worker does with the job.
    await fileSubmissionPdf(t.platform, job.data.tenantId, job.data.caseId);
    const docs = (await listCaseDocuments(t.platform.db, a.id, caseId)).filter((d) => d.kind === 'submission');
    assert.equal(docs.length, 1);
    const read = await readDocumentVerified(t.platform, a.id, docs[0].id);
    assert.ok('bytes' in read);
    assert.ok((await extractPdfText(read.bytes)).includes('Nora Nomail'));
  });

  test('permissions: other department, other tenant, editor and strangers get 404', async () => {
    const { caseId, statusUrl, reference } = await submitViaApi('perm@example.org');
    assert.equal((await t.app.inject({ url: `${api}/cases/${caseId}`, headers: auth(otherClerkToken) })).statusCode, 404);
    const list = await t.app.inject({ url: `${api}/cases`, headers: auth(otherClerkToken) });
    assert.equal(list.json().items.length, 0);
    assert.equal(
      (await t.app.inject({ url: `/api/v1/beispielstadt/cases/${caseId}`, headers: auth(adminBToken) })).statusCode,
      404,
    );
    assert.equal((await t.app.inject({ url: `${api}/cases/${caseId}`, headers: auth(adminBToken) })).statusCode, 401);
    assert.equal((await t.app.inject({ url: `${api}/cases/${caseId}` })).statusCode, 401);

    const other = new Browser(t.app);
    await loginStaff(other, 'musterkreis', 'bau@musterkreis.example');
    assert.equal((await other.get(`/musterkreis/verwaltung/vorgaenge/${caseId}`)).statusCode, 404);
    assert.ok(!(await other.get('/musterkreis/verwaltung/vorgaenge')).body.includes(reference));
    const editor = new Browser(t.app);
    await loginStaff(editor, 'musterkreis', 'editor@musterkreis.example');
    assert.equal((await editor.get(`/musterkreis/verwaltung/vorgaenge/${caseId}`)).statusCode, 404);
    const admin = new Browser(t.app);
    await loginStaff(admin, 'musterkreis', 'admin@musterkreis.example');
    assert.equal((await admin.get(`/musterkreis/verwaltung/vorgaenge/${caseId}`)).statusCode, 200);
    assert.ok((await auditActions(caseId)).includes('case.read'));

    // The status link: right token 200; wrong token and unknown reference the same 404.
    assert.equal((await t.app.inject(statusUrl)).statusCode, 200);
    const wrong = await t.app.inject(statusUrl.replace(/token=.*/, 'token=falsch'));
    const unknown = await t.app.inject(statusUrl.replace(reference, 'MK-2000-999999'));
    assert.equal(wrong.statusCode, 404);
    assert.equal(unknown.statusCode, 404);
    assert.equal(textOf(wrong.body), textOf(unknown.body));
    assert.equal((await t.app.inject(`${api}/status/${reference}?token=falsch`)).statusCode, 404);
    const token = decodeURIComponent(statusUrl.split('token=')[1]);
    const status = await t.app.inject(`${api}/status/${reference}?token=${encodeURIComponent(token)}`);
    assert.equal(status.statusCode, 200);
    assert.equal(status.json().state, 'eingegangen');
  });

  test('applicants with an account see only their own cases', async () => {
    const citizen = await createCitizen(t.platform, a, 'konto@example.org');
    await createCitizen(t.platform, a, 'fremd@example.org');
    const procedure = await loadPublishedProcedure(t.platform.db, a.id, 'familienhilfe');
    assert.ok(procedure);
    const result = await submitApplication(t.platform, a, procedure, {
      data: { ...validData(), email: 'konto@example.org' },
      channel: 'web',
      idempotencyKey: null,
      citizen: { userId: citizen.id, email: 'konto@example.org' },
    });
    assert.ok(result.ok);
    const own = new Browser(t.app);
    await loginCitizen(own, 'musterkreis', 'konto@example.org');
    const list = await own.get('/musterkreis/konto/antraege');
    assert.equal(list.statusCode, 200);
    assert.ok(textOf(list.body).includes(result.receipt.reference));
    assert.equal((await own.get(`/musterkreis/konto/antraege/${result.receipt.caseId}`)).statusCode, 200);
    const stranger = new Browser(t.app);
    await loginCitizen(stranger, 'musterkreis', 'fremd@example.org');
    assert.ok(!textOf((await stranger.get('/musterkreis/konto/antraege')).body).includes(result.receipt.reference));
    assert.equal((await stranger.get(`/musterkreis/konto/antraege/${result.receipt.caseId}`)).statusCode, 404);
  });

  test('inbox: bulk assign without JavaScript, "mir zugewiesen" filter, overdue said in words', async () => {
    const first = await submitViaApi('bulk1@example.org');
    const second = await submitViaApi('bulk2@example.org');
    const clerkUser = await t.platform.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'clerk@musterkreis.example')
      .executeTakeFirstOrThrow();
    const admin = new Browser(t.app);
    await loginStaff(admin, 'musterkreis', 'admin@musterkreis.example');
    const inbox = await admin.get('/musterkreis/verwaltung/vorgaenge');
    const none = await admin.post('/musterkreis/verwaltung/vorgaenge/zuweisen', {
      _csrf: csrfIn(inbox.body),
      bearbeitung: clerkUser.id,
    });
    assert.equal(none.statusCode, 422);
    const body = new URLSearchParams({
      _csrf: csrfIn(inbox.body),
      bearbeitung: clerkUser.id,
      zurueck: '/musterkreis/verwaltung/vorgaenge',
    });
    body.append('vorgang', first.caseId);
    body.append('vorgang', second.caseId);
    const res = await t.app.inject({
      method: 'POST',
      url: '/musterkreis/verwaltung/vorgaenge/zuweisen',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: admin.cookieHeader('/musterkreis/verwaltung/vorgaenge/zuweisen'),
      },
      payload: body.toString(),
      remoteAddress: admin.ip,
    });
    assert.equal(res.statusCode, 303, textOf(res.body));
    const clerk = new Browser(t.app);
    await loginStaff(clerk, 'musterkreis', 'clerk@musterkreis.example');
    const mine = textOf((await clerk.get('/musterkreis/verwaltung/vorgaenge?bearbeitung=ich')).body);
    assert.ok(mine.includes(first.reference) && mine.includes(second.reference), mine);
    await db().updateTable('cases').set({ deadline: '2020-01-01' }).where('id', '=', first.caseId).execute();
    const overdue = textOf((await clerk.get('/musterkreis/verwaltung/vorgaenge?ueberfaellig=1')).body);
    assert.ok(overdue.includes(first.reference) && !overdue.includes(second.reference));
    assert.match(overdue, /01\.01\.2020 Überfällig/);
  });

  test('transitions: illegal ones answer 409 with the allowed ones; deciding a case not in processing 409', async () => {
    const { caseId } = await submitViaApi('transitions@example.org');
    const move = (to: string, note?: string) =>
      t.app.inject({
        method: 'POST',
        url: `${api}/cases/${caseId}/transitions`,
        headers: { ...auth(clerkToken), 'content-type': 'application/json' },
        payload: JSON.stringify({ to, note }),
      });
    const illegal = await move('abgeschlossen');
    assert.equal(illegal.statusCode, 409);
    assert.deepEqual(illegal.json().error.allowed, ['in_bearbeitung']);
    assert.match(illegal.json().error.message, /Erlaubt ist: „In Bearbeitung“/);
    const decide = await t.app.inject({
      method: 'POST',
      url: `${api}/cases/${caseId}/decision`,
      headers: { ...auth(clerkToken), 'content-type': 'application/json' },
      payload: JSON.stringify({ outcome: 'bewilligt', tenor: 'Ja.' }),
    });
    assert.equal(decide.statusCode, 409);
    assert.equal((await move('in_bearbeitung')).statusCode, 200);
    const ask = await move('rueckfrage', 'Bitte senden Sie den Nachweis.');
    assert.equal(ask.statusCode, 200);
    assert.equal(ask.json().state, 'rueckfrage');
    const again = await move('rueckfrage', 'Noch einmal?');
    assert.equal(again.statusCode, 409);
    assert.deepEqual(again.json().error.allowed, ['in_bearbeitung']);
    assert.equal((await move('in_bearbeitung')).statusCode, 200);
    assert.ok((await auditActions(caseId)).filter((x) => x === 'case.transition').length >= 3);
  });

  test('Rückfrage round trip with upload, decision with an immutable Bescheid, postbox mails without content, tamper check', async () => {
    const { caseId, reference, statusUrl } = await submitViaApi('roundtrip@example.org', 'Renate Rundreise');
    const clerk = new Browser(t.app);
    await loginStaff(clerk, 'musterkreis', 'clerk@musterkreis.example');
    const page = `/musterkreis/verwaltung/vorgaenge/${caseId}`;
    const inbox = await clerk.get('/musterkreis/verwaltung/vorgaenge?status=eingegangen');
    assert.ok(textOf(inbox.body).includes(reference));

    assert.equal((await clerk.submit(page, `${page}/uebernehmen`, {})).statusCode, 303);
    const empty = await clerk.submit(page, `${page}/rueckfrage`, { nachricht: '' });
    assert.equal(empty.statusCode, 422);
    assert.ok(empty.body.indexOf('error-summary') < empty.body.indexOf('<h1'));
    const question = 'Bitte reichen Sie den Einkommensnachweis für März nach.';
    assert.equal((await clerk.submit(page, `${page}/rueckfrage`, { nachricht: question })).statusCode, 303);
    assert.equal((await caseRow(caseId)).state, 'rueckfrage');

    const [notice] = await mailsTo(t.platform, 'roundtrip@example.org');
    assert.equal(notice.subject, 'Sie haben eine neue Nachricht');
    for (const secret of ['Renate', 'Rundreise', 'Einkommensnachweis', 'Familienhilfe', 'Hauptstraße'])
      assert.ok(!notice.text.includes(secret), `mail contains ${secret}`);

    // The applicant (status link) reads the question and answers with a file.
    const applicant = new Browser(t.app);
    const postbox = await applicant.get(statusUrl);
    assert.equal(postbox.statusCode, 200);
    assert.ok(textOf(postbox.body).includes(question));
    const answerUrl = statusUrl.replace('?token', '/antwort?token');
    const wrongType = await postMultipart(
      applicant,
      answerUrl,
      { _csrf: csrfIn(postbox.body), antwort: 'Anbei.' },
      { field: 'dateien', filename: 'nachweis.pdf', contentType: 'application/pdf', bytes: Buffer.from('kein PDF') },
    );
    assert.equal(wrongType.statusCode, 415);
    assert.ok(wrongType.body.includes('Anbei.'), 'the answer text is kept');
    const answered = await postMultipart(
      applicant,
      answerUrl,
      { _csrf: csrfIn(postbox.body), antwort: 'Anbei der Nachweis.' },
      { field: 'dateien', filename: 'märz.pdf', contentType: 'application/pdf', bytes: samplePdf('Maerz') },
    );
    assert.equal(answered.statusCode, 303, textOf(answered.body));
    assert.equal((await caseRow(caseId)).state, 'in_bearbeitung');
    const docs = await listCaseDocuments(t.platform.db, a.id, caseId);
    assert.ok(docs.some((d) => d.kind === 'message' && d.filename === 'märz.pdf'));
    const clerkView = textOf((await clerk.get(page)).body);
    assert.ok(clerkView.includes('Anbei der Nachweis.'));
    assert.ok(clerkView.includes('Rückfrage beantwortet'));

    // Decision: Bescheid from the procedure's template.
    const tenor = 'Ihnen wird eine Familienhilfe von 75,00 € im Monat bewilligt.';
    const badDecision = await clerk.submit(page, `${page}/entscheiden`, { outcome: '', tenor: '', reasons: '', fee: 'viel' });
    assert.equal(badDecision.statusCode, 422);
    assert.ok(badDecision.body.includes('value="viel"'));
    const decided = await clerk.submit(page, `${page}/entscheiden`, {
      outcome: 'bewilligt',
      tenor,
      reasons: 'Die Voraussetzungen liegen vor.',
      fee: '0',
    });
    assert.equal(decided.statusCode, 303, textOf(decided.body));
    const row = await caseRow(caseId);
    assert.equal(row.state, 'entschieden');
    const bescheid = (await listCaseDocuments(t.platform.db, a.id, caseId)).find((d) => d.kind === 'bescheid');
    assert.ok(bescheid?.immutable);
    await assert.rejects(() =>
      addDocumentVersion(t.platform, t.platform.db, a.id, bescheid.id, {
        filename: 'x.pdf',
        contentType: 'application/pdf',
        bytes: samplePdf(),
      }),
    );

    const [docMail] = await mailsTo(t.platform, 'roundtrip@example.org');
    assert.equal(docMail.subject, 'Ein neues Dokument liegt in Ihrem Postfach');
    for (const secret of ['Renate', 'Rundreise', '75,00', 'bewilligt', 'Familienhilfe'])
      assert.ok(!docMail.text.includes(secret), `mail contains ${secret}`);

    // The applicant downloads the Bescheid from the postbox; its text has Aktenzeichen and tenor.
    const after = await applicant.get(statusUrl);
    const link = new RegExp(`href="([^"]*dokumente/${bescheid.id}[^"]*)"`).exec(after.body);
    assert.ok(link, 'no Bescheid link in the postbox');
    const download = await applicant.get(link[1].replace(/&amp;/g, '&'));
    assert.equal(download.statusCode, 200);
    assert.equal(download.headers['content-type'], 'application/pdf');
    const text = await extractPdfText(download.rawPayload);
    assert.ok(text.includes(reference), text);
    assert.ok(text.replace(/\s+/g, ' ').includes(tenor), text);
    assert.ok(text.includes('Renate Rundreise'));
    assert.ok(text.includes('Rechtsbehelfsbelehrung'));

    // Changed bytes on disk: an error and an audit entry, never the bytes.
    await writeFile((t.platform.files as DiskBlobStore).pathOf(bescheid.sha256), Buffer.from('%PDF-1.4 verändert'));
    const tampered = await clerk.get(`${page}/dokumente/${bescheid.id}`);
    assert.equal(tampered.statusCode, 409);
    assert.match(textOf(tampered.body), /stimmt nicht mehr mit der Prüfsumme überein/);
    assert.ok((await auditActions(bescheid.id)).includes('document.tamper_detected'));

    assert.equal((await clerk.submit(page, `${page}/abschliessen`, {})).statusCode, 303);
    assert.equal((await caseRow(caseId)).state, 'abgeschlossen');
  });

  test('decision through the API answers 201 with the Bescheid document', async () => {
    const { caseId, reference } = await submitViaApi('apidecision@example.org');
    await t.app.inject({
      method: 'POST',
      url: `${api}/cases/${caseId}/transitions`,
      headers: { ...auth(clerkToken), 'content-type': 'application/json' },
      payload: JSON.stringify({ to: 'in_bearbeitung' }),
    });
    const res = await t.app.inject({
      method: 'POST',
      url: `${api}/cases/${caseId}/decision`,
      headers: { ...auth(clerkToken), 'content-type': 'application/json' },
      payload: JSON.stringify({
        outcome: 'abgelehnt',
        tenor: 'Der Antrag wird abgelehnt.',
        reasons: 'Einkommen zu hoch.',
        fee: 25,
      }),
    });
    assert.equal(res.statusCode, 201, res.body);
    const doc = res.json();
    assert.equal(doc.kind, 'bescheid');
    assert.equal(doc.immutable, true);
    const pdf = await t.app.inject({ url: doc.url.replace('http://localhost:3000', ''), headers: auth(clerkToken) });
    const text = await extractPdfText(pdf.rawPayload);
    assert.ok(text.includes(reference) && text.includes('Der Antrag wird abgelehnt.') && text.includes('25,00 €'), text);
    const message = await t.app.inject({
      method: 'POST',
      url: `${api}/cases/${caseId}/messages`,
      headers: { ...auth(clerkToken), 'content-type': 'application/json' },
      payload: JSON.stringify({ body: 'Hinweis.' }),
    });
    assert.equal(message.statusCode, 201);
  });

  test('withdrawing before a decision, with a confirmation page; not twice', async () => {
    const { caseId, statusUrl } = await submitViaApi('withdraw@example.org');
    const applicant = new Browser(t.app);
    const confirmUrl = statusUrl.replace('?token', '/zurueckziehen?token');
    const confirm = await applicant.get(confirmUrl);
    assert.equal(confirm.statusCode, 200);
    assert.match(textOf(confirm.body), /wirklich zurückziehen/);
    const done = await applicant.post(confirmUrl, { _csrf: csrfIn(confirm.body) });
    assert.equal(done.statusCode, 303);
    assert.equal((await caseRow(caseId)).state, 'zurueckgezogen');
    const again = await applicant.post(confirmUrl, { _csrf: csrfIn(confirm.body) });
    assert.equal(again.statusCode, 409);
  });

  test('admin figures and retention: due cases listed, personal data deleted, audit with ids only', async () => {
    const admin = new Browser(t.app);
    await loginStaff(admin, 'musterkreis', 'admin@musterkreis.example');
    const figures = await admin.get('/musterkreis/verwaltung/vorgangskennzahlen');
    assert.equal(figures.statusCode, 200);
    assert.match(textOf(figures.body), /Jugend und Familie/);
    assert.match(textOf(figures.body), /Familienhilfe beantragen/);
    const clerk = new Browser(t.app);
    await loginStaff(clerk, 'musterkreis', 'clerk@musterkreis.example');
    assert.equal((await clerk.get('/musterkreis/verwaltung/vorgangskennzahlen')).statusCode, 404);

    const closed = await db()
      .selectFrom('cases')
      .select(['id', 'state'])
      .where('state', 'in', ['abgeschlossen', 'zurueckgezogen'])
      .execute();
    assert.ok(closed.length >= 2);
    const inTwoYears = new Date(Date.now() + 2 * 366 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    const deleted = await runRetention(t.platform, {}, inTwoYears);
    assert.equal(deleted, closed.length);
    for (const { id } of closed) {
      assert.equal((await listCaseDocuments(t.platform.db, a.id, id)).length, 0);
      const s = await db()
        .selectFrom('forms_submissions')
        .select(['data', 'files'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(s.data, {});
      const entries = await t.platform.db
        .withTables<{ audit_log: { action: string; subject: string | null; details: Record<string, unknown> } }>()
        .selectFrom('audit_log')
        .select(['details'])
        .where('subject', '=', id)
        .where('action', '=', 'case.retention_deleted')
        .execute();
      assert.equal(entries.length, 1);
      assert.ok(!JSON.stringify(entries[0].details).includes('@'));
      const messages = await t.platform.db
        .withTables<{ case_messages: { case_id: string } }>()
        .selectFrom('case_messages')
        .select('case_id')
        .where('case_id', '=', id)
        .execute();
      assert.equal(messages.length, 0);
    }
    assert.equal(await runRetention(t.platform, {}, inTwoYears), 0, 'a second run finds nothing');
    const open = await db().selectFrom('cases').select('id').where('state', '=', 'eingegangen').executeTakeFirstOrThrow();
    assert.ok((await listCaseDocuments(t.platform.db, a.id, open.id)).length > 0, 'open cases keep their file');
    assert.equal((await admin.get('/musterkreis/verwaltung/aufbewahrungsfristen')).statusCode, 200);
  });
});
