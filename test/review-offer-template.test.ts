import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as repo from '../src/modules/appointments/repo.js';
import * as service from '../src/modules/appointments/service.js';
import type { Tenant } from '../src/platform/tenancy/repo.js';
import { Browser, createStaff, csrfIn, loginStaff, textOf } from './accounts-helpers.js';
import { createOffer } from './appointments-helpers.js';
import { createTenants, createTestApp, type TestApp } from './helpers/app.js';
import { engineUnderTest } from './helpers/database.js';

const TEMPLATE = 'https://video.example.org/sprechstunde-geheim-{secret}';

/**
 * The video link template is an admin setting (Einstellungen: admin only): its pattern
 * leads to every video room. The offer editor, open to editors too, must neither show
 * it to them nor let them change it.
 */
describe(`review: video link template in the offer editor (${engineUnderTest})`, () => {
  let t: TestApp;
  let tenant: Tenant;
  let offerId: string;
  let editor: Browser;
  let admin: Browser;
  const base = '/musterkreis/verwaltung/termine/angebote';

  before(async () => {
    t = await createTestApp();
    ({ a: tenant } = await createTenants(t.platform));
    offerId = (await createOffer(t.platform, tenant.id, { virtual: true })).id;
    await repo.saveVideoLinkTemplate(t.platform.db, tenant.id, TEMPLATE);
    await createStaff(t.platform, tenant, 'editor@example.org', 'editor');
    await createStaff(t.platform, tenant, 'admin@example.org', 'admin');
    editor = new Browser(t.app, '203.0.113.71');
    admin = new Browser(t.app, '203.0.113.72');
    await loginStaff(editor, 'musterkreis', 'editor@example.org');
    await loginStaff(admin, 'musterkreis', 'admin@example.org');
  });
  after(() => t.close());

  const fields = async (csrf: string, template: string) => {
    const own = (await service.loadOffer(t.platform.db, tenant.id, offerId)) as service.OfferView;
    return {
      _csrf: csrf,
      orte: '1',
      title: 'Personalausweis beantragen',
      description: '',
      services: 'personalausweis-beantragen 30',
      minLeadMinutes: '0',
      maxLeadDays: '60',
      limitPerEmailDay: '',
      virtual: 'ja',
      active: 'ja',
      videoLinkTemplate: template,
      ort0_id: own.locations[0].id,
      ort0_name: 'Bürgerbüro',
      ort0_street: 'Marktplatz 1',
      ort0_postalCode: '12345',
      ort0_city: 'Beispielstadt',
      ort0_directions: '',
      ort0_counters: '2',
      ort0_pool: '',
      ort0_hours: 'Mo 08:00-12:00',
      ort0_exceptions: '',
    };
  };

  it('an editor sees no template in the editor (existing or new offer)', async () => {
    for (const path of [`${base}/${offerId}`, `${base}/neu`]) {
      const form = await editor.get(path);
      assert.equal(form.statusCode, 200, path);
      assert.doesNotMatch(form.body, /sprechstunde-geheim/, path);
      assert.doesNotMatch(form.body, /name="videoLinkTemplate"/, path);
    }
  });

  it('an editor saving an offer leaves the template as it is, whatever is posted', async () => {
    const form = await editor.get(`${base}/${offerId}`);
    const saved = await editor.post(`${base}/${offerId}`, await fields(csrfIn(form.body), 'https://evil.example/{secret}'));
    assert.equal(saved.statusCode, 303, textOf(saved.body));
    assert.equal(await repo.videoLinkTemplate(t.platform.db, tenant.id), TEMPLATE);
    const emptied = await editor.post(`${base}/${offerId}`, await fields(csrfIn(form.body), ''));
    assert.equal(emptied.statusCode, 303, textOf(emptied.body));
    assert.equal(await repo.videoLinkTemplate(t.platform.db, tenant.id), TEMPLATE);
  });

  it('an admin sees and changes it in the editor', async () => {
    const form = await admin.get(`${base}/${offerId}`);
    assert.match(form.body, /sprechstunde-geheim-\{secret\}/);
    const changed = 'https://video.example.org/neu-{secret}';
    const saved = await admin.post(`${base}/${offerId}`, await fields(csrfIn(form.body), changed));
    assert.equal(saved.statusCode, 303, textOf(saved.body));
    assert.equal(await repo.videoLinkTemplate(t.platform.db, tenant.id), changed);
  });
});
