import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderMarkdown } from '../src/modules/catalog/markdown.js';
import { buildTsQuery, foldText, headlineToHtml, normalizeQuery, tokenize } from '../src/modules/catalog/search-query.js';

describe('catalog text handling', () => {
  test('Markdown renders headings, lists, emphasis and safe links', () => {
    const html = renderMarkdown(
      'Text mit **fett** und *kursiv*.\n\n## Ablauf\n\n1. Erstens\n2. Zweitens\n\n- Punkt\n\n[Portal](https://example.org/a?b=1&c=2)',
    );
    assert.match(html, /<p>Text mit <strong>fett<\/strong> und <em>kursiv<\/em>\.<\/p>/);
    assert.match(html, /<h3>Ablauf<\/h3>/);
    assert.match(html, /<ol><li>Erstens<\/li><li>Zweitens<\/li><\/ol>/);
    assert.match(html, /<ul><li>Punkt<\/li><\/ul>/);
    assert.match(html, /<a class="kern-link" href="https:\/\/example.org\/a\?b=1&amp;c=2">Portal<\/a>/);
  });

  test('raw HTML and script URLs in Markdown never become markup', () => {
    const html = renderMarkdown(
      '<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">\n\n[klick](javascript:alert(1)) [x](//evil.example)',
    );
    assert.doesNotMatch(html, /<script|<img|href="javascript|href="\/\//);
    assert.match(html, /&lt;script&gt;/);
    assert.match(html, /klick/);
  });

  test('snippets are escaped; only the markers become <mark>', () => {
    assert.equal(headlineToHtml('a <b>\u0001Wort\u0002</b> & "c"'), 'a &lt;b&gt;<mark>Wort</mark>&lt;/b&gt; &amp; &quot;c&quot;');
  });

  test('queries are cut, folded and reduced to safe words', () => {
    assert.equal(normalizeQuery('x'.repeat(10_000)).length, 200);
    assert.equal(normalizeQuery(['a', 'b']), '');
    assert.equal(foldText('Führerschein Straße Ärger'), 'fuhrerschein strasse arger');
    assert.deepEqual(tokenize(foldText("'; DROP TABLE x; -- & | ! :* 1 2 100")), ['drop', 'table', '100']);
    assert.equal(
      buildTsQuery(
        [
          { word: 'perso', prefix: true, corrections: [], expansions: [['personalausweis']] },
          { word: 'weg', prefix: false, corrections: ['wege'], expansions: [] },
        ],
        'all',
      ),
      '(perso:* | personalausweis) & (weg | wege)',
    );
  });
});
