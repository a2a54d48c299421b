import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type CapAlert, capDocument } from '../src/modules/channel/cap.js';
import { checkMessage } from '../src/modules/channel/validation.js';

const alert = (overrides: Partial<CapAlert> = {}): CapAlert => ({
  identifier: 'urn:uuid:7d0c5a5e-2f4b-4b8e-9a51-0d7a3c1f9e11',
  sender: 'musterkreis@rathaus.example',
  sent: new Date('2026-07-14T20:38:12.345Z'),
  msgType: 'Alert',
  references: [],
  info: {
    category: 'Fire',
    event: 'Brand',
    urgency: 'Immediate',
    severity: 'Severe',
    certainty: 'Observed',
    effective: new Date('2026-07-14T20:38:00Z'),
    expires: new Date('2026-07-15T02:00:00Z'),
    senderName: 'Landkreis Musterkreis',
    headline: 'Großbrand am Bahndamm: Fenster & Türen <geschlossen> halten',
    description: 'Starke Rauchentwicklung im Ortsteil "Nord".',
    instruction: 'Fenster und Türen geschlossen halten.',
    web: 'https://rathaus.example/musterkreis/infokanal/meldung/1',
    area: { areaDesc: 'Ortsteil Nord', polygon: null, circle: { lat: 48.25, lon: 12.52, radiusKm: 3 } },
  },
  ...overrides,
});

/** The element names in document order. */
const order = (xml: string) => [...xml.matchAll(/<([a-zA-Z]+)[ >]/g)].map((m) => m[1]);

describe('CAP 1.2 writer', () => {
  test('writes the elements in the order of the CAP 1.2 schema', () => {
    const xml = capDocument(
      alert({ msgType: 'Update', references: ['musterkreis@rathaus.example,urn:uuid:1,2026-07-14T20:00:00+00:00'] }),
    );
    assert.deepEqual(order(xml), [
      'alert',
      'identifier',
      'sender',
      'sent',
      'status',
      'msgType',
      'scope',
      'references',
      'info',
      'language',
      'category',
      'event',
      'urgency',
      'severity',
      'certainty',
      'effective',
      'expires',
      'senderName',
      'headline',
      'description',
      'instruction',
      'web',
      'area',
      'areaDesc',
      'circle',
    ]);
    assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<alert xmlns="urn:oasis:names:tc:emergency:cap:1\.2">/);
    assert.match(xml, /<status>Actual<\/status>/);
    assert.match(xml, /<scope>Public<\/scope>/);
    assert.match(xml, /<language>de-DE<\/language>/);
    assert.match(xml, /<references>musterkreis@rathaus\.example,urn:uuid:1,2026-07-14T20:00:00\+00:00<\/references>/);
  });

  test('times have seconds and an explicit offset, as CAP requires', () => {
    const xml = capDocument(alert());
    assert.match(xml, /<sent>2026-07-14T20:38:12\+00:00<\/sent>/);
    assert.match(xml, /<expires>2026-07-15T02:00:00\+00:00<\/expires>/);
  });

  test('escapes text and writes circle and polygon in CAP notation', () => {
    const xml = capDocument(
      alert({
        info: {
          ...alert().info,
          area: {
            areaDesc: 'Nord & Süd',
            circle: null,
            polygon: [
              [48.1, 12.5],
              [48.2, 12.5],
              [48.2, 12.6],
              [48.1, 12.5],
            ],
          },
        },
      }),
    );
    assert.match(xml, /<headline>Großbrand am Bahndamm: Fenster &amp; Türen &lt;geschlossen&gt; halten<\/headline>/);
    assert.match(xml, /<description>Starke Rauchentwicklung im Ortsteil &quot;Nord&quot;\.<\/description>/);
    assert.match(xml, /<areaDesc>Nord &amp; Süd<\/areaDesc>/);
    assert.match(xml, /<polygon>48\.1,12\.5 48\.2,12\.5 48\.2,12\.6 48\.1,12\.5<\/polygon>/);
    assert.doesNotMatch(xml, /<circle>/);
    assert.match(capDocument(alert()), /<circle>48\.25,12\.52 3<\/circle>/);
  });

  test('optional elements are left out rather than written empty', () => {
    const xml = capDocument(alert({ info: { ...alert().info, instruction: '', effective: null } }));
    assert.doesNotMatch(xml, /<instruction>|<effective>|<references>/);
  });
});

describe('message validation', () => {
  const topics = [
    {
      id: '00000000-0000-0000-0000-000000000001',
      tenant_id: 't',
      slug: 'gefahrenhinweise',
      title: 'Gefahrenhinweise',
      description: '',
      position: 0,
    },
  ];
  const now = new Date('2026-07-14T20:00:00Z');
  const base = {
    title: 'Hochwasser',
    body: 'Pegel steigt.',
    topics: ['gefahrenhinweise'],
    alert: {
      category: 'Hochwasser',
      severity: 'Moderate',
      urgency: 'Expected',
      certainty: 'Likely',
      area: { description: 'Flussauen' },
      validUntil: '2026-07-15T20:00:00Z',
    },
  };

  test('an open polygon and a validity ending before it starts are named by field', () => {
    const result = checkMessage(
      {
        ...base,
        alert: {
          ...base.alert,
          area: {
            description: 'Au',
            polygon: [
              [48.1, 12.5],
              [48.2, 12.5],
              [48.2, 12.6],
              [48.3, 12.7],
            ],
          },
          validFrom: '2026-07-15T10:00:00Z',
          validUntil: '2026-07-15T09:00:00Z',
        },
      },
      { topics, now },
    );
    assert.equal(result.ok, false);
    assert.ok(!result.ok);
    assert.match(result.errors['alert.area.polygon'], /geschlossenes Polygon/);
    assert.match(result.errors['alert.validUntil'], /nach ihrem Beginn/);
  });

  test('an unknown topic is named; a form time without offset is German time', () => {
    const unknown = checkMessage({ ...base, topics: ['gibtsnicht'] }, { topics, now });
    assert.ok(!unknown.ok && /gibtsnicht/.test(unknown.errors.topics));
    const ok = checkMessage(
      { ...base, alert: { ...base.alert, validFrom: '2026-07-14T22:38', validUntil: '2026-01-15T08:00' } },
      { topics, now },
    );
    assert.ok(!ok.ok, 'winter end before summer start');
    const summer = checkMessage(
      { ...base, alert: { ...base.alert, validFrom: '2026-07-14T22:38', validUntil: '2026-12-15T08:00' } },
      { topics, now },
    );
    assert.ok(summer.ok);
    assert.equal(summer.values.alert?.validFrom.toISOString(), '2026-07-14T20:38:00.000Z');
    assert.equal(summer.values.alert?.validUntil.toISOString(), '2026-12-15T07:00:00.000Z');
  });
});
