/** The live preview: a page of the draft rendered with the citizen's own field components. */

import type { DefinitionInput } from '../definition.js';
import { fieldSchema } from '../definition.js';
import { PageField } from './fields.js';

type PageInput = DefinitionInput['pages'][number];

const describe = (c: { field: string; equals?: unknown; notEquals?: unknown; in?: unknown[] }) =>
  c.in
    ? `„${c.field}“ einer der Werte ${c.in.map((v) => `„${String(v)}“`).join(', ')} ist`
    : c.equals !== undefined
      ? `„${c.field}“ gleich „${String(c.equals)}“ ist`
      : `„${c.field}“ nicht „${String(c.notEquals)}“ ist`;

export function PagePreview({ page, pageNumber, heading }: { page: PageInput; pageNumber: number; heading?: string }) {
  const titleId = `vorschau-titel-${pageNumber}`;
  return (
    <section class="kern-stack-md builder-preview" aria-labelledby={titleId}>
      <h2 class="kern-heading-medium" id={titleId}>
        {heading ?? `Vorschau: So sehen Antragstellende Seite ${pageNumber}`}
      </h2>
      {!heading && (
        <p class="kern-body kern-body--muted">
          Die Vorschau zeigt den gespeicherten Entwurf. Eingaben hier werden nicht gesendet.
        </p>
      )}
      {page.showIf && <p class="kern-body kern-body--small">Diese Seite erscheint nur, wenn {describe(page.showIf)}.</p>}
      <h3 class="kern-heading-large">{page.title}</h3>
      {page.intro && <p class="kern-body">{page.intro}</p>}
      {page.fields.length === 0 && <p class="kern-body">Diese Seite hat noch keine Felder.</p>}
      {page.fields.map((input) => {
        const parsed = fieldSchema.safeParse(input);
        if (!parsed.success) {
          return (
            <p class="kern-body" key={input.key}>
              Feld „{input.key}“: noch unvollständig, daher ohne Vorschau.
            </p>
          );
        }
        const field = parsed.data;
        return (
          <div class="kern-stack-xs" key={field.key}>
            {field.showIf && <p class="kern-body kern-body--small">Nur sichtbar, wenn {describe(field.showIf)}.</p>}
            <PageField
              field={field}
              values={{}}
              errors={{}}
              required={field.type !== 'info' && Boolean(field.required)}
              extraEntries={0}
              files={[]}
            />
          </div>
        );
      })}
    </section>
  );
}
