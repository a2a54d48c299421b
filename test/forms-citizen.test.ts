import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { publishProcedureVersion } from '../src/modules/forms/service.js';
import type { Tenant } from '../src/platform/tenancy/repo.js';
import { Browser, csrfIn, mailsTo, textOf } from './accounts-helpers.js';
import { postMultipart, samplePdf, samplePng } from './catalog-admin-helpers.js';
import { familyProcedure, VALID_IBAN } from './forms-helpers.js';
import { createTenants, createTestApp, type TestApp } from './helpers/app.js';
import { engineUnderTest } from './helpers/database.js';

const base = '/musterkreis/antrag/familienhilfe';
const personPage = {
  name: 'Erika Mustermann',
  email: 'erika@example.org',
  'anschrift.street': 'Hauptstraße',
  'anschrift.number': '1',
  'anschrift.postalCode': '12345',
  'anschrift.city': 'Musterstadt',
  hatKinder: 'ja',
};

describe(`citizen application without JavaScript (${engineUnderTest})`, () => {
  let t: TestApp;
  let a: Tenant;
  let dataDir: string;

  const submissions = () =>
    t.platform.db
      .withTables<{
        forms_submissions: { tenant_id: string; reference: string; data: Record<string, unknown>; files: unknown[] };
      }>()
      .selectFrom('forms_submissions')
      .select(['reference', 'data', 'files'])
      .where('tenant_id', '=', a.id)
      .execute();

  async function step(browser: Browser, n: number, fields: Record<string, string>) {
    return browser.submit(`${base}/schritt/${n}`, `${base}/schritt/${n}`, fields);
  }

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'rathaus-forms-'));
    t = await createTestApp({ env: { DATA_DIR: dataDir } });
    ({ a } = await createTenants(t.platform));
    assert.ok((await publishProcedureVersion(t.platform.db, a.id, familyProcedure())).ok);
  });
  after(async () => {
    await t.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('start page, error summary with kept values, steps, upload, review, submit, reference and receipt mail', async () => {
    const browser = new Browser(t.app);
    const start = await browser.get(base);
    assert.equal(start.statusCode, 200);
    assert.match(textOf(start.body), /Familienhilfe beantragen .* Antrag starten/);

    const first = await browser.get(`${base}/schritt/1`);
    assert.match(textOf(first.body), /Schritt 1 von 3/);

    // Bad input: the page comes back with the summary at the top, links to the fields, and every value kept.
    const bad = await step(browser, 1, { ...personPage, name: '', 'anschrift.postalCode': '123' });
    assert.equal(bad.statusCode, 422);
    const badText = textOf(bad.body);
    assert.match(badText, /Bitte prüfen Sie Ihre Angaben Bitte füllen Sie „Vor- und Nachname“ aus\./);
    assert.ok(bad.body.includes('href="#feld-name"'));
    assert.ok(bad.body.includes('href="#feld-anschrift-postalCode"'));
    assert.ok(bad.body.includes('id="feld-anschrift-postalCode"'));
    assert.ok(bad.body.includes('value="erika@example.org"'), 'e-mail value lost');
    assert.ok(bad.body.includes('value="123"'), 'wrong PLZ not shown again');
    assert.ok(bad.body.indexOf('error-summary') < bad.body.indexOf('<h1'), 'summary must come before the heading');

    const good = await step(browser, 1, personPage);
    assert.equal(good.statusCode, 303, textOf(good.body));
    assert.equal(good.headers.location, `${base}/schritt/2`);

    const second = await browser.get(`${base}/schritt/2`);
    assert.match(textOf(second.body), /Schritt 2 von 3/);
    // "Weiteren Eintrag hinzufügen" works without JavaScript: the page comes back with a second entry.
    const added = await browser.post(`${base}/schritt/2`, {
      _csrf: csrfIn(second.body),
      'kinder._anzahl': '1',
      'kinder.0.vorname': 'Lena',
      'kinder.0.alter': '7',
      _aktion: 'hinzufuegen:kinder',
    });
    assert.equal(added.statusCode, 200);
    assert.ok(added.body.includes('name="kinder.1.vorname"'));
    assert.ok(added.body.includes('value="Lena"'));
    const kids = await browser.post(`${base}/schritt/2`, {
      _csrf: csrfIn(added.body),
      'kinder._anzahl': '2',
      'kinder.0.vorname': 'Lena',
      'kinder.0.alter': '7',
      'kinder.1.vorname': 'Ben',
      'kinder.1.alter': 'sieben',
      _aktion: 'weiter',
    });
    assert.equal(kids.statusCode, 422);
    assert.match(textOf(kids.body), /„Alter“ muss eine Zahl sein\./);
    const kidsOk = await step(browser, 2, {
      'kinder._anzahl': '2',
      'kinder.0.vorname': 'Lena',
      'kinder.0.alter': '7',
      'kinder.1.vorname': 'Ben',
      'kinder.1.alter': '4',
      _aktion: 'weiter',
    });
    assert.equal(kidsOk.statusCode, 303);
    assert.equal(kidsOk.headers.location, `${base}/schritt/3`);

    // The upload step is a multipart form; the file type is checked by content, the size by the field's limit.
    const third = await browser.get(`${base}/schritt/3`);
    assert.ok(third.body.includes('enctype="multipart/form-data"'));
    const fields = { _csrf: csrfIn(third.body), iban: 'de89 3704 0044 0532 0130 00', datenschutz: 'ja', _aktion: 'weiter' };
    const png = await postMultipart(browser, `${base}/schritt/3`, fields, {
      field: 'nachweis',
      filename: 'nachweis.pdf',
      contentType: 'application/pdf',
      bytes: samplePng(),
    });
    assert.equal(png.statusCode, 415);
    assert.match(textOf(png.body), /Die Datei „nachweis\.pdf“ ist keine PDF-Datei/);
    assert.match(
      png.body,
      /<input[^>]*type="file"[^>]*aria-describedby="feld-nachweis-hinweis feld-nachweis-fehler" aria-invalid="true"/,
    );
    const big = Buffer.concat([samplePdf(), Buffer.alloc(4096, 32)]);
    const tooBig = await postMultipart(browser, `${base}/schritt/3`, fields, {
      field: 'nachweis',
      filename: 'gross.pdf',
      contentType: 'application/pdf',
      bytes: big,
    });
    assert.equal(tooBig.statusCode, 413);
    assert.match(textOf(tooBig.body), /ist zu groß/);
    const noToken = await postMultipart(
      browser,
      `${base}/schritt/3`,
      { ...fields, _csrf: 'falsch' },
      { field: 'nachweis', filename: 'n.pdf', contentType: 'application/pdf', bytes: samplePdf() },
    );
    assert.equal(noToken.statusCode, 403);
    const uploaded = await postMultipart(browser, `${base}/schritt/3`, fields, {
      field: 'nachweis',
      filename: 'Nachweis 2026.pdf',
      contentType: 'application/pdf',
      bytes: samplePdf(),
    });
    assert.equal(uploaded.statusCode, 303, textOf(uploaded.body));
    assert.equal(uploaded.headers.location, `${base}/pruefen`);

    const review = await browser.get(`${base}/pruefen`);
    const reviewText = textOf(review.body);
    assert.match(reviewText, /Angaben prüfen/);
    assert.match(reviewText, /Anschrift Hauptstraße 1, 12345 Musterstadt Ändern : Anschrift/);
    assert.match(reviewText, /Kind 1: Vorname: Lena; Alter: 7 \| Kind 2: Vorname: Ben; Alter: 4/);
    assert.match(reviewText, /IBAN DE89370400440532013000/);
    assert.match(reviewText, /Einkommensnachweis Nachweis 2026\.pdf/);
    assert.match(reviewText, /Zuschuss 100,00 €/);
    assert.ok(review.body.includes(`href="${base}/schritt/1?zurueck=pruefen#feld-name"`));

    const undeclared = await browser.post(`${base}/absenden`, { _csrf: csrfIn(review.body) });
    assert.equal(undeclared.statusCode, 422);
    assert.match(textOf(undeclared.body), /Bitte bestätigen Sie die Erklärung/);

    const sent = await browser.post(`${base}/absenden`, { _csrf: csrfIn(review.body), erklaerung: 'ja' });
    assert.equal(sent.statusCode, 303);
    assert.equal(sent.headers.location, `${base}/bestaetigung`);
    const confirmation = await browser.get(`${base}/bestaetigung`);
    const year = new Date().getFullYear();
    const match = new RegExp(`Ihr Aktenzeichen: (MK-${year}-\\d{6})`).exec(textOf(confirmation.body));
    assert.ok(match, textOf(confirmation.body));
    const reference = match[1];

    const [row] = await submissions();
    assert.equal(row.reference, reference);
    assert.equal(row.data.iban, VALID_IBAN);
    assert.equal(row.files.length, 1);
    const [mail] = await mailsTo(t.platform, 'erika@example.org');
    assert.equal(mail.subject, `Eingangsbestätigung: Familienhilfe beantragen (${reference})`);
    assert.match(mail.text, new RegExp(`Aktenzeichen: ${reference}`));

    // A second click on "absenden" (the hidden draft token) shows the same reference, no second case.
    const again = await browser.post(`${base}/absenden`, { _csrf: csrfIn(review.body), erklaerung: 'ja' });
    assert.equal(again.statusCode, 303);
    assert.equal((await submissions()).length, 1);
  });

  test('a page hidden by an earlier answer is skipped and not counted', async () => {
    const browser = new Browser(t.app, '203.0.113.20');
    const res = await step(browser, 1, { ...personPage, hatKinder: 'nein' });
    assert.equal(res.headers.location, `${base}/schritt/3`);
    const page = await browser.get(`${base}/schritt/3`);
    assert.match(textOf(page.body), /Schritt 2 von 2/);
    const skipped = await browser.get(`${base}/schritt/2`);
    assert.equal(skipped.statusCode, 303);
    assert.equal(skipped.headers.location, `${base}/schritt/3`);
  });

  test('a draft begun on an older version keeps its answers and says so', async () => {
    const browser = new Browser(t.app, '203.0.113.30');
    assert.equal((await step(browser, 1, personPage)).statusCode, 303);
    const changed = familyProcedure();
    changed.pages[0].fields.push({ key: 'telefon', type: 'phone', label: 'Telefon' });
    assert.ok((await publishProcedureVersion(t.platform.db, a.id, changed)).ok);
    const page = await browser.get(`${base}/schritt/1`);
    assert.match(
      textOf(page.body),
      /Dieses Verfahren wurde inzwischen aktualisiert\. Ihre bisherigen Antworten wurden übernommen/,
    );
    assert.ok(page.body.includes('value="Erika Mustermann"'));
    assert.ok(page.body.includes('name="telefon"'));
  });

  test('another tenant does not know the procedure; an unknown one is a 404 page', async () => {
    const other = await t.app.inject('/beispielstadt/antrag/familienhilfe');
    assert.equal(other.statusCode, 404);
    assert.match(textOf(other.body), /Diesen Online-Antrag gibt es hier nicht/);
    assert.equal((await t.app.inject('/musterkreis/antrag/gibt-es-nicht/schritt/1')).statusCode, 404);
    assert.equal((await t.app.inject(`${base}/schritt/9`)).statusCode, 404);
  });
});
