/** Lower-case ASCII words joined by dashes: umlauts spelled out, accents and punctuation dropped. */
export const dashedWords = (text: string): string =>
  text
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

/** What every slug in an address looks like. */
export const SLUG = /^[a-z0-9][a-z0-9-]{0,119}$/;

/**
 * "Führerschein umtauschen (Pflichtumtausch)" → "fuehrerschein-umtauschen-pflichtumtausch".
 * A title longer than `max` is cut at a word boundary, not inside a word.
 */
export function slugify(title: string, max = 120): string {
  const slug = dashedWords(title);
  if (slug.length <= max) return slug;
  const cut = slug.slice(0, max + 1).replace(/-[^-]*$/, '');
  return cut || slug.slice(0, max).replace(/-+$/, '');
}
