/**
 * `npm run bench -- cases`: 100,000 cases (Vorgänge) with their documents in one
 * tenant, then the clerk's inbox query and the document full-text search, called
 * in-process through the same service functions the pages use, p50/p99 per engine.
 *
 * BENCH_CASES (100000) sets the size, BENCH_CASES_RUNS (200) the runs per query.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { InboxFilter } from '../src/modules/cases/repo.js';
import { type CaseState, listInbox } from '../src/modules/cases/service.js';
import type { CasesTables } from '../src/modules/cases/tables.js';
import { type BulkDocument, bulkInsertDocuments, searchDocuments } from '../src/modules/documents/index.js';
import { loadConfig } from '../src/platform/config.js';
import type { Principal } from '../src/platform/http/request-context.js';
import { renderLetterPdf } from '../src/platform/pdf.js';
import { type Platform, preparePlatform, stopPlatform } from '../src/platform/platform.js';
import { insertDepartment, insertTenant } from '../src/platform/tenancy/repo.js';
import { benchEngineNames, createBenchEngine } from './engines.js';
import { progress } from './measure.js';
import type { Suite } from './suite.js';

export const CASE_COUNT = Number(process.env.BENCH_CASES ?? 100_000);
const RUNS = Number(process.env.BENCH_CASES_RUNS ?? 200);
const WARMUP = 20;
const DAY = 86_400_000;

/** Departments of a Landratsamt and their share of the cases. */
const departments: [name: string, weight: number][] = [
  ['Bürgerservice und Zulassung', 30],
  ['Bauen und Umwelt', 20],
  ['Jugend und Familie', 15],
  ['Soziales und Senioren', 15],
  ['Ausländerwesen und Einbürgerung', 10],
  ['Öffentliche Sicherheit und Ordnung', 10],
];

/** Procedures: slug, title, department index, deadline in days, words typical for its files. */
const procedures: [slug: string, title: string, department: number, deadlineDays: number, words: string][] = [
  ['kfz-zulassung', 'Fahrzeug zulassen', 0, 7, 'Fahrzeug Zulassung Kennzeichen Halter Fahrzeugschein Versicherung eVB-Nummer'],
  [
    'fuehrerschein-umtausch',
    'Führerschein umtauschen',
    0,
    21,
    'Führerschein Fahrerlaubnis Umtausch Lichtbild Klasse Karteikarte',
  ],
  ['anwohnerparken', 'Bewohnerparkausweis', 0, 10, 'Parkausweis Bewohner Parkzone Fahrzeug Wohnsitz Meldebescheinigung'],
  [
    'baugenehmigung',
    'Baugenehmigung beantragen',
    1,
    90,
    'Bauantrag Baugenehmigung Bebauungsplan Grundstück Statik Abstandsflächen Nachbar',
  ],
  ['baumfaellung', 'Baum fällen', 1, 30, 'Baumfällung Baumschutz Ersatzpflanzung Grundstück Gutachten Stammumfang'],
  ['kleinklaeranlage', 'Kleinkläranlage anzeigen', 1, 60, 'Kläranlage Abwasser Wasserrecht Grundstück Wartung Prüfbericht'],
  [
    'schuelerbefoerderung',
    'Kostenübernahme Schülerbeförderung',
    2,
    21,
    'Schulweg Schulbus Fahrkarte Schüler Schule Fahrtkosten Entfernung',
  ],
  [
    'unterhaltsvorschuss',
    'Unterhaltsvorschuss beantragen',
    2,
    30,
    'Unterhalt Vorschuss Kind Alleinerziehend Geburtsurkunde Unterhaltspflichtiger',
  ],
  [
    'bildung-und-teilhabe',
    'Leistungen für Bildung und Teilhabe',
    3,
    30,
    'Schulbedarf Klassenfahrt Mittagessen Lernförderung Wohngeld Kinderzuschlag',
  ],
  ['wohngeld', 'Wohngeld beantragen', 3, 45, 'Wohngeld Miete Einkommen Haushalt Mietvertrag Mietzuschuss Einkommensnachweis'],
  [
    'einbuergerung',
    'Einbürgerung beantragen',
    4,
    180,
    'Einbürgerung Staatsangehörigkeit Aufenthaltstitel Sprachnachweis Einbürgerungstest Pass',
  ],
  [
    'aufenthaltstitel',
    'Aufenthaltstitel verlängern',
    4,
    60,
    'Aufenthaltserlaubnis Aufenthaltstitel Pass Arbeitgeber Krankenversicherung Verlängerung',
  ],
  ['waffenbesitzkarte', 'Waffenbesitzkarte', 5, 45, 'Waffenbesitzkarte Waffe Sachkunde Bedürfnis Zuverlässigkeit Schützenverein'],
  [
    'veranstaltung',
    'Veranstaltung anzeigen',
    5,
    21,
    'Veranstaltung Sicherheitskonzept Lärm Sperrzeit Ausschank Parkplätze Ordnungsdienst',
  ],
];

