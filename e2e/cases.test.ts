import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { extractPdfText } from '../src/modules/documents/index.js';
import { samplePdf } from '../test/catalog-admin-helpers.js';
import { clickAndCheck, visit } from './helpers/axe.js';
import { browserSkipReason, withPage } from './helpers/browser.js';
import { useE2eEnvironment } from './helpers/environment.js';
import { addresses, linksIn } from './helpers/mail.js';
import { visibleText } from './helpers/text.js';

const ADMIN = 'admin@musterkreis.example';
const CLERK = 'sachbearbeitung@musterkreis.example';
const CLERK_NAME = 'Sabine Sachbearbeitung';
const APPLICANT = 'karla.kluge@example.org';
const APPLICANT_NAME = 'Karla Kluge';
const QUESTION = 'Bitte schicken Sie uns den Schülerausweis Ihres Kindes als PDF.';
const ANSWER = 'Anbei der Schülerausweis von Mia.';
const TENOR = 'Das Verkehrsunternehmen setzt auf der Linie 6231 ab Montag einen Verstärkerbus ein.';
const REASONS = 'Die Meldung ist belegt; die Linie war an mehreren Tagen ausgefallen.';

const main = (page: Page) => page.locator('main');

async function staffLogin(page: Page, baseUrl: string, email: string, password: string) {
  await visit(page, `${baseUrl}/musterkreis/verwaltung/anmelden`);
  await page.getByLabel('E-Mail-Adresse', { exact: true }).fill(email);
  await page.getByLabel('Passwort', { exact: true }).fill(password);
  await clickAndCheck(page, main(page).locator('form').locator('button[type=submit]'));
}

/** The Berlin date of yesterday as YYYY-MM-DD (a date input takes that format). */
const yesterday = () => new Date(Date.now() - 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });

