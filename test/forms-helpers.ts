import assert from 'node:assert/strict';
import type { DefinitionInput } from '../src/modules/forms/definition.js';
import { type Browser, csrfIn } from './accounts-helpers.js';

/** A small procedure with every kind of rule the tests need: a condition on a page, a group, an IBAN, an upload. */
export function familyProcedure(overrides: Partial<DefinitionInput> = {}): DefinitionInput {
  return {
    formatVersion: 1,
    id: 'familienhilfe',
    title: 'Familienhilfe beantragen',
    description: 'Ein Testverfahren.',
    pages: [
      {
        id: 'person',
        title: 'Ihre Angaben',
        fields: [
          { key: 'name', type: 'text', label: 'Vor- und Nachname', required: true, prefill: 'name' },
          { key: 'email', type: 'email', label: 'E-Mail-Adresse', required: true, prefill: 'email' },
          { key: 'anschrift', type: 'address', label: 'Anschrift', required: true },
          { key: 'hatKinder', type: 'radio', label: 'Leben Kinder in Ihrem Haushalt?', required: true, options: [{ value: 'ja', label: 'Ja' }, { value: 'nein', label: 'Nein' }] },
        ],
      },
      {
        id: 'kinder',
        title: 'Kinder',
        showIf: { field: 'hatKinder', equals: 'ja' },
        fields: [
          {
            key: 'kinder',
            type: 'repeatingGroup',
            label: 'Kinder im Haushalt',
            itemLabel: 'Kind',
            required: true,
            minItems: 1,
            maxItems: 3,
            fields: [
              { key: 'vorname', type: 'text', label: 'Vorname', required: true },
              { key: 'alter', type: 'number', label: 'Alter', integer: true, min: 0, max: 17, required: true },
            ],
          },
        ],
      },
      {
        id: 'konto',
        title: 'Bankverbindung und Nachweis',
        fields: [
          { key: 'iban', type: 'iban', label: 'IBAN', required: true },
          { key: 'nachweis', type: 'file', label: 'Einkommensnachweis', accept: ['pdf'], maxBytes: 2048, maxCount: 1 },
          { key: 'datenschutz', type: 'consent', label: 'Datenschutz', text: 'Ich stimme zu.', required: true },
        ],
      },
    ],
    computed: [{ key: 'zuschuss', label: 'Zuschuss', format: 'euro', expression: { sum: [50, { product: [25, { count: 'kinder' }] }] } }],
    ...overrides,
  };
}

export const VALID_IBAN = 'DE89370400440532013000';

export const validData = () => ({
  name: 'Erika Mustermann',
  email: 'erika@example.org',
  anschrift: { street: 'Hauptstraße', number: '1', postalCode: '12345', city: 'Musterstadt' },
  hatKinder: 'ja',
  kinder: [{ vorname: 'Lena', alter: 7 }],
  iban: VALID_IBAN,
  datenschutz: true,
});

/**
 * Opens an e-mailed resume link as a citizen does: the GET shows "Gespeicherten Antrag
 * fortsetzen", the button POSTs. Returns the POST's answer (303 to the step).
 */
export async function openResumeLink(browser: Browser, path: string) {
  const page = await browser.get(path);
  assert.equal(page.statusCode, 200, `GET ${path} → ${page.statusCode}`);
  assert.match(page.body, /Gespeicherten Antrag fortsetzen/);
  const url = new URL(path, 'http://localhost');
  return browser.post(url.pathname, { _csrf: csrfIn(page.body), schluessel: url.searchParams.get('schluessel') ?? '' });
}
