import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import { insertTopics } from '../src/modules/channel/repo.js';
import type { ChannelTables } from '../src/modules/channel/tables.js';
import { createApiToken } from '../src/platform/auth/api-tokens.js';
import { loadConfig } from '../src/platform/config.js';
import { preparePlatform, stopPlatform } from '../src/platform/platform.js';
import { insertTenant } from '../src/platform/tenancy/repo.js';
import { benchEngineNames, createBenchEngine } from './engines.js';
import { progress, startServer } from './measure.js';
import type { Suite } from './suite.js';

const TENANT = 'benchkreis';
const RECIPIENT_DOMAIN = '@empfang.example';
/** The alert goes to all three; each subscriber follows one, two or all three of them. */
const TOPICS = [
  { slug: 'gefahrenhinweise', title: 'Gefahrenhinweise' },
  { slug: 'strassensperrungen', title: 'Straßensperrungen' },
  { slug: 'veranstaltungen', title: 'Veranstaltungen' },
];
/** Without a new mail for this long, the run ends and reports who is missing. */
const STALL_SECONDS = Number(process.env.BENCH_FANOUT_STALL_SECONDS ?? 90);

/** `--subscribers N` (default 100,000). */
function subscriberCount(): number {
  const args = process.argv.slice(2);
  const at = args.indexOf('--subscribers');
  const value = at >= 0 ? Number(args[at + 1]) : Number(process.env.BENCH_SUBSCRIBERS ?? 100_000);
  if (!Number.isInteger(value) || value < 1) throw new Error('--subscribers erwartet eine ganze Zahl ≥ 1');
  return value;
}

