import { renderMarkdown } from '../catalog/index.js';
import type { NewsItem } from './service.js';

/** Text for XML content and attributes: the five predefined entities, no control characters. */
export const xmlEscape = (text: string) =>
  text
    // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 forbids these characters
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

/** An Atom 1.0 feed (RFC 4287) of a tenant's newest press releases; every link absolute. */
export function newsAtomFeed(
  tenant: { slug: string; name: string },
  publicUrl: string,
  items: NewsItem[],
  now = new Date(),
): string {
  const site = `${publicUrl.replace(/\/+$/, '')}/${tenant.slug}`;
  const updated = items.reduce((latest, n) => (n.updatedAt > latest ? n.updatedAt : latest), items[0]?.updatedAt ?? now);
  const entries = items.map((n) => {
    const url = `${site}/aktuelles/${n.slug}`;
    return [
      '  <entry>',
      `    <title type="text">${xmlEscape(n.title)}</title>`,
      `    <link rel="alternate" type="text/html" href="${xmlEscape(url)}"/>`,
      `    <id>${xmlEscape(url)}</id>`,
      `    <published>${n.publishedAt.toISOString()}</published>`,
      `    <updated>${n.updatedAt.toISOString()}</updated>`,
      `    <summary type="text">${xmlEscape(n.teaser)}</summary>`,
      `    <content type="html">${xmlEscape(renderMarkdown(n.bodyMd))}</content>`,
      '  </entry>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de">',
    `  <title type="text">${xmlEscape(`Aktuelles – ${tenant.name}`)}</title>`,
    `  <subtitle type="text">${xmlEscape(`Pressemitteilungen von ${tenant.name}`)}</subtitle>`,
    `  <id>${xmlEscape(`${site}/aktuelles`)}</id>`,
    `  <link rel="self" type="application/atom+xml" href="${xmlEscape(`${site}/feeds/news.atom`)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xmlEscape(`${site}/aktuelles`)}"/>`,
    `  <updated>${updated.toISOString()}</updated>`,
    `  <author><name>${xmlEscape(tenant.name)}</name></author>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
