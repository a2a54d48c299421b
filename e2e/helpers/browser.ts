import { accessSync, constants } from 'node:fs';
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { trackDocuments } from './axe.js';

/** Debian's Chromium; another build can be named with CHROMIUM_PATH. */
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const INSTALL_HINT = 'apt-get install -y chromium';

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Why the browser tests cannot run here, or undefined when they can. Pass it as
 * `{ skip: browserSkipReason }` to describe(). With REQUIRE_BROWSER=1 (CI) a missing
 * browser is an error: the test file fails instead of silently skipping.
 */
export const browserSkipReason: string | undefined = (() => {
  if (isExecutable(chromiumPath)) return undefined;
  const missing = `Kein ausführbares Chromium unter ${chromiumPath} (CHROMIUM_PATH). Installieren mit: ${INSTALL_HINT}`;
  if (process.env.REQUIRE_BROWSER === '1') throw new Error(`REQUIRE_BROWSER=1: ${missing}`);
  return `Browser-Tests übersprungen. ${missing}`;
})();

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    // Playwright adds --headless itself for headless: true.
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/**
 * Runs a test body with a page in a fresh context (no cookies, no cache; German
 * locale), then closes the context. A body that succeeds must have run axe on every
 * document it loaded (see visit/follow in axe.ts); when the body fails, its own error
 * is reported.
 */
export async function withPage(
  browser: Browser,
  body: (page: Page) => Promise<void>,
  options: BrowserContextOptions = {},
): Promise<void> {
  const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 1280, height: 900 }, ...options });
  try {
    const page = await context.newPage();
    const assertAllChecked = trackDocuments(page, options.javaScriptEnabled ?? true);
    await body(page);
    assertAllChecked();
  } finally {
    await context.close();
  }
}
