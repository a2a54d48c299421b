import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { checkSubmissionData } from '../src/modules/forms/check-data.js';
import { compileToJsonSchema } from '../src/modules/forms/compile-schema.js';
import { computeValues, conditionHolds } from '../src/modules/forms/conditions.js';
import { assertValidDefinition } from '../src/modules/forms/validate-definition.js';
import { ibanIsValid } from '../src/modules/forms/iban.js';
import { familyProcedure, VALID_IBAN, validData } from './forms-helpers.js';

const family = assertValidDefinition(familyProcedure());
const check = (data: unknown) => checkSubmissionData(family, data);

describe('compiled JSON Schema and Ajv: German messages per field path', () => {
  test('the schema is draft 2020-12 and forbids unknown fields', () => {
    const schema = compileToJsonSchema(family);
    assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
    assert.equal(schema.additionalProperties, false);
    assert.deepEqual(check(validData()), {});
    assert.deepEqual(check({ ...validData(), hobby: 'Angeln' }), { hobby: 'Dieses Feld ist im Verfahren nicht vorgesehen.' });
  });

  test('every wrong field is named: required, PLZ, IBAN checksum, consent', () => {
    const data = validData() as Record<string, unknown>;
    delete data.name;
    data.anschrift = { street: 'Hauptstraße', number: '1', postalCode: '1234', city: 'Musterstadt' };
    data.iban = 'DE89370400440532013001';
    data.datenschutz = false;
    assert.deepEqual(check(data), {
      name: 'Bitte füllen Sie „Vor- und Nachname“ aus.',
      'anschrift.postalCode': '„Anschrift: Postleitzahl“ muss aus genau fünf Ziffern bestehen.',
      iban: 'Die IBAN bei „IBAN“ ist ungültig. Bitte prüfen Sie die Eingabe.',
      datenschutz: 'Bitte bestätigen Sie „Datenschutz“.',
    });
  });

  test('IBAN: checksum and country length', () => {
    assert.equal(ibanIsValid(VALID_IBAN), true);
    assert.equal(ibanIsValid('GB82WEST12345698765432'), true);
    assert.equal(ibanIsValid('DE89370400440532013001'), false);
    assert.equal(ibanIsValid('DE8937040044053201300'), false);
  });

  test('a page condition: the children are required when shown and refused when hidden', () => {
    const withoutChildren = validData() as Record<string, unknown>;
    delete withoutChildren.kinder;
    assert.deepEqual(check(withoutChildren), { kinder: 'Bitte geben Sie mindestens einen Eintrag bei „Kinder im Haushalt“ an.' });
    assert.deepEqual(check({ ...withoutChildren, hatKinder: 'nein' }), {});
    assert.deepEqual(check({ ...validData(), hatKinder: 'nein' }), {
      kinder: '„Kinder im Haushalt“ gehört bei Ihren übrigen Angaben nicht zum Antrag. Bitte lassen Sie das Feld leer.',
    });
  });

  test('a repeating group: item count limits and errors inside an entry', () => {
    const four = Array.from({ length: 4 }, (_, i) => ({ vorname: `Kind${i}`, alter: i }));
    assert.deepEqual(check({ ...validData(), kinder: four }), { kinder: 'Bei „Kinder im Haushalt“ sind höchstens 3 Einträge möglich.' });
    assert.deepEqual(check({ ...validData(), kinder: [] }), { kinder: 'Bitte geben Sie mindestens 1 Einträge bei „Kinder im Haushalt“ an.' });
    assert.deepEqual(check({ ...validData(), kinder: [{ vorname: 'Lena', alter: 7 }, { alter: 18 }] }), {
      'kinder.1.vorname': 'Bitte füllen Sie „Kind 2: Vorname“ aus.',
      'kinder.1.alter': '„Kind 2: Alter“ darf höchstens 17 sein.',
    });
  });

  test('date ranges with "today" are resolved when compiling', () => {
    const def = assertValidDefinition({
      formatVersion: 1,
      id: 'termin',
      title: 'Termin',
      pages: [{ id: 'a', title: 'A', fields: [{ key: 'tag', type: 'date', label: 'Wunschtermin', required: true, minDate: 'today', maxDate: '2030-12-31' }] }],
    });
    const today = '2026-05-04';
    assert.deepEqual(checkSubmissionData(def, { tag: '2026-05-04' }, { today }), {});
    assert.deepEqual(checkSubmissionData(def, { tag: '2026-05-03' }, { today }), { tag: '„Wunschtermin“ darf nicht vor dem 04.05.2026 liegen.' });
    assert.deepEqual(checkSubmissionData(def, { tag: '2031-01-01' }, { today }), { tag: '„Wunschtermin“ darf nicht nach dem 31.12.2030 liegen.' });
    assert.deepEqual(checkSubmissionData(def, { tag: '2026-02-30' }, { today }), { tag: 'Bitte geben Sie bei „Wunschtermin“ ein gültiges Datum an.' });
  });

  test('computed values follow the answers', () => {
    assert.deepEqual(computeValues(family, validData()), { zuschuss: 75 });
    assert.deepEqual(computeValues(family, { ...validData(), kinder: [{}, {}, {}] }), { zuschuss: 125 });
    assert.deepEqual(computeValues(family, { hatKinder: 'nein' }), { zuschuss: 50 });
  });

  test('property: the compiled schema accepts exactly what the conditions in code allow', () => {
    // Three questions; the second is shown only for one answer to the first, the third required only for some.
    const def = assertValidDefinition({
      formatVersion: 1,
      id: 'eigenschaft',
      title: 'Eigenschaft',
      pages: [
        { id: 'a', title: 'A', fields: [{ key: 'art', type: 'radio', label: 'Art', required: true, options: [{ value: 'x', label: 'X' }, { value: 'y', label: 'Y' }, { value: 'z', label: 'Z' }] }] },
        {
          id: 'b',
          title: 'B',
          fields: [
            { key: 'detail', type: 'text', label: 'Detail', required: true, showIf: { field: 'art', notEquals: 'x' } },
            { key: 'menge', type: 'number', label: 'Menge', min: 0, max: 10, requiredIf: { field: 'art', in: ['y', 'z'] } },
          ],
        },
        { id: 'c', title: 'C', showIf: { field: 'art', equals: 'z' }, fields: [{ key: 'grund', type: 'text', label: 'Grund', required: true }] },
      ],
    });
    const reference = (data: Record<string, unknown>): boolean => {
      const art = data.art;
      if (!['x', 'y', 'z'].includes(art as string)) return false;
      const showDetail = conditionHolds({ field: 'art', notEquals: 'x' }, data);
      const showGrund = art === 'z';
      if ('detail' in data && (!showDetail || typeof data.detail !== 'string' || data.detail === '')) return false;
      if (showDetail && !('detail' in data)) return false;
      if ('menge' in data && (typeof data.menge !== 'number' || data.menge < 0 || data.menge > 10)) return false;
      if ((art === 'y' || art === 'z') && !('menge' in data)) return false;
      if ('grund' in data && (!showGrund || typeof data.grund !== 'string' || data.grund === '')) return false;
      if (showGrund && !('grund' in data)) return false;
      return Object.keys(data).every((k) => ['art', 'detail', 'menge', 'grund'].includes(k));
    };
    const answer = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
    const data = fc
      .record({
        art: answer(fc.constantFrom('x', 'y', 'z', 'w')),
        detail: answer(fc.constantFrom('', 'etwas', 3)),
        menge: answer(fc.constantFrom(-1, 0, 5, 11, '5')),
        grund: answer(fc.constantFrom('', 'weil', true)),
        extra: answer(fc.constant('nein')),
      })
      .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)));
    fc.assert(
      fc.property(data, (d) => {
        const accepted = Object.keys(checkSubmissionData(def, d)).length === 0;
        assert.equal(accepted, reference(d), JSON.stringify(d));
      }),
      { numRuns: 500 },
    );
  });
});
