import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clickAndCheck, visit } from './helpers/axe.js';
import { browserSkipReason, withPage } from './helpers/browser.js';
import { useE2eEnvironment } from './helpers/environment.js';
import { visibleText } from './helpers/text.js';

describe('Startseiten im Browser', { skip: browserSkipReason }, () => {
  const env = useE2eEnvironment();

  test('die Mandantenliste führt zur Startseite des Landkreises', async () => {
    await withPage(env.browser, async (page) => {
      await visit(page, `${env.server.url}/`);
      assert.equal(await page.getByRole('link', { name: 'Landkreis Musterkreis' }).count(), 1);
      assert.equal(await page.getByRole('link', { name: 'Gemeinde Beispielstadt' }).count(), 1);

      await clickAndCheck(page, page.getByRole('link', { name: 'Landkreis Musterkreis' }));
      assert.equal(new URL(page.url()).pathname, '/musterkreis');
      assert.match(await visibleText(page.getByRole('heading', { level: 1 })), /Musterkreis/);
    });
  });

  test('der erste Tabulator-Schritt erreicht den Sprunglink, Enter springt zum Inhalt', async () => {
    await withPage(env.browser, async (page) => {
      await visit(page, `${env.server.url}/musterkreis`);
      await page.keyboard.press('Tab');
      const focused = page.locator(':focus');
      assert.equal((await visibleText(focused)).trim(), 'Zum Inhalt springen');
      assert.equal(await focused.isVisible(), true, 'der fokussierte Sprunglink ist sichtbar');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.activeElement?.id === 'inhalt');
      assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'MAIN');
    });
  });
});
