import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { clickAndCheck, visit } from './helpers/axe.js';
import { browserSkipReason, withPage } from './helpers/browser.js';
import { useE2eEnvironment } from './helpers/environment.js';

/** The address of the first link in the main content whose path starts with the prefix. */
async function firstLink(page: Page, prefix: string): Promise<string> {
  const hrefs = await page.locator('main a[href]').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
  const found = hrefs.find((href) => new URL(href).pathname.startsWith(prefix) && new URL(href).pathname !== prefix);
  assert.ok(found, `ein Link unter ${prefix} auf ${page.url()}`);
  return found;
}

describe('Jede öffentliche Seitenart besteht axe', { skip: browserSkipReason }, () => {
  const env = useE2eEnvironment();

  for (const tenant of ['musterkreis', 'beispielstadt']) {
    test(`${tenant}: Start, A–Z, Lebenslagen, Leistung, Suche, Aktuelles, Seiten, Infokanal, Antrag, 404`, async () => {
      const base = `${env.server.url}/${tenant}`;
      await withPage(env.browser, async (page) => {
        // visit() fails the test on any serious or critical axe violation of the page.
        await visit(page, `${env.server.url}/`);
        await visit(page, base);
        await visit(page, `${base}/leistungen`);
        await visit(page, await firstLink(page, `/${tenant}/leistungen/`));
        await visit(page, `${base}/lebenslagen`);
        await visit(page, await firstLink(page, `/${tenant}/lebenslagen/`));
        await visit(page, `${base}/suche?q=Ausweis`);
        await visit(page, `${base}/suche?q=Xylofonunterricht`);
        await visit(page, `${base}/aktuelles`);
        await visit(page, await firstLink(page, `/${tenant}/aktuelles/`));
        for (const slug of ['impressum', 'datenschutz', 'barrierefreiheit', 'kontakt']) {
          // Not every tenant has every page; probed outside the page so only real visits count.
          if ((await page.request.get(`${base}/seite/${slug}`)).status() === 404) continue;
          await visit(page, `${base}/seite/${slug}`);
        }
        await visit(page, `${base}/infokanal`);
        await visit(page, await firstLink(page, `/${tenant}/infokanal/`));
        await visit(page, `${base}/leistungen/gibt-es-nicht`, { status: 404 });
      });
    });
  }

  test('der erste Schritt eines Online-Antrags besteht axe', async () => {
    await withPage(env.browser, async (page) => {
      await visit(page, `${env.server.url}/musterkreis/leistungen/schuelerbefoerderung-fahrkarte-zur-schule`);
      const online = page.locator('main').getByRole('link', { name: /Online beantragen/ });
      assert.equal(await online.count(), 1, 'die Leistung hat einen Online-Antrag');
      await clickAndCheck(page, online);
      assert.match(new URL(page.url()).pathname, /^\/musterkreis\/antrag\//);
    });
  });
});
