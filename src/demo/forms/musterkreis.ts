/** Online procedures of the fictional Landkreis Musterkreis. */
import type { DefinitionInput } from '../../modules/forms/index.js';
import { applicantPage, privacyConsent, yesNo } from './parts.js';

const office = 'Das Landratsamt Musterkreis';
const common = { formatVersion: 1 as const, authorTenant: 'musterkreis', licence: 'CC-BY-4.0' };

export const musterkreisProcedures: DefinitionInput[] = [
  {
    ...common,
    id: 'schulbus-meldung',
    title: 'Meldung Verspätung oder Ausfall Schulbus',
    description: 'Melden Sie uns, wenn ein Schulbus verspätet war, ausgefallen ist oder voll war. Wir klären es mit dem Verkehrsunternehmen.',
    department: 'Jugend und Familie',
    pages: [
      {
        id: 'fahrt',
        title: 'Welche Fahrt ist betroffen?',
        fields: [
          { key: 'datum', type: 'date', label: 'Datum der Fahrt', required: true, minDate: '2024-01-01', maxDate: 'today' },
          { key: 'linie', type: 'text', label: 'Buslinie', required: true, maxLength: 20, hint: 'Zum Beispiel 6203' },
          { key: 'haltestelle', type: 'text', label: 'Haltestelle', required: true, maxLength: 120 },
          { key: 'planzeit', type: 'text', label: 'Planmäßige Abfahrtszeit', required: true, pattern: '^([01]?[0-9]|2[0-3]):[0-5][0-9]$', patternMessage: 'Bitte geben Sie die Uhrzeit als SS:MM an, zum Beispiel 07:15.' },
          {
            key: 'art',
            type: 'radio',
            label: 'Was ist passiert?',
            required: true,
            options: [
              { value: 'verspaetung', label: 'Der Bus kam verspätet' },
              { value: 'ausfall', label: 'Der Bus ist ausgefallen' },
              { value: 'ueberfuellt', label: 'Der Bus war überfüllt, Kinder mussten stehen bleiben' },
            ],
          },
        ],
      },
      {
        id: 'details',
        title: 'Einzelheiten',
        fields: [
          { key: 'minuten', type: 'number', label: 'Verspätung in Minuten', integer: true, min: 1, max: 300, showIf: { field: 'art', equals: 'verspaetung' }, requiredIf: { field: 'art', equals: 'verspaetung' } },
          { key: 'schule', type: 'text', label: 'Schule', required: true, maxLength: 200 },
          { key: 'beschreibung', type: 'textarea', label: 'Beschreibung', maxLength: 2000 },
        ],
      },
      {
        id: 'kontakt',
        title: 'Ihre Kontaktdaten',
        fields: [
          { key: 'name', type: 'text', label: 'Name', required: true, prefill: 'name' },
          { key: 'email', type: 'email', label: 'E-Mail-Adresse', required: true, prefill: 'email' },
          privacyConsent(office),
        ],
      },
    ],
    workflow: { department: 'Jugend und Familie', deadlineDays: 14, retentionYears: 3 },
  },
  {
    ...common,
    id: 'bildung-und-teilhabe',
    title: 'Leistungen für Bildung und Teilhabe',
    description: 'Kinder und Jugendliche aus Familien mit Bürgergeld, Sozialhilfe, Wohngeld oder Kinderzuschlag erhalten Zuschüsse zu Schulbedarf, Ausflügen, Mittagessen, Lernförderung und Vereinsbeiträgen.',
    department: 'Soziales und Senioren',
    service: 'bildung-und-teilhabe',
    pages: [
      applicantPage(),
      {
        id: 'bezug',
        title: 'Welche Leistung beziehen Sie?',
        fields: [
          {
            key: 'grundleistung',
            type: 'radio',
            label: 'Leistung',
            required: true,
            options: [
              { value: 'wohngeld', label: 'Wohngeld' },
              { value: 'kinderzuschlag', label: 'Kinderzuschlag' },
              { value: 'sozialhilfe', label: 'Sozialhilfe oder Grundsicherung' },
              { value: 'asylbewerber', label: 'Leistungen nach dem Asylbewerberleistungsgesetz' },
            ],
          },
          { key: 'bescheid', type: 'file', label: 'Aktueller Bewilligungsbescheid', required: true, accept: ['pdf', 'png', 'jpeg'], maxBytes: 5 * 1024 * 1024, maxCount: 3 },
        ],
      },
      {
        id: 'kinder',
        title: 'Kinder',
        fields: [
          {
            key: 'kinder',
            type: 'repeatingGroup',
            label: 'Für welche Kinder beantragen Sie Leistungen?',
            itemLabel: 'Kind',
            required: true,
            minItems: 1,
            maxItems: 8,
            fields: [
              { key: 'vorname', type: 'text', label: 'Vorname', required: true },
              { key: 'geburtsdatum', type: 'date', label: 'Geburtsdatum', required: true, maxDate: 'today' },
              { key: 'schule', type: 'text', label: 'Schule oder Kita' },
            ],
          },
          {
            key: 'leistungen',
            type: 'checkboxGroup',
            label: 'Beantragte Leistungen',
            required: true,
            options: [
              { value: 'ausfluege', label: 'Ausflüge und mehrtägige Klassenfahrten' },
              { value: 'mittagessen', label: 'Gemeinsames Mittagessen' },
              { value: 'lernfoerderung', label: 'Lernförderung (Nachhilfe)' },
              { value: 'teilhabe', label: 'Vereinsbeiträge, Musikschule (15 Euro im Monat)' },
            ],
          },
        ],
      },
      {
        id: 'auszahlung',
        title: 'Auszahlung',
        fields: [
          { key: 'kontoinhaber', type: 'text', label: 'Kontoinhaberin oder Kontoinhaber', required: true },
          { key: 'iban', type: 'iban', label: 'IBAN', required: true },
          privacyConsent(office),
        ],
      },
    ],
    // biome-ignore lint/suspicious/noThenProperty: a computed-value expression (if/then/else), not a promise
    computed: [{ key: 'teilhabeMonatlich', label: 'Teilhabebetrag im Monat (bei Vereinsbeiträgen)', format: 'euro', expression: { if: { field: 'leistungen', equals: 'teilhabe' }, then: { product: [15, { count: 'kinder' }] }, else: 0 } }],
    workflow: { department: 'Soziales und Senioren', deadlineDays: 30, retentionYears: 10 },
  },
  {
    ...common,
    id: 'einbuergerung',
    title: 'Einbürgerung beantragen',
    description: 'Mit der Einbürgerung werden Sie deutsche Staatsangehörige oder deutscher Staatsangehöriger. Die Gebühr beträgt 255 Euro, für mitbeantragte minderjährige Kinder 51 Euro.',
    department: 'Ausländerwesen und Einbürgerung',
    service: 'einbuergerung-beantragen',
    pages: [
      applicantPage(),
      {
        id: 'aufenthalt',
        title: 'Aufenthalt und Staatsangehörigkeit',
        fields: [
          { key: 'staatsangehoerigkeit', type: 'text', label: 'Derzeitige Staatsangehörigkeit', required: true },
          { key: 'seit', type: 'date', label: 'In Deutschland seit', required: true, maxDate: 'today' },
          { key: 'titel', type: 'select', label: 'Aufenthaltstitel', required: true, options: [
            { value: 'niederlassung', label: 'Niederlassungserlaubnis' },
            { value: 'daueraufenthalt-eu', label: 'Erlaubnis zum Daueraufenthalt – EU' },
            { value: 'aufenthaltserlaubnis', label: 'Aufenthaltserlaubnis' },
            { value: 'freizuegigkeit', label: 'Freizügigkeit (EU-Bürgerin oder EU-Bürger)' },
          ] },
          { key: 'sprache', type: 'radio', label: 'Deutschkenntnisse mindestens B1 nachgewiesen?', required: true, options: yesNo },
          { key: 'einbuergerungstest', type: 'radio', label: 'Einbürgerungstest bestanden?', required: true, options: yesNo },
        ],
      },
      {
        id: 'familie',
        title: 'Mitbeantragte Kinder',
        fields: [
          { key: 'kinderMit', type: 'radio', label: 'Sollen minderjährige Kinder mit eingebürgert werden?', required: true, options: yesNo },
        ],
      },
      {
        id: 'kinder',
        title: 'Angaben zu den Kindern',
        showIf: { field: 'kinderMit', equals: 'ja' },
        fields: [
          { key: 'kinder', type: 'repeatingGroup', label: 'Kinder', itemLabel: 'Kind', required: true, maxItems: 8, fields: [
            { key: 'vorname', type: 'text', label: 'Vorname', required: true },
            { key: 'geburtsdatum', type: 'date', label: 'Geburtsdatum', required: true, maxDate: 'today' },
          ] },
        ],
      },
      {
        id: 'nachweise',
        title: 'Nachweise',
        fields: [
          { key: 'nachweise', type: 'file', label: 'Sprachzertifikat und Testergebnis', required: true, accept: ['pdf'], maxBytes: 10 * 1024 * 1024, maxCount: 5 },
          { key: 'bekenntnis', type: 'consent', label: 'Bekenntnis zur freiheitlichen demokratischen Grundordnung', text: 'Ich bekenne mich zur freiheitlichen demokratischen Grundordnung des Grundgesetzes.', required: true },
          privacyConsent(office),
        ],
      },
    ],
    computed: [{ key: 'gebuehr', label: 'Gebühr', format: 'euro', expression: { sum: [255, { product: [51, { count: 'kinder' }] }] } }],
    workflow: { department: 'Ausländerwesen und Einbürgerung', deadlineDays: 180, retentionYears: 30 },
  },
  {
    ...common,
    id: 'schuelerbefoerderung',
    title: 'Kostenübernahme Schülerbeförderung',
    description: 'Für Schülerinnen und Schüler, deren Schulweg länger als die zumutbare Entfernung ist, übernimmt der Landkreis die Kosten der Fahrkarte.',
    department: 'Jugend und Familie',
    service: 'schuelerbefoerderung-fahrkarte-zur-schule',
    pages: [
      applicantPage({ title: 'Angaben zur erziehungsberechtigten Person', birthDate: false }),
      {
        id: 'schueler',
        title: 'Schülerin oder Schüler',
        fields: [
          { key: 'schuelerName', type: 'text', label: 'Vor- und Nachname des Kindes', required: true },
          { key: 'schuelerGeburtsdatum', type: 'date', label: 'Geburtsdatum des Kindes', required: true, maxDate: 'today' },
          { key: 'schule', type: 'text', label: 'Besuchte Schule', required: true },
          { key: 'jahrgangsstufe', type: 'number', label: 'Jahrgangsstufe', required: true, integer: true, min: 1, max: 13 },
          { key: 'entfernung', type: 'number', label: 'Entfernung Wohnung – Schule', unit: 'km', required: true, min: 0.1, max: 200 },
        ],
      },
      {
        id: 'fahrt',
        title: 'Fahrkarte',
        fields: [
          { key: 'verkehrsmittel', type: 'radio', label: 'Verkehrsmittel', required: true, options: [
            { value: 'bus', label: 'Linienbus' },
            { value: 'bahn', label: 'Bahn' },
            { value: 'privat', label: 'Privates Fahrzeug (Kilometerpauschale)' },
          ] },
          privacyConsent(office),
        ],
      },
      {
        id: 'privatfahrzeug',
        title: 'Fahrten mit dem privaten Fahrzeug',
        showIf: { field: 'verkehrsmittel', equals: 'privat' },
        fields: [
          { key: 'kfzBegruendung', type: 'textarea', label: 'Warum ist kein öffentliches Verkehrsmittel zumutbar?', required: true, maxLength: 2000 },
          { key: 'iban', type: 'iban', label: 'IBAN für die Erstattung', required: true },
        ],
      },
    ],
    workflow: { department: 'Jugend und Familie', deadlineDays: 21, retentionYears: 6 },
  },
  {
    ...common,
    id: 'dienstausweis-feuerwehr',
    title: 'Antrag auf Ausstellung eines Dienstausweises (Feuerwehr/Wasserwehr)',
    description: 'Aktive Mitglieder der Freiwilligen Feuerwehren und Wasserwehren im Landkreis erhalten einen Dienstausweis. Der Antrag wird von der Kommandantin oder dem Kommandanten bestätigt.',
    department: 'Öffentliche Sicherheit und Ordnung',
    pages: [
      applicantPage(),
      {
        id: 'einheit',
        title: 'Einheit und Funktion',
        fields: [
          { key: 'organisation', type: 'radio', label: 'Organisation', required: true, options: [
            { value: 'feuerwehr', label: 'Freiwillige Feuerwehr' },
            { value: 'wasserwehr', label: 'Wasserwehr' },
          ] },
          { key: 'einheit', type: 'text', label: 'Ortsfeuerwehr oder Wasserwehr', required: true, hint: 'Zum Beispiel FF Musterdorf' },
          { key: 'dienstgrad', type: 'select', label: 'Dienstgrad', required: true, options: [
            { value: 'fm', label: 'Feuerwehrfrau/Feuerwehrmann' },
            { value: 'ofm', label: 'Oberfeuerwehrfrau/-mann' },
            { value: 'hfm', label: 'Hauptfeuerwehrfrau/-mann' },
            { value: 'lm', label: 'Löschmeisterin/Löschmeister' },
            { value: 'blm', label: 'Brandmeisterin/Brandmeister' },
            { value: 'sonstige', label: 'Anderer Dienstgrad' },
          ] },
          { key: 'eintritt', type: 'date', label: 'Eintritt in den aktiven Dienst', required: true, maxDate: 'today' },
          { key: 'kommandant', type: 'email', label: 'E-Mail-Adresse der Kommandantin oder des Kommandanten', required: true },
        ],
      },
      {
        id: 'foto',
        title: 'Lichtbild',
        fields: [
          { key: 'info', type: 'info', label: 'Anforderungen an das Foto', text: 'Ein aktuelles Porträtfoto von vorn, ohne Kopfbedeckung, als JPEG oder PNG, höchstens 2 MB.' },
          { key: 'lichtbild', type: 'file', label: 'Lichtbild', required: true, accept: ['jpeg', 'png'], maxBytes: 2 * 1024 * 1024, maxCount: 1 },
          privacyConsent(office),
        ],
      },
    ],
    workflow: { department: 'Öffentliche Sicherheit und Ordnung', deadlineDays: 30, retentionYears: 5 },
  },
];
