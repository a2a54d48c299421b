import autocannon from 'autocannon';
import { defaultSynonyms, importCatalog } from '../src/modules/catalog/index.js';
import { CATALOG_FORMAT, CATALOG_FORMAT_VERSION, type CatalogFile } from '../src/modules/catalog/interchange.js';
import { loadConfig } from '../src/platform/config.js';
import { preparePlatform, stopPlatform } from '../src/platform/platform.js';
import { insertTenant } from '../src/platform/tenancy/repo.js';
import { benchEngineNames, createBenchEngine } from './engines.js';
import { type Measurement, markdownTable, progress, settings, startServer } from './measure.js';
import type { Suite } from './suite.js';

const TENANT = 'benchkreis';
export const SERVICE_COUNT = Number(process.env.BENCH_CATALOG_SERVICES ?? 10_000);

// Real words of a Landratsamt catalog, combined into plausible titles: 48 × 12 × 18 > 10,000.
const subjects: [title: string, keywords: string[]][] = [
  ['Personalausweis', ['Perso', 'Ausweis', 'Online-Ausweis']],
  ['Reisepass', ['Pass', 'Expresspass']],
  ['Führerschein', ['Fahrerlaubnis', 'Fahrschule']],
  ['Fahrzeugzulassung', ['Kfz', 'Auto anmelden', 'Kennzeichen']],
  ['Baugenehmigung', ['Bauantrag', 'Hausbau']],
  ['Gewerbeanmeldung', ['Gewerbeschein', 'Selbstständigkeit']],
  ['Hundesteuer', ['Hund', 'Hundemarke']],
  ['Wohngeld', ['Mietzuschuss', 'Lastenzuschuss']],
  ['Kita-Platz', ['Kindergarten', 'Krippe']],
  ['Grundsteuer', ['Grundbesitzabgaben', 'Hebesatz']],
  ['Fischereischein', ['Angeln', 'Angelschein']],
  ['Waffenbesitzkarte', ['Waffenschein', 'Sportschütze']],
  ['Jagdschein', ['Jäger', 'Jagd']],
  ['Elterngeld', ['Elternzeit', 'Geburt']],
  ['BAföG', ['Ausbildungsförderung', 'Studium']],
  ['Einbürgerung', ['Staatsangehörigkeit', 'Pass']],
  ['Aufenthaltstitel', ['Visum', 'Aufenthaltserlaubnis']],
  ['Meldebescheinigung', ['Meldebestätigung', 'Wohnsitz']],
  ['Führungszeugnis', ['Polizeiliches Führungszeugnis']],
  ['Bewohnerparkausweis', ['Anwohnerparken', 'Parken']],
  ['Sondernutzungserlaubnis', ['Gerüst', 'Container']],
  ['Baumfällgenehmigung', ['Baum fällen', 'Baumschutz']],
  ['Abfallbehälter', ['Mülltonne', 'Restmüll']],
  ['Sperrmüllabholung', ['Sperrmüll', 'Möbel entsorgen']],
  ['Wasserzähler', ['Hausanschluss', 'Zählerstand']],
  ['Schülerbeförderung', ['Schulweg', 'Schulbus']],
  ['Lebensmittelkontrolle', ['Hygiene', 'Gaststätte']],
  ['Veranstaltungsgenehmigung', ['Fest', 'Flohmarkt']],
  ['Gaststättenerlaubnis', ['Ausschank', 'Kneipe']],
  ['Denkmalschutzgenehmigung', ['Denkmal', 'Altbau']],
  ['Schwerbehindertenausweis', ['Behinderung', 'GdB']],
  ['Pflegegeld', ['Pflege', 'Angehörige']],
  ['Unterhaltsvorschuss', ['Alleinerziehend', 'Unterhalt']],
  ['Bildung und Teilhabe', ['Schulbedarf', 'Klassenfahrt']],
  ['Kindertagespflege', ['Tagesmutter', 'Betreuung']],
  ['Beistandschaft', ['Vaterschaft', 'Unterhalt']],
  ['Geburtsurkunde', ['Geburt', 'Standesamt']],
  ['Eheschließung', ['Heirat', 'Trauung']],
  ['Sterbeurkunde', ['Todesfall', 'Beerdigung']],
  ['Briefwahl', ['Wahlschein', 'Wahl']],
  ['Tierhaltung', ['Nutztiere', 'Tierseuche']],
  ['Trinkwasseruntersuchung', ['Brunnen', 'Wasserprobe']],
  ['Gesundheitszeugnis', ['Infektionsschutz', 'Belehrung']],
  ['Kfz-Steuer', ['Fahrzeugsteuer', 'Zoll']],
  ['Halteverbotszone', ['Umzug', 'Umzugswagen']],
  ['Fundsache', ['Fundbüro', 'verloren']],
  ['Wohnberechtigungsschein', ['Sozialwohnung', 'WBS']],
  ['Zweitwohnungsteuer', ['Nebenwohnung', 'Zweitwohnsitz']],
];
const actions = [
  'beantragen',
  'verlängern',
  'ändern',
  'abmelden',
  'ersetzen',
  'umschreiben',
  'Auskunft',
  'Widerspruch',
  'Befreiung',
  'Ermäßigung',
  'Nachweis',
  'Beratung',
];
const qualifiers = [
  '',
  'für Kinder',
  'für Unternehmen',
  'im Ausland',
  'für Senioren',
  'mit Behinderung',
  'für Vereine',
  'für Landwirte',
  'für Studierende',
  'für Selbstständige',
  'in Ausnahmefällen',
  'bei Umzug',
  'nach Verlust',
  'für Alleinerziehende',
  'für Geflüchtete',
  'für Pendler',
  'im Eilverfahren',
  'für Gemeinden',
];
const lebenslagen = ['umzug', 'familie', 'ausweise', 'verkehr', 'bauen', 'soziales', 'gewerbe', 'gesundheit'];

