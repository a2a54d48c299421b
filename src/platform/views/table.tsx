import type { ComponentChildren } from 'preact';

export interface TableRow {
  key: string;
  cells: ComponentChildren[];
}

/**
 * A KERN data table: scrolls sideways on small screens, has a caption (visible or
 * for screen readers only) and column headers. With `rowHeaders` the first cell of
 * each row heads that row.
 */
export function Table({
  caption,
  visibleCaption,
  columns,
  rows,
  rowHeaders,
  small,
}: {
  caption: ComponentChildren;
  visibleCaption?: boolean;
  /** Column headings; a falsy entry is left out (a column shown only sometimes). */
  columns: (ComponentChildren | false)[];
  rows: TableRow[];
  rowHeaders?: boolean;
  small?: boolean;
}) {
  return (
    <div class="kern-table-responsive">
      <table class={`kern-table${small ? ' kern-table--small' : ''}`}>
        <caption class={visibleCaption ? 'kern-title' : 'kern-sr-only'}>{caption}</caption>
        <thead class="kern-table__head">
          <tr class="kern-table__row">
            {columns
              .filter((c) => c !== false)
              .map((c, i) => (
                <th scope="col" class="kern-table__header" key={i}>
                  {c}
                </th>
              ))}
          </tr>
        </thead>
        <tbody class="kern-table__body">
          {rows.map((row) => (
            <tr class="kern-table__row" key={row.key}>
              {row.cells.map((cell, i) =>
                rowHeaders && i === 0 ? (
                  <th scope="row" class="kern-table__cell" key={i}>
                    {cell}
                  </th>
                ) : (
                  <td class="kern-table__cell" key={i}>
                    {cell}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
