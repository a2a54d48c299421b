import type { Insertable } from 'kysely';
import { berlinParts, berlinToUtc } from '../../platform/calendar/berlin-time.js';
import type { DemoSeeder } from '../../platform/module.js';
import { renderLetterPdf } from '../../platform/pdf.js';
import type { Platform } from '../../platform/platform.js';
import * as repo from './repo.js';
import type { HallResourcesTable, Rate } from './tables.js';

type DemoHall = Omit<Insertable<HallResourcesTable>, 'tenant_id'> & { rules: string };

const COMMON_RULES = `## Schlüssel
Der Schlüssel wird am Werktag vor der Veranstaltung zwischen 16 und 18 Uhr bei der Hausmeisterin übergeben und am Werktag danach bis 10 Uhr zurückgegeben. Ein verlorener Schlüssel wird auf Kosten der Mieterin oder des Mieters ersetzt (Schließanlage).

## Ruhe und Nachbarschaft
Ab 22 Uhr sind Fenster und Türen geschlossen zu halten. Musik ist ab 22 Uhr auf Zimmerlautstärke zu begrenzen; um 1 Uhr endet jede Veranstaltung. Auf dem Parkplatz ist Lärm zu vermeiden.

## Reinigung und Müll
Der Raum ist besenrein zu übergeben, Tische und Stühle sind abgewischt und gestapelt. Küche und Geschirr werden gespült zurückgegeben. Müll nehmen Sie mit; Glas gehört in die Container am Dorfplatz.

## Verbote
Rauchen, offenes Feuer (auch Kerzen ohne Glas), Konfetti und Nebelmaschinen sind nicht erlaubt. Notausgänge und Fluchtwege bleiben frei.

## Haftung
Die Mieterin oder der Mieter haftet für Schäden, die während der Nutzung entstehen. Schäden sind der Gemeinde sofort zu melden.`;

const HALLS: DemoHall[] = [
  {
    slug: 'dgh-oberdorf',
    name: 'Dorfgemeinschaftshaus Oberdorf',
    address: 'Lindenplatz 3, 12345 Beispielstadt-Oberdorf',
    description:
      'Das Dorfgemeinschaftshaus Oberdorf ist der größte Saal der Gemeinde: ein heller Saal mit Bühne und Parkett, ' +
      'dazu eine Gastroküche und ein Vorraum mit Garderobe. Es eignet sich für Hochzeiten, Vereinsfeste, Konzerte und Versammlungen.\n\n' +
      'Der Saal ist stufenlos erreichbar, eine barrierefreie Toilette ist vorhanden. Parkplätze für etwa 40 Autos liegen direkt am Haus.',
    capacity: 180,
    equipment: [
      'Saal 220 m² mit Bühne (6 × 4 m)',
      '30 Tische und 180 Stühle',
      'Gastroküche mit Spülmaschine, Herd, Kühlraum',
      'Geschirr und Besteck für 150 Personen',
      'Beamer, Leinwand und Beschallungsanlage mit zwei Funkmikrofonen',
      'Barrierefreie Toilette, Wickeltisch',
      'WLAN',
    ],
    price_hour_club: 1500,
    price_day_club: 9000,
    price_hour_private: 3000,
    price_day_private: 25000,
    price_note:
      'Kaution 300 €. Endreinigung durch die Gemeinde auf Wunsch 80 €. Ortsansässige Vereine nutzen den Saal für Übungsabende unentgeltlich.',
    rules: `# Hausordnung Dorfgemeinschaftshaus Oberdorf\n\n${COMMON_RULES}\n\n## Bühne und Technik\nDie Beschallungsanlage wird bei der Schlüsselübergabe erklärt. Die Bühne darf mit höchstens 20 Personen betreten werden.`,
  },
  {
    slug: 'dgh-niederau',
    name: 'Dorfgemeinschaftshaus Niederau',
    address: 'Am Anger 7, 12345 Beispielstadt-Niederau',
    description:
      'Das ehemalige Schulhaus von Niederau ist heute ein gemütlicher Treffpunkt mit einem Gemeinschaftsraum, ' +
      'einer Teeküche und einem kleinen Garten mit Grillplatz. Ideal für Geburtstage, Taufen, Seniorennachmittage und Kurse.\n\n' +
      'Der Gemeinschaftsraum liegt im Erdgeschoss; der Eingang hat eine Stufe (mobile Rampe auf Nachfrage).',
    capacity: 60,
    equipment: [
      'Gemeinschaftsraum 80 m²',
      '10 Tische und 60 Stühle',
      'Teeküche mit Kaffeemaschine und Spülmaschine',
      'Geschirr für 60 Personen',
      'Garten mit Grillplatz',
      'Klavier',
    ],
    price_hour_club: 800,
    price_day_club: 4500,
    price_hour_private: 1500,
    price_day_private: 12000,
    price_note: 'Kaution 150 €. Die Grillstelle darf nur mit Holzkohle genutzt werden.',
    rules: `# Hausordnung Dorfgemeinschaftshaus Niederau\n\n${COMMON_RULES}\n\n## Garten\nDer Grill ist nach Gebrauch abzulöschen und zu reinigen. Die Asche kommt in den Metalleimer neben dem Schuppen.`,
  },
  {
    slug: 'dgh-waldheim',
    name: 'Dorfgemeinschaftshaus Waldheim',
    address: 'Forststraße 12, 12345 Beispielstadt-Waldheim',
    description:
      'Das Dorfgemeinschaftshaus Waldheim am Waldrand bietet einen Saal für mittelgroße Feiern und einen abtrennbaren ' +
      'Gruppenraum für Besprechungen, Chorproben oder Yoga-Kurse. Der Saal ist barrierefrei erreichbar.',
    capacity: 100,
    equipment: [
      'Saal 120 m², teilbar durch Faltwand',
      'Gruppenraum 35 m²',
      '16 Tische und 100 Stühle',
      'Küche mit Herd, Backofen und Kühlschrank',
      'Beamer und Leinwand',
      'Barrierefreier Zugang und Toilette',
    ],
    price_hour_club: 1000,
    price_day_club: 6000,
    price_hour_private: 2000,
    price_day_private: 16000,
    price_note: 'Kaution 200 €.',
    rules: `# Hausordnung Dorfgemeinschaftshaus Waldheim\n\n${COMMON_RULES}\n\n## Wald und Wild\nIm angrenzenden Wald sind Feuerwerk und Lärm nach 22 Uhr untersagt. Zufahrt nur über die Forststraße.`,
  },
];

