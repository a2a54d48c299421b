import assert from 'node:assert/strict';
import type { Browser } from './accounts-helpers.js';
import { textOf } from './accounts-helpers.js';

/** The procedure id from a redirect into the builder. */
export function procedureIdFrom(location: unknown): string {
  const match = /\/verwaltung\/verfahren\/([0-9a-f-]{36})/.exec(String(location));
  assert.ok(match, `no procedure id in ${String(location)}`);
  return match[1];
}

/** Submits a builder form from its page and expects the redirect back into the builder. */
export async function builderPost(browser: Browser, pageUrl: string, actionUrl: string, fields: Record<string, string>) {
  const res = await browser.submit(pageUrl, actionUrl, fields);
  assert.equal(res.statusCode, 303, `POST ${actionUrl} → ${res.statusCode}: ${textOf(res.body).slice(0, 600)}`);
  return String(res.headers.location);
}

/**
 * Builds "Baumfällung anzeigen" through the builder's forms: page 1 asks whether the tree
 * stands in a protected area; page 2 asks for an expert report (an upload) only then.
 */
export async function buildTwoPageProcedure(browser: Browser, tenant: string) {
  const base = `/${tenant}/verwaltung/verfahren`;
  const created = await builderPost(browser, `${base}/neu`, `${base}/neu`, {
    title: 'Baumfällung anzeigen',
    slug: '',
    description: 'Zeigen Sie uns an, wenn Sie einen Baum fällen möchten.',
    firstPage: 'Angaben zum Baum',
  });
  const id = procedureIdFrom(created);
  const page1 = `${base}/${id}/seiten/1`;
  const afterAdd = await builderPost(browser, page1, `${page1}/felder`, {
    'n-type': 'radio',
    'n-label': 'Steht der Baum in einem Schutzgebiet?',
    'n-key': 'schutzgebiet',
  });
  assert.match(afterAdd, /\/seiten\/1\/felder\/schutzgebiet\?hinweis=feld-angelegt/);
  await builderPost(browser, `${page1}/felder/schutzgebiet`, `${page1}/felder/schutzgebiet`, {
    'f-label': 'Steht der Baum in einem Schutzgebiet?',
    'f-key': 'schutzgebiet',
    'f-required': 'ja',
    'f-options': 'Ja\nNein',
  });
  await builderPost(browser, page1, `${page1}/felder`, { 'n-type': 'text', 'n-label': 'Baumart', 'n-key': '' });
  const secondPage = await builderPost(browser, `${base}/${id}`, `${base}/${id}/seiten`, { 's-title': 'Unterlagen' });
  assert.match(secondPage, /\/seiten\/2\?hinweis=seite-angelegt/);
  const page2 = `${base}/${id}/seiten/2`;
  await builderPost(browser, page2, `${page2}/felder`, { 'n-type': 'file', 'n-label': 'Gutachten', 'n-key': 'gutachten' });
  await builderPost(browser, `${page2}/felder/gutachten`, `${page2}/felder/gutachten`, {
    'f-label': 'Gutachten eines Baumsachverständigen',
    'f-key': 'gutachten',
    'f-accept': 'pdf',
    'f-maxmb': '5',
    'f-maxcount': '1',
    'f-showif-field': 'schutzgebiet',
    'f-showif-op': 'equals',
    'f-showif-value': 'ja',
    'f-requiredif-field': 'schutzgebiet',
    'f-requiredif-op': 'equals',
    'f-requiredif-value': 'ja',
  });
  await builderPost(browser, page2, `${page2}/felder`, { 'n-type': 'email', 'n-label': 'E-Mail-Adresse', 'n-key': 'email' });
  await builderPost(browser, `${page2}/felder/email`, `${page2}/felder/email`, {
    'f-label': 'E-Mail-Adresse',
    'f-key': 'email',
    'f-required': 'ja',
  });
  return { id, base, href: `${base}/${id}` };
}
