import { Document } from './Document.js';

const HEADINGS: Record<number, string> = {
  400: 'Die Anfrage war fehlerhaft',
  401: 'Anmeldung erforderlich',
  403: 'Kein Zugriff',
  404: 'Seite nicht gefunden',
  405: 'Aktion nicht erlaubt',
  409: 'Konflikt',
  413: 'Die Daten sind zu groß',
  415: 'Dateiformat nicht unterstützt',
  422: 'Eingaben prüfen',
  429: 'Zu viele Anfragen',
  500: 'Ein Fehler ist aufgetreten',
};

/** A German error page; never shows technical details. */
export function ErrorPage({ status, message, homeHref = '/' }: { status: number; message: string; homeHref?: string }) {
  const heading = HEADINGS[status] ?? HEADINGS[status >= 500 ? 500 : 400];
  return (
    <Document title={heading}>
      <nav class="skip-links" aria-label="Sprungziele">
        <a href="#inhalt" class="kern-link">
          Zum Inhalt springen
        </a>
      </nav>
      <main id="inhalt" tabIndex={-1} class="kern-container site-main">
        <h1 class="kern-heading-large">{heading}</h1>
        <p class="kern-body">{message}</p>
        <p class="kern-body">
          <a class="kern-link" href={homeHref}>
            Zur Startseite
          </a>
        </p>
        <p class="kern-body kern-body--muted">Fehlercode {status}</p>
      </main>
    </Document>
  );
}
