import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clickAndCheck, visit } from './helpers/axe.js';
import { browserSkipReason, withPage } from './helpers/browser.js';
import { useE2eEnvironment } from './helpers/environment.js';
import { addresses, linksIn } from './helpers/mail.js';
import { visibleText } from './helpers/text.js';

const EDITOR = 'redaktion@musterkreis.example';

describe('Infokanal im Browser', { skip: browserSkipReason }, () => {
  const env = useE2eEnvironment();

  test('abonnieren, aus der Mail bestätigen; die Redaktion warnt, das Banner steht auf der Startseite und die Mail kommt an', async () => {
    const subscriber = 'jonas.nachbar@example.org';
    const title = 'Großbrand im Gewerbegebiet: Fenster geschlossen halten';

    await withPage(env.browser, async (page) => {
      await visit(page, `${env.server.url}/musterkreis/infokanal`);
      await page.getByLabel('E-Mail-Adresse', { exact: true }).fill(subscriber);
      await page.getByRole('group', { name: 'Themen' }).getByLabel('Gefahrenhinweise').check();
      await clickAndCheck(page, page.getByRole('button', { name: 'Abonnieren' }));
      assert.match(await visibleText(page.getByRole('heading', { level: 1 })), /Bitte bestätigen/);

      const confirm = await env.mail.waitForMail((m) => addresses(m).includes(subscriber) && /bestätig/i.test(m.subject ?? ''));
      const link = linksIn(confirm).find((l) => l.includes('/musterkreis/infokanal/bestaetigen'));
      assert.ok(link, `Bestätigungslink in der Mail:\n${confirm.text}`);
      await visit(page, link);
      await clickAndCheck(page, page.locator('main form').locator('button[type=submit]'));
      assert.match(await visibleText(page.locator('main')), /bestätigt/i);
    });

    await withPage(env.browser, async (page) => {
      await visit(page, `${env.server.url}/musterkreis/verwaltung/anmelden`);
      await page.getByLabel('E-Mail-Adresse', { exact: true }).fill(EDITOR);
      await page.getByLabel('Passwort', { exact: true }).fill(env.server.demoPassword(EDITOR));
      await clickAndCheck(page, page.locator('main form').locator('button[type=submit]'));
      await visit(page, `${env.server.url}/musterkreis/verwaltung/infokanal/neu`);

      await page.getByLabel('Titel (Betreff der E-Mail)').fill(title);
      await page.getByLabel('Text', { exact: true }).fill('Starke Rauchentwicklung im Gewerbegebiet Süd.');
      await page.getByRole('group', { name: 'Themen' }).getByLabel('Gefahrenhinweise').check();
      await page.getByLabel(/Diese Nachricht ist eine Warnung/).check();
      await page.getByLabel('Art der Gefahr').selectOption({ label: 'Brand' });
      await page.getByLabel('Gefahrenstufe').selectOption({ index: 2 });
      await page.getByLabel('Dringlichkeit').selectOption({ index: 1 });
      await page.getByLabel('Gewissheit').selectOption({ index: 1 });
      await page.getByLabel('Handlungsempfehlung für die Bevölkerung').fill('Fenster und Türen geschlossen halten.');
      await page.getByLabel('Betroffenes Gebiet').fill('Gewerbegebiet Süd');
      // German local time, as the datetime-local field takes it.
      const until = new Date(Date.now() + 2 * 86_400_000).toLocaleString('sv-SE', { timeZone: 'Europe/Berlin' });
      await page.getByLabel('Gültig bis').fill(until.slice(0, 16).replace(' ', 'T'));
      await clickAndCheck(page, page.getByRole('button', { name: 'Veröffentlichen und senden' }));
      assert.match(await visibleText(page.locator('main')), /Versendet/, 'die Verwaltung zeigt den Versandstand');
      // The numbers refresh by themselves (no reload) until nothing is pending.
      const summary = page.locator('[data-delivery-summary]');
      assert.equal(await summary.getAttribute('aria-live'), 'polite');
      await page.waitForFunction(() => {
        const text = document.querySelector('[data-delivery-summary]')?.textContent ?? '';
        return /E-Mails versendet[.,]/.test(text);
      });
      assert.match(await visibleText(summary), /^[1-9][\d.]* von [1-9][\d.]* E-Mails versendet/);
      assert.equal(await visibleText(page.locator('[data-count="pending"]')), '0');
      assert.equal(await page.locator('progress').evaluate((p: HTMLProgressElement) => p.value > 0 && p.value <= p.max), true);
    });

    await withPage(env.browser, async (page) => {
      await visit(page, `${env.server.url}/musterkreis`);
      const banner = page.getByRole('region', { name: 'Aktuelle Warnung' });
      assert.match(await visibleText(banner), /Großbrand im Gewerbegebiet/);
    });

    const alert = await env.mail.waitForMail((m) => addresses(m).includes(subscriber) && (m.subject ?? '').includes('Großbrand'));
    assert.match(alert.text ?? '', /Fenster und Türen geschlossen halten|Rauchentwicklung/);
    const unsubscribe = alert.headerLines.find((h) => h.key === 'list-unsubscribe')?.line ?? '';
    assert.match(unsubscribe, /<http:\/\/[^>]+\/musterkreis\/infokanal\/abmelden\?/, 'Abmelden mit einem Klick (RFC 8058)');
  });
});
