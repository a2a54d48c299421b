import { describedBy, FieldError, fieldId } from '../../../platform/views/forms.js';
import type { ChannelMessage } from '../service.js';
import { germanDateTime, severityLabel } from '../text.js';
import { CERTAINTY_LABELS, URGENCY_LABELS } from '../validation.js';

/** Checkboxes under one legend; the fieldset carries the id the error summary links to. */
export function CheckboxGroup({
  name,
  legend,
  options,
  checked,
  error,
}: {
  name: string;
  legend: string;
  options: { value: string; label: string; hint?: string }[];
  checked: string[];
  error?: string;
}) {
  const id = fieldId(name);
  return (
    <fieldset
      class={`kern-fieldset${error ? ' kern-fieldset--error' : ''}`}
      id={id}
      aria-describedby={error ? `${id}-fehler` : undefined}
    >
      <legend class="kern-fieldset__legend">{legend}</legend>
      <FieldError id={id} error={error} />
      <div class="kern-fieldset__body">
        {options.map((o, index) => (
          <div class="kern-form-check" key={o.value}>
            <input
              class="kern-form-check__checkbox"
              type="checkbox"
              id={`${id}-${index}`}
              name={name}
              value={o.value}
              checked={checked.includes(o.value)}
              aria-describedby={o.hint ? `${id}-${index}-hinweis` : undefined}
            />
            <label class="kern-label" for={`${id}-${index}`}>
              {o.label}
            </label>
            {o.hint && (
              <div class="kern-hint" id={`${id}-${index}-hinweis`}>
                {o.hint}
              </div>
            )}
          </div>
        ))}
      </div>
    </fieldset>
  );
}

export function AlertFacts({ message }: { message: ChannelMessage }) {
  const a = message.alert;
  if (!a) return null;
  return (
    <dl class="channel-facts">
      <div>
        <dt>Art</dt>
        <dd>{a.category}</dd>
      </div>
      <div>
        <dt>Gefahrenstufe</dt>
        <dd>{severityLabel(a.severity)}</dd>
      </div>
      <div>
        <dt>Dringlichkeit</dt>
        <dd>{URGENCY_LABELS[a.urgency] ?? a.urgency}</dd>
      </div>
      <div>
        <dt>Gewissheit</dt>
        <dd>{CERTAINTY_LABELS[a.certainty] ?? a.certainty}</dd>
      </div>
      <div>
        <dt>Gebiet</dt>
        <dd>{a.areaDesc}</dd>
      </div>
      <div>
        <dt>Gültig</dt>
        <dd>
          von <time datetime={a.validFrom.toISOString()}>{germanDateTime(a.validFrom)}</time> bis{' '}
          <time datetime={a.validUntil.toISOString()}>{germanDateTime(a.validUntil)}</time>
        </dd>
      </div>
    </dl>
  );
}
