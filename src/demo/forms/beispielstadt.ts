/** Online procedures of the fictional Gemeinde Beispielstadt. */
import type { DefinitionInput } from '../../modules/forms/index.js';
import { applicantPage, privacyConsent, yesNo } from './parts.js';

const office = 'Die Gemeinde Beispielstadt';
const common = { formatVersion: 1 as const, authorTenant: 'beispielstadt', licence: 'CC-BY-4.0' };

const dogPage = {
  id: 'hund',
  title: 'Angaben zum Hund',
  fields: [
    { key: 'hundName', type: 'text' as const, label: 'Name des Hundes', required: true },
    { key: 'rasse', type: 'text' as const, label: 'Rasse oder Mischling', required: true },
    { key: 'wurfdatum', type: 'date' as const, label: 'Wurfdatum (ungefähr)', maxDate: 'today' as const },
    { key: 'chipnummer', type: 'text' as const, label: 'Chipnummer', pattern: '^[0-9]{15}$', patternMessage: 'Die Chipnummer besteht aus 15 Ziffern.' },
  ],
};

export const beispielstadtProcedures: DefinitionInput[] = [
  {
    ...common,
    id: 'hundesteuer-anmelden',
    title: 'Hundesteuer anmelden',
    description: 'Wer in Beispielstadt einen Hund hält, meldet ihn innerhalb von zwei Wochen zur Hundesteuer an. Sie erhalten eine Steuermarke und einen Steuerbescheid.',
    department: 'Kämmerei und Steuern',
    service: 'hundesteuer-anmelden',
    pages: [
      applicantPage(),
      dogPage,
      {
        id: 'haltung',
        title: 'Haltung',
        fields: [
          { key: 'seit', type: 'date', label: 'Hund gehalten seit', required: true, maxDate: 'today' },
          { key: 'weitererHund', type: 'radio', label: 'Halten Sie bereits einen weiteren Hund in Beispielstadt?', required: true, options: yesNo },
          { key: 'gefaehrlich', type: 'radio', label: 'Ist der Hund als gefährlich eingestuft (Kampfhund)?', required: true, options: yesNo },
          { key: 'ermaessigung', type: 'checkboxGroup', label: 'Ermäßigung oder Befreiung beantragen', options: [
            { value: 'blindenhund', label: 'Blindenführhund oder Assistenzhund' },
            { value: 'rettungshund', label: 'Geprüfter Rettungshund' },
            { value: 'tierheim', label: 'Hund aus dem Tierheim (ein Jahr steuerfrei)' },
          ] },
          { key: 'nachweis', type: 'file', label: 'Nachweis für die Ermäßigung', hint: 'Nur bei beantragter Ermäßigung.', accept: ['pdf', 'jpeg', 'png'], maxBytes: 5 * 1024 * 1024 },
        ],
      },
      {
        id: 'zahlung',
        title: 'Zahlung',
        fields: [
          { key: 'lastschrift', type: 'radio', label: 'Möchten Sie am SEPA-Lastschriftverfahren teilnehmen?', required: true, options: yesNo },
          privacyConsent(office),
        ],
      },
      {
        id: 'sepa',
        title: 'SEPA-Lastschriftmandat',
        showIf: { field: 'lastschrift', equals: 'ja' },
        fields: [
          { key: 'kontoinhaber', type: 'text', label: 'Kontoinhaberin oder Kontoinhaber', required: true },
          { key: 'iban', type: 'iban', label: 'IBAN', required: true },
          { key: 'mandat', type: 'consent', label: 'SEPA-Lastschriftmandat', text: 'Ich ermächtige die Gemeinde Beispielstadt, die Hundesteuer von meinem Konto einzuziehen.', required: true },
        ],
      },
    ],
    computed: [
      {
        key: 'jahressteuer',
        label: 'Voraussichtliche Hundesteuer im Jahr',
        format: 'euro',
        // biome-ignore lint/suspicious/noThenProperty: a computed-value expression (if/then/else), not a promise
        expression: { if: { field: 'gefaehrlich', equals: 'ja' }, then: 600, else: { if: { field: 'weitererHund', equals: 'ja' }, then: 96, else: 60 } },
      },
    ],
    workflow: { department: 'Kämmerei und Steuern', deadlineDays: 14, retentionYears: 10 },
  },
  {
    ...common,
    id: 'hundesteuer-abmelden',
    title: 'Hundesteuer abmelden',
    description: 'Wenn Ihr Hund verstorben ist, abgegeben wurde oder Sie wegziehen, melden Sie ihn von der Hundesteuer ab. Die Steuermarke geben Sie bitte zurück.',
    department: 'Kämmerei und Steuern',
    service: 'hundesteuer-abmelden',
    pages: [
      applicantPage({ birthDate: false }),
      {
        id: 'abmeldung',
        title: 'Abmeldung',
        fields: [
          { key: 'hundName', type: 'text', label: 'Name des Hundes', required: true },
          { key: 'steuermarke', type: 'text', label: 'Nummer der Steuermarke', pattern: '^[0-9]{1,6}$', patternMessage: 'Die Steuermarke hat eine Nummer aus bis zu sechs Ziffern.' },
          { key: 'datum', type: 'date', label: 'Abmeldung zum', required: true },
          { key: 'grund', type: 'radio', label: 'Grund', required: true, options: [
            { value: 'verstorben', label: 'Der Hund ist verstorben' },
            { value: 'abgegeben', label: 'Der Hund wurde abgegeben' },
            { value: 'wegzug', label: 'Ich ziehe aus Beispielstadt weg' },
          ] },
        ],
      },
      {
        id: 'neuer-halter',
        title: 'Neue Halterin oder neuer Halter',
        showIf: { field: 'grund', equals: 'abgegeben' },
        fields: [
          { key: 'neuerHalterName', type: 'text', label: 'Name', required: true },
          { key: 'neuerHalterAnschrift', type: 'address', label: 'Anschrift', required: true },
        ],
      },
      { id: 'abschluss', title: 'Abschluss', fields: [{ key: 'marke', type: 'info', label: 'Steuermarke zurückgeben', text: 'Bitte werfen Sie die Steuermarke in den Briefkasten des Rathauses oder senden Sie sie uns zu.' }, privacyConsent(office)] },
    ],
    workflow: { department: 'Kämmerei und Steuern', deadlineDays: 14, retentionYears: 10 },
  },
  {
    ...common,
    id: 'bewohnerparkausweis',
    title: 'Anwohnerparkausweis beantragen',
    description: 'Mit dem Bewohnerparkausweis parken Sie in Ihrer Bewohnerparkzone ohne Parkschein. Er gilt ein Jahr und kostet 30,70 Euro.',
    department: 'Ordnungsamt',
    service: 'parkausweis-fuer-bewohner',
    pages: [
      applicantPage(),
      {
        id: 'fahrzeug',
        title: 'Fahrzeug',
        fields: [
          { key: 'kennzeichen', type: 'text', label: 'Amtliches Kennzeichen', required: true, pattern: '^[A-ZÄÖÜ]{1,3}-[A-Z]{1,2} ?[0-9]{1,4}[EH]?$', patternMessage: 'Bitte geben Sie das Kennzeichen wie BSP-AB 123 an.' },
          { key: 'halter', type: 'radio', label: 'Wer ist Halterin oder Halter des Fahrzeugs?', required: true, options: [
            { value: 'selbst', label: 'Ich selbst' },
            { value: 'arbeitgeber', label: 'Mein Arbeitgeber (Dienstwagen)' },
            { value: 'andere', label: 'Eine andere Person' },
          ] },
          { key: 'zone', type: 'select', label: 'Bewohnerparkzone', required: true, options: [
            { value: 'a', label: 'Zone A – Altstadt' },
            { value: 'b', label: 'Zone B – Bahnhofsviertel' },
            { value: 'c', label: 'Zone C – Schlossberg' },
          ] },
          { key: 'jahre', type: 'number', label: 'Gültigkeit', unit: 'Jahre', integer: true, min: 1, max: 2, required: true },
          privacyConsent(office),
        ],
      },
      {
        id: 'nachweis',
        title: 'Nachweis der Nutzung',
        showIf: { field: 'halter', in: ['arbeitgeber', 'andere'] },
        fields: [
          { key: 'nutzungsnachweis', type: 'file', label: 'Nachweis der dauerhaften Nutzung', hint: 'Zum Beispiel eine Bescheinigung des Arbeitgebers.', required: true, accept: ['pdf', 'jpeg', 'png'], maxBytes: 5 * 1024 * 1024 },
        ],
      },
    ],
    computed: [{ key: 'gebuehr', label: 'Gebühr', format: 'euro', expression: { product: [30.7, { field: 'jahre' }] } }],
    workflow: { department: 'Ordnungsamt', deadlineDays: 10, retentionYears: 3 },
  },
  {
    ...common,
    id: 'kita-anmeldung',
    title: 'Anmeldung Kinderbetreuung',
    description: 'Melden Sie Ihr Kind für einen Platz in einer Kindertageseinrichtung der Gemeinde an. Bitte melden Sie sich bis zum 31. März für das folgende Kita-Jahr an.',
    department: 'Einwohnermeldeamt',
    service: 'kita-platz-anmelden',
    pages: [
      applicantPage({ title: 'Angaben zur erziehungsberechtigten Person', birthDate: false }),
      {
        id: 'kind',
        title: 'Angaben zum Kind',
        fields: [
          { key: 'kindName', type: 'text', label: 'Vor- und Nachname des Kindes', required: true },
          { key: 'kindGeburtsdatum', type: 'date', label: 'Geburtsdatum des Kindes', required: true, minDate: '2018-01-01', maxDate: 'today' },
          { key: 'beginn', type: 'date', label: 'Gewünschter Betreuungsbeginn', required: true, minDate: 'today' },
          { key: 'betreuungsumfang', type: 'radio', label: 'Betreuungszeit am Tag', required: true, options: [
            { value: '4-5', label: '4 bis 5 Stunden' },
            { value: '5-7', label: '5 bis 7 Stunden' },
            { value: '7-9', label: '7 bis 9 Stunden' },
          ] },
          { key: 'einrichtungen', type: 'checkboxGroup', label: 'Wunscheinrichtungen', required: true, maxItems: 3, options: [
            { value: 'sonnenschein', label: 'Kita Sonnenschein' },
            { value: 'regenbogen', label: 'Kita Regenbogen' },
            { value: 'waldkindergarten', label: 'Waldkindergarten Eichhörnchen' },
            { value: 'krippe-am-see', label: 'Kinderkrippe am See' },
          ] },
          { key: 'geschwister', type: 'radio', label: 'Besucht ein Geschwisterkind bereits eine der Einrichtungen?', required: true, options: yesNo },
        ],
      },
      {
        id: 'besonderes',
        title: 'Besonderheiten',
        fields: [
          { key: 'geschwisterName', type: 'text', label: 'Name und Einrichtung des Geschwisterkindes', showIf: { field: 'geschwister', equals: 'ja' }, requiredIf: { field: 'geschwister', equals: 'ja' } },
          { key: 'foerderbedarf', type: 'textarea', label: 'Besonderer Förderbedarf, Allergien oder Hinweise', maxLength: 2000 },
          { key: 'masern', type: 'consent', label: 'Masernschutz', text: 'Ich weiß, dass vor Betreuungsbeginn ein Nachweis über den Masernschutz vorzulegen ist.', required: true },
          privacyConsent(office),
        ],
      },
    ],
    workflow: { department: 'Einwohnermeldeamt', deadlineDays: 60, retentionYears: 5 },
  },
  {
    ...common,
    id: 'sondernutzung',
    title: 'Sondernutzungserlaubnis beantragen',
    description: 'Für Baugerüste, Container, Verkaufsstände oder Außengastronomie auf Gehweg oder Straße brauchen Sie eine Sondernutzungserlaubnis.',
    department: 'Ordnungsamt',
    service: 'sondernutzung-oeffentlicher-strassen',
    pages: [
      applicantPage({ birthDate: false }),
      {
        id: 'nutzung',
        title: 'Art der Nutzung',
        fields: [
          { key: 'art', type: 'select', label: 'Was möchten Sie aufstellen?', required: true, options: [
            { value: 'geruest', label: 'Baugerüst' },
            { value: 'container', label: 'Container oder Mulde' },
            { value: 'gastronomie', label: 'Tische und Stühle (Außengastronomie)' },
            { value: 'stand', label: 'Verkaufs- oder Infostand' },
          ] },
          { key: 'ort', type: 'text', label: 'Straße und Hausnummer des Standorts', required: true },
          { key: 'flaeche', type: 'number', label: 'Fläche', unit: 'm²', required: true, min: 0.5, max: 1000 },
          { key: 'von', type: 'date', label: 'Von', required: true, minDate: 'today' },
          { key: 'bis', type: 'date', label: 'Bis', required: true, minDate: 'today' },
          { key: 'lageplan', type: 'file', label: 'Lageplan oder Skizze', accept: ['pdf', 'png', 'jpeg'], maxBytes: 10 * 1024 * 1024, maxCount: 2 },
        ],
      },
      {
        id: 'gastronomie',
        title: 'Außengastronomie',
        showIf: { field: 'art', equals: 'gastronomie' },
        fields: [
          { key: 'betrieb', type: 'text', label: 'Name des Gastronomiebetriebs', required: true },
          { key: 'sitzplaetze', type: 'number', label: 'Anzahl der Sitzplätze', integer: true, min: 1, max: 500, required: true },
        ],
      },
      { id: 'abschluss', title: 'Abschluss', fields: [privacyConsent(office)] },
    ],
    computed: [{ key: 'gebuehrTag', label: 'Gebühr je Tag (1,50 Euro je m²)', format: 'euro', expression: { product: [1.5, { field: 'flaeche' }] } }],
    workflow: { department: 'Ordnungsamt', deadlineDays: 14, retentionYears: 5 },
  },
  {
    ...common,
    id: 'veranstaltung-anzeigen',
    title: 'Veranstaltungsanzeige',
    description: 'Zeigen Sie öffentliche Veranstaltungen wie Straßenfeste, Konzerte oder Flohmärkte spätestens vier Wochen vorher an.',
    department: 'Ordnungsamt',
    service: 'veranstaltung-anzeigen',
    pages: [
      applicantPage({ title: 'Veranstalterin oder Veranstalter', birthDate: false }),
      {
        id: 'veranstaltung',
        title: 'Veranstaltung',
        fields: [
          { key: 'titel', type: 'text', label: 'Name der Veranstaltung', required: true },
          { key: 'art', type: 'radio', label: 'Art', required: true, options: [
            { value: 'fest', label: 'Fest oder Straßenfest' },
            { value: 'konzert', label: 'Konzert' },
            { value: 'markt', label: 'Markt oder Flohmarkt' },
            { value: 'sport', label: 'Sportveranstaltung' },
          ] },
          { key: 'ort', type: 'text', label: 'Veranstaltungsort', required: true },
          { key: 'datum', type: 'date', label: 'Datum', required: true, minDate: 'today' },
          { key: 'besucher', type: 'number', label: 'Erwartete Besucherzahl', integer: true, min: 1, max: 100000, required: true },
          { key: 'ausschank', type: 'radio', label: 'Werden alkoholische Getränke ausgeschenkt?', required: true, options: yesNo },
        ],
      },
      {
        id: 'sicherheit',
        title: 'Sicherheit',
        fields: [
          { key: 'ordner', type: 'number', label: 'Anzahl der Ordnerinnen und Ordner', integer: true, min: 0, max: 1000, required: true },
          { key: 'sanitaetsdienst', type: 'checkbox', label: 'Ein Sanitätsdienst ist beauftragt' },
          { key: 'sicherheitskonzept', type: 'file', label: 'Sicherheitskonzept', accept: ['pdf'], maxBytes: 10 * 1024 * 1024 },
          { key: 'gestattung', type: 'info', label: 'Ausschank', text: 'Für den Ausschank brauchen Sie zusätzlich eine Gestattung. Diese beantragen Sie gesondert.', showIf: { field: 'ausschank', equals: 'ja' } },
          privacyConsent(office),
        ],
      },
    ],
    workflow: { department: 'Ordnungsamt', deadlineDays: 21, retentionYears: 3 },
  },
];
