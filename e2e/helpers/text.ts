import type { Locator } from 'playwright-core';

/** The text a sighted user reads: rendered, without hidden parts. */
export const visibleText = (locator: Locator): Promise<string> =>
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what the user reads
  locator.innerText();
