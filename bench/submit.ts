/**
 * `npm run bench -- submit`: durable submissions per second through
 * `POST /api/v1/musterkreis/procedures/schulbus-meldung/submissions` (JSON), one server
 * process (bench/server.ts, job workers included), per engine. Each 201 is a committed
 * transaction: Ajv validation, reference, submission, case with its event, receipt mail
 * (outbox, its PDF attachment deferred) and audit entry. The PDF of the submitted data is
 * rendered after commit, by the mail worker, which files it in the case too.
 *
 * Afterwards (PostgreSQL: once the workers have sent every receipt, at most
 * BENCH_DRAIN_SECONDS) the server is stopped and the database checked: as many cases as
 * 201 answers, as many receipt mails, how many of them carry the rendered PDF and how
 * many case files hold it, and an intact audit chain.
 * BENCH_SUBMISSIONS (3000) measured after 200 for warm-up, BENCH_CONNECTIONS (10) at once. A fixed
 * number rather than a duration: a request cut off at the end of a timed run may still
 * commit, and then cases and 201 answers could not be compared.
 */
import autocannon from 'autocannon';
import { sql } from 'kysely';
import pg from 'pg';
import { verifyAuditChain } from '../src/platform/audit.js';
import { loadConfig } from '../src/platform/config.js';
import { openDatabase } from '../src/platform/db/open.js';
import { benchEngineNames, createBenchEngine } from './engines.js';
import { progress, settings, startServer } from './measure.js';
import type { Suite } from './suite.js';

const TENANT = 'musterkreis';
const PROCEDURE = 'schulbus-meldung';
/** Marks the benchmark's applications so the check counts only them (the demo seeds cases too). */
const EMAIL = 'bench-submit@example.org';
const SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS ?? 3000);
const WARMUP = 200;
const DRAIN_SECONDS = Number(process.env.BENCH_DRAIN_SECONDS ?? 120);

