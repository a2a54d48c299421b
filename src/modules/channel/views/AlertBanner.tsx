import type { ChannelMessage } from '../service.js';
import { germanDateTime, severityKind, severityLabel } from '../text.js';

/**
 * The active alerts of a tenant, for the top of every public page: a labelled region
 * landmark (screen readers list it), one KERN alert per warning coloured by severity
 * (Extreme/Severe: danger, Moderate: warning, Minor: info). Renders nothing without alerts.
 */
export function AlertBanner({ tenantSlug, alerts }: { tenantSlug: string; alerts: ChannelMessage[] }) {
  if (alerts.length === 0) return null;
  return (
    <section class="kern-container channel-banner" aria-label="Aktuelle Warnung">
      {alerts.map((m) => {
        const a = m.alert;
        if (!a) return null;
        return (
          <div key={m.id} class={`kern-alert kern-alert--${severityKind(a.severity)}`}>
            <div class="kern-alert__header">
              <span class={`kern-icon kern-icon--${severityKind(a.severity)}`} aria-hidden="true" />
              <p class="kern-title">
                {m.msgType === 'Update' ? 'Aktualisierte Warnung' : 'Warnung'} ({severityLabel(a.severity)}): {m.title}
              </p>
            </div>
            <div class="kern-alert__body">
              <p class="kern-body">
                {a.areaDesc} · gültig bis <time datetime={a.validUntil.toISOString()}>{germanDateTime(a.validUntil)}</time>
              </p>
              {a.instruction && <p class="kern-body">{a.instruction}</p>}
              <p class="kern-body">
                <a class="kern-link" href={`/${tenantSlug}/infokanal/meldung/${m.id}`}>
                  Mehr zur Warnung
                </a>
              </p>
            </div>
          </div>
        );
      })}
    </section>
  );
}
