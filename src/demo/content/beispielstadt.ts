import type { DemoContent } from './seed.js';

/** Fictional press releases and pages of the Gemeinde Beispielstadt. */
export const beispielstadtContent: DemoContent = {
  news: [
    {
      daysAgo: 1,
      title: 'Sperrung der Hauptstraße wegen Kanalbauarbeiten',
      teaser:
        'Wegen der Erneuerung des Abwasserkanals ist die Hauptstraße zwischen Marktplatz und Kirchweg ab Montag für rund drei Wochen voll gesperrt.',
      body: `Die Gemeinde Beispielstadt erneuert den über 60 Jahre alten Abwasserkanal in der Hauptstraße. Während der Bauarbeiten ist der Abschnitt zwischen Marktplatz und Kirchweg für den Durchgangsverkehr gesperrt.

## Umleitung

- Der Verkehr wird über die Bahnhofstraße und die Schulstraße umgeleitet.
- Die Bushaltestelle „Marktplatz“ wird in die Bahnhofstraße verlegt.
- Anliegerinnen und Anlieger erreichen ihre Grundstücke zu Fuß jederzeit.

Die Gemeinde bittet um Verständnis für die Einschränkungen.`,
    },
    {
      daysAgo: 6,
      title: 'Bürgerbüro: Personalausweise jetzt auch per Post nach Hause',
      teaser:
        'Wer einen neuen Personalausweis beantragt, kann ihn sich künftig gegen eine geringe Gebühr direkt nach Hause schicken lassen. Der zweite Behördengang entfällt.',
      body: `Das Bürgerbüro im Rathaus bietet ab sofort den Direktversand von Personalausweisen und Reisepässen an. Bei der Antragstellung wählen Sie einfach die Zustellung per Post; die Bundesdruckerei schickt das Dokument dann direkt an Ihre Meldeadresse.

Die Gebühr für den Versand beträgt 15,00 Euro. Den PIN-Brief für die Online-Ausweisfunktion erhalten Sie wie bisher getrennt.

**Bitte beachten:** Für die Beantragung ist weiterhin ein persönlicher Termin im Bürgerbüro nötig.`,
    },
    {
      daysAgo: 13,
      title: 'Ferienprogramm 2025: Anmeldung startet am 1. Juni',
      teaser:
        'Mehr als 60 Angebote von Vereinen, Betrieben und Ehrenamtlichen warten auf Kinder zwischen 6 und 14 Jahren. Die Anmeldung ist online möglich.',
      body: `Vom Ponyhof über die Feuerwehr bis zur Kletterhalle: Das Ferienprogramm der Gemeinde Beispielstadt bietet auch in diesem Sommer ein abwechslungsreiches Angebot.

Die Anmeldung startet am 1. Juni um 18:00 Uhr online. Plätze werden nach Eingang vergeben; für sehr gefragte Angebote gibt es ein Losverfahren.

Vereine, die noch ein Angebot beisteuern möchten, melden sich bitte im Rathaus bei Frau Monika Bauer.`,
    },
    {
      daysAgo: 22,
      title: 'Gemeinderat beschließt neue Hundesteuersatzung',
      teaser:
        'Der Gemeinderat hat eine neue Hundesteuersatzung beschlossen. Für den ersten Hund bleibt der Steuersatz unverändert, für Zweithunde steigt er leicht.',
      body: `In seiner Sitzung vom Dienstag hat der Gemeinderat die Hundesteuersatzung an die aktuelle Rechtslage angepasst.

## Die wichtigsten Punkte

- Erster Hund: weiterhin 60,00 Euro im Jahr.
- Jeder weitere Hund: 90,00 Euro statt bisher 80,00 Euro.
- Hunde aus dem Tierheim sind im ersten Jahr steuerfrei.

Die neue Satzung tritt zum 1. Januar in Kraft. Bereits angemeldete Hunde müssen nicht neu angemeldet werden.`,
    },
    {
      daysAgo: 35,
      title: 'Sperrmüll und Grüngut: Neue Abholtermine im Herbst',
      teaser:
        'Die Termine für die Sperrmüllabholung und die Grüngutsammlung im Herbst stehen fest. Anmeldungen für den Sperrmüll sind ab sofort online möglich.',
      body: `Die Sperrmüllabholung findet im Herbst in zwei Bezirken statt. Bitte melden Sie Ihren Sperrmüll spätestens zwei Wochen vor dem Termin an; nicht angemeldeter Sperrmüll wird nicht mitgenommen.

Grüngut nimmt der Bauhof samstags von 9:00 bis 12:00 Uhr an. Äste dürfen höchstens zwei Meter lang sein.

Elektrogeräte und Batterien gehören nicht in den Sperrmüll. Sie können sie am Wertstoffhof abgeben.`,
    },
  ],
  pages: {
    impressum: `## Herausgeber

Gemeinde Beispielstadt, Rathausstraße 5, 84998 Beispielstadt

- Telefon: 08638 9870-0
- E-Mail: [rathaus@beispielstadt.example](mailto:rathaus@beispielstadt.example)

Die Gemeinde Beispielstadt ist eine Körperschaft des öffentlichen Rechts. Sie wird vertreten durch den Ersten Bürgermeister Franz Obermeier.

## Verantwortlich für den Inhalt

Gemeinde Beispielstadt, Hauptverwaltung, Rathausstraße 5, 84998 Beispielstadt

## Aufsichtsbehörde

Landratsamt Musterkreis, Landratsplatz 1, 84999 Musterstadt

## Hinweis

Dies ist ein fiktiver Demo-Mandant. Alle Namen, Anschriften und Telefonnummern sind erfunden.`,
    datenschutz: `## Verantwortliche Stelle

Gemeinde Beispielstadt, Rathausstraße 5, 84998 Beispielstadt, E-Mail: [rathaus@beispielstadt.example](mailto:rathaus@beispielstadt.example)

## Datenschutzbeauftragte

Die Gemeinde hat eine behördliche Datenschutzbeauftragte bestellt: [datenschutz@beispielstadt.example](mailto:datenschutz@beispielstadt.example)

## Welche Daten wir verarbeiten

- Beim Aufruf der Website nur technisch notwendige Daten; IP-Adressen werden nicht protokolliert.
- Angaben in Anträgen und Formularen zur Erfüllung unserer Aufgaben (Art. 6 Abs. 1 Buchst. e DSGVO).
- Nur technisch notwendige Cookies für Anmeldung und Formularschutz.

## Ihre Rechte

Sie haben das Recht auf Auskunft, Berichtigung, Löschung, Einschränkung der Verarbeitung und Widerspruch sowie das Recht auf Beschwerde bei der Datenschutz-Aufsichtsbehörde.`,
    barrierefreiheit: `Die Gemeinde Beispielstadt ist bemüht, ihre Website barrierefrei zugänglich zu machen. Rechtsgrundlage sind das Behindertengleichstellungsgesetz und die BITV 2.0.

## Stand der Vereinbarkeit

Die Website ist weitgehend barrierefrei. Alle Seiten lassen sich mit der Tastatur bedienen und vorlesen.

## Nicht barrierefreie Inhalte

- Gescannte Bebauungspläne im Geoportal sind nicht barrierefrei. Das Bauamt erläutert Ihnen die Inhalte gern persönlich.

## Feedback und Kontakt

Mängel melden Sie bitte an [barrierefreiheit@beispielstadt.example](mailto:barrierefreiheit@beispielstadt.example) oder telefonisch unter 08638 9870-0.`,
    kontakt: `## Rathaus Beispielstadt

Rathausstraße 5, 84998 Beispielstadt

- Telefon: 08638 9870-0
- E-Mail: [rathaus@beispielstadt.example](mailto:rathaus@beispielstadt.example)

## Öffnungszeiten

Montag, Dienstag, Mittwoch und Freitag 8:00 bis 12:00 Uhr, Dienstag zusätzlich 14:00 bis 18:00 Uhr. Donnerstag geschlossen.

Der barrierefreie Eingang liegt am Marktplatz.`,
  },
};
