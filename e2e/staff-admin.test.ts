import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { follow, visit } from './helpers/axe.js';
import { browserSkipReason, withPage } from './helpers/browser.js';
import { useE2eEnvironment } from './helpers/environment.js';
import { tabTo } from './helpers/keyboard.js';
import { addresses, linksIn } from './helpers/mail.js';
import { visibleText } from './helpers/text.js';

const ADMIN = 'admin@musterkreis.example';

describe('Verwaltung im Browser', { skip: browserSkipReason }, () => {
  const env = useE2eEnvironment();

  test('die Administration meldet sich per Tastatur an und legt per Tastatur eine Sachbearbeiterin an', async () => {
    const clerk = { name: 'Sabine Sachbearbeiterin', email: 'sabine.sachbearbeiterin@musterkreis.example' };
    await withPage(env.browser, async (page) => {
      await visit(page, `${env.server.url}/musterkreis/verwaltung/anmelden`);

      // Keyboard only, as far as the list: Tab to each field or link, type, Enter.
      await tabTo(page, page.getByLabel('E-Mail-Adresse', { exact: true }));
      await page.keyboard.type(ADMIN);
      await tabTo(page, page.getByLabel('Passwort', { exact: true }));
      await page.keyboard.type(env.server.demoPassword(ADMIN));
      await follow(page, () => page.keyboard.press('Enter'));
      assert.equal(new URL(page.url()).pathname, '/musterkreis/verwaltung');
      assert.match(await visibleText(page.locator('header')), /Verwaltung/);

      await tabTo(page, page.getByRole('navigation', { name: 'Verwaltung' }).getByRole('link', { name: 'Benutzer' }));
      await follow(page, () => page.keyboard.press('Enter'));
      await tabTo(page, page.locator('main a[href$="/benutzer/neu"]'));
      await follow(page, () => page.keyboard.press('Enter'));

      // The new-user form by keyboard as well: typeahead and arrow keys choose in the selects.
      await tabTo(page, page.getByLabel('Name', { exact: true }));
      await page.keyboard.type(clerk.name);
      await tabTo(page, page.getByLabel('E-Mail-Adresse', { exact: true }));
      await page.keyboard.type(clerk.email);
      const role = page.getByLabel('Rolle', { exact: true });
      await tabTo(page, role);
      await page.keyboard.type('Sach');
      assert.equal((await role.locator('option:checked').textContent())?.trim(), 'Sachbearbeitung');
      // The label may carry "(optional)": the role decides whether a department is required.
      const department = page.getByLabel(/^Fachbereich\b/);
      await tabTo(page, department);
      await page.keyboard.press('ArrowDown');
      assert.notEqual(await department.inputValue(), '', 'ein Fachbereich ist gewählt');
      const firstDepartment = (await department.locator('option:checked').textContent())?.trim() ?? '';
      await tabTo(page, page.locator('main form').filter({ has: role }).locator('button[type=submit]'));
      await follow(page, () => page.keyboard.press('Enter'));

      assert.equal(
        new URL(page.url()).pathname,
        '/musterkreis/verwaltung/benutzer',
        'nach dem Anlegen zeigt die Verwaltung die Liste',
      );
      const row = page.locator('main').locator('tr, li').filter({ hasText: clerk.email });
      assert.equal(await row.count(), 1, 'die neue Sachbearbeiterin steht in der Liste');
      const rowText = await visibleText(row);
      assert.match(rowText, new RegExp(clerk.name));
      assert.ok(rowText.includes(firstDepartment), `Fachbereich ${firstDepartment} in der Zeile: ${rowText}`);

      const invitation = await env.mail.waitForMail((m) => addresses(m).includes(clerk.email));
      assert.ok(
        linksIn(invitation).some((l) => l.startsWith(`${env.server.url}/musterkreis/verwaltung/`)),
        `Link zur Verwaltung in der Einladung:\n${invitation.text}`,
      );
    });
  });
});
