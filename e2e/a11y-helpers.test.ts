import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { expectNoSeriousA11yViolations, visit } from './helpers/axe.js';
import { browserSkipReason, launchBrowser, withPage } from './helpers/browser.js';

// The helpers every browser test relies on must themselves be able to fail.
const ORIGIN = 'http://rathaus.test';
const page = (body: string) =>
  `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Probe</title></head><body><main><h1>Probe</h1>${body}</main></body></html>`;
const GOOD = page('<p>Alles in Ordnung.</p>');
const BAD = page('<img src="/bild.png"><form><input name="q"><button></button></form>');

async function serve(p: Page, html: Record<string, string>) {
  await p.route(`${ORIGIN}/**`, (route) => {
    const body = html[new URL(route.request().url()).pathname];
    return body ? route.fulfill({ contentType: 'text/html; charset=utf-8', body }) : route.fulfill({ status: 404, body: '' });
  });
}

describe('axe-Hilfen', { skip: browserSkipReason }, () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  test('schwere Verstöße lassen den Test scheitern, mit Regel und Element', async () => {
    await assert.rejects(
      withPage(browser, async (p) => {
        await serve(p, { '/': BAD });
        await visit(p, `${ORIGIN}/`);
      }),
      (error: Error) => /image-alt \(critical\)/.test(error.message) && /img/.test(error.message) && /label/.test(error.message),
    );
  });

  test('eine fehlerfreie Seite besteht', async () => {
    await withPage(browser, async (p) => {
      await serve(p, { '/': GOOD });
      await visit(p, `${ORIGIN}/`);
    });
  });

  test('eine Seite, die ohne axe-Prüfung geladen wurde, lässt den Test scheitern', async () => {
    await assert.rejects(
      withPage(browser, async (p) => {
        await serve(p, { '/': GOOD, '/zwei': GOOD });
        await visit(p, `${ORIGIN}/`);
        await p.goto(`${ORIGIN}/zwei`);
      }),
      /ohne axe-Prüfung/,
    );
  });

  test('auch ohne JavaScript wird die geladene Seite geprüft', async () => {
    await assert.rejects(
      withPage(
        browser,
        async (p) => {
          await serve(p, { '/': BAD });
          await p.goto(`${ORIGIN}/`);
          await expectNoSeriousA11yViolations(p);
        },
        { javaScriptEnabled: false },
      ),
      /image-alt/,
    );
  });
});
