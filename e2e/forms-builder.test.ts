import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { extractPdfText } from '../src/modules/documents/index.js';
import { clickAndCheck, expectNoSeriousA11yViolations, visit } from './helpers/axe.js';
import { browserSkipReason, withPage } from './helpers/browser.js';
import { useE2eEnvironment } from './helpers/environment.js';
import { addresses, linksIn } from './helpers/mail.js';
import { visibleText } from './helpers/text.js';

const EDITOR = 'redaktion@musterkreis.example';
const APPLICANT = 'otto.osterfeuer@example.org';
const TITLE = 'Osterfeuer anmelden';
const SLUG = 'osterfeuer-anmelden';
const RADIO = 'Brennen Sie auf Ihrem eigenen Grundstück?';
const OWNER = 'Name der Eigentümerin oder des Eigentümers';
const fixture = (name: string) => readFile(join(import.meta.dirname, '../test/fixtures', name));

const main = (page: Page) => page.locator('main');

async function staffLogin(page: Page, baseUrl: string, email: string, password: string) {
  await visit(page, `${baseUrl}/musterkreis/verwaltung/anmelden`);
  await page.getByLabel('E-Mail-Adresse', { exact: true }).fill(email);
  await page.getByLabel('Passwort', { exact: true }).fill(password);
  await clickAndCheck(page, main(page).locator('form').locator('button[type=submit]'));
}

/** On a page of the builder: adds a field of a type, lands in its editor. */
async function addField(page: Page, type: string, label: string, key: string) {
  await page.getByLabel('Art des Feldes').selectOption({ label: type });
  await page.getByLabel('Beschriftung des neuen Feldes').fill(label);
  await page.getByLabel('Feldschlüssel des neuen Feldes').fill(key);
  await clickAndCheck(page, page.getByRole('button', { name: 'Feld hinzufügen' }));
  assert.match(
    await visibleText(page.getByRole('heading', { level: 1 })),
    new RegExp(`Feld bearbeiten: ${label.replace(/[?]/g, '\\?')}`),
  );
}

async function saveField(page: Page) {
  await clickAndCheck(page, page.getByRole('button', { name: 'Feld speichern' }));
  assert.match(await visibleText(main(page)), /Der Entwurf wurde gespeichert/);
}

