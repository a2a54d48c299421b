import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import type { Locator, Page, Response } from 'playwright-core';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const BLOCKING = new Set(['serious', 'critical']);

interface Tracking {
  /** URL of every document the page loaded, in order. */
  loads: string[];
  /** Indexes into `loads` that axe has checked. */
  checked: Set<number>;
  /** The last main-frame document response (to re-check pages loaded without JavaScript). */
  lastDocument?: Response;
  javaScriptEnabled: boolean;
}

const tracking = new WeakMap<Page, Tracking>();

/**
 * Records every document the page loads; the returned function fails when one of them
 * was never checked by axe. withPage() calls it, so a forgotten check fails the test.
 */
export function trackDocuments(page: Page, javaScriptEnabled: boolean): () => void {
  const state: Tracking = { loads: [], checked: new Set(), javaScriptEnabled };
  tracking.set(page, state);
  page.on('load', () => {
    if (page.url() !== 'about:blank') state.loads.push(page.url());
  });
  page.on('response', (response) => {
    if (response.request().isNavigationRequest() && response.frame() === page.mainFrame() && !isRedirect(response)) {
      state.lastDocument = response;
    }
  });
  return () => {
    const missed = state.loads.filter((_, i) => !state.checked.has(i));
    assert.deepEqual(missed, [], 'Seiten ohne axe-Prüfung besucht (visit/follow/afterNavigation benutzen)');
  };
}

/** Runs axe on the current page and fails listing every serious or critical violation. */
export async function expectNoSeriousA11yViolations(page: Page): Promise<void> {
  await page.waitForLoadState('load');
  const state = tracking.get(page);
  const index = state ? state.loads.length - 1 : -1;
  const results =
    state && !state.javaScriptEnabled ? await analyzeCopy(page, state) : await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const blocking = results.violations.filter((v) => v.impact && BLOCKING.has(v.impact));
  const report = blocking.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}${n.failureSummary ? ` – ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`).join('\n')}`,
  );
  assert.equal(blocking.length, 0, `axe: ${blocking.length} schwere Verstöße auf ${page.url()}\n${report.join('\n')}`);
  if (state && index >= 0) state.checked.add(index);
}

/**
 * axe needs JavaScript in the page. For a page loaded with JavaScript disabled, the
 * same document (same URL, so the same styles load) is analysed in a separate page
 * of a JavaScript-enabled context.
 */
async function analyzeCopy(page: Page, state: Tracking) {
  const response = state.lastDocument;
  assert.ok(response, 'kein Dokument geladen');
  const body = await response.body();
  const browser = page.context().browser();
  assert.ok(browser);
  const context = await browser.newContext({ locale: 'de-DE', viewport: page.viewportSize() ?? undefined });
  try {
    const copy = await context.newPage();
    const url = page.url();
    const headers = { ...response.headers() };
    // body() is already decoded.
    delete headers['content-encoding'];
    delete headers['content-length'];
    await copy.route(url, (route) => route.fulfill({ status: 200, headers, body }), { times: 1 });
    await copy.goto(url);
    return await new AxeBuilder({ page: copy }).withTags(TAGS).analyze();
  } finally {
    await context.close();
  }
}

export interface VisitOptions {
  /** Expected HTTP status of the page (default: any below 400). */
  status?: number;
}

/** Opens a URL, checks the status and runs axe on the page. */
export async function visit(page: Page, url: string, options: VisitOptions = {}): Promise<Response | null> {
  const loaded = page.waitForEvent('load');
  const response = await page.goto(url);
  await loaded;
  assertStatus(response, options);
  await expectNoSeriousA11yViolations(page);
  return response;
}

/**
 * Runs an action that loads a new document (click a link, submit a form), waits for
 * it and runs axe on it. Returns the response of the new document.
 */
export async function follow(page: Page, action: () => Promise<unknown>, options: VisitOptions = {}): Promise<Response | null> {
  const loaded = page.waitForEvent('load');
  const responded = page.waitForResponse(
    (r) => r.request().isNavigationRequest() && r.frame() === page.mainFrame() && !isRedirect(r),
  );
  await action();
  const [response] = await Promise.all([responded, loaded]);
  assertStatus(response, options);
  await expectNoSeriousA11yViolations(page);
  return response;
}

/** Clicks (a link or a submit button) and checks the page it leads to. */
export const clickAndCheck = (page: Page, target: Locator, options: VisitOptions = {}) =>
  follow(page, () => target.click(), options);

/** Runs axe on the page the browser is on now (after a navigation not made through visit/follow). */
export const afterNavigation = expectNoSeriousA11yViolations;

const isRedirect = (r: Response) => r.status() >= 300 && r.status() < 400;

function assertStatus(response: Response | null, { status }: VisitOptions) {
  assert.ok(response, 'keine Antwort');
  if (status !== undefined) assert.equal(response.status(), status, `HTTP-Status von ${response.url()}`);
  else assert.ok(response.status() < 400, `HTTP ${response.status()} für ${response.url()}`);
}