const streets = ['Hauptstraße', 'Bahnhofstraße', 'Am Anger', 'Kirchweg', 'Lindenallee', 'Schulstraße', 'Mühlweg', 'Gartenstraße'];
const towns = ['Musterstadt', 'Oberdorf', 'Unterdorf', 'Talheim', 'Bergen', 'Neukirchen', 'Seefeld', 'Altenau'];
const firstNames = ['Anna', 'Jonas', 'Murat', 'Lena', 'Petra', 'Bernd', 'Sofia', 'Lukas', 'Aylin', 'Karl', 'Marie', 'Emil'];
const lastNames = ['Müller', 'Schmidt', 'Yılmaz', 'Weber', 'Fischer', 'Becker', 'Wagner', 'Hoffmann', 'Schäfer', 'Koch'];
const phrases = [
  'Die Unterlagen sind vollständig eingegangen.',
  'Die antragstellende Person hat die erforderlichen Nachweise beigefügt.',
  'Nach Prüfung der Angaben bestehen keine Bedenken.',
  'Die Gebühr richtet sich nach dem Kostenverzeichnis.',
  'Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Widerspruch erhoben werden.',
  'Der Widerspruch ist schriftlich oder zur Niederschrift beim Landratsamt einzulegen.',
  'Die Entscheidung beruht auf den Vorschriften des Verwaltungsverfahrensgesetzes.',
  'Bitte reichen Sie fehlende Nachweise innerhalb von zwei Wochen nach.',
  'Die Stellungnahme der beteiligten Fachstelle liegt vor.',
  'Eine Anhörung der Beteiligten hat stattgefunden.',
  'Auflagen und Bedingungen sind Bestandteil dieses Bescheids.',
  'Die Frist beginnt mit dem Tag nach der Zustellung.',
];

