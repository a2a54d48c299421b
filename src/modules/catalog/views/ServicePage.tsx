import type { TenantView, ViewerView } from '../../../platform/views/context.js';
import { SiteFrame } from '../../../platform/views/SiteFrame.js';
import { markdownToText, renderMarkdown } from '../markdown.js';
import type { ServiceDetails } from '../service.js';
import type { ServiceAction } from '../service-actions.js';
import { HoursList } from './parts.js';

const dateFormat = new Intl.DateTimeFormat('de-DE', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  timeZone: 'Europe/Berlin',
});

/** schema.org GovernmentService as JSON text that is safe inside a <script> element. */
export function governmentServiceJsonLd(
  tenant: TenantView,
  service: ServiceDetails,
  pageUrl: string,
  onlineUrl: string | null,
): string {
  const data = {
    '@context': 'https://schema.org',
    '@type': 'GovernmentService',
    name: service.title,
    description: service.summary || markdownToText(service.descriptionMd).slice(0, 300),
    url: pageUrl,
    serviceType: service.title,
    ...(service.leikaKey ? { identifier: service.leikaKey } : {}),
    provider: {
      '@type': 'GovernmentOrganization',
      name: tenant.name,
      address: {
        '@type': 'PostalAddress',
        streetAddress: tenant.street,
        postalCode: tenant.postal_code,
        addressLocality: tenant.city,
        addressCountry: 'DE',
      },
      ...(tenant.phone ? { telephone: tenant.phone } : {}),
      ...(tenant.email ? { email: tenant.email } : {}),
    },
    areaServed: { '@type': 'AdministrativeArea', name: tenant.name },
    ...(onlineUrl ? { availableChannel: { '@type': 'ServiceChannel', serviceUrl: onlineUrl, name: 'Online beantragen' } } : {}),
  };
  // "</script>" or "<!--" inside a value must not end or change the element.
  return JSON.stringify(data).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

interface ServicePageProps {
  tenant: TenantView;
  citizen: ViewerView | null;
  service: ServiceDetails;
  onlineHref: string | null;
  jsonLd: string;
  /** Links other modules offer for this service (e.g. "Termin buchen"). */
  actions?: ServiceAction[];
  /** Set by the back-office preview of a draft: a marked page, documents served from the back office. */
  preview?: { documentsBase: string };
}

/** "1,2 MB" / "350 KB": the size next to a download link. */
export const formatFileSize = (bytes: number) =>
  bytes >= 1024 * 1024
    ? `${(bytes / (1024 * 1024)).toLocaleString('de-DE', { maximumFractionDigits: 1 })} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;

export function ServicePage({ tenant, citizen, service, onlineHref, jsonLd, actions = [], preview }: ServicePageProps) {
  const base = `/${tenant.slug}`;
  const documentsBase = preview?.documentsBase ?? `${base}/leistungen/${service.slug}/dokumente`;
  const attachments = service.attachments ?? [];
  const external = onlineHref !== null && /^https?:/.test(onlineHref);
  return (
    <SiteFrame tenant={tenant} title={preview ? `Vorschau: ${service.title}` : service.title} citizen={citizen}>
      {preview ? (
        <div class="kern-alert kern-alert--warning" role="status">
          <div class="kern-alert__body">
            <p class="kern-body">
              <strong>Vorschau</strong> – so sieht die Seite nach der Veröffentlichung aus. Bürgerinnen und Bürger sehen sie noch
              nicht, solange die Leistung nicht veröffentlicht ist.
            </p>
          </div>
        </div>
      ) : (
        <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLd }} />
      )}
      <nav aria-label="Brotkrumen" class="kern-body kern-body--small">
        <a class="kern-link" href={base}>
          Startseite
        </a>{' '}
        ›{' '}
        <a class="kern-link" href={`${base}/leistungen`}>
          Leistungen A–Z
        </a>
      </nav>
      <article class="kern-stack-md">
        <h1 class="kern-heading-x-large">{service.title}</h1>
        {service.summary && <p class="kern-body kern-body--large">{service.summary}</p>}
        {(onlineHref || actions.length > 0) && (
          <p>
            {onlineHref && (
              <a class="kern-btn kern-btn--primary" href={onlineHref} {...(external ? { rel: 'noopener' } : {})}>
                <span class="kern-label">Online beantragen</span>
                {external && <span class="kern-sr-only"> (externe Seite)</span>}
                {external && <span class="kern-icon kern-icon--open-in-new" aria-hidden="true" />}
              </a>
            )}
            {actions.map((action) => [
              ' ',
              <a
                key={action.href}
                class={`kern-btn ${onlineHref ? 'kern-btn--secondary' : 'kern-btn--primary'}`}
                href={action.href}
              >
                <span class="kern-label">{action.label}</span>
              </a>,
            ])}
          </p>
        )}

        {service.descriptionMd && (
          <section aria-labelledby="beschreibung" class="kern-stack-sm">
            <h2 id="beschreibung" class="kern-heading-medium">
              Beschreibung
            </h2>
            <div class="kern-body markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(service.descriptionMd) }} />
          </section>
        )}

        {service.easyLanguageMd && (
          <section aria-labelledby="leichte-sprache" class="kern-stack-sm">
            <h2 id="leichte-sprache" class="kern-heading-medium">
              <span class="kern-icon kern-icon--easy-language" aria-hidden="true" /> Leichte Sprache
            </h2>
            <div class="kern-body markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(service.easyLanguageMd) }} />
          </section>
        )}

        {service.documents.length > 0 && (
          <section aria-labelledby="unterlagen" class="kern-stack-sm">
            <h2 id="unterlagen" class="kern-heading-medium">
              Unterlagen
            </h2>
            <ul class="kern-list kern-list--bullet">
              {service.documents.map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
          </section>
        )}

        {attachments.length > 0 && (
          <section aria-labelledby="dokumente" class="kern-stack-sm">
            <h2 id="dokumente" class="kern-heading-medium">
              Dokumente und Formulare
            </h2>
            <ul class="kern-list">
              {attachments.map((a) => (
                <li key={a.id}>
                  <a class="kern-link" href={`${documentsBase}/${a.id}`}>
                    {a.title}
                  </a>{' '}
                  <span class="kern-body kern-body--small">(PDF, {formatFileSize(a.size)})</span>
                </li>
              ))}
            </ul>
          </section>
        )}

        <section aria-labelledby="eckdaten" class="kern-stack-sm">
          <h2 id="eckdaten" class="kern-heading-medium">
            Kosten, Dauer und Rechtsgrundlage
          </h2>
          <dl class="kern-description-list">
            {[
              ['Gebühren', service.fees],
              ['Bearbeitungsdauer', service.processingTime],
              ['Rechtsgrundlage', service.legalBasis],
              ['Zuständig', service.department ?? ''],
              ['Leistungsschlüssel (LeiKa)', service.leikaKey ?? ''],
            ]
              .filter(([, value]) => value)
              .map(([key, value]) => (
                <div class="kern-description-list-item" key={key}>
                  <dt class="kern-description-list-item__key">{key}</dt>
                  <dd class="kern-description-list-item__value">{value}</dd>
                </div>
              ))}
          </dl>
        </section>

        {service.contacts.length > 0 && (
          <section aria-labelledby="ansprechpartner" class="kern-stack-sm">
            <h2 id="ansprechpartner" class="kern-heading-medium">
              Ansprechpartner
            </h2>
            {service.contacts.map((c) => (
              <div class="kern-card" key={c.name}>
                <div class="kern-card__container">
                  <div class="kern-card__header">
                    <h3 class="kern-title">{c.name}</h3>
                    {c.function && <p class="kern-body kern-body--muted">{c.function}</p>}
                  </div>
                  <div class="kern-card__body kern-stack-xs">
                    <p class="kern-body">
                      {c.phone && (
                        <>
                          Telefon: <a href={`tel:${c.phone.replace(/[^+\d]/g, '')}`}>{c.phone}</a>
                          <br />
                        </>
                      )}
                      {c.email && (
                        <>
                          E-Mail: <a href={`mailto:${c.email}`}>{c.email}</a>
                          <br />
                        </>
                      )}
                      {c.room && <>Zimmer {c.room}</>}
                    </p>
                    {(c.consultationHours.length > 0 || c.consultationNote) && (
                      <>
                        <h4 class="kern-heading-small">Sprechzeiten</h4>
                        <HoursList hours={c.consultationHours} note={c.consultationNote} />
                      </>
                    )}
                  </div>
                </div>
              </div>
            ))}
          </section>
        )}

        {service.locations.length > 0 && (
          <section aria-labelledby="standorte" class="kern-stack-sm">
            <h2 id="standorte" class="kern-heading-medium">
              Standorte
            </h2>
            {service.locations.map((l) => (
              <div class="kern-card" key={l.name}>
                <div class="kern-card__container">
                  <div class="kern-card__header">
                    <h3 class="kern-title">{l.name}</h3>
                  </div>
                  <div class="kern-card__body kern-stack-xs">
                    <address class="kern-body">
                      {l.street}
                      <br />
                      {l.postalCode} {l.city}
                    </address>
                    {l.accessibility && <p class="kern-body">{l.accessibility}</p>}
                    <h4 class="kern-heading-small">Öffnungszeiten</h4>
                    <HoursList hours={l.openingHours} note={l.openingHoursNote} />
                  </div>
                </div>
              </div>
            ))}
          </section>
        )}

        {service.lebenslagen.length > 0 && (
          <section aria-labelledby="lebenslagen" class="kern-stack-sm">
            <h2 id="lebenslagen" class="kern-heading-medium">
              Passende Lebenslagen
            </h2>
            <ul class="kern-list">
              {service.lebenslagen.map((l) => (
                <li key={l.slug}>
                  <a class="kern-link" href={`${base}/lebenslagen/${l.slug}`}>
                    {l.title}
                  </a>
                </li>
              ))}
            </ul>
          </section>
        )}

        <p class="kern-body kern-body--small kern-body--muted">
          Stand: {dateFormat.format(service.reviewedAt ?? service.updatedAt)}
        </p>
      </article>
    </SiteFrame>
  );
}
