import type { NewTenant } from '../platform/tenancy/repo.js';

/** Fictional demo tenants; any resemblance to real districts is coincidental. */
export const demoTenants: (NewTenant & { departments: string[] })[] = [
  {
    slug: 'musterkreis',
    name: 'Landkreis Musterkreis',
    type: 'landkreis',
    street: 'Landratsplatz 1',
    postal_code: '84999',
    city: 'Musterstadt',
    phone: '08631 699-0',
    email: 'poststelle@lra-musterkreis.example',
    opening_hours: [
      { day: 1, from: '08:00', to: '12:00' },
      { day: 2, from: '08:00', to: '12:00' },
      { day: 3, from: '08:00', to: '12:00' },
      { day: 4, from: '08:00', to: '12:00' },
      { day: 4, from: '13:30', to: '17:30' },
      { day: 5, from: '08:00', to: '12:00' },
    ],
    opening_hours_note: 'Zulassungsstelle und Führerscheinstelle nur mit Termin.',
    primary_color: '#004b76',
    // The demo clerk works in the first one: the school-bus reports land in its inbox.
    departments: [
      'Jugend und Familie',
      'Bürgerservice und Zulassung',
      'Ausländerwesen und Einbürgerung',
      'Bauen und Umwelt',
      'Soziales und Senioren',
      'Öffentliche Sicherheit und Ordnung',
    ],
  },
  {
    slug: 'beispielstadt',
    name: 'Gemeinde Beispielstadt',
    type: 'gemeinde',
    street: 'Rathausstraße 5',
    postal_code: '84998',
    city: 'Beispielstadt',
    phone: '08638 9870-0',
    email: 'rathaus@beispielstadt.example',
    opening_hours: [
      { day: 1, from: '08:00', to: '12:00' },
      { day: 2, from: '08:00', to: '12:00' },
      { day: 2, from: '14:00', to: '18:00' },
      { day: 3, from: '08:00', to: '12:00' },
      { day: 5, from: '08:00', to: '12:00' },
    ],
    opening_hours_note: 'Donnerstag geschlossen.',
    primary_color: '#2d5f2e',
    departments: ['Einwohnermeldeamt', 'Ordnungsamt', 'Kämmerei und Steuern', 'Bauamt'],
  },
];
