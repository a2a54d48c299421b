import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { purgeExpiredDrafts } from '../src/modules/forms/index.js';
import { publishProcedureVersion } from '../src/modules/forms/service.js';
import type { Tenant } from '../src/platform/tenancy/repo.js';
import { Browser, csrfIn, textOf } from './accounts-helpers.js';
import { familyProcedure } from './forms-helpers.js';
import { createTenants, createTestApp, type TestApp } from './helpers/app.js';

const base = '/musterkreis/antrag/familienhilfe';
let t: TestApp;
let a: Tenant;

before(async () => {
  t = await createTestApp();
  ({ a } = await createTenants(t.platform));
  assert.ok((await publishProcedureVersion(t.platform.db, a.id, familyProcedure())).ok);
});
after(() => t.close());

/** A citizen without an account types a name, saves and asks for the e-mail link. */
async function saveDraft(ip: string, name: string) {
  const browser = new Browser(t.app, ip);
  const saved = await browser.submit(`${base}/schritt/1`, `${base}/schritt/1`, { name, _aktion: 'speichern' });
  assert.equal(saved.statusCode, 303, textOf(saved.body));
  const page = await browser.get(`${base}/entwurf-speichern?seite=1`);
  const sent = await browser.post(`${base}/entwurf-speichern`, {
    _csrf: csrfIn(page.body),
    email: `${ip}@example.org`,
    seite: '1',
  });
  assert.ok(sent.statusCode < 400, textOf(sent.body));
}

const draftNames = async () =>
  (
    await sql<{ name: string }>`select data->>'name' as name from forms_drafts where tenant_id = ${a.id} order by 1`.execute(
      t.platform.db,
    )
  ).rows.map((r) => r.name);

test('expired drafts and their e-mail links are deleted; drafts still within their 30 days stay', async () => {
  await saveDraft('203.0.113.61', 'Abgelaufene Antragstellerin');
  await saveDraft('203.0.113.62', 'Aktuelle Antragstellerin');
  assert.deepEqual(await draftNames(), ['Abgelaufene Antragstellerin', 'Aktuelle Antragstellerin']);

  await sql`update forms_drafts set expires_at = now() - interval '1 minute'
    where tenant_id = ${a.id} and data->>'name' = 'Abgelaufene Antragstellerin'`.execute(t.platform.db);

  assert.equal(await purgeExpiredDrafts(t.platform.db), 1);
  assert.deepEqual(await draftNames(), ['Aktuelle Antragstellerin']);
  const links = await sql<{ n: number }>`select count(*)::int as n from forms_draft_links where tenant_id = ${a.id}`.execute(
    t.platform.db,
  );
  assert.equal(links.rows[0].n, 1, 'only the link of the remaining draft is left');
});