describe('Online-Verfahren: im Baukasten bauen und im Browser beantragen', { skip: browserSkipReason }, () => {
  const env = useE2eEnvironment();

  test('die Redaktion baut ein Verfahren mit zwei Seiten; eine Bürgerin beantragt es und erhält die Eingangsbestätigung als PDF', async () => {
    const base = env.server.url;

    await withPage(env.browser, async (page) => {
      await staffLogin(page, base, EDITOR, env.server.demoPassword(EDITOR));
      await visit(page, `${base}/musterkreis/verwaltung/verfahren`);
      await clickAndCheck(page, main(page).getByRole('link', { name: 'Neues Verfahren anlegen' }));
      await page.getByLabel('Titel des Verfahrens').fill(TITLE);
      await page.getByLabel('Kennung in der Adresse').fill(SLUG);
      await page
        .getByLabel('Beschreibung für die Startseite des Antrags')
        .fill('Wer ein Osterfeuer abbrennen will, meldet es vorher an.');
      await page.getByLabel('Titel der ersten Seite').fill('Ihre Angaben');
      await clickAndCheck(page, page.getByRole('button', { name: 'Verfahren als Entwurf anlegen' }));
      assert.match(await visibleText(page.getByRole('heading', { level: 1 })), /Seite 1: Ihre Angaben/);

      // Page 1: a required text, a required e-mail address (for the receipt), a required radio.
      await addField(page, 'Textzeile', 'Vor- und Nachname', 'name');
      await page.getByLabel('Pflichtangabe', { exact: true }).check();
      await saveField(page);
      await addField(page, 'E-Mail-Adresse', 'E-Mail-Adresse', 'email');
      await page.getByLabel('Pflichtangabe', { exact: true }).check();
      await saveField(page);
      await addField(page, 'Auswahl mit Optionsfeldern (eine Antwort)', RADIO, 'eigenesGrundstueck');
      assert.equal(await page.getByLabel('Antwortmöglichkeiten, eine je Zeile').inputValue(), 'Ja\nNein');
      await page.getByLabel('Pflichtangabe', { exact: true }).check();
      await saveField(page);
      const fields = await visibleText(page.getByRole('region', { name: 'Felder dieser Seite' }));
      assert.match(
        fields,
        /Vor- und Nachname[\s\S]*Schlüssel name · Pflichtangabe[\s\S]*Schlüssel email · Pflichtangabe[\s\S]*Schlüssel eigenesGrundstueck · Pflichtangabe/,
      );

      // Page 2: a field shown only for "Nein" on page 1, and a PDF upload.
      await clickAndCheck(page, main(page).getByRole('link', { name: `Zurück zum Verfahren „${TITLE}“` }));
      await page.getByLabel('Titel der neuen Seite').fill('Ort und Lageplan');
      await clickAndCheck(page, page.getByRole('button', { name: 'Seite hinzufügen' }));
      assert.match(await visibleText(page.getByRole('heading', { level: 1 })), /Seite 2: Ort und Lageplan/);
      await addField(page, 'Textzeile', OWNER, 'eigentuemer');
      await page.getByLabel('Pflichtangabe', { exact: true }).check();
      await page.getByLabel('Feld nur anzeigen, wenn: Feld').selectOption('eigenesGrundstueck');
      await page.getByLabel('Feld nur anzeigen, wenn: Vergleich').selectOption({ label: 'ist gleich' });
      // The label as the editor sees it; the builder stores the option's value ("nein").
      await page.getByLabel('Feld nur anzeigen, wenn: Wert').fill('Nein');
      await saveField(page);
      assert.match(await visibleText(main(page)), /nur wenn „eigenesGrundstueck“ passt/);
      await addField(page, 'Datei-Upload', 'Lageplan der Feuerstelle', 'lageplan');
      await page.getByLabel('Pflichtangabe', { exact: true }).check();
      await page.getByLabel('PNG-Bild').uncheck();
      await page.getByLabel('JPEG-Bild').uncheck();
      await saveField(page);

      await clickAndCheck(page, main(page).getByRole('link', { name: `Zurück zum Verfahren „${TITLE}“` }));
      await clickAndCheck(page, page.getByRole('button', { name: /^Entwurf veröffentlichen/ }));
      assert.match(await visibleText(main(page)), /Das Verfahren ist veröffentlicht/);
      assert.match(await visibleText(main(page)), /Veröffentlicht: Version 1/);
    });

    let reference = '';
    await withPage(env.browser, async (page) => {
      const start = `${base}/musterkreis/antrag/${SLUG}`;
      await visit(page, start);
      assert.match(await visibleText(page.getByRole('heading', { level: 1 })), new RegExp(TITLE));
      await clickAndCheck(page, main(page).getByRole('link', { name: 'Antrag starten' }));
      assert.match(await visibleText(main(page)), /Schritt 1 von 2/);

      // Inline check (JavaScript): leaving the empty required field says what is missing, before any submit.
      const name = page.getByLabel(/^Vor- und Nachname/);
      await name.focus();
      await page.keyboard.press('Tab');
      const inlineError = page.locator('#feld-name-fehler');
      await inlineError.waitFor({ state: 'visible' });
      assert.equal(await visibleText(inlineError), 'Bitte füllen Sie „Vor- und Nachname“ aus.');
      assert.equal(await name.getAttribute('aria-invalid'), 'true');
      assert.match(String(await name.getAttribute('aria-describedby')), /feld-name-fehler/);
      await expectNoSeriousA11yViolations(page);
      await name.fill('Otto Osterfeuer');
      await page.keyboard.press('Tab');
      await inlineError.waitFor({ state: 'detached' });
      assert.equal(await name.getAttribute('aria-invalid'), null);

      // A wrong answer: the server says so at the top, linking to the field, and keeps every value.
      await page.getByLabel(/^E-Mail-Adresse/).fill('otto@');
      await page.getByLabel('Ja', { exact: true }).check();
      await clickAndCheck(page, page.getByRole('button', { name: 'Weiter', exact: true }), { status: 422 });
      const summary = page.getByRole('alert').filter({ hasText: 'Bitte prüfen Sie Ihre Angaben' });
      const summaryLink = summary.getByRole('link', { name: /E-Mail-Adresse/ });
      assert.equal(await summaryLink.getAttribute('href'), '#feld-email');
      const summaryBox = await summary.boundingBox();
      const headingBox = await page.getByRole('heading', { level: 1 }).boundingBox();
      assert.ok(summaryBox && headingBox && summaryBox.y < headingBox.y, 'die Fehlerübersicht steht über der Überschrift');
      await summaryLink.click();
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'feld-email', 'der Link führt zum Feld');
      assert.equal(await page.getByLabel(/^Vor- und Nachname/).inputValue(), 'Otto Osterfeuer');
      await page.getByLabel(/^E-Mail-Adresse/).fill(APPLICANT);
      await clickAndCheck(page, page.getByRole('button', { name: 'Weiter', exact: true }));

      // "Ja": the owner's name is not asked.
      assert.match(await visibleText(main(page)), /Schritt 2 von 2/);
      assert.equal(await page.getByLabel(new RegExp(`^${OWNER}`)).count(), 0);
      await clickAndCheck(page, main(page).getByRole('link', { name: 'Zurück', exact: true }));
      assert.ok(await page.getByLabel('Ja', { exact: true }).isChecked(), 'die Antwort ist gespeichert');
      await page.getByLabel('Nein', { exact: true }).check();
      await clickAndCheck(page, page.getByRole('button', { name: 'Weiter', exact: true }));

      // "Nein": now it is.
      const owner = page.getByLabel(new RegExp(`^${OWNER}`));
      assert.equal(await owner.count(), 1, 'das bedingte Feld erscheint');
      await owner.fill('Gemeinde Beispielstadt');
      await page
        .getByLabel(/^Lageplan der Feuerstelle/)
        .setInputFiles({ name: 'lageplan.pdf', mimeType: 'application/pdf', buffer: await fixture('lageplan.pdf') });
      await clickAndCheck(page, page.getByRole('button', { name: 'Weiter', exact: true }));

      assert.match(await visibleText(page.getByRole('heading', { level: 1 })), /Angaben prüfen/);
      const review = await visibleText(main(page));
      assert.match(review, /Otto Osterfeuer/);
      assert.match(review, new RegExp(`${OWNER}\\s+Gemeinde Beispielstadt`));
      assert.match(review, /lageplan\.pdf/);
      await page.getByLabel(/Ich versichere/).check();
      await clickAndCheck(page, page.getByRole('button', { name: 'Antrag verbindlich absenden' }));
      assert.match(await visibleText(page.getByRole('heading', { level: 1 })), /Ihr Antrag ist eingegangen/);
      reference = (await visibleText(main(page).locator('strong').first())).trim();
      assert.match(reference, /^MK-\d{4}-\d{6}$/, 'Aktenzeichen auf der Bestätigungsseite');
    });

    const receipt = await env.mail.waitForMail((m) => addresses(m).includes(APPLICANT) && (m.subject ?? '').includes(reference));
    assert.match(receipt.subject ?? '', /^Eingangsbestätigung: Osterfeuer anmelden/);
    const pdf = receipt.attachments.find((a) => a.contentType === 'application/pdf');
    assert.ok(
      pdf,
      `PDF im Anhang der Eingangsbestätigung (Anhänge: ${receipt.attachments.map((a) => a.filename).join(', ') || 'keine'})`,
    );
    const text = (await extractPdfText(pdf.content)).replace(/\s+/g, ' ');
    assert.ok(text.includes(reference), `Aktenzeichen ${reference} im PDF:\n${text}`);
    assert.ok(text.includes('Otto Osterfeuer'), `Angaben im PDF:\n${text}`);
  });

  test('ohne Konto: Entwurf speichern, Link per E-Mail, auf einem anderen Gerät mit allen Angaben fortsetzen', async () => {
    const base = env.server.url;
    const email = 'paula.pause@example.org';
    await withPage(env.browser, async (page) => {
      await visit(page, `${base}/musterkreis/antrag/schulbus-meldung`);
      await clickAndCheck(page, main(page).getByRole('link', { name: 'Antrag starten' }));
      await page.getByLabel('Buslinie').fill('6231');
      await page.getByLabel('Haltestelle').fill('Oberdorf Schule');
      await clickAndCheck(page, page.getByRole('button', { name: 'Entwurf speichern' }));
      assert.match(await visibleText(page.getByRole('heading', { level: 1 })), /Entwurf speichern/);
      await page.getByLabel(/^Ihre E-Mail-Adresse/).fill(email);
      await clickAndCheck(page, page.getByRole('button', { name: 'Link zum Entwurf senden' }));
      assert.match(await visibleText(main(page)), /Wir haben Ihnen eine E-Mail mit einem Link zu Ihrem Entwurf geschickt/);
    });

    const mail = await env.mail.waitForMail((m) => addresses(m).includes(email) && /gespeicherter Antrag/.test(m.subject ?? ''));
    const link = linksIn(mail).find((l) => l.includes('/musterkreis/antrag/schulbus-meldung/fortsetzen?schluessel='));
    assert.ok(link, `Link zum Entwurf in der E-Mail:\n${mail.text}`);

    await withPage(env.browser, async (page) => {
      // The link only asks (mail scanners open links too); the button moves the draft here.
      await visit(page, link);
      await clickAndCheck(page, page.getByRole('button', { name: 'Antrag fortsetzen' }));
      assert.match(await visibleText(main(page)), /Willkommen zurück/);
      assert.equal(await page.getByLabel('Buslinie').inputValue(), '6231');
      assert.equal(await page.getByLabel('Haltestelle').inputValue(), 'Oberdorf Schule');

      const tampered = link.replace(/.$/, (c) => (c === 'x' ? 'y' : 'x'));
      await visit(page, tampered, { status: 404 });
      assert.match(await visibleText(page.getByRole('heading', { level: 1 })), /Dieser Link zu einem Entwurf ist ungültig/);
    });
  });
});
