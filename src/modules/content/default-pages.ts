import type { Tenant } from '../../platform/tenancy/repo.js';

/** Pages every site has; the footer links the first three. Until an editor writes them, a default text stands in. */
export const DEFAULT_PAGES = [
  { slug: 'impressum', title: 'Impressum' },
  { slug: 'datenschutz', title: 'Datenschutzerklärung' },
  { slug: 'barrierefreiheit', title: 'Erklärung zur Barrierefreiheit' },
  { slug: 'kontakt', title: 'Kontakt' },
] as const;

const address = (t: Tenant) =>
  [t.name, t.street, `${t.postal_code} ${t.city}`.trim()].filter((line) => line.trim() !== '').join(', ');

const reach = (t: Tenant) =>
  [t.phone && `- Telefon: ${t.phone}`, t.email && `- E-Mail: [${t.email}](mailto:${t.email})`].filter(Boolean).join('\n');

/** A neutral default text from the tenant's own data: honest about what it is, never invented facts. */
export function defaultPageBody(slug: string, t: Tenant): string {
  switch (slug) {
    case 'impressum':
      return [
        '## Herausgeber',
        '',
        address(t),
        '',
        reach(t),
        '',
        `${t.name} ist eine Körperschaft des öffentlichen Rechts. Die vollständigen Angaben nach § 5 DDG ergänzt die Redaktion in Kürze.`,
      ].join('\n');
    case 'datenschutz':
      return [
        '## Verantwortliche Stelle',
        '',
        address(t),
        '',
        reach(t),
        '',
        '## Ihre Rechte',
        '',
        'Sie haben das Recht auf Auskunft, Berichtigung, Löschung und Einschränkung der Verarbeitung Ihrer Daten sowie das Recht auf Beschwerde bei der zuständigen Datenschutz-Aufsichtsbehörde.',
        '',
        'Diese Website setzt nur technisch notwendige Cookies und bindet keine Inhalte Dritter ein.',
      ].join('\n');
    case 'barrierefreiheit':
      return [
        `${t.name} ist bemüht, diese Website barrierefrei zugänglich zu machen.`,
        '',
        '## Feedback und Kontakt',
        '',
        'Sind Ihnen Mängel beim barrierefreien Zugang aufgefallen? Schreiben Sie uns:',
        '',
        reach(t),
      ].join('\n');
    case 'kontakt':
      return ['## Anschrift', '', address(t), '', reach(t)].join('\n');
    default:
      return '';
  }
}