/** An SMTP server that accepts every mail, throws it away and counts it per recipient. */
async function startSink() {
  const perRecipient = new Map<string, number>();
  const sink = { total: 0, first: 0, last: 0, perRecipient };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    disableReverseLookup: true,
    logger: false,
    onData(stream, session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        const now = performance.now();
        for (const to of session.envelope.rcptTo) {
          // Only the bench's subscribers: the demo data may mail its own accounts.
          if (!to.address.endsWith(RECIPIENT_DOMAIN)) continue;
          if (sink.total === 0) sink.first = now;
          sink.last = now;
          sink.total++;
          perRecipient.set(to.address, (perRecipient.get(to.address) ?? 0) + 1);
        }
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    sink,
    reset() {
      perRecipient.clear();
      sink.total = sink.first = sink.last = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Tenant, topics, N confirmed subscribers and an editor's API token, written before the server owns the database. */
async function prepareSubscribers(env: Record<string, string | undefined>, n: number): Promise<string> {
  const config = loadConfig({ ...process.env, ...env, LOG_LEVEL: 'silent' });
  const platform = await preparePlatform(config, { work: false });
  try {
    const started = performance.now();
    const tenant = await insertTenant(platform.db, { slug: TENANT, name: 'Landkreis Benchkreis', type: 'landkreis' });
    await insertTopics(
      platform.db,
      TOPICS.map((t, position) => ({ tenant_id: tenant.id, slug: t.slug, title: t.title, position })),
    );
    const db = platform.db.withTables<ChannelTables>();
    await sql`
      insert into channel_subscribers (tenant_id, email, confirmed_at)
      select ${tenant.id}::uuid, 'abo' || g || ${RECIPIENT_DOMAIN}, now() from generate_series(1, ${n}::int) g`.execute(db);
    // Subscriber g follows the topics of the bit mask (g % 7) + 1: one, two or three of them.
    await sql`
      insert into channel_subscriptions (subscriber_id, topic_id)
      select s.id, t.id
      from channel_subscribers s
      join channel_topics t on t.tenant_id = s.tenant_id
      where s.tenant_id = ${tenant.id}
        and ((split_part(split_part(s.email, '@', 1), 'abo', 2)::int % 7 + 1) & (1 << t.position)) <> 0`.execute(db);
    const editor = await platform.db
      .insertInto('users')
      .values({
        tenant_id: tenant.id,
        kind: 'staff',
        email: 'leitstelle@benchkreis.example',
        name: 'Leitstelle',
        password_hash: '-',
        role: 'editor',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { token } = await createApiToken(platform.db, { tenantId: tenant.id, userId: editor.id, name: 'Benchmark' });
    progress(`  ${n} bestätigte Abonnenten angelegt in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return token;
  } finally {
    await stopPlatform(platform);
  }
}

interface Row {
  engine: string;
  mode: string;
  recipients: number;
  firstSeconds: number;
  lastSeconds: number;
  missing: number;
  duplicates: number;
  failed: number;
  /** CPU seconds the server process used for the run: comparable on a busy machine where times are not. */
  serverCpuSeconds?: number;
}

/**
 * CPU seconds (user + system) of this process's children, i.e. the server (Linux; undefined
 * elsewhere). Clock ticks of 1/100 s, the Linux default.
 */
async function serverCpuSeconds(): Promise<number | undefined> {
  try {
    const children = (await readFile(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8')).trim().split(/\s+/);
    let ticks = 0;
    for (const pid of children.filter(Boolean)) {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    }
    return ticks / 100;
  } catch {
    return undefined;
  }
}

const cpuSince = async (start: number | undefined) => {
  const end = await serverCpuSeconds();
  return start === undefined || end === undefined ? undefined : end - start;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Publishes one alert to all three topics; returns its id, the recipients and the moment of publishing. */
async function publishAlert(baseUrl: string, token: string, label: string) {
  const now = Date.now();
  const publishedAt = performance.now();
  const res = await fetch(`${baseUrl}/api/v1/${TENANT}/channel/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      title: `Großbrand am Bahndamm: Fenster geschlossen halten (${label})`,
      body: 'Starke Rauchentwicklung im Ortsteil Nord. Bitte meiden Sie das Gebiet.',
      topics: TOPICS.map((t) => t.slug),
      alert: {
        category: 'Brand',
        severity: 'Severe',
        urgency: 'Immediate',
        certainty: 'Observed',
        instruction: 'Fenster und Türen geschlossen halten.',
        area: { description: 'Ortsteil Nord', circle: { lat: 48.25, lon: 12.52, radiusKm: 3 } },
        validFrom: new Date(now - 60_000).toISOString(),
        validUntil: new Date(now + 6 * 3600_000).toISOString(),
      },
    }),
  });
  if (res.status !== 201) throw new Error(`Veröffentlichen: ${res.status} ${await res.text()}`);
  const { id, recipients } = (await res.json()) as { id: string; recipients: number };
  return { id, recipients, publishedAt };
}

async function deliveryStatus(baseUrl: string, token: string, id: string) {
  const res = await fetch(`${baseUrl}/api/v1/${TENANT}/channel/messages/${id}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!res.ok) throw new Error(`Zustellstand: ${res.status}`);
  return (await res.json()) as { sent: number; pending: number; failed: number };
}

/** SMTP: the sink counts every mail; the run ends when everyone has one or nothing arrives any more. */
async function measureSmtp(engine: string, baseUrl: string, token: string, sink: Awaited<ReturnType<typeof startSink>>) {
  sink.reset();
  const cpu = await serverCpuSeconds();
  const { id, recipients, publishedAt } = await publishAlert(baseUrl, token, 'SMTP');
  let seen = 0;
  let lastProgress = performance.now();
  let lastReport = performance.now();
  while (sink.sink.perRecipient.size < recipients) {
    await sleep(100);
    const now = performance.now();
    if (sink.sink.total !== seen) {
      seen = sink.sink.total;
      lastProgress = now;
    } else if (now - lastProgress > STALL_SECONDS * 1000) break;
    if (now - lastReport > 10_000) {
      lastReport = now;
      progress(`    ${sink.sink.perRecipient.size} von ${recipients} nach ${((now - publishedAt) / 1000).toFixed(0)} s`);
    }
  }
  const serverCpu = await cpuSince(cpu);
  // Late duplicates would arrive now.
  await sleep(2000);
  const status = await deliveryStatus(baseUrl, token, id);
  const unique = sink.sink.perRecipient.size;
  return {
    engine,
    mode: `SMTP (Pool ${process.env.SMTP_POOL_SIZE ?? 10})`,
    recipients,
    firstSeconds: (sink.sink.first - publishedAt) / 1000,
    lastSeconds: (sink.sink.last - publishedAt) / 1000,
    missing: recipients - unique,
    duplicates: sink.sink.total - unique,
    failed: status.failed,
    serverCpuSeconds: serverCpu,
  } satisfies Row;
}

/** Capture mode (no SMTP_URL): the mails land in the Postausgang table; the delivery counts tell the progress. */
async function measureCapture(engine: string, baseUrl: string, token: string) {
  const cpu = await serverCpuSeconds();
  const { id, recipients, publishedAt } = await publishAlert(baseUrl, token, 'Postausgang');
  let first = 0;
  let last = 0;
  let status = { sent: 0, pending: recipients, failed: 0 };
  let lastProgress = performance.now();
  while (status.sent + status.failed < recipients) {
    await sleep(200);
    const next = await deliveryStatus(baseUrl, token, id);
    const now = performance.now();
    if (next.sent > 0 && first === 0) first = now;
    if (next.sent !== status.sent) {
      last = now;
      lastProgress = now;
    } else if (now - lastProgress > STALL_SECONDS * 1000) break;
    status = next;
  }
  const serverCpu = await cpuSince(cpu);
  return {
    engine,
    mode: 'Postausgang (ohne SMTP)',
    recipients,
    firstSeconds: (first - publishedAt) / 1000,
    lastSeconds: (last - publishedAt) / 1000,
    missing: recipients - status.sent - status.failed,
    // Each delivery row leaves `pending` once; the capture mode cannot count mails twice per row.
    duplicates: 0,
    failed: status.failed,
    serverCpuSeconds: serverCpu,
  } satisfies Row;
}

function table(rows: Row[]): string {
  const f = (n: number, digits = 0) =>
    n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits, useGrouping: false });
  const lines = [
    '| engine | Zustellung | Empfänger | erste Mail s | letzte Mail s | Mails/s | fehlend | doppelt | fehlgeschlagen | Server-CPU s |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows)
    lines.push(
      `| ${r.engine} | ${r.mode} | ${r.recipients} | ${f(r.firstSeconds, 2)} | ${f(r.lastSeconds, 1)} | ${f(r.recipients / r.lastSeconds)} | ${r.missing} | ${r.duplicates} | ${r.failed} | ${r.serverCpuSeconds === undefined ? '–' : f(r.serverCpuSeconds, 1)} |`,
    );
  return lines.join('\n');
}

/** One alert to N subscribers over three overlapping topics, per engine: over SMTP to a local sink, and captured. */
export const fanoutSuite: Suite = {
  name: 'fanout',
  description:
    'Eine Warnung an N bestätigte Abonnenten (--subscribers, Standard 100.000) über SMTP an einen lokalen Empfänger und im Postausgang-Modus',
  async run() {
    const n = subscriberCount();
    const rows: Row[] = [];
    const sink = await startSink();
    try {
      for (const kind of benchEngineNames()) {
        const engine = await createBenchEngine(kind);
        try {
          progress(`${engine.name}: ${n} Abonnenten anlegen …`);
          const token = await prepareSubscribers(engine.env, n);
          const settings = { ...engine.env, RATE_LIMIT_API_PER_MINUTE: '0', SEED_DEMO: 'false' };
          progress(`${engine.name}: Server mit SMTP starten …`);
          let server = await startServer({ ...settings, SMTP_URL: sink.url });
          try {
            progress(`  ${engine.name}: Warnung an ${n} über SMTP`);
            rows.push(await measureSmtp(engine.name, server.baseUrl, token, sink));
          } finally {
            await server.stop();
          }
          progress(`${engine.name}: Server ohne SMTP (Postausgang) starten …`);
          server = await startServer({ ...settings, SMTP_URL: undefined });
          try {
            progress(`  ${engine.name}: Warnung an ${n} in den Postausgang`);
            rows.push(await measureCapture(engine.name, server.baseUrl, token));
          } finally {
            await server.stop();
          }
        } finally {
          await engine.cleanup();
        }
      }
    } finally {
      await sink.close();
    }
    return table(rows);
  },
};
