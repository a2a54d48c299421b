import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { demoProcedures } from '../src/demo/forms/seed.js';
import { definitionFormatJsonSchema } from '../src/modules/forms/definition.js';
import { validateDefinition } from '../src/modules/forms/validate-definition.js';
import { familyProcedure } from './forms-helpers.js';

/** The errors of a definition that must be refused. */
function refused(definition: unknown): string[] {
  const result = validateDefinition(definition);
  assert.equal(result.ok, false, 'definition was accepted');
  return result.ok ? [] : result.errors;
}

describe('procedure definitions: the validator names the place of every problem', () => {
  test('the test procedure and every demo procedure are valid', () => {
    assert.equal(validateDefinition(familyProcedure()).ok, true);
    const all = Object.values(demoProcedures).flat();
    assert.ok(all.length >= 10, `only ${all.length} demo procedures`);
    for (const d of all) {
      const result = validateDefinition(d);
      assert.ok(result.ok, `${d.id}: ${result.ok ? '' : result.errors.join('\n')}`);
    }
  });

  test('a duplicate field key is refused on the page where it repeats', () => {
    const def = familyProcedure();
    def.pages[2].fields.push({ key: 'name', type: 'text', label: 'Noch ein Name' });
    assert.deepEqual(refused(def), ['Seite 3, Feld „name“: Der Feldschlüssel kommt bereits auf Seite 1 vor; jeder Schlüssel darf nur einmal vorkommen.']);
  });

  test('a condition on a missing field is refused', () => {
    const def = familyProcedure();
    def.pages[2].fields[0] = { key: 'iban', type: 'iban', label: 'IBAN', showIf: { field: 'zahlart', equals: 'lastschrift' } };
    const [error] = refused(def);
    assert.match(error, /^Seite 3, Feld „iban“ \(showIf\): .*„zahlart“, das es nicht gibt/);
  });

  test('an invalid pattern is refused with the pattern named', () => {
    const def = familyProcedure();
    def.pages[0].fields[0] = { key: 'name', type: 'text', label: 'Name', pattern: '[A-Z' };
    const [error] = refused(def);
    assert.match(error, /^Seite 1, Feld „name“: Das Muster „\[A-Z“ ist kein gültiger regulärer Ausdruck/);
  });

  test('a page whose condition looks at the same or a later page is unreachable', () => {
    const later = familyProcedure();
    later.pages[1].showIf = { field: 'iban', equals: 'DE00' };
    assert.match(refused(later)[0], /^Seite 2: Die Seite ist nie erreichbar\. .*„iban“ auf einer späteren Seite \(Seite 3\)/);

    const same = familyProcedure();
    same.pages[1].showIf = { field: 'kinder', equals: 'x' };
    assert.match(refused(same).join('\n'), /Seite 2: Die Seite ist nie erreichbar/);

    const first = familyProcedure();
    first.pages[0].showIf = { field: 'hatKinder', equals: 'ja' };
    assert.match(refused(first)[0], /^Seite 1: Die Seite ist nie erreichbar\. .*derselben Seite/);
  });

  test('a page whose condition wants a value the field never has is unreachable', () => {
    const def = familyProcedure();
    def.pages[1].showIf = { field: 'hatKinder', equals: 'vielleicht' };
    assert.match(refused(def)[0], /^Seite 2: Die Seite ist nie erreichbar\. .*"vielleicht"/);
  });

  test('shape errors name page and field, in German', () => {
    const def = familyProcedure() as { pages: { fields: Record<string, unknown>[] }[] };
    def.pages[1].fields[0].maxItems = 0;
    def.pages[2].fields[0] = { key: 'iban', type: 'bankkonto', label: 'IBAN' };
    const errors = refused(def);
    assert.ok(errors.some((e) => e.startsWith('Seite 2, Feld „kinder“, Angabe „maxItems“: ')), errors.join('\n'));
    assert.ok(errors.some((e) => e.startsWith('Seite 3, Feld „iban“, Angabe „type“: ')), errors.join('\n'));
  });

  test('min above max and computed values over unknown fields are refused', () => {
    const def = familyProcedure();
    def.pages[1].fields[0] = { key: 'kinder', type: 'repeatingGroup', label: 'Kinder', itemLabel: 'Kind', minItems: 5, maxItems: 2, fields: [{ key: 'vorname', type: 'text', label: 'Vorname' }] };
    def.computed = [{ key: 'gebuehr', label: 'Gebühr', expression: { product: [3, { field: 'anzahl' }] } }];
    const errors = refused(def);
    assert.ok(errors.includes('Seite 2, Feld „kinder“: Anzahl der Einträge: das Minimum (5) ist größer als das Maximum (2).'), errors.join('\n'));
    assert.ok(errors.includes('Berechneter Wert „gebuehr“: „anzahl“ ist kein Zahlenfeld dieses Verfahrens.'), errors.join('\n'));
  });

  test('docs/procedure-format.schema.json is the schema generated from the code', async () => {
    const file = JSON.parse(await readFile(new URL('../docs/procedure-format.schema.json', import.meta.url), 'utf8'));
    assert.deepEqual(file, definitionFormatJsonSchema());
  });
});