/** A small deterministic generator: the same data on both engines. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Generated {
  tenantId: string;
  departmentIds: string[];
  clerks: Principal[];
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** Fills one tenant with CASE_COUNT cases and their documents, before measuring. */
export async function fill(platform: Platform): Promise<Generated> {
  const db = platform.db;
  const tenant = await insertTenant(db, { slug: 'benchkreis', name: 'Landkreis Benchkreis', type: 'landkreis' });
  const departmentIds: string[] = [];
  for (const [name] of departments) departmentIds.push((await insertDepartment(db, tenant.id, { name })).id);
  const clerks: Principal[] = [];
  for (const [i, departmentId] of departmentIds.entries()) {
    for (let k = 0; k < 4; k++) {
      const email = `sb${i}-${k}@benchkreis.example`;
      const user = await db
        .insertInto('users')
        .values({
          tenant_id: tenant.id,
          kind: 'staff',
          email,
          name: `Sachbearbeitung ${i}-${k}`,
          password_hash: 'x',
          role: 'clerk',
          department_id: departmentId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      clerks.push({
        userId: user.id,
        tenantId: tenant.id,
        kind: 'staff',
        email,
        name: `Sachbearbeitung ${i}-${k}`,
        role: 'clerk',
        departmentId,
        via: 'session',
      });
    }
  }

  // One real PDF that every generated document names (nothing here reads the bytes).
  const pdf = await renderLetterPdf({
    letterhead: { name: 'Landkreis Benchkreis' },
    title: 'Bescheid',
    reference: 'BK-2025-000000',
    date: new Date(),
    body: phrases.join('\n\n'),
  });
  const blob = await platform.files.put(pdf);

  const rand = random(42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)];
  const departmentTotal = departments.reduce((s, [, w]) => s + w, 0);
  const pickDepartment = () => {
    let r = rand() * departmentTotal;
    for (const [i, [, w]] of departments.entries()) {
      r -= w;
      if (r < 0) return i;
    }
    return departments.length - 1;
  };
  const now = Date.now();
  const cases = t(db);
  let documents: BulkDocument[] = [];
  let rows: Record<string, unknown>[] = [];
  let documentCount = 0;
  const started = Date.now();

  // Where the build time goes: inserting cases, inserting documents (the rest is generating).
  const spent = { cases: 0, documents: 0 };
  const flush = async () => {
    const t0 = Date.now();
    if (rows.length > 0)
      await cases
        .insertInto('cases')
        .values(rows as never)
        .execute();
    const t1 = Date.now();
    if (documents.length > 0) await bulkInsertDocuments(db, documents);
    spent.cases += t1 - t0;
    spent.documents += Date.now() - t1;
    documentCount += documents.length;
    rows = [];
    documents = [];
  };

  for (let n = 0; n < CASE_COUNT; n++) {
    const department = pickDepartment();
    const own = procedures.filter((p) => p[2] === department);
    const [slug, title, , deadlineDays, words] = pick(own);
    // About 30 % open: recent ones; the rest decided, closed or withdrawn over two years.
    const r = rand();
    const state: CaseState =
      r < 0.08
        ? 'eingegangen'
        : r < 0.2
          ? 'in_bearbeitung'
          : r < 0.26
            ? 'rueckfrage'
            : r < 0.34
              ? 'entschieden'
              : r < 0.97
                ? 'abgeschlossen'
                : 'zurueckgezogen';
    const open = state === 'eingegangen' || state === 'in_bearbeitung' || state === 'rueckfrage';
    // Open cases came in within the last 1.25 deadlines (a fifth overdue), others within two years.
    const ageDays = open ? rand() * deadlineDays * 1.25 : rand() * 730;
    const createdAt = new Date(now - ageDays * DAY);
    const deadline = iso(new Date(createdAt.getTime() + deadlineDays * DAY));
    const clerk = clerks[department * 4 + Math.floor(rand() * 4)];
    const name = `${pick(firstNames)} ${pick(lastNames)}`;
    const reference = `BK-${createdAt.getUTCFullYear()}-${String(n + 1).padStart(6, '0')}`;
    const decided = state === 'entschieden' || state === 'abgeschlossen';
    const decidedAt = decided ? new Date(createdAt.getTime() + rand() * deadlineDays * 1.2 * DAY) : null;
    const id = crypto.randomUUID();
    rows.push({
      id,
      tenant_id: tenant.id,
      procedure_slug: slug,
      procedure_title: title,
      department_id: departmentIds[department],
      reference,
      state,
      outcome: decided ? pick(['bewilligt', 'bewilligt', 'teilweise_bewilligt', 'abgelehnt'] as const) : null,
      assignee_id: state === 'eingegangen' && rand() < 0.8 ? null : clerk.userId,
      applicant_name: name,
      applicant_email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@example.org`,
      status_token_hash: 'x',
      deadline,
      decided_at: decidedAt,
      closed_at: state === 'abgeschlossen' || state === 'zurueckgezogen' ? (decidedAt ?? createdAt) : null,
      retention_years: 5,
      created_at: createdAt,
      updated_at: createdAt,
    });
    const common = {
      tenantId: tenant.id,
      caseId: id,
      departmentId: departmentIds[department],
      reference,
      procedureSlug: slug,
      createdBy: null,
      metadata: {},
      createdAt,
    };
    const address = `${pick(streets)} ${1 + Math.floor(rand() * 80)}, ${84000 + Math.floor(rand() * 999)} ${pick(towns)}`;
    const answers = `Antrag: ${title}\n${reference}\nName: ${name}\nAnschrift: ${address}\n${words}\n${pick(phrases)} ${pick(phrases)}`;
    documents.push({
      ...common,
      title: `Antrag: ${title}`,
      kind: 'submission',
      tags: [],
      immutable: true,
      file: {
        sha256: blob.sha256,
        filename: `Antrag-${reference}.pdf`,
        contentType: 'application/pdf',
        size: pdf.length,
        text: answers,
      },
    });
    if (rand() < 0.4) {
      documents.push({
        ...common,
        title: `Nachweis: ${pick(words.split(' '))}`,
        kind: 'attachment',
        tags: [],
        immutable: false,
        file: { sha256: blob.sha256, filename: 'nachweis.pdf', contentType: 'application/pdf', size: pdf.length, text: '' },
      });
    }
    if (decided) {
      const body = [
        `Bescheid über ${title}`,
        `Aktenzeichen: ${reference}`,
        `Sehr geehrte Damen und Herren, auf Ihren Antrag vom ${createdAt.toLocaleDateString('de-DE')} ergeht folgender Bescheid.`,
        `${words.split(' ').slice(0, 3).join(', ')}: ${pick(phrases)}`,
        ...Array.from({ length: 6 }, () => pick(phrases)),
        'Rechtsbehelfsbelehrung: Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Widerspruch erhoben werden.',
      ].join('\n');
      documents.push({
        ...common,
        createdAt: decidedAt ?? createdAt,
        title: `Bescheid: ${title}`,
        kind: 'bescheid',
        tags: ['bescheid'],
        immutable: true,
        file: {
          sha256: blob.sha256,
          filename: `Bescheid-${reference}.pdf`,
          contentType: 'application/pdf',
          size: pdf.length,
          text: body,
        },
      });
    }
    if (rows.length >= 1000) await flush();
    if ((n + 1) % 10_000 === 0)
      progress(`  ${n + 1} Vorgänge, ${documentCount} Dokumente (${Math.round((Date.now() - started) / 1000)} s)`);
  }
  await flush();
  // Statistics and visibility map as autovacuum would leave them on a database in use.
  await sql`vacuum analyze cases, documents, document_versions`.execute(db);
  const s = (ms: number) => Math.round(ms / 1000);
  progress(
    `  ${CASE_COUNT} Vorgänge und ${documentCount} Dokumente in ${s(Date.now() - started)} s ` +
      `(Vorgänge ${s(spent.cases)} s, Dokumente ${s(spent.documents)} s)`,
  );
  return { tenantId: tenant.id, departmentIds, clerks };
}

const t = (db: Platform['db']) => db.withTables<CasesTables>();

interface Figure {
  engine: string;
  label: string;
  p50: number;
  p99: number;
  rows: string;
}

/** Runs `call` RUNS times after a warm-up, one call after the other, and returns p50/p99 in ms. */
async function time(engine: string, label: string, call: (i: number) => Promise<number>): Promise<Figure> {
  for (let i = 0; i < WARMUP; i++) await call(i);
  const durations: number[] = [];
  let found = 0;
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    found += await call(i);
    durations.push(performance.now() - start);
  }
  durations.sort((a, b) => a - b);
  const at = (q: number) => durations[Math.min(durations.length - 1, Math.ceil(q * durations.length) - 1)];
  progress(`  ${engine}: ${label}: p50 ${at(0.5).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms`);
  return { engine, label, p50: at(0.5), p99: at(0.99), rows: (found / RUNS).toFixed(0) };
}

/** The inbox views a clerk opens most, as the inbox page calls them (first page of 50). */
const inboxViews: [label: string, filter: InboxFilter][] = [
  ['Posteingang: alle, neueste zuerst', { sort: 'eingang' }],
  ['Posteingang: offen, nach Frist', { state: 'offen', sort: 'frist' }],
  ['Posteingang: offen + überfällig, nach Frist', { state: 'offen', overdue: true, sort: 'frist' }],
  ['Posteingang: mir zugewiesen, offen', { state: 'offen', assigneeIdSelf: true, sort: 'frist' } as InboxFilter],
];

/** German words a clerk searches for: one in every Bescheid, a department's own, a rare one, two words. */
const searchWords = ['Widerspruch', 'Baugenehmigung', 'Einbürgerungstest', 'Fahrzeug Halter'];

async function measureEngine(kind: 'embedded' | 'postgres'): Promise<Figure[]> {
  const engine = await createBenchEngine(kind);
  const figures: Figure[] = [];
  try {
    const config = loadConfig({ ...process.env, ...engine.env, LOG_LEVEL: 'silent' });
    const platform = await preparePlatform(config, { work: false });
    try {
      progress(`${engine.name}: ${CASE_COUNT} Vorgänge mit Dokumenten anlegen …`);
      const { tenantId, departmentIds, clerks } = await fill(platform);
      const db = platform.db;
      for (const [label, view] of inboxViews) {
        figures.push(
          await time(engine.name, label, async (i) => {
            const clerk = clerks[i % clerks.length];
            const { assigneeIdSelf, ...filter } = view as InboxFilter & { assigneeIdSelf?: boolean };
            const result = await listInbox(db, clerk, {
              ...filter,
              ...(assigneeIdSelf ? { assigneeId: clerk.userId } : {}),
              limit: 50,
              offset: 0,
            });
            return result.total;
          }),
        );
      }
      for (const word of searchWords) {
        figures.push(
          await time(engine.name, `Dokumentsuche „${word}“ (ein Fachbereich)`, async (i) => {
            const result = await searchDocuments(db, tenantId, {
              text: word,
              departmentIds: [departmentIds[i % departmentIds.length]],
              limit: 20,
            });
            return result.total;
          }),
        );
      }
      // The word of one department searched by that department (most of its files), an admin
      // over all departments, and the list without a query (newest first).
      const extra: [label: string, query: () => Parameters<typeof searchDocuments>[2]][] = [
        [
          'Dokumentsuche „Baugenehmigung“ (Bauen und Umwelt)',
          () => ({ text: 'Baugenehmigung', departmentIds: [departmentIds[1]] }),
        ],
        ['Dokumentsuche „Widerspruch“ (alle Fachbereiche)', () => ({ text: 'Widerspruch', departmentIds: 'all' })],
        ['Dokumentliste ohne Suchbegriff (ein Fachbereich)', () => ({ departmentIds: [departmentIds[0]] })],
      ];
      for (const [label, query] of extra) {
        figures.push(
          await time(engine.name, label, async () => (await searchDocuments(db, tenantId, { ...query(), limit: 20 })).total),
        );
      }
    } finally {
      await stopPlatform(platform);
    }
  } finally {
    await engine.cleanup();
  }
  return figures;
}

function markdown(figures: Figure[]): string {
  const lines = ['| engine | query | p50 ms | p99 ms | matches (avg) |', '|---|---|---:|---:|---:|'];
  for (const f of figures) lines.push(`| ${f.engine} | ${f.label} | ${f.p50.toFixed(1)} | ${f.p99.toFixed(1)} | ${f.rows} |`);
  return lines.join('\n');
}

/** The clerk's inbox and the document search on 100,000 cases, per engine. */
export const casesSuite: Suite = {
  name: 'cases',
  description: `${CASE_COUNT} Vorgänge mit Dokumenten: Posteingang und Volltextsuche, ${RUNS} Aufrufe je Abfrage, auf jeder verfügbaren Datenbank`,
  async run() {
    const figures: Figure[] = [];
    for (const kind of benchEngineNames()) figures.push(...(await measureEngine(kind)));
    return markdown(figures);
  },
};
