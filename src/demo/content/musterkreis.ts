import type { DemoContent } from './seed.js';

/** Fictional press releases and pages of the Landkreis Musterkreis. */
export const musterkreisContent: DemoContent = {
  news: [
    {
      daysAgo: 2,
      title: 'Zulassungsstelle: Neue Online-Terminbuchung und längere Öffnungszeiten am Donnerstag',
      teaser:
        'Ab dem kommenden Monat vergibt die Zulassungsstelle des Landratsamts Termine ausschließlich online. Donnerstags ist sie künftig bis 17:30 Uhr geöffnet.',
      body: `Die Zulassungs- und Führerscheinstelle in der Industriestraße 12 stellt auf eine vollständige Terminvergabe um. Bürgerinnen und Bürger buchen ihren Termin künftig bequem über die Website des Landkreises. Spontane Vorsprachen ohne Termin sind dann nur noch in dringenden Ausnahmefällen möglich.

„Mit der Terminbuchung vermeiden wir lange Wartezeiten im Foyer und können jeden Termin besser vorbereiten“, erklärt Sachgebietsleiterin Sabine Huber.

## Das ändert sich

- Termine für Zulassung, Umschreibung und Führerscheinangelegenheiten gibt es nur noch online.
- Donnerstags ist die Zulassungsstelle durchgehend von 7:30 bis 17:30 Uhr geöffnet.
- Viele Anliegen wie die Außerbetriebsetzung lassen sich bereits vollständig online erledigen.

Autohäuser und Zulassungsdienste nutzen weiterhin den Händlerschalter.`,
    },
    {
      daysAgo: 9,
      title: 'Kreistag beschließt Ausbau des Schülerverkehrs zum neuen Schuljahr',
      teaser:
        'Der Kreistag hat in seiner jüngsten Sitzung zusätzliche Busverbindungen für Schülerinnen und Schüler beschlossen. Drei Linien fahren künftig im Halbstundentakt.',
      body: `Der Kreistag des Landkreises Musterkreis hat einstimmig beschlossen, den Schülerverkehr zum neuen Schuljahr deutlich auszubauen. Rund 1.200 Schülerinnen und Schüler profitieren von kürzeren Wartezeiten und zusätzlichen Verbindungen am Nachmittag.

## Anträge auf Schülerbeförderung

Eltern, deren Kinder erstmals eine weiterführende Schule besuchen, stellen den Antrag auf Kostenfreiheit des Schulwegs bis zum 31. Juli. Der Antrag ist online über die Leistung „Schülerbeförderung“ möglich.

Landrat Georg Brunner: „Ein verlässlicher Schulweg ist Voraussetzung für gleiche Bildungschancen im ländlichen Raum.“`,
    },
    {
      daysAgo: 16,
      title: 'Wohngeld: Landratsamt bietet zusätzliche Sprechstunden an',
      teaser:
        'Wegen der stark gestiegenen Zahl an Anträgen bietet die Wohngeldstelle ab sofort dienstags eine zusätzliche Nachmittagssprechstunde an.',
      body: `Seit der Wohngeldreform hat sich die Zahl der Anträge im Landkreis nahezu verdoppelt. Die Wohngeldstelle im Sozialamt reagiert darauf mit zusätzlichen Beratungszeiten.

Die Sprechstunde findet dienstags von 13:30 bis 16:00 Uhr in Zimmer 3.14 des Hauptgebäudes statt. Eine Anmeldung ist nicht erforderlich.

**Tipp:** Den Antrag können Sie auch online stellen. Halten Sie Mietvertrag, Einkommensnachweise und Kontoauszüge bereit; fehlende Unterlagen verzögern die Bearbeitung.`,
    },
    {
      daysAgo: 27,
      title: 'Geflügelpest im Nachbarlandkreis: Veterinäramt ordnet vorsorglich Stallpflicht an',
      teaser:
        'Nach bestätigten Fällen der Geflügelpest im benachbarten Landkreis gilt für Geflügelhaltungen in den Gemeinden entlang der Kreisgrenze ab sofort eine Stallpflicht.',
      body: `Das Veterinäramt des Landkreises Musterkreis hat per Allgemeinverfügung eine Aufstallungspflicht für Geflügel in den Gemeinden Beispielstadt, Nordhausen und Talbach angeordnet. Die Verfügung gilt zunächst für vier Wochen.

## Was Halterinnen und Halter jetzt tun müssen

- Hühner, Enten, Gänse und Puten dauerhaft in geschlossenen Ställen oder überdachten Volieren halten.
- Auch Hobbyhaltungen mit wenigen Tieren sind betroffen.
- Noch nicht registrierte Geflügelhaltungen umgehend beim Veterinäramt melden.

Für Menschen besteht nach derzeitigem Kenntnisstand keine Gefahr. Tot aufgefundene Wildvögel melden Sie bitte dem Veterinäramt unter 08631 699-710.`,
    },
    {
      daysAgo: 41,
      title: 'Ehrenamtskarte: Landkreis würdigt 150 engagierte Bürgerinnen und Bürger',
      teaser:
        'Im Großen Sitzungssaal des Landratsamts hat Landrat Georg Brunner 150 Ehrenamtskarten an Engagierte aus Vereinen, Feuerwehren und sozialen Initiativen überreicht.',
      body: `Mit der Ehrenamtskarte erhalten Menschen, die sich mindestens fünf Stunden pro Woche ehrenamtlich engagieren, Vergünstigungen bei mehr als 200 Partnern im ganzen Land.

„Ohne das Ehrenamt würde unser Landkreis nicht funktionieren“, sagte Landrat Brunner bei der Übergabe. Ausgezeichnet wurden unter anderem Mitglieder der Freiwilligen Feuerwehren, Trainerinnen und Trainer in Sportvereinen sowie Helferinnen und Helfer der Tafeln.

Die Ehrenamtskarte beantragen Sie über Ihren Verein oder direkt beim Landratsamt.`,
    },
  ],
  pages: {
    impressum: `## Herausgeber

Landratsamt Musterkreis, Landratsplatz 1, 84999 Musterstadt

- Telefon: 08631 699-0
- E-Mail: [poststelle@lra-musterkreis.example](mailto:poststelle@lra-musterkreis.example)

Der Landkreis Musterkreis ist eine Körperschaft des öffentlichen Rechts. Er wird vertreten durch Landrat Georg Brunner.

## Umsatzsteuer-Identifikationsnummer

DE 000 000 000 (fiktiv)

## Verantwortlich für den Inhalt

Pressestelle des Landratsamts Musterkreis, Frau Katrin Lehner, Landratsplatz 1, 84999 Musterstadt

## Aufsichtsbehörde

Regierung von Musterbezirk, Regierungsplatz 2, 84000 Musterburg

## Hinweis

Dies ist ein fiktiver Demo-Mandant. Alle Namen, Anschriften und Telefonnummern sind erfunden.`,
    datenschutz: `## Verantwortliche Stelle

Landratsamt Musterkreis, Landratsplatz 1, 84999 Musterstadt, E-Mail: [poststelle@lra-musterkreis.example](mailto:poststelle@lra-musterkreis.example)

## Datenschutzbeauftragter

Behördlicher Datenschutzbeauftragter des Landratsamts, Landratsplatz 1, 84999 Musterstadt, E-Mail: [datenschutz@lra-musterkreis.example](mailto:datenschutz@lra-musterkreis.example)

## Welche Daten wir verarbeiten

- Beim Aufruf der Website verarbeitet der Server technisch notwendige Daten (aufgerufene Seite, Zeitpunkt). IP-Adressen werden nicht in Protokollen gespeichert.
- Wenn Sie ein Konto anlegen oder einen Antrag stellen, verarbeiten wir die Angaben, die Sie machen, zur Erfüllung unserer gesetzlichen Aufgaben (Art. 6 Abs. 1 Buchst. e DSGVO).
- Cookies setzen wir nur, soweit sie für die Anmeldung und den Schutz von Formularen technisch notwendig sind.

## Ihre Rechte

Sie haben das Recht auf Auskunft (Art. 15 DSGVO), Berichtigung (Art. 16), Löschung (Art. 17), Einschränkung der Verarbeitung (Art. 18) und Widerspruch (Art. 21). Sie können sich bei der zuständigen Aufsichtsbehörde für den Datenschutz beschweren.`,
    barrierefreiheit: `Das Landratsamt Musterkreis ist bemüht, seine Website im Einklang mit den Vorgaben der Barrierefreie-Informationstechnik-Verordnung (BITV 2.0) barrierefrei zugänglich zu machen.

## Stand der Vereinbarkeit

Diese Website ist weitgehend mit der BITV 2.0 vereinbar. Sie nutzt das Designsystem KERN, lässt sich vollständig mit der Tastatur bedienen und kann Inhalte vorlesen.

## Nicht barrierefreie Inhalte

- Einige ältere PDF-Merkblätter sind noch nicht barrierefrei. Wir stellen sie schrittweise um; auf Wunsch senden wir Ihnen die Inhalte in einem zugänglichen Format.

## Feedback und Kontakt

Sind Ihnen Mängel aufgefallen? Schreiben Sie an [barrierefreiheit@lra-musterkreis.example](mailto:barrierefreiheit@lra-musterkreis.example) oder rufen Sie uns an: 08631 699-0.

## Durchsetzungsverfahren

Wenn Sie auf Ihre Rückmeldung keine zufriedenstellende Antwort erhalten, können Sie sich an die Durchsetzungsstelle für digitale Barrierefreiheit des Landes wenden.

Diese Erklärung wurde zuletzt im Rahmen einer Selbstbewertung überprüft.`,
    kontakt: `## Landratsamt Musterkreis

Landratsplatz 1, 84999 Musterstadt

- Telefon: 08631 699-0
- E-Mail: [poststelle@lra-musterkreis.example](mailto:poststelle@lra-musterkreis.example)

## Öffnungszeiten

Montag bis Freitag 8:00 bis 12:00 Uhr, Donnerstag zusätzlich 13:30 bis 17:30 Uhr. Zulassungsstelle und Führerscheinstelle nur mit Termin.

## Anfahrt

Mit dem Bus: Linien 2 und 5, Haltestelle „Landratsamt“. Parkplätze gibt es in der Tiefgarage am Landratsplatz, Behindertenparkplätze direkt am Seiteneingang.`,
  },
};
