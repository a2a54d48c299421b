/** The differences a newer shared version brings, by page id and field key. */
import type { DefinitionDiff, DiffEntry } from '../library-diff.js';
import { diffIsEmpty } from '../library-diff.js';

function Entries({ heading, entries }: { heading: string; entries: DiffEntry[] }) {
  if (entries.length === 0) return null;
  return (
    <>
      <h4 class="kern-heading-small">{heading}</h4>
      <ul class="kern-list">
        {entries.map((e) => (
          <li key={e.key}>
            „{e.title}“ ({e.key}
            {e.place ? `, ${e.place}` : ''}){e.changes && e.changes.length > 0 ? `: ${e.changes.join(', ')}` : ''}
          </li>
        ))}
      </ul>
    </>
  );
}

export function DiffSection({ diff, from, to }: { diff: DefinitionDiff; from: number; to: number }) {
  return (
    <section class="kern-stack-sm" aria-labelledby="unterschiede-titel" id="unterschiede">
      <h2 class="kern-heading-medium" id="unterschiede-titel">
        Unterschiede zwischen Bibliotheksversion {from} und {to}
      </h2>
      {diffIsEmpty(diff) ? (
        <p class="kern-body">Keine inhaltlichen Unterschiede.</p>
      ) : (
        <>
          {diff.general.length > 0 && (
            <ul class="kern-list">
              {diff.general.map((g) => (
                <li key={g}>{g}</li>
              ))}
            </ul>
          )}
          <Entries heading="Neue Seiten" entries={diff.pages.added} />
          <Entries heading="Entfernte Seiten" entries={diff.pages.removed} />
          <Entries heading="Geänderte Seiten" entries={diff.pages.changed} />
          <Entries heading="Neue Felder" entries={diff.fields.added} />
          <Entries heading="Entfernte Felder" entries={diff.fields.removed} />
          <Entries heading="Geänderte Felder" entries={diff.fields.changed} />
        </>
      )}
      {diff.textsChanged && <p class="kern-body">Texte wurden geändert: Prüfen Sie Beschriftungen und Hinweise.</p>}
      <p class="kern-body">
        Ihre eigenen Anpassungen der vorigen Version (Texte, Fachbereich) sind in diesem Entwurf nicht enthalten: Bitte nehmen Sie
        sie erneut vor, bevor Sie veröffentlichen.
      </p>
    </section>
  );
}
