/** Small text helpers of the content module: slugs, query words, German dates. */

import { SLUG, slugify as slugOf } from '../../platform/text/slug.js';

export { SLUG };

/** "Neue Öffnungszeiten im Bürgerbüro" → "neue-oeffnungszeiten-im-buergerbuero" (at most 80 characters). */
export const slugify = (title: string): string => slugOf(title, 80);

/**
 * The tsquery text for what a citizen typed: folded like catalog_fold (lower case,
 * no umlauts, ß as ss), letters and digits only so nothing can break the syntax, the
 * last word as a prefix, ae/oe/ue also as plain vowels. Empty when nothing searchable is left.
 */
export function newsTsQuery(raw: string): string {
  const folded = raw
    .slice(0, 200)
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
  const words = (folded.match(/[a-z0-9]+/g) ?? []).filter((w) => w.length >= 2).slice(0, 8);
  const term = (w: string, last: boolean) => (last && w.length >= 3 ? `${w}:*` : w);
  return words
    .map((w, i) => {
      const last = i === words.length - 1;
      // "fuehrerschein" is also "fuhrerschein": umlauts typed as ae/oe/ue, folded like the stored text.
      const plain = w.replace(/([aou])e/g, '$1');
      return plain === w ? term(w, last) : `(${term(w, last)} | ${term(plain, last)})`;
    })
    .join(' & ');
}

const dateFormat = new Intl.DateTimeFormat('de-DE', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/Berlin',
});
/** "12. März 2025" */
export const germanDate = (date: Date) => dateFormat.format(date);

/** The renderer puts ## below a page's h2; on pages whose h1 is the only heading above, shift up one level. */
export const liftHeadings = (html: string) =>
  html.replace(/<(\/?)h([34])>/g, (_m, slash: string, level: string) => `<${slash}h${Number(level) - 1}>`);
