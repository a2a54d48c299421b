// Not via the module's index.ts: the index registers this seeder, and the cycle would bite.
import { type CatalogBundle, insertCatalogBundle } from '../../modules/catalog/bulk-insert.js';
import { defaultSynonyms } from '../../modules/catalog/default-synonyms.js';
import type { OpeningHours } from '../../platform/db/schema.js';
import type { DemoSeeder } from '../../platform/module.js';
import { slugify } from '../../platform/text/slug.js';
import { beispielstadtServices, beispielstadtVisits } from './beispielstadt.js';
import { demoLebenslagen } from './lebenslagen.js';
import { demoLeikaKeys } from './leika.js';
import { musterkreisServices, musterkreisVisits } from './musterkreis.js';

/** A fictional state portal (the .example TLD never resolves to a real site). */
const DEMO_STATE_PORTAL = 'https://onlinedienste.freistaat-muster.example';

const hours = (spec: string): OpeningHours[] =>
  spec.split(',').map((part) => {
    const [day, from, to] = part.trim().split(/[ -]/);
    return { day: Number(day), from, to };
  });

interface DemoTenantCatalog {
  table: string;
  visits: Record<string, number>;
  departments: Record<string, string>;
  contacts: Record<string, [name: string, fn: string, phone: string, email: string, room: string, hours: string, note: string]>;
  locations: CatalogBundle['locations'];
  /** Which location serves a department. */
  locationOf: Record<string, string>;
}

const officeHours = hours('1 08:00-12:00, 2 08:00-12:00, 3 08:00-12:00, 4 08:00-12:00, 4 13:30-17:30, 5 08:00-12:00');

