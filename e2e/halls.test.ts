import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import ICAL from 'ical.js';
import { clickAndCheck, visit } from './helpers/axe.js';
import { browserSkipReason, withPage } from './helpers/browser.js';
import { useE2eEnvironment } from './helpers/environment.js';
import { addresses } from './helpers/mail.js';
import { visibleText } from './helpers/text.js';

const ADMIN = 'admin@beispielstadt.example';

/** A Saturday about five weeks ahead, as YYYY-MM-DD (German local date). */
function saturdayAhead(): string {
  const day = new Date(Date.now() + 35 * 86_400_000);
  day.setUTCDate(day.getUTCDate() + ((6 - day.getUTCDay() + 7) % 7));
  return day.toISOString().slice(0, 10);
}

describe('Dorfgemeinschaftshaus im Browser', { skip: browserSkipReason }, () => {
  const env = useE2eEnvironment();

  test('anfragen, die Verwaltung genehmigt, die Zusage kommt mit .ics; der Kalender zeigt nur „belegt“', async () => {
    const requester = 'paula.geburtstag@example.org';
    const date = saturdayAhead();
    let roomUrl = '';

    await withPage(env.browser, async (page) => {
      await visit(page, `${env.server.url}/beispielstadt/raeume`);
      await clickAndCheck(
        page,
        page
          .locator('main')
          .getByRole('link', { name: /Dorfgemeinschaftshaus/ })
          .first(),
      );
      roomUrl = page.url();
      await page.getByLabel('Ihr Name').fill('Paula Geburtstag');
      await page.getByLabel('E-Mail-Adresse').fill(requester);
      await page.getByLabel('Anlass der Veranstaltung').fill('Geburtstagsfeier (60. Geburtstag)');
      await page.getByLabel('Erwartete Zahl der Gäste').fill('40');
      await page.getByLabel(/^Datum/).fill(date);
      await page.getByLabel(/^Beginn/).fill('14:00');
      await page.getByLabel(/^Ende \(Uhrzeit\)/).fill('22:00');
      await clickAndCheck(page, page.getByRole('button', { name: 'Anfrage senden' }));
      assert.match(await visibleText(page.locator('main')), /Anfrage/);
    });
    await env.mail.waitForMail((m) => addresses(m).includes(requester));

    await withPage(env.browser, async (page) => {
      await visit(page, `${env.server.url}/beispielstadt/verwaltung/anmelden`);
      await page.getByLabel('E-Mail-Adresse', { exact: true }).fill(ADMIN);
      await page.getByLabel('Passwort', { exact: true }).fill(env.server.demoPassword(ADMIN));
      await clickAndCheck(page, page.locator('main form').locator('button[type=submit]'));
      await visit(page, `${env.server.url}/beispielstadt/verwaltung/raeume`);
      // The request lists of the rooms, until the one with Paula's request.
      const lists = await page
        .locator('main a[href$="/anfragen"]')
        .evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
      assert.ok(lists.length > 0, 'Links zu den Anfragen der Räume');
      for (const list of lists) {
        await visit(page, list);
        const open = page.locator('main tr').filter({ hasText: 'Paula Geburtstag' }).getByRole('link');
        if ((await open.count()) > 0) {
          await clickAndCheck(page, open.first());
          break;
        }
      }
      assert.match(await visibleText(page.locator('main')), /Geburtstagsfeier/);
      await clickAndCheck(page, page.getByRole('button', { name: 'Genehmigen und Zusage senden' }));
      assert.match(await visibleText(page.locator('main')), /genehmigt/i);
    });

    const approval = await env.mail.waitForMail(
      (m) => addresses(m).includes(requester) && (m.attachments ?? []).some((a) => a.contentType.startsWith('text/calendar')),
    );
    const ics = approval.attachments.find((a) => a.contentType.startsWith('text/calendar'));
    const vevent = new ICAL.Component(ICAL.parse(String(ics?.content))).getFirstSubcomponent('vevent');
    assert.ok(vevent, 'ein VEVENT in der .ics-Datei');
    const event = new ICAL.Event(vevent);
    assert.equal(event.startDate.toString().slice(0, 16), `${date}T14:00`, 'Beginn in deutscher Ortszeit');

    await withPage(env.browser, async (page) => {
      await visit(page, `${roomUrl}?monat=${date.slice(0, 7)}`);
      const calendar = await visibleText(page.getByRole('table', { name: /^Belegung/ }));
      assert.match(calendar, /belegt 14:00–22:00/);
      assert.doesNotMatch(
        await visibleText(page.locator('main')),
        /Paula|60\. Geburtstag/,
        'keine Namen, kein Anlass auf der Seite',
      );
    });
  });
});