interface DemoBooking {
  hall: number;
  /** Days from today. */
  inDays: number;
  from: number;
  to: number;
  name: string;
  email: string;
  organisation: string;
  rate: Rate;
  purpose: string;
  guests: number;
  state: 'approved' | 'requested';
}

const BOOKINGS: DemoBooking[] = [
  {
    hall: 0,
    inDays: 5,
    from: 18,
    to: 23,
    name: 'Jonas Becker',
    email: 'jonas.becker@example.org',
    organisation: 'Musikverein Oberdorf e. V.',
    rate: 'club',
    purpose: 'Frühjahrskonzert',
    guests: 140,
    state: 'approved',
  },
  {
    hall: 0,
    inDays: 12,
    from: 14,
    to: 24,
    name: 'Laura Schmitt',
    email: 'laura.schmitt@example.org',
    organisation: '',
    rate: 'private',
    purpose: 'Hochzeitsfeier',
    guests: 120,
    state: 'approved',
  },
  {
    hall: 0,
    inDays: 12,
    from: 10,
    to: 16,
    name: 'Peter Wagner',
    email: 'peter.wagner@example.org',
    organisation: 'Landfrauen Oberdorf',
    rate: 'club',
    purpose: 'Basar',
    guests: 80,
    state: 'requested',
  },
  {
    hall: 1,
    inDays: 3,
    from: 15,
    to: 18,
    name: 'Gerda Hoffmann',
    email: 'gerda.hoffmann@example.org',
    organisation: 'Seniorenkreis Niederau',
    rate: 'club',
    purpose: 'Seniorennachmittag mit Kaffee und Kuchen',
    guests: 35,
    state: 'approved',
  },
  {
    hall: 1,
    inDays: 9,
    from: 12,
    to: 20,
    name: 'Mehmet Yılmaz',
    email: 'mehmet.yilmaz@example.org',
    organisation: '',
    rate: 'private',
    purpose: 'Kindergeburtstag und Familienfeier',
    guests: 40,
    state: 'requested',
  },
  {
    hall: 2,
    inDays: 7,
    from: 19,
    to: 21,
    name: 'Sabine Krüger',
    email: 'sabine.krueger@example.org',
    organisation: 'Gemischter Chor Waldheim',
    rate: 'club',
    purpose: 'Chorprobe',
    guests: 25,
    state: 'approved',
  },
  {
    hall: 2,
    inDays: 20,
    from: 9,
    to: 17,
    name: 'Thomas Neumann',
    email: 'thomas.neumann@example.org',
    organisation: 'Freiwillige Feuerwehr Waldheim',
    rate: 'club',
    purpose: 'Erste-Hilfe-Kurs',
    guests: 20,
    state: 'requested',
  },
];

/** Three Dorfgemeinschaftshäuser for Beispielstadt, with house rules, bookings and open requests. */
export const seedHallsDemo: DemoSeeder = async (platform: Platform, tenant) => {
  if (tenant.slug !== 'beispielstadt') return [];
  const ids: string[] = [];
  for (const { rules, ...hall } of HALLS) {
    const pdf = await renderLetterPdf({
      letterhead: { name: 'Gemeinde Beispielstadt' },
      title: `Hausordnung ${hall.name}`,
      date: new Date(),
      body: rules,
    });
    const stored = await platform.files.put(pdf);
    const row = await repo.insertResource(platform.db, {
      ...hall,
      tenant_id: tenant.id,
      rules_sha256: stored.sha256,
      rules_size: stored.size,
      rules_filename: 'hausordnung.pdf',
    });
    ids.push(row.id);
  }
  const today = berlinParts(new Date());
  let n = 0;
  for (const b of BOOKINGS) {
    const day = new Date(Date.UTC(today.year, today.month - 1, today.day + b.inDays));
    const at = (hour: number) =>
      hour === 24
        ? berlinToUtc(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate() + 1, 0)
        : berlinToUtc(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), hour);
    const hall = HALLS[b.hall];
    const hours = b.to - b.from;
    const hourPrice = (b.rate === 'club' ? hall.price_hour_club : hall.price_hour_private) ?? 0;
    const dayPrice = (b.rate === 'club' ? hall.price_day_club : hall.price_day_private) ?? 0;
    await repo.insertBooking(platform.db, {
      tenant_id: tenant.id,
      resource_id: ids[b.hall],
      reference: `R-DEMO${String(++n).padStart(2, '0')}`,
      requester_name: b.name,
      requester_email: b.email,
      organisation: b.organisation,
      rate: b.rate,
      purpose: b.purpose,
      guests: b.guests,
      starts_at: at(b.from),
      ends_at: at(b.to),
      state: b.state,
      fee: b.state === 'approved' ? Math.min(hours * hourPrice, dayPrice) : null,
      decided_at: b.state === 'approved' ? new Date() : null,
    });
  }
  return [];
};