describe('Vorgang vom Antrag bis zum Bescheid im Browser', { skip: browserSkipReason }, () => {
  const env = useE2eEnvironment();

  test('Antrag ohne Konto, Übernahme, Rückfrage, Antwort mit PDF, Bescheid im Postfach mit Aktenzeichen und Tenor', async () => {
    const base = env.server.url;
    let reference = '';

    // The citizen reports a cancelled school bus without an account.
    await withPage(env.browser, async (page) => {
      await visit(page, `${base}/musterkreis/antrag/schulbus-meldung`);
      await clickAndCheck(page, main(page).getByRole('link', { name: 'Antrag starten' }));

      await page.getByLabel('Datum der Fahrt').fill(yesterday());
      await page.getByLabel('Buslinie').fill('6231');
      await page.getByLabel('Haltestelle').fill('Oberdorf Schule');
      await page.getByLabel('Planmäßige Abfahrtszeit').fill('07:05');
      await page.getByLabel('Der Bus ist ausgefallen').check();
      await clickAndCheck(page, page.getByRole('button', { name: 'Weiter' }));

      await page.getByLabel('Schule', { exact: true }).fill('Mittelschule Oberdorf');
      await page.getByLabel(/^Beschreibung/).fill('Der Bus kam nicht; die Kinder warteten 40 Minuten.');
      await clickAndCheck(page, page.getByRole('button', { name: 'Weiter' }));

      await page.getByLabel('Name', { exact: true }).fill(APPLICANT_NAME);
      await page.getByLabel('E-Mail-Adresse', { exact: true }).fill(APPLICANT);
      await page.getByLabel('Ich stimme zu').check();
      await clickAndCheck(page, page.getByRole('button', { name: 'Weiter' }));

      assert.match(await visibleText(page.getByRole('heading', { level: 1 })), /Angaben prüfen/);
      await page.getByLabel(/Ich versichere/).check();
      await clickAndCheck(page, page.getByRole('button', { name: 'Antrag verbindlich absenden' }));
      assert.match(await visibleText(page.getByRole('heading', { level: 1 })), /Ihr Antrag ist eingegangen/);
      reference = (await visibleText(main(page).locator('strong').first())).trim();
      assert.match(reference, /^[A-Z]{1,4}-\d{4}-\d{6}$/, 'Aktenzeichen auf der Bestätigungsseite');
    });

    const receipt = await env.mail.waitForMail((m) => addresses(m).includes(APPLICANT) && (m.subject ?? '').includes(reference));
    const statusLink = linksIn(receipt).find((l) => l.includes('/musterkreis/antrag/status/'));
    assert.ok(statusLink, `Statuslink in der Eingangsbestätigung:\n${receipt.text}`);

    // The demo procedure names no department of the tenant ("Schülerbeförderung"), so the
    // case lands with the admins, who hand it to the clerk with the inbox's bulk assignment.
    await withPage(env.browser, async (page) => {
      await staffLogin(page, base, ADMIN, env.server.demoPassword(ADMIN));
      await visit(page, `${base}/musterkreis/verwaltung/vorgaenge`);
      await page.getByLabel(`${reference} auswählen`).check();
      await page.getByLabel('Ausgewählte Vorgänge zuweisen an').selectOption({ label: CLERK_NAME });
      await clickAndCheck(page, page.getByRole('button', { name: 'Zuweisen', exact: true }));
      assert.match(await visibleText(main(page)), /Die Zuweisung wurde gespeichert/);
    });

    // The clerk finds the case in the inbox, takes it over and asks back.
    await withPage(env.browser, async (page) => {
      await staffLogin(page, base, CLERK, env.server.demoPassword(CLERK));
      await clickAndCheck(page, page.getByRole('link', { name: 'Vorgänge', exact: true }).first());
      await page.getByLabel('Status').selectOption({ label: 'Alle offenen' });
      await page.getByLabel(/^Bearbeitung/).selectOption({ label: 'Mir zugewiesen' });
      await clickAndCheck(page, page.getByRole('button', { name: 'Anzeigen' }));
      await clickAndCheck(page, main(page).getByRole('link', { name: reference }));
      assert.match(await visibleText(page.getByRole('heading', { level: 1 })), new RegExp(reference));
      assert.match(await visibleText(main(page)), /Mittelschule Oberdorf/, 'die Angaben des Antrags');

      // Assigned by the admin, the case is still new: the clerk starts the processing.
      await clickAndCheck(page, page.getByRole('button', { name: 'Bearbeitung beginnen' }));
      assert.match(await visibleText(main(page)), /Sie bearbeiten diesen Vorgang jetzt/);
      assert.match(await visibleText(main(page)), /In Bearbeitung/);

      await page.getByLabel('Nachricht', { exact: true }).fill(QUESTION);
      await clickAndCheck(page, page.getByRole('button', { name: 'Rückfrage senden' }));
      assert.match(await visibleText(main(page)), /Die Rückfrage wurde gesendet/);
    });

    const questionMail = await env.mail.waitForMail(
      (m) => addresses(m).includes(APPLICANT) && /neue Nachricht/.test(m.subject ?? ''),
    );
    assert.doesNotMatch(questionMail.text ?? '', /Schülerausweis/, 'der Text der Rückfrage steht nicht in der Mail');

    // The citizen answers through the status link with a PDF.
    await withPage(env.browser, async (page) => {
      await visit(page, statusLink);
      assert.match(await visibleText(page.getByRole('heading', { level: 1 })), new RegExp(reference));
      assert.match(await visibleText(page.getByRole('region', { name: 'Postfach' })), /Schülerausweis Ihres Kindes/);
      await page.getByLabel('Ihre Antwort').fill(ANSWER);
      await page
        .getByLabel(/Dateien anhängen/)
        .setInputFiles({ name: 'schuelerausweis.pdf', mimeType: 'application/pdf', buffer: samplePdf('Schülerausweis') });
      await clickAndCheck(page, page.getByRole('button', { name: 'Antwort senden' }));
      assert.match(await visibleText(main(page)), /Ihre Antwort wurde gesendet/);
      assert.match(await visibleText(main(page)), /schuelerausweis\.pdf/);
    });

    // The clerk reads the answer and decides with a Bescheid.
    await withPage(env.browser, async (page) => {
      await staffLogin(page, base, CLERK, env.server.demoPassword(CLERK));
      await visit(page, `${base}/musterkreis/verwaltung/vorgaenge?bearbeitung=ich`);
      await clickAndCheck(page, main(page).getByRole('link', { name: reference }));
      const messages = await visibleText(page.getByRole('region', { name: 'Nachrichten' }));
      assert.match(messages, /Anbei der Schülerausweis/);
      assert.match(messages, /schuelerausweis\.pdf/);

      await page.getByLabel('bewilligt', { exact: true }).check();
      await page.getByLabel('Tenor').fill(TENOR);
      await page.getByLabel('Begründung').fill(REASONS);
      await clickAndCheck(page, page.getByRole('button', { name: 'Entscheiden und Bescheid zustellen' }));
      assert.match(await visibleText(main(page)), /Der Bescheid wurde erstellt/);
      assert.match(await visibleText(main(page)), /Entschieden/);
    });

    // The notification says only that something is waiting: no tenor, no names.
    const documentMail = await env.mail.waitForMail(
      (m) => addresses(m).includes(APPLICANT) && /neues Dokument/.test(m.subject ?? ''),
    );
    const mailContent = `${documentMail.subject}\n${documentMail.text ?? ''}\n${documentMail.html || ''}`;
    for (const secret of [TENOR, 'Verstärkerbus', REASONS, 'Karla', 'Kluge', 'Sabine', 'Sachbearbeitung', 'bewilligt']) {
      assert.ok(!mailContent.includes(secret), `„${secret}“ steht nicht in der Benachrichtigung:\n${mailContent}`);
    }

    // The citizen opens the postbox and downloads the Bescheid.
    await withPage(env.browser, async (page) => {
      await visit(page, statusLink);
      const postbox = page.getByRole('region', { name: 'Postfach' });
      assert.match(await visibleText(postbox), /Über Ihren Antrag wurde entschieden/);
      assert.match(await visibleText(main(page)), /Entschieden/);
      const link = postbox.getByRole('link', { name: /Bescheid/ });
      assert.equal(await link.count(), 1, 'der Bescheid hängt an der Nachricht');
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      assert.match(download.suggestedFilename(), /^Bescheid-.*\.pdf$/);
      const bytes = await readFile(await download.path());
      assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
      const text = (await extractPdfText(bytes)).replace(/\s+/g, ' ');
      assert.ok(text.includes(reference), `Aktenzeichen ${reference} im Bescheid:\n${text}`);
      assert.ok(text.includes(TENOR), `Tenor im Bescheid:\n${text}`);
    });
  });
});