const slugOf = (text: string) =>
  text
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

/** A catalog file with `count` generated services in the interchange format. */
export function generatedCatalog(count: number): CatalogFile {
  const services: CatalogFile['services'] = [];
  for (let i = 0; i < count; i++) {
    const [subject, keywords] = subjects[i % subjects.length];
    const action = actions[Math.floor(i / subjects.length) % actions.length];
    const qualifier = qualifiers[Math.floor(i / (subjects.length * actions.length)) % qualifiers.length];
    const round = Math.floor(i / (subjects.length * actions.length * qualifiers.length));
    const title = [subject, action, qualifier].filter(Boolean).join(' ') + (round > 0 ? ` (${round + 1})` : '');
    const summary = `${subject} ${action} ${qualifier}: Hier erfahren Sie, welche Unterlagen Sie brauchen, was es kostet und wie Sie den Antrag stellen.`;
    services.push({
      slug: slugOf(title),
      title,
      summary,
      descriptionMarkdown: `${summary}\n\n## So gehen Sie vor\n\n1. Unterlagen bereitlegen.\n2. Antrag stellen – online oder im Landratsamt.\n3. Bescheid abwarten.\n\nWeitere Stichworte: ${keywords.join(', ')}.`,
      documents: ['Personalausweis oder Reisepass', 'Nachweise nach Art des Antrags'],
      fees: `${(i % 9) * 10 + 10},00 Euro`,
      processingTime: `${(i % 4) + 1} Wochen`,
      legalBasis: 'Verwaltungsverfahrensgesetz',
      leikaKey: null,
      department: null,
      keywords,
      onlineProcedureId: null,
      onlineUrl: i % 2 === 0 ? `https://portal.benchkreis.example/${i}` : null,
      easyLanguageMarkdown: '',
      status: 'published',
      reviewedAt: null,
      lebenslagen: [lebenslagen[i % lebenslagen.length]],
      contacts: [],
      locations: [],
    });
  }
  return {
    format: CATALOG_FORMAT,
    version: CATALOG_FORMAT_VERSION,
    lebenslagen: lebenslagen.map((slug) => ({ slug, title: slug[0].toUpperCase() + slug.slice(1), summary: '', children: [] })),
    contacts: [],
    locations: [],
    services,
    synonyms: defaultSynonyms.map(([term, expansions]) => ({ term, expansions })),
  };
}

