// Not via the module's index.ts: the index registers this seeder, and the cycle would bite.
import { insertTopics } from '../../modules/channel/repo.js';
import type { DemoSeeder } from '../../platform/module.js';

/** The demo topics of every demo tenant, in the order the public page lists them. */
export const DEMO_TOPICS = [
  {
    slug: 'gefahrenhinweise',
    title: 'Gefahrenhinweise',
    description: 'Warnungen bei Bränden, Unwettern, Hochwasser und Gefahrstoffen – sofort, auch nachts.',
  },
  {
    slug: 'strassensperrungen',
    title: 'Straßensperrungen',
    description: 'Baustellen, Vollsperrungen und Umleitungen im Gebiet.',
  },
  {
    slug: 'kinderbetreuung',
    title: 'Kinderbetreuung',
    description: 'Kita-Plätze, Anmeldefristen, Schließtage und Ferienbetreuung.',
  },
  { slug: 'ausschreibungen', title: 'Ausschreibungen', description: 'Öffentliche Ausschreibungen und Vergaben für Unternehmen.' },
  { slug: 'vereine', title: 'Vereine', description: 'Förderprogramme, Hallenzeiten und Neuigkeiten für Vereine.' },
  {
    slug: 'netzwerk-neue-nachbarn',
    title: 'Netzwerk neue Nachbarn',
    description: 'Angebote für Zugezogene und Geflüchtete, Patenschaften und Treffen.',
  },
  {
    slug: 'freibaeder',
    title: 'Freibäder',
    description: 'Öffnungszeiten, Wassertemperatur und kurzfristige Schließungen der Freibäder.',
  },
  { slug: 'veranstaltungen', title: 'Veranstaltungen', description: 'Feste, Märkte, Bürgerversammlungen und Kultur.' },
];

/** The channel module's demo seeder: eight topics (no subscribers: nobody is mailed without opt-in). */
export const seedChannelDemo: DemoSeeder = async (platform, tenant) => {
  await insertTopics(
    platform.db,
    DEMO_TOPICS.map((t, position) => ({ tenant_id: tenant.id, ...t, position })),
  );
  return [];
};
