import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import ICAL from 'ical.js';
import { clickAndCheck, follow, visit } from './helpers/axe.js';
import { browserSkipReason, withPage } from './helpers/browser.js';
import { useE2eEnvironment } from './helpers/environment.js';
import { tabTo } from './helpers/keyboard.js';
import { addresses, linksIn } from './helpers/mail.js';
import { visibleText } from './helpers/text.js';

const ADMIN = 'admin@beispielstadt.example';

describe('Terminbuchung im Browser', { skip: browserSkipReason }, () => {
  const env = useE2eEnvironment();

  test('mit der Tastatur allein einen Termin im Bürgerbüro buchen, die .ics-Mail finden, absagen: der Termin ist wieder frei', async () => {
    const email = 'tom.tastatur@example.org';
    let bookedLabel = '';
    let dayUrl = '';

    await withPage(env.browser, async (page) => {
      await visit(page, `${env.server.url}/beispielstadt/termine`);
      const enter = () => follow(page, () => page.keyboard.press('Enter'));
      await tabTo(page, page.locator('main').getByRole('link', { name: 'Meldebescheinigung' }));
      await enter();
      // One location: the list of days comes straight away.
      await tabTo(page, page.locator('main ul.appointment-days a').first());
      await enter();
      dayUrl = page.url();

      const firstTime = page.locator('main input[type=radio][name=start]').first();
      await tabTo(page, firstTime);
      await page.keyboard.press('Space');
      assert.ok(await firstTime.isChecked(), 'die erste freie Uhrzeit ist gewählt');
      bookedLabel = (await page.locator(`label[for="${await firstTime.getAttribute('id')}"]`).innerText()).trim();
      await tabTo(page, page.getByLabel('Vor- und Nachname'));
      await page.keyboard.type('Tom Tastatur');
      await tabTo(page, page.getByLabel('E-Mail-Adresse'));
      await page.keyboard.type(email);
      await tabTo(page, page.getByRole('button', { name: 'Weiter zur Übersicht' }));
      await enter();
      assert.match(await visibleText(page.getByRole('heading', { level: 1 })), /Angaben prüfen/);
      await tabTo(page, page.getByRole('button', { name: 'Termin verbindlich buchen' }));
      await enter();
      assert.match(await visibleText(page.locator('main')), /Meldebescheinigung/);
    });

    const confirmation = await env.mail.waitForMail(
      (m) => addresses(m).includes(email) && (m.attachments ?? []).some((a) => a.contentType.startsWith('text/calendar')),
    );
    const ics = confirmation.attachments.find((a) => a.contentType.startsWith('text/calendar'));
    const calendar = new ICAL.Component(ICAL.parse(String(ics?.content)));
    assert.equal(calendar.getFirstPropertyValue('method'), 'REQUEST');
    const vevent = calendar.getFirstSubcomponent('vevent');
    assert.ok(vevent, 'ein VEVENT in der Einladung');
    assert.equal(
      new ICAL.Event(vevent).startDate.toString().slice(11, 16),
      bookedLabel.match(/\d\d:\d\d/)?.[0],
      'dieselbe Ortszeit',
    );

    const cancel = linksIn(confirmation).find((l) => /\/absagen/.test(l));
    assert.ok(cancel, `Absage-Link in der Mail:\n${confirmation.text}`);
    await withPage(env.browser, async (page) => {
      await visit(page, cancel);
      await tabTo(page, page.getByRole('button', { name: 'Termin absagen' }));
      await follow(page, () => page.keyboard.press('Enter'));
      assert.match(await visibleText(page.getByRole('heading', { level: 1 })), /abgesagt/);

      // The same time can be chosen again.
      await visit(page, dayUrl);
      assert.equal(await page.getByLabel(bookedLabel, { exact: true }).count(), 1, `${bookedLabel} ist wieder frei`);
    });
    await env.mail.waitForMail((m) => addresses(m).includes(email) && /abgesagt/i.test(`${m.subject} ${m.text}`));

    await withPage(env.browser, async (page) => {
      await visit(page, `${env.server.url}/beispielstadt/verwaltung/anmelden`);
      await page.getByLabel('E-Mail-Adresse', { exact: true }).fill(ADMIN);
      await page.getByLabel('Passwort', { exact: true }).fill(env.server.demoPassword(ADMIN));
      await clickAndCheck(page, page.locator('main form').locator('button[type=submit]'));
      await visit(page, `${env.server.url}/beispielstadt/verwaltung/termine`);
      assert.match(await visibleText(page.getByRole('heading', { level: 1 })), /Tagesliste/);

      // The offer editor (visit runs axe): the Bürgerbüro offers share their counters.
      await visit(page, `${env.server.url}/beispielstadt/verwaltung/termine/angebote`);
      assert.match(await visibleText(page.locator('main')), /Reisepass beantragen.*gemeinsam mit Bürgerbüro im Rathaus/s);
      await clickAndCheck(page, page.locator('main').getByRole('link', { name: /Meldebescheinigung/ }));
      assert.match(await visibleText(page.getByRole('heading', { level: 1 })), /Terminangebot bearbeiten: Meldebescheinigung/);
      await page.getByLabel('Titel', { exact: true }).fill('');
      await clickAndCheck(page, page.getByRole('button', { name: 'Speichern' }), { status: 422 });
      assert.match(await visibleText(page.locator('.error-summary')), /Bitte geben Sie einen Titel ein/);
    });
  });
});
