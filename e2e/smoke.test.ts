import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clickAndCheck, follow, visit } from './helpers/axe.js';
import { browserSkipReason, withPage } from './helpers/browser.js';
import { useE2eEnvironment } from './helpers/environment.js';
import { visibleText } from './helpers/text.js';

describe('Startseiten und Leistungen im Browser', { skip: browserSkipReason }, () => {
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

  test('„perso“ auf der Startseite führt zur Seite Personalausweis', async () => {
    await withPage(env.browser, async (page) => {
      await visit(page, `${env.server.url}/beispielstadt`);
      await page.getByLabel('Leistung suchen').first().fill('perso');
      await follow(page, () => page.getByLabel('Leistung suchen').first().press('Enter'));
      assert.equal(new URL(page.url()).pathname, '/beispielstadt/suche');
      await clickAndCheck(page, page.getByRole('link', { name: /Personalausweis/ }).first());
      assert.match(new URL(page.url()).pathname, /^\/beispielstadt\/leistungen\/personalausweis/);
      assert.match(await visibleText(page.getByRole('heading', { level: 1 })), /Personalausweis/);
    });
  });

  test('Lebenslage Umzug → Wohnsitz anmelden zeigt die Unterlagen', async () => {
    await withPage(env.browser, async (page) => {
      await visit(page, `${env.server.url}/beispielstadt`);
      await clickAndCheck(page, page.getByRole('link', { name: 'Umzug', exact: true }).first());
      await clickAndCheck(page, page.getByRole('link', { name: 'Wohnsitz anmelden' }).first());
      assert.equal(await page.getByRole('heading', { name: 'Unterlagen' }).count(), 1);
      assert.match(await visibleText(page.locator('main')), /Wohnungsgeberbestätigung/);
    });
  });

  test('Seitenwerkzeuge: Drucken ruft den Druckdialog, Weiterempfehlen ist ein mailto-Link mit der Adresse', async () => {
    await withPage(env.browser, async (page) => {
      await visit(page, `${env.server.url}/musterkreis`);
      await page.evaluate(() => {
        (window as unknown as { printed: number }).printed = 0;
        window.print = () => {
          (window as unknown as { printed: number }).printed++;
        };
      });
      await page.getByRole('button', { name: 'Seite drucken' }).click();
      assert.equal(await page.evaluate(() => (window as unknown as { printed: number }).printed), 1);
      const href = await page.getByRole('link', { name: 'Seite weiterempfehlen' }).getAttribute('href');
      assert.match(href ?? '', /^mailto:\?subject=.*&body=http%3A%2F%2F127\.0\.0\.1%3A\d+%2Fmusterkreis/);
      const speech = await page.evaluate(() => 'speechSynthesis' in window);
      assert.equal(await page.getByRole('button', { name: 'Vorlesen' }).isVisible(), speech);
    });
  });
});
