// What each feature column of a table holds, as inferred from its cells (or set by --categorical / --numeric): the
// contract between the CSV reader, which stores codes and NaN, and the encoder, which turns them into numbers.

/**
 * A feature column's type. numeric: its values; date: days since 1970-01-01 (UTC; a time of day is the fraction);
 * boolean: 1 for true/yes/t/y, 0 for false/no/f/n; categorical: a code into `categories`.
 */
export type FeatureKind = 'numeric' | 'date' | 'boolean' | 'categorical';

/** One feature column of a raw Dataset: its type and, where the reader found them, its missing cells (stored as NaN). */
export interface FeatureColumn {
  readonly name: string;
  readonly kind: FeatureKind;
  /** Categorical only: the category of each code. */
  readonly categories?: readonly string[];
  /** Cells that were missing (empty, NA, ?, …) in the whole file. */
  readonly missing: number;
}

/** A column the reader dropped, and why: an ID (integers counting up by one) or text with nearly one value per row. */
export interface DroppedColumn {
  readonly name: string;
  readonly reason: string;
}

/**
 * The inferred schema as a few lines: one per column that is not plain numeric (its type, categories, missing cells)
 * or was dropped, then a count of the plain numeric ones and the label.
 */
export function describeSchema(columns: readonly FeatureColumn[], dropped: readonly DroppedColumn[], label: { name: string; /** Class count; null for a regression target. */ classes: number | null }): string[] {
  const notable = columns.filter((c) => c.kind !== 'numeric' || c.missing > 0);
  const rows = [
    ...notable.map((c) => {
      const notes = [c.kind === 'categorical' ? `${c.categories!.length} values` : c.kind === 'date' ? 'as days since 1970-01-01' : '', c.missing > 0 ? `${c.missing} missing` : ''];
      return [c.name, c.kind, notes.filter((n) => n !== '').join(', ')];
    }),
    ...dropped.map((d) => [d.name, 'ignored', d.reason]),
  ];
  const plain = columns.length - notable.length;
  const widths = [0, 1].map((i) => Math.max(0, ...rows.map((r) => r[i].length)));
  return [
    ...rows.map((r) => `  ${r[0].padEnd(widths[0])}  ${r[1].padEnd(widths[1])}  ${r[2]}`.trimEnd()),
    `  ${rows.length > 0 ? 'and ' : ''}${plain} numeric column${plain === 1 ? '' : 's'}; label "${label.name}" (${label.classes === null ? 'regression target' : `${label.classes} classes`})`,
  ];
}
