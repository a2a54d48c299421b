const MARK_START = '\u0001';
const MARK_END = '\u0002';

/** ts_headline options: markers that survive HTML escaping and cannot occur in the text (they are translated away). */
export const HEADLINE_OPTIONS = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** A ts_headline result as safe HTML: everything escaped, only the markers become <mark>. */
export function headlineToHtml(headline: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stray control characters must not reach the page
  return escapeHtml(headline.replace(/[\u0003-\u0008\u000b-\u001f]/g, ' '))
    .replaceAll(MARK_START, '<mark>')
    .replaceAll(MARK_END, '</mark>');
}
