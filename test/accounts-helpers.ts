import assert from 'node:assert/strict';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { insertUser } from '../src/modules/accounts/repo.js';
import { createStaffAccount } from '../src/modules/accounts/service.js';
import { hashPassword } from '../src/platform/auth/passwords.js';
import type { StaffRole } from '../src/platform/db/schema.js';
import type { Platform } from '../src/platform/platform.js';
import type { Tenant } from '../src/platform/tenancy/repo.js';

export const PASSWORD = 'Kaffeetasse-Sonnenuhr-42';

interface StoredCookie {
  name: string;
  value: string;
  path: string;
}

const pathMatches = (cookiePath: string, requestPath: string) =>
  requestPath === cookiePath || requestPath.startsWith(cookiePath.endsWith('/') ? cookiePath : `${cookiePath}/`);

/** A browser stand-in for app.inject: keeps cookies (by name and path) and sends only matching ones. */
export class Browser {
  cookies: StoredCookie[] = [];
  ip: string;

  constructor(
    readonly app: FastifyInstance,
    ip = '203.0.113.10',
  ) {
    this.ip = ip;
  }

  cookieHeader(url: string) {
    const path = url.split('?')[0];
    return this.cookies
      .filter((c) => pathMatches(c.path, path))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  cookie(name: string) {
    return this.cookies.find((c) => c.name === name)?.value;
  }

  private remember(res: LightMyRequestResponse) {
    for (const c of res.cookies as { name: string; value: string; path?: string; expires?: Date; maxAge?: number }[]) {
      const path = c.path ?? '/';
      this.cookies = this.cookies.filter((old) => !(old.name === c.name && old.path === path));
      const expired = c.value === '' || (c.expires && c.expires.getTime() < Date.now()) || c.maxAge === 0;
      if (!expired) this.cookies.push({ name: c.name, value: c.value, path });
    }
  }

  async get(url: string) {
    const cookie = this.cookieHeader(url);
    const res = await this.app.inject({ method: 'GET', url, remoteAddress: this.ip, headers: cookie ? { cookie } : {} });
    this.remember(res);
    return res;
  }

  async post(url: string, form: Record<string, string>) {
    const cookie = this.cookieHeader(url);
    const res = await this.app.inject({
      method: 'POST',
      url,
      remoteAddress: this.ip,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
      payload: new URLSearchParams(form).toString(),
    });
    this.remember(res);
    return res;
  }

  /** GETs the page with the form, then POSTs the fields with that page's CSRF token. */
  async submit(pageUrl: string, actionUrl: string, fields: Record<string, string>) {
    const page = await this.get(pageUrl);
    assert.equal(page.statusCode, 200, `GET ${pageUrl} → ${page.statusCode}`);
    return this.post(actionUrl, { _csrf: csrfIn(page.body), ...fields });
  }
}

export function csrfIn(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  assert.ok(match, 'page has no CSRF field');
  return match[1];
}

/** The visible text of a page, roughly: tags removed, entities of interest decoded. */
export const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();

export async function mailsTo(platform: Platform, to: string) {
  return platform.db.selectFrom('outgoing_mails').selectAll().where('to', '=', to).orderBy('created_at', 'desc').execute();
}

/** The path and query of the first link to `path` in the newest mail to `to`. */
export async function linkFromMail(platform: Platform, to: string, path: string): Promise<string> {
  const [mail] = await mailsTo(platform, to);
  assert.ok(mail, `no mail to ${to}`);
  const match = new RegExp(`http://localhost:3000(/[a-z0-9-]+${path.replace(/[/?]/g, '\\$&')}\\?token=[A-Za-z0-9_%-]+)`).exec(
    mail.text,
  );
  assert.ok(match, `mail to ${to} has no link to ${path}: ${mail.text}`);
  return match[1];
}

export async function createCitizen(platform: Platform, tenant: Tenant, email: string, password = PASSWORD, confirmed = true) {
  const user = await insertUser(platform.db, {
    tenantId: tenant.id,
    kind: 'citizen',
    email,
    name: 'Erika Mustermann',
    passwordHash: await hashPassword(password),
    emailConfirmedAt: confirmed ? new Date() : null,
  });
  assert.ok(user);
  return user;
}

export async function createStaff(
  platform: Platform,
  tenant: Tenant,
  email: string,
  role: StaffRole,
  departmentId: string | null = null,
) {
  const result = await createStaffAccount(platform, tenant, {
    email,
    name: `Test ${role}`,
    role,
    departmentId,
    password: PASSWORD,
  });
  assert.ok(result.ok);
  return result.value.user;
}

export async function loginCitizen(browser: Browser, slug: string, email: string, password = PASSWORD) {
  const res = await browser.submit(`/${slug}/konto/anmelden`, `/${slug}/konto/anmelden`, { email, password });
  assert.equal(res.statusCode, 303, textOf(res.body));
  return res;
}

export async function loginStaff(browser: Browser, slug: string, email: string, password = PASSWORD) {
  const res = await browser.submit(`/${slug}/verwaltung/anmelden`, `/${slug}/verwaltung/anmelden`, { email, password });
  assert.equal(res.statusCode, 303, textOf(res.body));
  return res;
}
