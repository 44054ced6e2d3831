// A read Column → a typed feature column and its float32 values, or the reason it is dropped. Inference looks at what
// the cells were (numbers, dates, texts); --categorical and --numeric override it for the columns they name.
import { floatText, type Column } from './column.js';
import { CsvError } from './csvError.js';
import type { DroppedColumn, FeatureColumn } from './schema.js';

/** Columns the user typed on the command line (--categorical, --numeric), by name. */
export interface TypeOverrides {
  /** Read as categories even when the cells are numbers (codes such as a postcode). */
  categorical?: readonly string[];
  /** Read as numbers even when they look like an ID (integers counting up by one). */
  numeric?: readonly string[];
}

/** A column typed: what the Dataset stores for it (codes for categories, 0/1 for booleans, NaN for missing). */
export interface TypedColumn {
  readonly column: FeatureColumn;
  /**
   * What each value read becomes in the Dataset (a text's code → its category, or 0/1); absent: stored as read.
   * A function rather than new values, so the table is copied into the matrix once, not once more per column.
   */
  readonly recode?: (value: number) => number;
}

const booleanPairs = [['false', 'true'], ['no', 'yes'], ['f', 't'], ['n', 'y']];
/** Fewer rows than this say too little to call a column an ID. */
const minRowsForId = 20;
/** Natural order ("2" before "10"), for category and class names, so numeric names keep their numbers' order. */
export const naturalOrder = new Intl.Collator('en', { numeric: true }).compare;

/** The column typed by its cells and the overrides, or why it is left out. */
export function typeColumn(source: string, column: Column, overrides: TypeOverrides): TypedColumn | DroppedColumn {
  const forcedCategorical = overrides.categorical?.includes(column.name) ?? false;
  const forcedNumeric = overrides.numeric?.includes(column.name) ?? false;
  const { name, missing } = column;
  if (column.kind === 'too-many-texts') return { name, reason: 'ID-like: over 65 536 distinct texts' };
  if (column.kind === 'text') {
    if (forcedNumeric) throw new CsvError(source, column.firstText!.row, column.where(), `"${column.firstText!.text}" is not a number (--numeric names this column)`);
    const texts = column.textNames();
    const truth = forcedCategorical ? null : booleanValues(texts);
    if (truth) return { column: { name, kind: 'boolean', missing }, recode: (code) => truth[code] };
    if (!forcedCategorical && column.length >= minRowsForId && texts.length > (column.length - missing) / 2) {
      return { name, reason: `ID-like: ${texts.length} distinct texts in ${column.length} rows` };
    }
    const categories = [...texts].sort(naturalOrder);
    const index = new Map(categories.map((c, i) => [c, i]));
    const category = texts.map((t) => index.get(t)!);
    return { column: { name, kind: 'categorical', categories, missing }, recode: (code) => category[code] };
  }
  if (forcedCategorical) {
    const distinct = distinctValues(column.values());
    const index = new Map(distinct.map((v, i) => [v, i]));
    return { column: { name, kind: 'categorical', categories: distinct.map(floatText), missing }, recode: (value) => index.get(value)! };
  }
  if (column.kind === 'numeric' && column.counting && missing === 0 && column.length >= minRowsForId && !forcedNumeric) {
    return { name, reason: 'ID-like: integers counting up by one (--numeric keeps it)' };
  }
  return { column: { name, kind: column.kind, missing } };
}

/** Code → 0/1 when the texts are one true/false pair (any case), else null. */
function booleanValues(texts: readonly string[]): number[] | null {
  const lower = texts.map((t) => t.toLowerCase());
  const pair = booleanPairs.find((p) => lower.every((t) => p.includes(t)));
  return pair ? lower.map((t) => Number(t === pair[1])) : null;
}

/** The distinct values, ascending; NaN (missing) left out. */
export function distinctValues(values: Float32Array): number[] {
  const seen = new Set<number>();
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) seen.add(values[i]);
  return [...seen].sort((a, b) => a - b);
}
