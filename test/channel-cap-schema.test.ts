import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { validateXML } from 'xmllint-wasm';
import { createApiToken } from '../src/platform/auth/api-tokens.js';
import { createStaff } from './accounts-helpers.js';
import { seedTopics, testAlert } from './channel-helpers.js';
import { createTenants, createTestApp, type TestApp } from './helpers/app.js';
import { engineUnderTest } from './helpers/database.js';

/** The OASIS CAP 1.2 schema, verbatim (see test/fixtures/cap/README.md). */
const CAP_XSD = readFileSync(new URL('./fixtures/cap/CAP-v1.2.xsd', import.meta.url), 'utf8');

/** Schema errors of a document (empty: valid), from libxml2's xmllint. */
async function schemaErrors(xml: string) {
  const result = await validateXML({
    xml: { fileName: 'alert.xml', contents: xml },
    schema: { fileName: 'CAP-v1.2.xsd', contents: CAP_XSD },
  });
  return result.valid ? [] : result.errors.map((e) => e.message);
}

const textOf = (xml: string, name: string) => [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map((m) => m[1]);

// CAP 1.2 section 3.2.4: WGS 84 "lat,lon" pairs separated by spaces; a circle is "lat,lon radius" (km).
const NUMBER = String.raw`-?\d+(?:\.\d+)?`;
const PAIR = `${NUMBER},${NUMBER}`;
const POLYGON = new RegExp(`^${PAIR}(?: ${PAIR}){3,}$`);
const CIRCLE = new RegExp(`^${PAIR} ${NUMBER}$`);

/** What the schema leaves as xs:string but the CAP 1.2 text prescribes. */
function profileErrors(xml: string) {
  const errors: string[] = [];
  for (const name of ['identifier', 'sender'])
    for (const v of textOf(xml, name)) if (/[\s,<&]/.test(v)) errors.push(`${name} contains space, comma, < or &: ${v}`);
  for (const p of textOf(xml, 'polygon')) {
    if (!POLYGON.test(p)) errors.push(`polygon format: ${p}`);
    const points = p.split(' ');
    if (points[0] !== points[points.length - 1]) errors.push(`polygon not closed: ${p}`);
  }
  for (const c of textOf(xml, 'circle')) if (!CIRCLE.test(c)) errors.push(`circle format: ${c}`);
  for (const r of textOf(xml, 'references'))
    for (const ref of r.split(' '))
      if (!/^[^\s,]+,[^\s,]+,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[-+]\d\d:\d\d$/.test(ref)) errors.push(`reference: ${ref}`);
  return errors;
}

describe(`CAP 1.2 documents are valid against the OASIS schema (${engineUnderTest})`, () => {
  let t: TestApp;
  let token: string;

  before(async () => {
    t = await createTestApp();
    const { a: tenant } = await createTenants(t.platform);
    await seedTopics(t.platform, tenant);
    const editor = await createStaff(t.platform, tenant, 'leitstelle@musterkreis.example', 'editor');
    token = (await createApiToken(t.platform.db, { tenantId: tenant.id, userId: editor.id, name: 'Leitstelle' })).token;
  });
  after(() => t.close());

  const publish = async (payload: unknown) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/musterkreis/channel/messages',
      payload: payload as object,
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json().id as string;
  };

  const servedCap = async (id: string) => {
    const res = await t.app.inject(`/musterkreis/feeds/cap/${id}.xml`);
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /application\/cap\+xml/);
    return res.body;
  };

  const assertValid = async (xml: string) => {
    assert.deepEqual(await schemaErrors(xml), [], xml);
    assert.deepEqual(profileErrors(xml), [], xml);
  };

  test('the validator rejects what CAP 1.2 forbids (so a passing test means something)', async () => {
    const id = await publish(testAlert());
    const good = await servedCap(id);
    await assertValid(good);
    const broken = {
      'time in UTC "Z" notation': good.replace(/(<sent>[^<]*)\+00:00</, '$1Z<'),
      'fractional seconds': good.replace(/(<sent>[^<]*:\d\d)\+00:00</, '$1.123+00:00<'),
      'unknown status': good.replace('<status>Actual</status>', '<status>Real</status>'),
      'scope before msgType': good.replace(/(<msgType>[^<]*<\/msgType>)(\s*)(<scope>[^<]*<\/scope>)/, '$3$2$1'),
      'missing event': good.replace(/\s*<event>[^<]*<\/event>/, ''),
      'unknown category': good.replace(/<category>[^<]*</, '<category>Flood<'),
      'circle before areaDesc': good.replace(/(<areaDesc>[^<]*<\/areaDesc>)(\s*)(<circle>[^<]*<\/circle>)/, '$3$2$1'),
    };
    for (const [what, xml] of Object.entries(broken)) {
      assert.notEqual(xml, good, `the test changed the document: ${what}`);
      assert.ok((await schemaErrors(xml)).length > 0, `the schema rejects: ${what}`);
    }
    assert.ok(profileErrors(good.replace(/<circle>[^<]*</, '<circle>48.25 12.52 3<')).length > 0, 'a circle without comma');
    assert.ok(
      profileErrors(good.replace(/<circle>[^<]*<\/circle>/, '<polygon>48.1,12.5 48.2,12.5 48.2,12.6</polygon>')).length > 0,
      'an open polygon',
    );
  });

  test('an alert with a circle, its update (with references) and its cancellation', async () => {
    const id = await publish(testAlert({ title: 'Großbrand & Rauch <Nord>' }));
    const alert = await servedCap(id);
    assert.match(alert, /<msgType>Alert<\/msgType>/);
    assert.match(alert, /<circle>48\.25,12\.52 3<\/circle>/);
    await assertValid(alert);

    const update = await servedCap(
      await publish({
        title: 'Großbrand: Rauchwolke zieht nach Osten',
        body: 'Die Rauchwolke zieht nach Osten.',
        topics: ['gefahrenhinweise'],
        msgType: 'Update',
        references: id,
      }),
    );
    assert.match(update, /<msgType>Update<\/msgType>/);
    assert.match(update, new RegExp(`<references>[^<]*,urn:uuid:${id},[^<]*</references>`));
    await assertValid(update);

    const cancel = await servedCap(
      await publish({
        title: 'Entwarnung',
        body: 'Der Brand ist gelöscht.',
        topics: ['gefahrenhinweise'],
        msgType: 'Cancel',
        references: id,
        alert: {
          category: 'Brand',
          severity: 'Minor',
          urgency: 'Past',
          certainty: 'Observed',
          area: { description: 'Ortsteil Nord' },
          validUntil: new Date(Date.now() + 3600_000).toISOString(),
        },
      }),
    );
    assert.match(cancel, /<msgType>Cancel<\/msgType>/);
    assert.match(cancel, /<references>/);
    await assertValid(cancel);
  });

  test('a polygon alert of every category, with and without the optional texts', async () => {
    const polygon = [
      [48.1, 12.5],
      [48.2, 12.50001],
      [48.2, 12.6],
      [48.123456789, 12.55],
      [48.1, 12.5],
    ];
    for (const category of ['Unwetter', 'Brand', 'Hochwasser', 'Straßensperrung', 'Gefahrstoff', 'Sonstiges']) {
      const base = testAlert();
      const xml = await servedCap(
        await publish({
          ...base,
          alert: {
            ...(base.alert as object),
            category,
            instruction: category === 'Sonstiges' ? '' : 'Gebiet meiden.',
            area: { description: `Gebiet „${category}“`, polygon },
          },
        }),
      );
      assert.match(xml, /<polygon>48\.1,12\.5 48\.2,12\.50001 48\.2,12\.6 48\.123457,12\.55 48\.1,12\.5<\/polygon>/);
      await assertValid(xml);
    }
  });
});
