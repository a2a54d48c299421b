/**
 * Turning what a citizen typed into a PostgreSQL tsquery. Pure functions: the
 * vocabulary and synonym look-ups happen in the service, the matching in SQL.
 */

/** Longer input is cut: nobody types more, and it keeps every query cheap. */
export const MAX_QUERY_LENGTH = 200;
const MAX_WORDS = 8;

/** Trims, drops control characters and cuts to MAX_QUERY_LENGTH. */
export function normalizeQuery(raw: unknown): string {
  if (typeof raw !== 'string') return '';
  return (
    raw
      .slice(0, MAX_QUERY_LENGTH * 2)
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
      .replace(/[\u0000-\u001f\u007f]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, MAX_QUERY_LENGTH)
      .trim()
  );
}

/** Lower case without accents, umlauts as plain vowels and ß as ss (like catalog_fold in SQL). */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
}

/** The words of a folded text: letters and digits only, so nothing can break the tsquery syntax. */
export function tokenize(folded: string): string[] {
  // Single letters and one- or two-digit numbers match list numbering and noise, not services.
  const meaningful = (w: string) => w.length >= 2 && !/^\d{1,2}$/.test(w);
  return (folded.match(/[a-z0-9]+/g) ?? []).filter(meaningful).slice(0, MAX_WORDS);
}

/** "fuehrerschein" → "fuhrerschein": the ue/oe/ae spelling of an umlaut, folded. */
export function umlautSpellingFolded(word: string): string {
  return word.replace(/([aou])e/g, '$1');
}

/** One typed word and what it may also mean. */
export interface WordAlternatives {
  word: string;
  /** Whether the typed word is the last one: it is matched as a prefix while typing. */
  prefix: boolean;
  /** Vocabulary words the word was corrected to (umlaut spelling, typo). */
  corrections: string[];
  /** Synonym expansions, each a list of words that must all occur. */
  expansions: string[][];
}

const term = (word: string, prefix: boolean) => (prefix && word.length >= 3 ? `${word}:*` : word);

function group(alt: WordAlternatives): string {
  const parts = new Set<string>([term(alt.word, alt.prefix)]);
  for (const c of alt.corrections) parts.add(c);
  for (const e of alt.expansions) if (e.length > 0) parts.add(e.length === 1 ? e[0] : `(${e.join(' & ')})`);
  return parts.size === 1 ? [...parts][0] : `(${[...parts].join(' | ')})`;
}

/**
 * The tsquery text for to_tsquery('german', …): every word (with its alternatives) must
 * match in 'all' mode, any of them in 'any' mode. Whole-query synonyms are an alternative
 * to the whole query.
 */
export function buildTsQuery(words: WordAlternatives[], mode: 'all' | 'any', wholeQueryExpansions: string[][] = []): string {
  if (words.length === 0) return '';
  const joined = words.map(group).join(mode === 'all' ? ' & ' : ' | ');
  const wholes = wholeQueryExpansions.filter((e) => e.length > 0).map((e) => `(${e.join(' & ')})`);
  return wholes.length > 0 ? [`(${joined})`, ...wholes].join(' | ') : joined;
}

const MARK_START = '\u0001';
const MARK_END = '\u0002';
/** Markers for ts_headline that survive HTML escaping and cannot be typed into a form. */
export const HEADLINE_OPTIONS = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** A ts_headline result as safe HTML: everything escaped, only the markers become <mark>. */
export function headlineToHtml(headline: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stray control characters must not reach the page
  return escapeHtml(headline.replace(/[\u0003-\u001f]/g, ' '))
    .replaceAll(MARK_START, '<mark>')
    .replaceAll(MARK_END, '</mark>');
}
