import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { seedContentDemo } from '../src/demo/content/seed.js';
import { loadLatestNews, searchNews } from '../src/modules/content/index.js';
import { insertNews } from '../src/modules/content/repo.js';
import { createTenants, createTestApp, type TestApp } from './helpers/app.js';
import { engineUnderTest } from './helpers/database.js';

const h1Count = (html: string) => (html.match(/<h1[\s>]/g) ?? []).length;

describe(`news, pages and feed (${engineUnderTest})`, () => {
  let t: TestApp;
  let tenants: Awaited<ReturnType<typeof createTenants>>;
  before(async () => {
    t = await createTestApp();
    tenants = await createTenants(t.platform);
    await seedContentDemo(t.platform, tenants.a, new Map());
    await seedContentDemo(t.platform, tenants.b, new Map());
    const day = 24 * 60 * 60 * 1000;
    await insertNews(t.platform.db, [
      // Markup and ampersands in a title must arrive as text, in HTML and in XML.
      {
        tenant_id: tenants.a.id,
        slug: 'sitzung-kreistag',
        title: 'Kreistag & Ausschüsse: <Sitzungstermine> für "2026"',
        teaser: 'Termine der öffentlichen Sitzungen.',
        body_md: 'Die **Sitzungen** sind öffentlich.',
        status: 'published',
        published_at: new Date(Date.now() - 60 * day),
      },
      { tenant_id: tenants.a.id, slug: 'entwurf-geheim', title: 'Noch nicht freigegeben', teaser: 'x', body_md: 'y' },
    ]);
  });
  after(() => t.close());

  test('the news list shows published items newest first, without drafts or other tenants', async () => {
    const res = await t.app.inject('/musterkreis/aktuelles');
    assert.equal(res.statusCode, 200);
    assert.equal(h1Count(res.body), 1);
    const titles = [
      ...res.body.matchAll(/<h2 class="kern-heading-small"><a class="kern-link" href="\/musterkreis\/aktuelles\/([a-z0-9-]+)">/g),
    ].map((m) => m[1]);
    assert.equal(titles.length, 6);
    assert.match(titles[0], /^zulassungsstelle-/);
    assert.equal(titles.at(-1), 'sitzung-kreistag');
    assert.doesNotMatch(res.body, /Noch nicht freigegeben/);
    assert.doesNotMatch(res.body, /Hauptstraße/); // Beispielstadt's news
    assert.match(res.body, /Kreistag &amp; Ausschüsse: &lt;Sitzungstermine/);
    assert.doesNotMatch(res.body, /<Sitzungstermine/);
  });

  test('the list pages by ten', async () => {
    for (let i = 0; i < 6; i++) {
      await insertNews(t.platform.db, [
        {
          tenant_id: tenants.b.id,
          slug: `aeltere-meldung-${i}`,
          title: `Ältere Meldung ${i}`,
          teaser: 'Archiv',
          body_md: 'Text',
          status: 'published',
          published_at: new Date(Date.UTC(2020, 0, 1 + i)),
        },
      ]);
    }
    const first = await t.app.inject('/beispielstadt/aktuelles');
    assert.match(first.body, /Seite 1 von 2/);
    assert.match(first.body, /href="\/beispielstadt\/aktuelles\?seite=2" rel="next"/);
    const second = await t.app.inject('/beispielstadt/aktuelles?seite=2');
    assert.equal(second.statusCode, 200);
    assert.match(second.body, /Ältere Meldung 0/);
    assert.doesNotMatch(second.body, /Sperrung der Hauptstraße/);
    const beyond = await t.app.inject('/beispielstadt/aktuelles?seite=99');
    assert.equal(beyond.statusCode, 200);
    assert.match(beyond.body, /keine Meldungen mehr/);
  });

  test('an article renders its Markdown safely; drafts and unknown slugs are 404 pages with a search', async () => {
    const res = await t.app.inject('/musterkreis/aktuelles/sitzung-kreistag');
    assert.equal(res.statusCode, 200);
    assert.equal(h1Count(res.body), 1);
    assert.match(res.body, /<strong>Sitzungen<\/strong>/);
    assert.match(res.body, /<time datetime="/);
    for (const url of [
      '/musterkreis/aktuelles/entwurf-geheim',
      '/musterkreis/aktuelles/gibt-es-nicht',
      '/beispielstadt/aktuelles/sitzung-kreistag',
    ]) {
      const missing = await t.app.inject(url);
      assert.equal(missing.statusCode, 404, url);
      assert.match(missing.body, /action="\/[a-z]+\/suche"/);
    }
  });

  test('the Atom feed is XML with absolute links and escaped titles', async () => {
    const res = await t.app.inject('/musterkreis/feeds/news.atom');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/atom+xml; charset=utf-8');
    const xml = res.body;
    assert.match(xml, /^<\?xml version="1\.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom"/);
    assert.equal((xml.match(/<entry>/g) ?? []).length, 6);
    assert.equal((xml.match(/<\/entry>/g) ?? []).length, 6);
    assert.match(
      xml,
      /<link rel="self" type="application\/atom\+xml" href="http:\/\/localhost:3000\/musterkreis\/feeds\/news\.atom"\/>/,
    );
    assert.match(xml, /<title type="text">Kreistag &amp; Ausschüsse: &lt;Sitzungstermine&gt; für &quot;2026&quot;<\/title>/);
    assert.match(
      xml,
      /<link rel="alternate" type="text\/html" href="http:\/\/localhost:3000\/musterkreis\/aktuelles\/sitzung-kreistag"\/>/,
    );
    // Entry HTML is escaped once: no raw markup inside the XML.
    assert.match(xml, /&lt;strong&gt;Sitzungen&lt;\/strong&gt;/);
    assert.doesNotMatch(xml, /<strong>|<p>/);
    assert.doesNotMatch(xml, /Noch nicht freigegeben/);
    // Every entry carries the elements RFC 4287 requires.
    for (const entry of xml.match(/<entry>[\s\S]*?<\/entry>/g) ?? []) {
      for (const el of ['<title', '<id>http://localhost:3000/', '<updated>', '<link rel="alternate"'])
        assert.ok(entry.includes(el), el);
    }
  });

  test('static pages: the defaults exist, an unknown slug is a 404 page', async () => {
    for (const slug of ['impressum', 'datenschutz', 'barrierefreiheit', 'kontakt']) {
      const res = await t.app.inject(`/musterkreis/seite/${slug}`);
      assert.equal(res.statusCode, 200, slug);
      assert.equal(h1Count(res.body), 1);
    }
    assert.match((await t.app.inject('/musterkreis/seite/impressum')).body, /Landrat Georg Brunner/);
    const missing = await t.app.inject('/musterkreis/seite/gibt-es-nicht');
    assert.equal(missing.statusCode, 404);
    assert.match(missing.body, /Seite nicht gefunden/);
    assert.equal((await t.app.inject('/musterkreis/seite/%3Cscript%3E')).statusCode, 404);
  });

  test('a tenant without stored pages gets default texts from its own data', async () => {
    await t.platform.db
      .updateTable('tenants')
      .set({ street: 'Am Anger 3', email: 'info@leer.example' })
      .where('id', '=', tenants.b.id)
      .execute();
    await t.platform.db
      .deleteFrom('content_pages' as never)
      .where('tenant_id' as never, '=', tenants.b.id as never)
      .execute();
    const res = await t.app.inject('/beispielstadt/seite/impressum');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Gemeinde Beispielstadt, Am Anger 3/);
    assert.match(res.body, /mailto:info@leer\.example/);
  });

  test('searchNews finds news by German word forms and umlaut spellings; loadLatestNews gives the newest', async () => {
    const hits = await searchNews(t.platform.db, tenants.a.id, 'Zulassungsstellen Termine', 5);
    assert.equal(hits[0]?.slug.startsWith('zulassungsstelle-'), true);
    const folded = await searchNews(t.platform.db, tenants.a.id, 'Gefluegelpest', 5);
    assert.equal(folded.length, 1);
    assert.match(folded[0].title, /Geflügelpest/);
    assert.deepEqual(await searchNews(t.platform.db, tenants.a.id, "'; drop table content_news; --", 5), []);
    assert.deepEqual(await searchNews(t.platform.db, tenants.a.id, 'Geheim freigegeben', 5), []);
    assert.equal((await searchNews(t.platform.db, tenants.b.id, 'Geflügelpest', 5)).length, 0);
    const latest = await loadLatestNews(t.platform.db, tenants.a.id, 3);
    assert.equal(latest.length, 3);
    assert.ok(latest[0].publishedAt >= latest[1].publishedAt && latest[1].publishedAt >= latest[2].publishedAt);
  });
});
