import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';

/** Presses Tab until the target has the focus, as a keyboard user would; fails after maxTabs. */
export async function tabTo(page: Page, target: Locator, maxTabs = 40): Promise<void> {
  for (let i = 0; i < maxTabs; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  assert.fail(`Nach ${maxTabs} Tabulator-Schritten nicht erreicht: ${target}`);
}
