import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser.js';
import { type MailCatcher, startMailCatcher } from './mail.js';
import { type RunningServer, startServer } from './server.js';

export interface E2eEnvironment {
  server: RunningServer;
  browser: Browser;
  /** The SMTP server the app sends to. */
  mail: MailCatcher;
}

/**
 * One server (fresh database, demo data, mails to a test SMTP server) and one browser
 * for the test file; call inside describe(). Tests open their own context with openPage().
 */
export function useE2eEnvironment(): E2eEnvironment {
  const env = {} as E2eEnvironment;
  before(async () => {
    env.mail = await startMailCatcher();
    [env.server, env.browser] = await Promise.all([startServer({ smtpPort: env.mail.port }), launchBrowser()]);
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
    await env.mail?.close();
  });
  return env;
}
