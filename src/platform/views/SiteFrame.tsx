import type { ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';
import type { TenantView, ViewerView } from './context.js';
import { Document } from './Document.js';
import { FrameContext } from './frame-context.js';
import { OpeningHoursList } from './OpeningHoursList.js';

const PAGE_TOOLS_SCRIPT = '/assets/page-tools.js';

/**
 * Vorlesen, Drucken, Weiterempfehlen. Hidden until page-tools.js finds that the
 * browser supports them (speech synthesis, print, share or mailto).
 */
function PageTools() {
  return (
    <div class="page-tools no-print" data-page-tools>
      <button type="button" class="kern-btn kern-btn--tertiary kern-btn--x-small" data-tool="read" aria-pressed="false" hidden>
        <span class="kern-label">Vorlesen</span>
      </button>
      <button type="button" class="kern-btn kern-btn--tertiary kern-btn--x-small" data-tool="print" hidden>
        <span class="kern-label">Seite drucken</span>
      </button>
      <a class="kern-link kern-link--small" data-tool="share" href="#inhalt" hidden>
        Seite weiterempfehlen
      </a>
    </div>
  );
}

interface SiteFrameProps {
  tenant: TenantView;
  title: string;
  citizen?: ViewerView | null;
  children: ComponentChildren;
  scripts?: string[];
}

/** The public site of a tenant: skip links, header, main content, footer with contact. */
export function SiteFrame({ tenant, title, citizen, children, scripts = [] }: SiteFrameProps) {
  const base = `/${tenant.slug}`;
  const { banner } = useContext(FrameContext);
  return (
    <Document title={title} site={tenant.name} scripts={[PAGE_TOOLS_SCRIPT, ...scripts]}>
      <nav class="skip-links" aria-label="Sprungziele">
        <a href="#inhalt" class="kern-link">
          Zum Inhalt springen
        </a>
        <a href="#hauptnavigation" class="kern-link">
          Zur Navigation springen
        </a>
        <a href="#kontakt" class="kern-link">
          Zum Kontakt springen
        </a>
      </nav>
      <header class="site-header">
        <div class="kern-container site-header__inner">
          <a href={base} class="site-header__name">
            {tenant.name}
          </a>
          <nav id="hauptnavigation" aria-label="Hauptnavigation">
            <ul class="site-nav">
              <li>
                <a href={base} class="kern-link">
                  Startseite
                </a>
              </li>
              <li>
                <a href={`${base}/konto`} class="kern-link">
                  {citizen ? 'Mein Konto' : 'Anmelden'}
                </a>
              </li>
            </ul>
          </nav>
        </div>
      </header>
      {banner}
      <div class="kern-container">
        <PageTools />
      </div>
      <main id="inhalt" tabIndex={-1} class="kern-container site-main">
        {children}
      </main>
      <footer class="site-footer">
        <div class="kern-container site-footer__grid">
          <section id="kontakt" aria-labelledby="kontakt-titel">
            <h2 id="kontakt-titel" class="kern-heading-small">
              Kontakt
            </h2>
            <address>
              {tenant.name}
              <br />
              {tenant.street}
              <br />
              {tenant.postal_code} {tenant.city}
              <br />
              {tenant.phone && (
                <>
                  Telefon: <a class="kern-link" href={`tel:${tenant.phone.replace(/[^+\d]/g, '')}`}>{tenant.phone}</a>
                  <br />
                </>
              )}
              {tenant.email && (
                <>
                  E-Mail: <a class="kern-link" href={`mailto:${tenant.email}`}>{tenant.email}</a>
                </>
              )}
            </address>
          </section>
          <section aria-labelledby="oeffnungszeiten-titel">
            <h2 id="oeffnungszeiten-titel" class="kern-heading-small">
              Öffnungszeiten
            </h2>
            <OpeningHoursList tenant={tenant} />
          </section>
          <nav aria-label="Rechtliches">
            <h2 class="kern-heading-small">Rechtliches</h2>
            <ul class="footer-links">
              <li>
                <a class="kern-link" href={`${base}/seite/impressum`}>Impressum</a>
              </li>
              <li>
                <a class="kern-link" href={`${base}/seite/datenschutz`}>Datenschutz</a>
              </li>
              <li>
                <a class="kern-link" href={`${base}/seite/barrierefreiheit`}>Barrierefreiheit</a>
              </li>
            </ul>
          </nav>
        </div>
      </footer>
    </Document>
  );
}