const catalogs: Record<string, DemoTenantCatalog> = {
  musterkreis: {
    table: musterkreisServices,
    visits: musterkreisVisits,
    departments: {
      bz: 'Bürgerservice und Zulassung',
      ae: 'Ausländerwesen und Einbürgerung',
      bu: 'Bauen und Umwelt',
      jf: 'Jugend und Familie',
      ss: 'Soziales und Senioren',
      so: 'Öffentliche Sicherheit und Ordnung',
    },
    contacts: {
      bz: [
        'Frau Sabine Huber',
        'Sachgebietsleitung Zulassung und Fahrerlaubnis',
        '08631 699-210',
        'zulassung@lra-musterkreis.example',
        'E 04',
        '1 07:30-12:00, 2 07:30-12:00, 3 07:30-12:00, 4 07:30-17:30, 5 07:30-12:00',
        'Vorsprache nur mit Termin.',
      ],
      ae: [
        'Herr Murat Demir',
        'Ausländerbehörde und Einbürgerung',
        '08631 699-310',
        'auslaenderwesen@lra-musterkreis.example',
        '1.12',
        '1 08:00-12:00, 2 08:00-12:00, 4 13:30-17:00',
        'Mittwoch und Freitag nur telefonisch.',
      ],
      bu: [
        'Frau Dipl.-Ing. Claudia Berger',
        'Bauverwaltung und Umweltschutz',
        '08631 699-410',
        'bauamt@lra-musterkreis.example',
        '2.04',
        '1 08:00-12:00, 3 08:00-12:00, 4 13:30-16:00',
        'Bauberatung am Donnerstagnachmittag.',
      ],
      jf: [
        'Herr Thomas Wagner',
        'Amt für Jugend und Familie',
        '08631 699-510',
        'jugendamt@lra-musterkreis.example',
        '3.01',
        '1 08:00-12:00, 2 08:00-12:00, 3 08:00-12:00, 4 08:00-16:00, 5 08:00-12:00',
        '',
      ],
      ss: [
        'Frau Elke Schmid',
        'Sozialamt und Wohngeldstelle',
        '08631 699-610',
        'sozialamt@lra-musterkreis.example',
        '3.14',
        '1 08:00-12:00, 2 08:00-12:00, 4 13:30-17:00',
        '',
      ],
      so: [
        'Herr Andreas Maier',
        'Öffentliche Sicherheit, Gesundheit und Veterinärwesen',
        '08631 699-710',
        'ordnung@lra-musterkreis.example',
        '1.21',
        '1 08:00-12:00, 2 08:00-12:00, 3 08:00-12:00, 5 08:00-12:00',
        'Termine nach Vereinbarung.',
      ],
    },
    locations: [
      {
        key: 'haupt',
        name: 'Landratsamt Musterkreis, Hauptgebäude',
        street: 'Landratsplatz 1',
        postalCode: '84999',
        city: 'Musterstadt',
        accessibility: 'Barrierefreier Zugang über den Seiteneingang, Aufzug vorhanden.',
        openingHours: officeHours,
        openingHoursNote: 'An Feiertagen geschlossen.',
      },
      {
        key: 'zulassung',
        name: 'Zulassungs- und Führerscheinstelle',
        street: 'Industriestraße 12',
        postalCode: '84999',
        city: 'Musterstadt',
        accessibility: 'Ebenerdiger Zugang, Behindertenparkplätze am Eingang.',
        openingHours: hours('1 07:30-12:00, 2 07:30-12:00, 3 07:30-12:00, 4 07:30-17:30, 5 07:30-12:00'),
        openingHoursNote: 'Nur mit Termin.',
      },
      {
        key: 'gesundheit',
        name: 'Gesundheitsamt und Veterinäramt',
        street: 'Am Klinikum 3',
        postalCode: '84999',
        city: 'Musterstadt',
        accessibility: 'Aufzug vorhanden.',
        openingHours: hours('1 08:00-12:00, 2 08:00-12:00, 3 08:00-12:00, 4 08:00-12:00, 5 08:00-12:00'),
        openingHoursNote: '',
      },
    ],
    locationOf: { bz: 'zulassung', so: 'gesundheit' },
  },
  beispielstadt: {
    table: beispielstadtServices,
    visits: beispielstadtVisits,
    departments: { em: 'Einwohnermeldeamt', oa: 'Ordnungsamt', ks: 'Kämmerei und Steuern', ba: 'Bauamt' },
    contacts: {
      em: [
        'Frau Monika Bauer',
        'Bürgerbüro und Standesamt',
        '08638 9870-11',
        'buergerbuero@beispielstadt.example',
        'EG 02',
        '1 08:00-12:00, 2 08:00-12:00, 2 14:00-18:00, 3 08:00-12:00, 5 08:00-12:00',
        'Ausweise und Pässe bitte mit Termin.',
      ],
      oa: [
        'Herr Stefan Lechner',
        'Ordnungsamt und Gewerbeamt',
        '08638 9870-21',
        'ordnungsamt@beispielstadt.example',
        '1.05',
        '1 08:00-12:00, 3 08:00-12:00, 5 08:00-12:00',
        '',
      ],
      ks: [
        'Frau Julia Fischer',
        'Steueramt',
        '08638 9870-31',
        'steuern@beispielstadt.example',
        '1.10',
        '1 08:00-12:00, 2 08:00-12:00, 3 08:00-12:00',
        '',
      ],
      ba: [
        'Herr Michael Hofer',
        'Bauamt und Bauhof',
        '08638 9870-41',
        'bauamt@beispielstadt.example',
        '2.01',
        '2 14:00-18:00, 3 08:00-12:00',
        'Bauberatung nach Vereinbarung.',
      ],
    },
    locations: [
      {
        key: 'rathaus',
        name: 'Rathaus Beispielstadt',
        street: 'Rathausstraße 5',
        postalCode: '84998',
        city: 'Beispielstadt',
        accessibility: 'Barrierefreier Eingang am Marktplatz, Aufzug vorhanden.',
        openingHours: hours('1 08:00-12:00, 2 08:00-12:00, 2 14:00-18:00, 3 08:00-12:00, 5 08:00-12:00'),
        openingHoursNote: 'Donnerstag geschlossen.',
      },
    ],
    locationOf: {},
  },
};

