import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as service from '../src/modules/appointments/service.js';
import type { Tenant } from '../src/platform/tenancy/repo.js';
import { Browser, createStaff, csrfIn, loginStaff, textOf } from './accounts-helpers.js';
import { createOffer, dayFromToday } from './appointments-helpers.js';
import { createTenants, createTestApp, type TestApp } from './helpers/app.js';
import { engineUnderTest } from './helpers/database.js';

const EVERY_DAY_TEXT = ['Mo', 'Di', 'Mi', 'Do', 'Fr', 'Sa', 'So'].map((d) => `${d} 08:00-12:00`).join('\n');

describe(`back office: appointment offers (${engineUnderTest})`, () => {
  let t: TestApp;
  let tenant: Tenant;
  let other: Tenant;
  let editor: Browser;
  let existing: { id: string; locationIds: string[] };
  const admin = '/musterkreis/verwaltung/termine/angebote';

  before(async () => {
    t = await createTestApp();
    ({ a: tenant, b: other } = await createTenants(t.platform));
    existing = await createOffer(t.platform, tenant.id);
    await createStaff(t.platform, tenant, 'editor@example.org', 'editor');
    await createStaff(t.platform, tenant, 'clerk@example.org', 'clerk');
    editor = new Browser(t.app, '203.0.113.61');
    await loginStaff(editor, 'musterkreis', 'editor@example.org');
  });
  after(() => t.close());

  const newOfferFields = (csrf: string, over: Record<string, string> = {}) => ({
    _csrf: csrf,
    orte: '1',
    title: 'Reisepass beantragen',
    description: 'Bitte bringen Sie ein biometrisches Foto mit.',
    services: 'reisepass-beantragen 20',
    minLeadMinutes: '30',
    maxLeadDays: '45',
    limitPerEmailDay: '2',
    active: 'ja',
    videoLinkTemplate: '',
    ort0_id: '',
    ort0_name: 'Bürgerbüro',
    ort0_street: 'Marktplatz 1',
    ort0_postalCode: '12345',
    ort0_city: 'Beispielstadt',
    ort0_directions: '',
    ort0_counters: '2',
    ort0_pool: '',
    ort0_hours: EVERY_DAY_TEXT,
    ort0_exceptions: `${dayFromToday(5)} geschlossen Betriebsausflug`,
    ...over,
  });

  it('an editor creates an offer: it is listed, bookable with its duration, and its closed day has no slots', async () => {
    const form = await editor.get(`${admin}/neu`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /<h1[^>]*>Neues Terminangebot<\/h1>/);
    const saved = await editor.post(`${admin}/neu`, newOfferFields(csrfIn(form.body)));
    assert.equal(saved.statusCode, 303, textOf(saved.body));
    const list = await editor.get(saved.headers.location as string);
    assert.match(textOf(list.body), /Das Terminangebot ist gespeichert/);
    assert.match(textOf(list.body), /Reisepass beantragen bearbeiten 20 Minuten Bürgerbüro: 2 Schalter buchbar/);

    const offers = (await t.app.inject('/api/v1/musterkreis/appointments/offers')).json() as {
      id: string;
      title: string;
      durationMinutes: number;
      locations: { id: string }[];
    }[];
    const created = offers.find((o) => o.title === 'Reisepass beantragen');
    assert.ok(created);
    assert.equal(created.durationMinutes, 20);
    const slots = (day: string) =>
      t.app
        .inject(
          `/api/v1/musterkreis/appointments/slots?offer=${created.id}&location=${created.locations[0].id}&from=${day}&to=${day}`,
        )
        .then((r) => r.json().items as unknown[]);
    assert.equal((await slots(dayFromToday(5))).length, 0, 'the exception closes the day');
    assert.equal((await slots(dayFromToday(6))).length, 12, '08:00–12:00 in steps of 20 minutes');
  });

  it('bad input: 422 with an error summary linking to the fields, and every value kept', async () => {
    const form = await editor.get(`${admin}/neu`);
    const res = await editor.post(
      `${admin}/neu`,
      newOfferFields(csrfIn(form.body), {
        title: '',
        services: 'Reisepass zwanzig',
        maxLeadDays: '1000',
        ort0_counters: '0',
        ort0_hours: 'Montag früh',
        ort0_exceptions: '',
      }),
    );
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /Bitte prüfen Sie Ihre Angaben/);
    for (const field of ['title', 'services', 'maxLeadDays', 'ort0_counters', 'ort0_hours'])
      assert.match(res.body, new RegExp(`href="#feld-${field}"`), field);
    const text = textOf(res.body);
    assert.match(text, /Bitte geben Sie einen Titel ein/);
    assert.match(text, /Fehler in „Reisepass zwanzig“/);
    assert.match(res.body, /Montag früh<\/textarea>/, 'the hours as typed');
    assert.match(res.body, /Bitte bringen Sie ein biometrisches Foto mit.<\/textarea>/);
    assert.match(res.body, /value="Marktplatz 1"/);
    assert.match(res.body, /value="1000"/);
  });

  it('editing an existing offer: counters shared with another offer, lead times changed', async () => {
    const own = (await service.loadOffer(t.platform.db, tenant.id, existing.id)) as service.OfferView;
    const offers = await service.listAllOffers(t.platform.db, tenant.id);
    const passport = offers.find((o) => o.title === 'Reisepass beantragen') as service.OfferView;
    const form = await editor.get(`${admin}/${existing.id}`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /value="Personalausweis beantragen"/);
    assert.match(form.body, /personalausweis-beantragen 30<\/textarea>/);
    assert.match(
      form.body,
      new RegExp(`<option value="${passport.locations[0].poolId}"[^>]*>Bürgerbüro \\(Reisepass beantragen\\)`),
    );
    const saved = await editor.post(`${admin}/${existing.id}`, {
      ...newOfferFields(csrfIn(form.body), {
        orte: '2',
        title: 'Personalausweis beantragen',
        services: 'personalausweis-beantragen 30',
        description: '',
        minLeadMinutes: '0',
        maxLeadDays: '60',
        limitPerEmailDay: '',
        ort0_id: own.locations[0].id,
        ort0_pool: passport.locations[0].poolId,
        ort0_exceptions: '',
      }),
      ort1_id: '',
      ort1_name: '',
      ort1_counters: '1',
      ort1_hours: '',
      ort1_exceptions: '',
    });
    assert.equal(saved.statusCode, 303, textOf(saved.body));
    const after = (await service.loadOffer(t.platform.db, tenant.id, existing.id)) as service.OfferView;
    assert.equal(after.locations.length, 1);
    assert.equal(after.locations[0].poolId, passport.locations[0].poolId, 'draws on the passport counters now');
    assert.equal(after.limitPerEmailDay, null);
    const list = await editor.get(admin);
    assert.match(textOf(list.body), /Personalausweis beantragen.*gemeinsam mit Bürgerbüro \(Reisepass beantragen\)/);
  });

  it('only admins and editors of the tenant; the CSRF token is required', async () => {
    const clerk = new Browser(t.app, '203.0.113.62');
    await loginStaff(clerk, 'musterkreis', 'clerk@example.org');
    assert.equal((await clerk.get(admin)).statusCode, 404, 'the back office hides what a role may not use');
    assert.equal((await clerk.get(`${admin}/${existing.id}`)).statusCode, 404);
    assert.equal((await new Browser(t.app).get(admin)).statusCode, 303, 'login first');
    const foreign = await createOffer(t.platform, other.id, { title: 'Fremdes Angebot' });
    assert.equal((await editor.get(`/musterkreis/verwaltung/termine/angebote/${foreign.id}`)).statusCode, 404);
    const form = await editor.get(`${admin}/neu`);
    const { _csrf, ...withoutToken } = newOfferFields(csrfIn(form.body), { title: 'Ohne Token' });
    assert.equal((await editor.post(`${admin}/neu`, withoutToken)).statusCode, 403);
    const offers = await service.listAllOffers(t.platform.db, tenant.id);
    assert.ok(!offers.some((o) => o.title === 'Ohne Token'));
  });
});
