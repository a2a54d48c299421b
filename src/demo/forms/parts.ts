/** Building blocks that many demo procedures share. */
import type { DefinitionInput } from '../../modules/forms/index.js';

type PageInput = DefinitionInput['pages'][number];
type FieldInput = PageInput['fields'][number];

/** Name, date of birth, address and contact: the usual first page. */
export function applicantPage(options: { title?: string; birthDate?: boolean } = {}): PageInput {
  const fields: FieldInput[] = [
    { key: 'name', type: 'text', label: 'Vor- und Nachname', required: true, maxLength: 200, prefill: 'name' },
  ];
  if (options.birthDate !== false) fields.push({ key: 'geburtsdatum', type: 'date', label: 'Geburtsdatum', required: true, minDate: '1900-01-01', maxDate: 'today' });
  fields.push(
    { key: 'anschrift', type: 'address', label: 'Anschrift', required: true },
    { key: 'email', type: 'email', label: 'E-Mail-Adresse', required: true, hint: 'An diese Adresse senden wir die Eingangsbestätigung.', prefill: 'email' },
    { key: 'telefon', type: 'phone', label: 'Telefonnummer für Rückfragen' },
  );
  return { id: 'antragsteller', title: options.title ?? 'Angaben zur antragstellenden Person', fields };
}

export const privacyConsent = (office: string): FieldInput => ({
  key: 'datenschutz',
  type: 'consent',
  label: 'Datenschutz',
  text: `Ich habe die Datenschutzhinweise gelesen. ${office} verarbeitet meine Angaben nur, um diesen Antrag zu bearbeiten.`,
  required: true,
});

export const yesNo = [
  { value: 'ja', label: 'Ja' },
  { value: 'nein', label: 'Nein' },
];
