import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { samplePdf } from '../test/catalog-admin-helpers.js';
import { clickAndCheck, follow, visit } from './helpers/axe.js';
import { browserSkipReason, withPage } from './helpers/browser.js';
import { useE2eEnvironment } from './helpers/environment.js';
import { visibleText } from './helpers/text.js';

const EDITOR = 'redaktion@musterkreis.example';

describe('Leistungskatalog: Redaktion im Browser', { skip: browserSkipReason }, () => {
  const env = useE2eEnvironment();

  test('die Redaktion legt eine Leistung mit PDF an, veröffentlicht sie, und die öffentliche Suche findet sie', async () => {
    await withPage(env.browser, async (page) => {
      await visit(page, `${env.server.url}/musterkreis/verwaltung/anmelden`);
      await page.getByLabel('E-Mail-Adresse', { exact: true }).fill(EDITOR);
      await page.getByLabel('Passwort', { exact: true }).fill(env.server.demoPassword(EDITOR));
      await clickAndCheck(page, page.locator('main form').locator('button[type=submit]'));

      await visit(page, `${env.server.url}/musterkreis/verwaltung/leistungen/neu`);
      await page.getByLabel('Titel', { exact: true }).fill('Bienenhaltung anzeigen');
      await page.getByLabel('Kurzbeschreibung').fill('Wer Bienenvölker hält, zeigt sie beim Veterinäramt an.');
      await page.getByLabel(/^Beschreibung\b/).fill('Die Anzeige ist **kostenlos** und vor dem Aufstellen der Völker nötig.');
      await page.getByLabel('Erforderliche Unterlagen').fill('Standort der Bienenstöcke\nAnzahl der Völker');
      await page.getByLabel('Suchbegriffe und Synonyme').fill('Imker, Imkerei, Bienenvolk');
      await clickAndCheck(page, page.getByRole('button', { name: 'Leistung anlegen' }));
      const editUrl = page.url();
      assert.match(new URL(editUrl).pathname, /^\/musterkreis\/verwaltung\/leistungen\/[0-9a-f-]+$/);

      await page.getByLabel('Titel des Dokuments').fill('Merkblatt Bienenhaltung');
      await page
        .getByLabel('PDF-Datei')
        .setInputFiles({ name: 'merkblatt.pdf', mimeType: 'application/pdf', buffer: samplePdf() });
      await clickAndCheck(page, page.getByRole('button', { name: 'PDF hochladen' }));
      assert.match(await visibleText(page.locator('main')), /Merkblatt Bienenhaltung/);

      await clickAndCheck(page, page.getByRole('button', { name: 'Veröffentlichen', exact: true }));
      assert.match(await visibleText(page.locator('main')), /veröffentlicht/i);
    });

    // A citizen, not logged in, searches with a colloquial word from the keywords.
    await withPage(env.browser, async (page) => {
      await visit(page, `${env.server.url}/musterkreis`);
      await page.getByLabel('Leistung suchen').first().fill('Imker');
      await follow(page, () => page.getByLabel('Leistung suchen').first().press('Enter'));
      const hit = page.locator('main').getByRole('link', { name: /Bienenhaltung anzeigen/ });
      assert.equal(await hit.count(), 1, 'die neue Leistung steht in den Treffern');
      await clickAndCheck(page, hit);
      const main = await visibleText(page.locator('main'));
      assert.match(main, /Anzahl der Völker/);
      assert.match(main, /Merkblatt Bienenhaltung \(PDF/);
      const pdf = await page.request.get(
        new URL(
          String(
            await page
              .locator('main')
              .getByRole('link', { name: /Merkblatt Bienenhaltung/ })
              .getAttribute('href'),
          ),
          page.url(),
        ).toString(),
      );
      assert.equal(pdf.status(), 200);
      assert.deepEqual(Buffer.from(await pdf.body()), samplePdf());
    });
  });
});
