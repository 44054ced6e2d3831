// CSV → Dataset: the dialect sniffed (or given), records into columns, columns into a row-major float32 matrix and a
// label column of class names. Host-agnostic (no fs); loadCsv.ts streams files through the same steps.
import type { Column } from './column.js';
import { floatText } from './column.js';
import { sniffDialect, type CsvDialectOptions } from './csvDialect.js';
import { CsvError } from './csvError.js';
import { CsvRecords } from './csvRecords.js';
import { CsvTableBuilder, type CsvColumnOptions, type CsvTable } from './csvTable.js';
import type { Dataset } from './dataset.js';

/** How to read a CSV: which columns are the label and which are ignored, and how the file is written. */
export interface CsvOptions extends CsvColumnOptions, CsvDialectOptions {}

/** Class names in natural order ("2" before "10"), so numeric class names keep their numbers as indices. */
const naturalOrder = new Intl.Collator('en', { numeric: true }).compare;

/**
 * A Dataset from CSV text: a header row (sniffed, or `options.header`), numeric feature columns, and a label column
 * of class names, numbered in natural order ("2" before "10"); labels that are the same number written differently
 * (`1`, `1.0`) are one class. The delimiter is sniffed among `,` `;` tab `|` unless given. `source` names the file in
 * messages. Throws CsvError (with the row and column) for a ragged row, a missing, non-numeric or non-finite cell,
 * a missing or duplicate column, or fewer than two classes.
 */
export function parseCsvDataset(text: string, source: string, options: CsvOptions = {}): Dataset {
  const builder = new CsvTableBuilder(source, sniffDialect(text.slice(0, 1 << 16), options), options);
  const records = new CsvRecords(source, builder.dialect.delimiter, builder.add);
  records.push(text);
  records.end();
  return tableDataset(builder.table());
}

/** The table as a Dataset: features row-major (each column freed once copied), labels as class indices. */
export function tableDataset(table: CsvTable): Dataset {
  const { rows, source } = table;
  const { labels, classNames } = classLabels(table);
  const cols = table.features.length;
  const features = new Float32Array(rows * cols);
  table.features.forEach((column, c) => {
    const values = numericValues(source, column);
    for (let r = 0; r < rows; r++) features[r * cols + c] = values[r];
    column.release();
  });
  return { features, labels, rows, cols, featureNames: table.features.map((c) => c.name), classNames, source };
}

function numericValues(source: string, column: Column): Float32Array {
  if (column.kind === 'text' || column.kind === 'too-many-texts') {
    throw new CsvError(source, column.firstText!.row, column.where(), `"${column.firstText!.text}" is not a number`);
  }
  if (column.missing > 0) throw new CsvError(source, column.firstMissingRow, column.where(), `missing value (${column.missing} in this column)`);
  return column.values();
}

/** Class indices and names: texts in natural order, or numbers in numeric order (so `1` and `1.0` are one class). */
function classLabels(table: CsvTable): { labels: Uint32Array; classNames: string[] } {
  const { label, source, rows } = table;
  if (label.missing > 0) throw new CsvError(source, label.firstMissingRow, label.where(), 'the label is missing');
  if (label.kind === 'too-many-texts') throw new CsvError(source, null, label.where(), 'the label has more distinct values than any classification could use');
  const values = label.values();
  const names = label.kind === 'text' ? label.textNames() : distinctNumbers(values).map(floatText);
  const classNames = [...names].sort(naturalOrder);
  if (classNames.length < 2) {
    throw new CsvError(source, null, `"${label.name}"`, `only one class ("${classNames[0]}") in ${rows} rows; classification needs at least two`);
  }
  const index = new Map(classNames.map((name, i) => [name, i]));
  // Text codes and numbers both map through their class name.
  const classOf = label.kind === 'text' ? names.map((name) => index.get(name)!) : null;
  const byNumber = new Map(distinctNumbers(values).map((v) => [v, index.get(floatText(v))!]));
  const labels = new Uint32Array(rows);
  for (let r = 0; r < rows; r++) labels[r] = classOf ? classOf[values[r]] : byNumber.get(values[r])!;
  label.release();
  return { labels, classNames };
}

function distinctNumbers(values: Float32Array): number[] {
  const seen = new Set<number>();
  for (let i = 0; i < values.length; i++) seen.add(values[i]);
  return [...seen].sort((a, b) => a - b);
}