/** Waits until the server's workers have sent every receipt of the benchmark; seconds waited. */
async function drainReceipts(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const started = Date.now();
  try {
    while (Date.now() - started < DRAIN_SECONDS * 1000) {
      const { rows } = await client.query<{ n: number }>(
        `select count(*)::int as n from outgoing_mails where "to" = $1 and status = 'queued'`,
        [EMAIL],
      );
      if (rows[0].n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    return (Date.now() - started) / 1000;
  } finally {
    await client.end();
  }
}

/** A complete Schulbus report: dates, pattern, radio, a conditional number, text, e-mail, consent. */
function applicationData() {
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  return {
    datum: yesterday,
    linie: '6203',
    haltestelle: 'Musterstadt, Marktplatz',
    planzeit: '07:15',
    art: 'verspaetung',
    minuten: 25,
    schule: 'Gymnasium Musterstadt',
    beschreibung:
      'Der Bus kam an drei Tagen dieser Woche deutlich zu spät; die Kinder haben die erste Stunde verpasst. Bitte klären Sie das mit dem Verkehrsunternehmen.',
    name: 'Erika Mustermann',
    email: EMAIL,
    datenschutz: true,
  };
}

interface Row {
  engine: string;
  perSecond: number;
  p50: number;
  p99: number;
  created: number;
  errors: number;
  cases: number;
  mails: number;
  pdfMails: number;
  pdfFiles: number;
  drainSeconds: number | null;
  audit: string;
}

async function runOn(kind: 'embedded' | 'postgres'): Promise<Row> {
  const engine = await createBenchEngine(kind);
  try {
    progress(`${engine.name}: Server starten, Demo-Mandanten anlegen …`);
    // One client address sends everything: the API's per-IP limit (counted in the database) stays on, but high.
    const server = await startServer({ ...engine.env, RATE_LIMIT_API_PER_MINUTE: '1000000' });
    const url = `${server.baseUrl}/api/v1/${TENANT}/procedures/${PROCEDURE}/submissions`;
    const options = {
      url,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data: applicationData() }),
      connections: settings.connections,
      // A request given up by the client may still commit: wait rather than count it as an error.
      timeout: 300,
    };
    let created = 0;
    let errors = 0;
    let drainSeconds: number | null = null;
    let result: Awaited<ReturnType<typeof autocannon>>;
    try {
      const check = await fetch(url, { method: 'POST', headers: options.headers, body: options.body });
      if (check.status !== 201) throw new Error(`Die Einreichung antwortet mit ${check.status}: ${await check.text()}`);
      created += 1;
      const warm = await autocannon({ ...options, amount: WARMUP });
      created += warm['2xx'];
      errors += warm.non2xx + warm.errors + warm.timeouts;
      progress(`  ${engine.name}: ${SUBMISSIONS} Anträge, ${settings.connections} Verbindungen …`);
      result = await autocannon({ ...options, amount: SUBMISSIONS });
      created += result['2xx'];
      errors += result.non2xx + result.errors + result.timeouts;
      if (engine.env.DATABASE_URL) {
        progress(`  ${engine.name}: warten, bis die Eingangsbestätigungen mit PDF versandt sind …`);
        drainSeconds = await drainReceipts(engine.env.DATABASE_URL);
      }
    } finally {
      await server.stop();
    }

    // The server has released the database (PGlite has one owner): count what was stored.
    const database = await openDatabase(loadConfig({ ...process.env, ...engine.env, LOG_LEVEL: 'silent' }));
    try {
      const { rows } = await sql<{ tenant_id: string; cases: number; mails: number; pdf_mails: number; pdf_files: number }>`
        select t.id as tenant_id,
          (select count(*)::int from cases c where c.tenant_id = t.id and c.applicant_email = ${EMAIL}) as cases,
          (select count(*)::int from outgoing_mails m where m.tenant_id = t.id and m."to" = ${EMAIL}
             and jsonb_array_length(m.attachments) > 0) as mails,
          (select count(*)::int from outgoing_mails m where m.tenant_id = t.id and m."to" = ${EMAIL}
             and m.attachments -> 0 ->> 'content' <> '') as pdf_mails,
          (select count(*)::int from documents d join cases c on c.tenant_id = d.tenant_id and c.id = d.case_id
             where d.tenant_id = t.id and d.kind = 'submission' and c.applicant_email = ${EMAIL}) as pdf_files
        from tenants t where t.slug = ${TENANT}`.execute(database.db);
      const verification = await verifyAuditChain(database.db, rows[0].tenant_id);
      return {
        engine: engine.name,
        perSecond: result['2xx'] / result.duration,
        p50: result.latency.p50,
        p99: result.latency.p99,
        created,
        errors,
        cases: rows[0].cases,
        mails: rows[0].mails,
        pdfMails: rows[0].pdf_mails,
        pdfFiles: rows[0].pdf_files,
        drainSeconds,
        audit: verification.ok ? `intakt (${verification.entries})` : `GEBROCHEN bei #${verification.brokenAt}`,
      };
    } finally {
      await database.close();
    }
  } finally {
    await engine.cleanup();
  }
}

export const submitSuite: Suite = {
  name: 'submit',
  description: `Anträge über die API (POST …/procedures/${PROCEDURE}/submissions), ein Serverprozess, auf jeder verfügbaren Datenbank`,
  async run() {
    const rows: Row[] = [];
    for (const kind of benchEngineNames()) rows.push(await runOn(kind));
    const lines = [
      '| engine | submissions/s | p50 ms | p99 ms | errors | 201 answers | cases | receipt mails | with rendered PDF | PDFs in case files | workers done after s | audit chain |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
      ...rows.map(
        (r) =>
          `| ${r.engine} | ${r.perSecond.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.created} | ${r.cases} | ${r.mails} | ${r.pdfMails} | ${r.pdfFiles} | ${r.drainSeconds === null ? '–' : r.drainSeconds.toFixed(0)} | ${r.audit} |`,
      ),
    ];
    for (const r of rows) {
      if (r.cases !== r.created) lines.push('', `Achtung: ${r.engine}: ${r.created} Antworten 201, aber ${r.cases} Vorgänge.`);
    }
    return lines.join('\n');
  },
};
