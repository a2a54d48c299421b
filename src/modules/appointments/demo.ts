import { randomBytes, randomUUID } from 'node:crypto';
import type { DemoSeeder } from '../../platform/module.js';
import { hashToken, newReference } from './links.js';
import * as repo from './repo.js';
import { findSlots, loadOfferAt } from './service.js';
import type { WeeklyHours } from './tables.js';
import { addDays, berlinDate, weekdayOf } from './time.js';

const hours = (spec: string): WeeklyHours[] =>
  spec.split(',').map((part) => {
    const [day, from, to] = part.trim().split(/[ -]/);
    return { day: Number(day), from, to };
  });

const office = hours('1 07:30-12:00, 2 07:30-12:00, 3 07:30-12:00, 4 07:30-12:00, 4 13:30-17:30, 5 07:30-12:00');
const buergerbuero = hours('1 08:00-12:00, 2 08:00-12:00, 3 08:00-12:00, 4 08:00-12:00, 4 14:00-18:00, 5 08:00-12:00');

/** Bavarian public holidays at the turn of the year: closed at every location of a tenant. */
const HOLIDAYS: [string, string][] = [
  ['2026-12-24', 'Heiligabend'],
  ['2026-12-25', '1. Weihnachtstag'],
  ['2026-12-26', '2. Weihnachtstag'],
  ['2026-12-31', 'Silvester'],
  ['2027-01-01', 'Neujahr'],
  ['2027-01-06', 'Heilige Drei Könige'],
  ['2027-04-02', 'Karfreitag'],
  ['2027-04-05', 'Ostermontag'],
  ['2027-05-01', 'Tag der Arbeit'],
];

const rathausMusterstadt = { street: 'Landratsamt, Schlossplatz 1', postalCode: '84489', city: 'Musterstadt' };

const nextWeekday = (from: string, weekday: number) => addDays(from, (weekday - weekdayOf(from) + 7) % 7 || 7);

/**
 * Demo offers: the Landratsamt's Kfz-Zulassungsstelle (two locations, six counters),
 * Führerscheinstelle, Ausländerbehörde and a virtual Sozialberatung; the Gemeinde's
 * Bürgerbüro. Catalog services are linked by their demo slugs.
 */
