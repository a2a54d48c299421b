import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Tenant } from '../src/platform/tenancy/repo.js';
import { Browser, createStaff, csrfIn, loginStaff, textOf } from './accounts-helpers.js';
import { postMultipart, samplePdf, samplePng } from './catalog-admin-helpers.js';
import { createTenants, createTestApp, type TestApp } from './helpers/app.js';
import { engineUnderTest } from './helpers/database.js';

describe(`halls back office: rooms, photos, house rules (${engineUnderTest})`, () => {
  let t: TestApp;
  let a: Tenant;
  let dataDir: string;
  let editor: Browser;
  let hallId: string;
  const admin = '/musterkreis/verwaltung/raeume';

  const roomForm = (overrides: Record<string, string> = {}) => ({
    name: 'Dorfgemeinschaftshaus Süd',
    slug: 'dgh-sued',
    address: 'Am Bach 2',
    description: 'Kleiner Saal mit **Teeküche**.',
    capacity: '50',
    equipment: 'Teeküche\n- 50 Stühle\n\nKlavier',
    price_hour_club: '8',
    price_day_club: '40,50',
    price_hour_private: '',
    price_day_private: '',
    price_note: 'Kaution 100 €',
    active: 'ja',
    ...overrides,
  });

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'rathaus-halls-admin-'));
    t = await createTestApp({ env: { DATA_DIR: dataDir } });
    ({ a } = await createTenants(t.platform));
    await createStaff(t.platform, a, 'redaktion@musterkreis.example', 'editor');
    editor = new Browser(t.app, '198.51.100.40');
    await loginStaff(editor, 'musterkreis', 'redaktion@musterkreis.example');
  });
  after(async () => {
    await t.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('the back office needs a staff login and lists "Räume" in the navigation', async () => {
    const anonymous = await t.app.inject(admin);
    assert.equal(anonymous.statusCode, 303);
    const list = await editor.get(admin);
    assert.equal(list.statusCode, 200);
    assert.ok(list.body.includes(`href="${admin}"`));
  });

  test('creating a room checks the fields (422 naming them, values kept), then shows it publicly', async () => {
    const bad = await editor.submit(
      `${admin}/neu`,
      `${admin}/neu`,
      roomForm({ name: '', slug: 'Groß Saal', capacity: 'viele', price_hour_club: 'acht' }),
    );
    assert.equal(bad.statusCode, 422);
    const text = textOf(bad.body);
    assert.match(text, /Namen des Raums/);
    assert.match(text, /Kürzel besteht aus Kleinbuchstaben/);
    assert.match(text, /Kapazität als ganze Zahl/);
    assert.match(text, /Vereine je Stunde/);
    assert.ok(bad.body.includes('value="Groß Saal"'));

    const ok = await editor.submit(`${admin}/neu`, `${admin}/neu`, roomForm());
    assert.equal(ok.statusCode, 303, textOf(ok.body));
    const match = /\/verwaltung\/raeume\/([0-9a-f-]{36})\?/.exec(String(ok.headers.location));
    assert.ok(match);
    hallId = match[1];
    const pub = textOf((await t.app.inject('/musterkreis/raeume/dgh-sued')).body);
    assert.match(pub, /Kleiner Saal mit Teeküche/);
    assert.match(pub, /50 Stühle/);
    assert.match(pub, /Vereine und Organisationen, je Tag 40,50\s€/);
    assert.doesNotMatch(pub, /Privatpersonen, je Stunde/);

    const dup = await editor.submit(`${admin}/neu`, `${admin}/neu`, roomForm({ name: 'Anderer' }));
    assert.equal(dup.statusCode, 422);
    assert.match(textOf(dup.body), /Dieses Kürzel hat bereits ein anderer Raum/);

    const hidden = await editor.submit(`${admin}/${hallId}`, `${admin}/${hallId}`, roomForm({ active: 'nein' }));
    assert.equal(hidden.statusCode, 303);
    assert.equal((await t.app.inject('/musterkreis/raeume/dgh-sued')).statusCode, 404);
    await editor.submit(`${admin}/${hallId}`, `${admin}/${hallId}`, roomForm());
  });

  async function upload(
    path: string,
    fields: Record<string, string>,
    file?: { field: string; filename: string; contentType: string; bytes: Buffer },
  ) {
    const page = await editor.get(`${admin}/${hallId}`);
    return postMultipart(editor, `${admin}/${hallId}/${path}`, { _csrf: csrfIn(page.body), ...fields }, file);
  }

  test('photos are checked by content and need an alt text; the public page shows them with it', async () => {
    const fake = await upload(
      'fotos',
      { alt: 'Saal' },
      { field: 'photo', filename: 'saal.png', contentType: 'image/png', bytes: samplePdf() },
    );
    assert.equal(fake.statusCode, 415);
    assert.match(textOf(fake.body), /kein Bild/);
    const noAlt = await upload(
      'fotos',
      { alt: ' ' },
      { field: 'photo', filename: 'saal.png', contentType: 'image/png', bytes: samplePng() },
    );
    assert.equal(noAlt.statusCode, 422);
    assert.match(textOf(noAlt.body), /Alternativtext/);

    const png = samplePng();
    const ok = await upload(
      'fotos',
      { alt: 'Saal mit Stuhlreihen' },
      { field: 'photo', filename: 'x.bin', contentType: 'application/octet-stream', bytes: png },
    );
    assert.equal(ok.statusCode, 303, textOf(ok.body));
    const pub = await t.app.inject('/musterkreis/raeume/dgh-sued');
    const img = /<img src="(\/musterkreis\/raeume\/dgh-sued\/fotos\/[0-9a-f-]+)" alt="Saal mit Stuhlreihen"/.exec(pub.body);
    assert.ok(img, 'photo with alt text on the public page');
    const file = await t.app.inject(img[1]);
    assert.equal(file.statusCode, 200);
    assert.equal(file.headers['content-type'], 'image/png');
    assert.deepEqual(file.rawPayload, png);
    assert.equal((await t.app.inject(img[1].replace('/musterkreis/', '/beispielstadt/'))).statusCode, 404);
  });

  test('the house rules must be a PDF by content; the public page links it', async () => {
    const fake = await upload(
      'hausordnung',
      {},
      { field: 'rules', filename: 'regeln.pdf', contentType: 'application/pdf', bytes: samplePng() },
    );
    assert.equal(fake.statusCode, 415);
    assert.match(textOf(fake.body), /kein PDF-Dokument/);
    const pdf = samplePdf('Hausordnung');
    const ok = await upload(
      'hausordnung',
      {},
      { field: 'rules', filename: 'regeln.pdf', contentType: 'application/pdf', bytes: pdf },
    );
    assert.equal(ok.statusCode, 303);
    const pub = await t.app.inject('/musterkreis/raeume/dgh-sued');
    assert.match(textOf(pub.body), /Hausordnung Dorfgemeinschaftshaus Süd \(PDF, 1 KB\)/);
    const dl = await t.app.inject('/musterkreis/raeume/dgh-sued/hausordnung.pdf');
    assert.equal(dl.statusCode, 200);
    assert.equal(dl.headers['content-type'], 'application/pdf');
    assert.deepEqual(dl.rawPayload, pdf);
  });

  test('an upload without the CSRF token is refused', async () => {
    const res = await postMultipart(
      editor,
      `${admin}/${hallId}/fotos`,
      { alt: 'Saal' },
      { field: 'photo', filename: 'a.png', contentType: 'image/png', bytes: samplePng() },
    );
    assert.equal(res.statusCode, 403);
  });
});