const splitList = (text: string, separator: string) =>
  text
    .split(separator)
    .map((s) => s.trim())
    .filter(Boolean);

function description(summary: string, online: boolean, documents: string[]): string {
  const steps = online
    ? [
        'Legen Sie die Unterlagen bereit.',
        'Stellen Sie den Antrag online über „Online beantragen“.',
        'Sie erhalten eine Eingangsbestätigung und später den Bescheid.',
      ]
    : ['Legen Sie die Unterlagen bereit.', 'Vereinbaren Sie einen Termin oder kommen Sie zu den Öffnungszeiten.'];
  return [
    summary,
    '',
    '## So gehen Sie vor',
    '',
    ...steps.map((s, i) => `${i + 1}. ${s}`),
    '',
    documents.length > 0 ? '**Hinweis:** Bringen Sie Originale mit, Kopien reichen nicht immer.' : '',
  ]
    .join('\n')
    .trim();
}

const DAY = 24 * 60 * 60 * 1000;

/** Parses a demo table into a catalog bundle for the tenant. */
export function demoCatalogBundle(
  tenantSlug: string,
  departments: Map<string, string>,
  now = new Date(),
): CatalogBundle | undefined {
  const demo = catalogs[tenantSlug];
  if (!demo) return undefined;
  const lines = demo.table.split('\n').filter((l) => l.trim() !== '');
  const services = lines.map((line, index) => {
    const [title, lagen, dept, keywords, summary, documents, fees, processingTime, legalBasis, online] = line
      .split('|')
      .map((f) => f.trim());
    if (online === undefined) throw new Error(`Demo-Leistung unvollständig: ${line}`);
    const docs = splitList(documents, ';');
    const isOnline = online !== '';
    return {
      slug: slugify(title),
      title,
      summary,
      descriptionMd: description(summary, isOnline, docs),
      documents: docs,
      fees,
      processingTime,
      legalBasis,
      leikaKey: demoLeikaKeys[slugify(title)] ?? null,
      departmentId: departments.get(demo.departments[dept]) ?? null,
      keywords: splitList(keywords, ','),
      // "@name" services are online through the state portal in the demo; the forms
      // module's seeder links its own procedures to the services it implements.
      onlineProcedureId: null,
      onlineUrl: online.startsWith('@') ? `${DEMO_STATE_PORTAL}/${online.slice(1)}` : online.startsWith('http') ? online : null,
      easyLanguageMd: '',
      status: 'published' as const,
      // Every seventh service was last reviewed over a year ago: the back office lists those.
      reviewedAt: new Date(now.getTime() - (index % 7 === 0 ? 400 : (index % 11) * 20 + 5) * DAY),
      visits: demo.visits[slugify(title)] ?? (lines.length - index) * 3,
      lebenslagen: splitList(lagen, ' '),
      contacts: demo.contacts[dept] ? [dept] : [],
      locations: [demo.locationOf[dept] ?? demo.locations[0].key],
    };
  });
  return {
    lebenslagen: demoLebenslagen.map(([slug, title, summary, children]) => ({
      slug,
      title,
      summary,
      children: children.map(([s, t, sum]) => ({ slug: s, title: t, summary: sum })),
    })),
    contacts: Object.entries(demo.contacts).map(([key, [name, fn, phone, email, room, spec, note]]) => ({
      key,
      name,
      function: fn,
      phone,
      email,
      room,
      consultationHours: hours(spec),
      consultationNote: note,
    })),
    locations: demo.locations,
    services,
    synonyms: defaultSynonyms,
  };
}

/** The catalog's demo seeder: Leistungen, Lebenslagen, contacts and synonyms of the demo tenants. */
export const seedCatalogDemo: DemoSeeder = async (platform, tenant, departments) => {
  const bundle = demoCatalogBundle(tenant.slug, departments);
  if (!bundle) return [];
  await platform.db.transaction().execute((tx) => insertCatalogBundle(tx, tenant.id, bundle));
  return [];
};
