/** The demo Lebenslagen tree (both demo tenants): [slug, title, summary, sub-entries]. */
export type DemoLebenslage = [slug: string, title: string, summary: string, children: [string, string, string][]];

export const demoLebenslagen: DemoLebenslage[] = [
  [
    'umzug',
    'Umzug',
    'Neue Adresse, neue Wege: An-, Um- und Abmelden, Fahrzeug und Dokumente anpassen.',
    [
      ['wohnsitz-melden', 'Wohnsitz melden', 'Anmelden, ummelden, abmelden und Meldebescheinigungen.'],
      ['umzug-fahrzeug', 'Umzug mit Fahrzeug', 'Adresse im Fahrzeugschein ändern und Kennzeichen behalten.'],
    ],
  ],
  [
    'geburt-familie',
    'Geburt & Familie',
    'Von der Geburtsurkunde bis zur Kinderbetreuung: Hilfen für Familien.',
    [
      ['geburt', 'Geburt', 'Geburt anzeigen, Urkunden, Vaterschaft und Sorgeerklärung.'],
      ['kinderbetreuung', 'Kinderbetreuung', 'Kita, Kindertagespflege und Zuschüsse zu den Gebühren.'],
      ['familienleistungen', 'Familienleistungen', 'Elterngeld, Unterhaltsvorschuss und Beratung.'],
      ['heirat', 'Heirat & Partnerschaft', 'Eheschließung, Namensänderung und Lebenspartnerschaft.'],
    ],
  ],
  [
    'ausweise-dokumente',
    'Ausweise & Dokumente',
    'Personalausweis, Reisepass, Führungszeugnis und Urkunden.',
    [
      ['ausweise', 'Ausweise und Pässe', 'Personalausweis, Reisepass, Kinderreisepass und Verlustmeldung.'],
      ['bescheinigungen', 'Bescheinigungen und Urkunden', 'Führungszeugnis, Beglaubigungen und Auskünfte.'],
    ],
  ],
  [
    'auto-verkehr',
    'Auto & Verkehr',
    'Zulassung, Führerschein, Parken und Bußgelder.',
    [
      ['fahrzeug', 'Fahrzeug', 'Zulassen, ummelden, außer Betrieb setzen, Kennzeichen.'],
      ['fuehrerschein', 'Führerschein', 'Ersterteilung, Umtausch, Verlust und Fahrerlaubnis auf Probe.'],
      ['parken-bussgeld', 'Parken & Bußgeld', 'Parkausweise, Verwarnungsgelder und Bußgeldverfahren.'],
    ],
  ],
  [
    'bauen-wohnen',
    'Bauen & Wohnen',
    'Bauantrag, Wohngeld, Abfall und Wohnraum.',
    [
      ['bauen', 'Bauen', 'Baugenehmigung, Bauvoranfrage, Abbruch und Denkmalschutz.'],
      ['wohnen', 'Wohnen', 'Wohngeld, Wohnberechtigungsschein und Mietfragen.'],
      ['abfall-umwelt', 'Abfall & Umwelt', 'Müllabfuhr, Sperrmüll, Wasser und Baumschutz.'],
    ],
  ],
  [
    'schule-bildung',
    'Schule & Bildung',
    'Schulweg, Förderung und Ausbildung.',
    [
      ['schule', 'Schule', 'Schülerbeförderung, Bildung und Teilhabe, Schulanmeldung.'],
      ['ausbildung-studium', 'Ausbildung & Studium', 'BAföG, Aufstiegs-BAföG und Anerkennung von Abschlüssen.'],
    ],
  ],
  [
    'soziales',
    'Soziales',
    'Finanzielle Hilfen, Pflege, Behinderung und Beratung.',
    [
      ['finanzielle-hilfen', 'Finanzielle Hilfen', 'Grundsicherung, Sozialhilfe und Bürgergeld.'],
      ['pflege-senioren', 'Pflege & Senioren', 'Hilfe zur Pflege, Seniorenberatung und Heimaufsicht.'],
      ['behinderung', 'Behinderung', 'Schwerbehindertenausweis, Eingliederungshilfe und Parkerleichterungen.'],
    ],
  ],
  [
    'gewerbe-arbeit',
    'Gewerbe & Arbeit',
    'Gewerbe anmelden, Gaststätten, Märkte und Arbeit.',
    [
      ['gewerbe', 'Gewerbe', 'Gewerbe an-, um- und abmelden, Erlaubnisse.'],
      ['gaststaetten', 'Gaststätten & Veranstaltungen', 'Gaststättenerlaubnis, Ausschank und Sperrzeit.'],
    ],
  ],
  [
    'gesundheit-tiere',
    'Gesundheit & Tiere',
    'Gesundheitsamt, Lebensmittelkontrolle und Tierhaltung.',
    [
      ['gesundheit', 'Gesundheit', 'Impfungen, Belehrungen, Trinkwasser und amtsärztliche Gutachten.'],
      ['tiere', 'Tiere', 'Hunde, Tierhaltung, Tierseuchen und Tierschutz.'],
      ['lebensmittel', 'Lebensmittel', 'Lebensmittelkontrolle und Registrierung von Betrieben.'],
    ],
  ],
  [
    'einbuergerung',
    'Einbürgerung',
    'Aufenthalt, Einbürgerung und Staatsangehörigkeit.',
    [
      ['aufenthalt', 'Aufenthalt', 'Aufenthaltstitel, Niederlassungserlaubnis und Verpflichtungserklärung.'],
      ['staatsangehoerigkeit', 'Staatsangehörigkeit', 'Einbürgerung, Einbürgerungstest und Staatsangehörigkeitsausweis.'],
    ],
  ],
  [
    'ehrenamt-vereine',
    'Ehrenamt & Vereine',
    'Ehrenamtskarte, Vereine und Veranstaltungen.',
    [
      ['ehrenamt', 'Ehrenamt', 'Ehrenamtskarte und Anerkennung.'],
      ['vereine-feste', 'Vereine & Feste', 'Veranstaltungen anzeigen, Sammlungen und Zuschüsse.'],
    ],
  ],
  [
    'notfall-sicherheit',
    'Notfall & Sicherheit',
    'Katastrophenschutz, Waffen, Jagd und Fundsachen.',
    [
      ['katastrophenschutz', 'Katastrophenschutz', 'Warnungen, Vorsorge und Feuerwehr.'],
      ['waffen-jagd', 'Waffen & Jagd', 'Waffenbesitzkarte, Jagdschein und Fischereischein.'],
    ],
  ],
];
