import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { clickAndCheck, visit } from './helpers/axe.js';
import { browserSkipReason, withPage } from './helpers/browser.js';
import { useE2eEnvironment } from './helpers/environment.js';
import { addresses, linksIn } from './helpers/mail.js';
import { visibleText } from './helpers/text.js';

const PASSWORD = 'Wiesen-Blume-Kanal-47';

/** The one submit button of the form in the page's main content that holds the field. */
const submitOf = (page: Page, fieldLabel: string) =>
  page
    .locator('main form')
    .filter({ has: page.getByLabel(fieldLabel, { exact: true }) })
    .locator('button[type=submit], input[type=submit]');

async function fillRegistration(page: Page, name: string, email: string, password: string, repeat: string) {
  await page.getByLabel('Vor- und Nachname', { exact: true }).fill(name);
  await page.getByLabel('E-Mail-Adresse', { exact: true }).fill(email);
  await page.getByLabel('Passwort', { exact: true }).fill(password);
  await page.getByLabel('Passwort wiederholen', { exact: true }).fill(repeat);
}

describe('Bürgerkonto im Browser', { skip: browserSkipReason }, () => {
  const env = useE2eEnvironment();

  test('registrieren, E-Mail bestätigen, anmelden und abmelden', async () => {
    const email = 'erika.mustermann@example.org';
    await withPage(env.browser, async (page) => {
      await visit(page, `${env.server.url}/musterkreis`);
      await clickAndCheck(page, page.locator('main').getByRole('link', { name: 'ein Konto anlegen' }));
      assert.equal(new URL(page.url()).pathname, '/musterkreis/konto/registrieren');

      await fillRegistration(page, 'Erika Mustermann', email, PASSWORD, PASSWORD);
      await clickAndCheck(page, submitOf(page, 'E-Mail-Adresse'));
      assert.match(await visibleText(page.locator('main')), /Bitte bestätigen Sie Ihre E-Mail-Adresse/);

      const mail = await env.mail.waitForMail((m) => addresses(m).includes(email) && /bestätigen/i.test(m.subject ?? ''));
      const link = linksIn(mail).find((l) => l.startsWith(`${env.server.url}/musterkreis/`));
      assert.ok(link, `absoluter Link auf den Server in der Bestätigungs-Mail:\n${mail.text}`);

      await visit(page, link);
      await clickAndCheck(page, page.locator('main form').locator('button[type=submit], input[type=submit]'));
      assert.match(await visibleText(page.locator('main')), /bestätigt/i);

      await visit(page, `${env.server.url}/musterkreis/konto/anmelden`);
      await page.getByLabel('E-Mail-Adresse', { exact: true }).fill(email);
      await page.getByLabel('Passwort', { exact: true }).fill(PASSWORD);
      await clickAndCheck(page, submitOf(page, 'Passwort'));
      assert.match(await visibleText(page.getByRole('heading', { level: 1 })), /Mein Konto/);
      assert.match(await visibleText(page.locator('main')), /Erika Mustermann|erika\.mustermann@example\.org/);

      await clickAndCheck(page, page.getByRole('button', { name: 'Abmelden' }));
      await visit(page, `${env.server.url}/musterkreis/konto`);
      assert.equal(
        new URL(page.url()).pathname,
        '/musterkreis/konto/anmelden',
        'nach dem Abmelden führt das Konto zur Anmeldung',
      );
    });
  });

  test('eine fehlerhafte Registrierung zeigt die Fehlerübersicht oben und behält Name und E-Mail-Adresse', async () => {
    await withPage(env.browser, async (page) => {
      await visit(page, `${env.server.url}/musterkreis/konto/registrieren`);
      // Two different passwords: an error only the server finds, whatever the browser checks itself.
      await fillRegistration(page, 'Max Mustermann', 'max.mustermann@example.org', PASSWORD, `${PASSWORD}x`);
      await clickAndCheck(page, submitOf(page, 'E-Mail-Adresse'), { status: 422 });

      const summary = page.locator('main .error-summary, main [role=alert]').first();
      assert.equal(await summary.isVisible(), true, 'Fehlerübersicht sichtbar');
      assert.match(await visibleText(summary), /Passw/);
      const summaryTop = (await summary.boundingBox())?.y ?? Number.POSITIVE_INFINITY;
      const formTop = (await page.getByLabel('Vor- und Nachname', { exact: true }).boundingBox())?.y ?? 0;
      assert.ok(summaryTop < formTop, 'die Fehlerübersicht steht über dem Formular');

      assert.equal(await page.getByLabel('Vor- und Nachname', { exact: true }).inputValue(), 'Max Mustermann');
      assert.equal(await page.getByLabel('E-Mail-Adresse', { exact: true }).inputValue(), 'max.mustermann@example.org');
      assert.equal(
        await page.getByLabel('Passwort', { exact: true }).inputValue(),
        '',
        'Passwörter werden nicht zurückgeschickt',
      );
    });
  });

  test('die Registrierung funktioniert mit abgeschaltetem JavaScript', async () => {
    const email = 'otto.normal@example.org';
    await withPage(
      env.browser,
      async (page) => {
        await visit(page, `${env.server.url}/musterkreis/konto/registrieren`);
        await fillRegistration(page, 'Otto Normal', email, PASSWORD, PASSWORD);
        await clickAndCheck(page, submitOf(page, 'E-Mail-Adresse'));
        assert.match(await visibleText(page.locator('main')), /Bitte bestätigen Sie Ihre E-Mail-Adresse/);
        await env.mail.waitForMail((m) => addresses(m).includes(email));
      },
      { javaScriptEnabled: false },
    );
  });
});