/** What citizens type, typos and colloquial words included. */
const queries = [
  'personalausweis',
  'perso verlängern',
  'fuehrerschein',
  'fuhrerschein umschreiben',
  'baugenehmigung beantragen',
  'hundesteur',
  'wohngeld senioren',
  'kfz zulassung',
  'reisepas',
  'gewerbe anmelden',
  'kita platz',
  'elterngeld selbstständige',
  'jagdschein',
  'einbürgerung',
  'sperrmüll',
  'grundsteuer befreiung',
  'knöllchen',
  'ummelden',
  'strasse sondernutzung',
  'schwerbehindertenausweis',
];

/** Loads rotating paths with autocannon: a discarded warm-up, then the measured run. */
async function measureRotating(engine: string, baseUrl: string, label: string, paths: string[]): Promise<Measurement> {
  for (const path of paths.slice(0, 50)) {
    const check = await fetch(`${baseUrl}${path}`);
    if (!check.ok) throw new Error(`${path} antwortet mit ${check.status}; gemessen würde die Fehlerseite.`);
    await check.arrayBuffer();
  }
  let next = 0;
  const options = () =>
    ({
      url: baseUrl,
      connections: settings.connections,
      requests: [
        { method: 'GET', setupRequest: (request: { path: string }) => ({ ...request, path: paths[next++ % paths.length] }) },
      ],
    }) as unknown as Parameters<typeof autocannon>[0];
  if (settings.warmupSeconds > 0) await autocannon({ ...options(), duration: settings.warmupSeconds });
  progress(`  ${engine}: ${label} (${settings.seconds} s, ${settings.connections} Verbindungen)`);
  const result = await autocannon({ ...options(), duration: settings.seconds });
  return {
    engine,
    route: label,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

/** Fills the bench tenant through the catalog import, before the server owns the database. */
async function prepareCatalog(env: Record<string, string | undefined>, file: CatalogFile) {
  const config = loadConfig({ ...process.env, ...env, LOG_LEVEL: 'silent' });
  const platform = await preparePlatform(config, { work: false });
  try {
    const tenant = await insertTenant(platform.db, { slug: TENANT, name: 'Landkreis Benchkreis', type: 'landkreis' });
    const started = Date.now();
    const result = await importCatalog(platform.db, tenant.id, JSON.stringify(file));
    if (!result.ok) throw new Error(`Import fehlgeschlagen: ${JSON.stringify(result.problems.slice(0, 3))}`);
    progress(`  ${result.report.services.created} Leistungen importiert in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await stopPlatform(platform);
  }
}

/** Search API and service page on a tenant with 10,000 services, per engine. */
export const catalogSuite: Suite = {
  name: 'catalog',
  description: `${SERVICE_COUNT} Leistungen: Such-API mit wechselnden Suchbegriffen und Leistungsseiten, auf jeder verfügbaren Datenbank`,
  async run() {
    const file = generatedCatalog(SERVICE_COUNT);
    // Every 97th slug: spread over all subjects, actions and qualifiers.
    const slugs = file.services.filter((_, i) => i % 97 === 0).map((s) => `/${TENANT}/leistungen/${s.slug}`);
    const searches = queries.map((q) => `/api/v1/${TENANT}/services?q=${encodeURIComponent(q)}`);
    const rows: Measurement[] = [];
    for (const kind of benchEngineNames()) {
      const engine = await createBenchEngine(kind);
      try {
        progress(`${engine.name}: ${SERVICE_COUNT} Leistungen anlegen …`);
        await prepareCatalog(engine.env, file);
        progress(`${engine.name}: Server starten …`);
        const server = await startServer({ ...engine.env, RATE_LIMIT_API_PER_MINUTE: '0' });
        try {
          rows.push(
            await measureRotating(
              engine.name,
              server.baseUrl,
              `/api/v1/${TENANT}/services?q=… (${queries.length} Suchbegriffe)`,
              searches,
            ),
          );
          rows.push(
            await measureRotating(engine.name, server.baseUrl, `/${TENANT}/leistungen/… (${slugs.length} Leistungen)`, slugs),
          );
        } finally {
          await server.stop();
        }
      } finally {
        await engine.cleanup();
      }
    }
    return markdownTable(rows);
  },
};