export const seedAppointmentsDemo: DemoSeeder = async (platform, tenant) => {
  const { db } = platform;
  const today = berlinDate(new Date());
  const created: { offerId: string; locationIds: string[] }[] = [];
  const add = async (offer: repo.NewOffer) => {
    const { id, locationIds } = await repo.insertOffer(db, tenant.id, offer);
    created.push({ offerId: id, locationIds });
    return locationIds;
  };

  if (tenant.slug === 'musterkreis') {
    const [zulassung] = await add({
      title: 'Kfz-Zulassungsstelle: Fahrzeug zulassen',
      description: 'Neuzulassung, Umschreibung und Wiederzulassung. Bitte bringen Sie alle Unterlagen im Original mit.',
      services: [{ slug: 'fahrzeug-zulassen-neuzulassung', minutes: 20 }],
      minLeadMinutes: 120,
      maxLeadDays: 42,
      limitPerEmailDay: 2,
      position: 1,
      locations: [
        {
          name: 'Zulassungsstelle Musterstadt',
          ...rathausMusterstadt,
          directions: 'Erdgeschoss, Eingang B. Parkplätze am Schlossplatz.',
          counters: 4,
          hours: office,
        },
        {
          name: 'Außenstelle Neudorf',
          street: 'Bahnhofstraße 12',
          postalCode: '84494',
          city: 'Neudorf',
          directions: 'Im Bürgerhaus, barrierefreier Zugang über den Hof.',
          counters: 2,
          hours: hours('1 08:00-12:00, 3 08:00-12:00, 4 13:30-17:30'),
        },
      ],
    });
    await add({
      title: 'Führerscheinstelle: Führerschein umtauschen',
      description: 'Pflichtumtausch alter Papier- und Kartenführerscheine.',
      services: [{ slug: 'fuehrerschein-umtauschen-pflichtumtausch', minutes: 15 }],
      minLeadMinutes: 120,
      maxLeadDays: 60,
      position: 2,
      locations: [
        {
          name: 'Führerscheinstelle Musterstadt',
          ...rathausMusterstadt,
          directions: 'Erdgeschoss, Zimmer E 04.',
          counters: 2,
          hours: office,
        },
      ],
    });
    await add({
      title: 'Ausländerbehörde: Aufenthaltserlaubnis verlängern',
      description: 'Bitte buchen Sie spätestens acht Wochen vor Ablauf Ihres Aufenthaltstitels.',
      services: [{ slug: 'aufenthaltserlaubnis-verlaengern', minutes: 30 }],
      minLeadMinutes: 24 * 60,
      maxLeadDays: 56,
      limitPerEmailDay: 1,
      position: 3,
      locations: [
        {
          name: 'Ausländerbehörde Musterstadt',
          ...rathausMusterstadt,
          directions: '1. Obergeschoss, Zimmer 1.12.',
          counters: 2,
          hours: hours('1 08:00-12:00, 2 08:00-12:00, 4 13:30-17:00'),
        },
      ],
    });
    await add({
      title: 'Sozialberatung per Video (Bürgergeld, Grundsicherung)',
      description: 'Beratung in einer Videosprechstunde: Sie brauchen nur ein Smartphone oder einen Computer mit Kamera.',
      virtual: true,
      services: [{ slug: 'buergergeld-jobcenter', minutes: 30 }],
      minLeadMinutes: 60,
      maxLeadDays: 28,
      position: 4,
      locations: [
        { name: 'Videosprechstunde Sozialamt', counters: 1, hours: hours('2 09:00-12:00, 2 14:00-16:00, 4 09:00-12:00') },
      ],
    });
    await repo.saveVideoLinkTemplate(db, tenant.id, 'https://video.musterkreis.example/sozialberatung-{secret}');
    // A Saturday opening and a blocked team meeting, so the exceptions show.
    await repo.insertExceptions(db, tenant.id, [
      { locationId: zulassung, day: nextWeekday(today, 6), kind: 'extra', from: '09:00', to: '12:00', note: 'Samstagsöffnung' },
      { locationId: zulassung, day: nextWeekday(today, 3), kind: 'closed', from: '07:30', to: '09:00', note: 'Teambesprechung' },
    ]);
  } else {
    // The Bürgerbüro's two counters serve every one of its offers: a booking of one takes
    // the counter from the others at overlapping times (the first offer's location is the pool).
    let pool: string | null = null;
    const buergerbueroOffer = async (
      offer: Pick<repo.NewOffer, 'title' | 'services'> & Partial<repo.NewOffer>,
      position: number,
    ) => {
      const [locationId] = await add({
        minLeadMinutes: 60,
        maxLeadDays: 60,
        position,
        ...offer,
        locations: [
          {
            name: 'Bürgerbüro im Rathaus',
            street: 'Marktplatz 1',
            postalCode: '84495',
            city: 'Beispielstadt',
            directions: 'Erdgeschoss, Zimmer 3. Aufzug am Seiteneingang.',
            counters: 2,
            counterPool: pool,
            hours: buergerbuero,
          },
        ],
      });
      pool ??= locationId;
    };
    await buergerbueroOffer(
      {
        title: 'Personalausweis beantragen',
        services: [{ slug: 'personalausweis-beantragen', minutes: 15 }],
        limitPerEmailDay: 3,
      },
      1,
    );
    await buergerbueroOffer(
      { title: 'Reisepass beantragen', services: [{ slug: 'reisepass-beantragen', minutes: 15 }], limitPerEmailDay: 3 },
      2,
    );
    await buergerbueroOffer(
      {
        title: 'Personalausweis und Reisepass zusammen',
        description: 'Beide Dokumente in einem Termin.',
        services: [
          { slug: 'personalausweis-beantragen', minutes: 15 },
          { slug: 'reisepass-beantragen', minutes: 15 },
        ],
        limitPerEmailDay: 2,
      },
      3,
    );
    await buergerbueroOffer(
      {
        title: 'Meldebescheinigung',
        services: [{ slug: 'meldebescheinigung', minutes: 10 }],
        minLeadMinutes: 30,
        maxLeadDays: 30,
      },
      4,
    );
  }
  await repo.insertExceptions(
    db,
    tenant.id,
    HOLIDAYS.filter(([day]) => day >= today).map(([day, note]) => ({
      locationId: null,
      day,
      kind: 'closed' as const,
      from: null,
      to: null,
      note,
    })),
  );
  await seedDemoBookings(platform, tenant.id, created[0]);
  return [];
};

const DEMO_NAMES = [
  'Anna Berger',
  'Mehmet Yılmaz',
  'Lena Hofmann',
  'Josef Maier',
  'Sofia Rossi',
  'Thomas Wagner',
  'Olga Petrenko',
  'Peter Huber',
];

/** A few bookings on the next working days, so the front desk's day list is not empty. No mails go out. */
async function seedDemoBookings(
  platform: Parameters<DemoSeeder>[0],
  tenantId: string,
  first: { offerId: string; locationIds: string[] } | undefined,
) {
  if (!first) return;
  const found = await loadOfferAt(platform.db, tenantId, first.offerId, first.locationIds[0]);
  if (!found) return;
  const today = berlinDate(new Date());
  const slots = (
    await findSlots(platform.db, tenantId, found.offer, found.location, addDays(today, 1), addDays(today, 7))
  ).filter((_, i) => i % 3 === 0);
  for (const [i, slot] of slots.slice(0, DEMO_NAMES.length).entries()) {
    const id = randomUUID();
    await repo.insertBookingOnFreeSeat(
      platform.db,
      {
        id,
        tenant_id: tenantId,
        offer_id: found.offer.id,
        location_id: found.location.id,
        pool_id: found.location.poolId,
        starts_at: slot.start,
        ends_at: slot.end,
        reference: newReference(),
        name: DEMO_NAMES[i],
        email: '',
        phone: `0151 ${String(2000000 + i * 7919).slice(0, 7)}`,
        // Nobody holds a link to a demo booking.
        token_hash: hashToken(randomBytes(24).toString('base64url')),
      },
      found.location.counters,
    );
  }
}
