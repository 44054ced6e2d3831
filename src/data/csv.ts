// CSV text → Dataset: header row, numeric features, a label column of class names. Host-agnostic (no fs).
import Papa from 'papaparse';
import { CsvError } from './csvError.js';
import type { Dataset } from './dataset.js';

/** Which CSV columns are the label and which are ignored; every other column is a numeric feature. */
export interface CsvOptions {
  /** Label column name; default `label` when the header has one, else the last column. */
  label?: string;
  /** Columns that are neither features nor the label (e.g. a file name). */
  ignore?: readonly string[];
}

/** Class names in natural order ("2" before "10"), so numeric class names keep their numbers as indices. */
const naturalOrder = new Intl.Collator('en', { numeric: true }).compare;

/**
 * A Dataset from CSV text: a header row, numeric feature columns, and a label column of class names, numbered in
 * natural order ("2" before "10"). `source` names the file in messages. Throws CsvError (with the row and column)
 * for a ragged row, an empty, non-numeric or non-finite cell, a missing or duplicate column, or fewer than two classes.
 */
export function parseCsvDataset(text: string, source: string, options: CsvOptions = {}): Dataset {
  // A byte-order mark (spreadsheet exports) would otherwise become part of the first column's name.
  const parsed = Papa.parse<string[]>(text.replace(/^\ufeff/, ''), { header: false, delimiter: ',', skipEmptyLines: false });
  for (const error of parsed.errors) {
    // Papa counts records from 0, the header being record 0.
    throw new CsvError(source, error.row === undefined ? null : error.row + 1, null, `cannot parse CSV: ${error.message}`);
  }
  const records = parsed.data;
  while (records.length > 0 && isBlank(records[records.length - 1])) records.pop();
  if (records.length === 0 || isBlank(records[0])) throw new CsvError(source, null, null, 'the file is empty (no header row)');

  const header = records[0].map((name) => name.trim());
  const { labelName, labelColumn, featureColumns } = selectColumns(source, header, options);

  const dataRecords = blankLinesRemoved(records.slice(1));
  if (dataRecords.length === 0) throw new CsvError(source, null, null, 'the file has a header row but no data rows');

  const cols = featureColumns.length;
  const features = new Float32Array(dataRecords.length * cols);
  const labelText: string[] = [];
  dataRecords.forEach(({ record, line }, r) => {
    if (record.length !== header.length) {
      throw new CsvError(source, line, null, `ragged row: ${record.length} fields, but the header has ${header.length}`);
    }
    featureColumns.forEach((column, c) => {
      features[r * cols + c] = numericCell(source, line, header[column], column, record[column]);
    });
    const label = record[labelColumn].trim();
    if (label === '') throw new CsvError(source, line, `"${labelName}" (${labelColumn + 1})`, 'the label is empty');
    labelText.push(label);
  });

  const classNames = [...new Set(labelText)].sort(naturalOrder);
  if (classNames.length < 2) {
    throw new CsvError(source, null, `"${labelName}"`, `only one class ("${classNames[0]}") in ${dataRecords.length} rows; classification needs at least two`);
  }
  const index = new Map(classNames.map((name, i) => [name, i]));
  return {
    features,
    labels: Uint32Array.from(labelText, (name) => index.get(name)!),
    rows: dataRecords.length,
    cols,
    featureNames: featureColumns.map((c) => header[c]),
    classNames,
    source,
  };
}

interface Columns {
  labelName: string;
  labelColumn: number;
  featureColumns: number[];
}

/** The label and feature columns the header and the options name; every column is found by its name, so no two may share one. */
function selectColumns(source: string, header: readonly string[], options: CsvOptions): Columns {
  const firstByName = new Map<string, number>();
  header.forEach((name, column) => {
    const first = firstByName.get(name);
    if (first !== undefined) {
      throw new CsvError(source, 1, `"${name}"`, `columns ${first + 1} and ${column + 1} are both named "${name}"; rename one so that --label, --ignore and the model's feature names mean one column`);
    }
    firstByName.set(name, column);
  });
  const columnsAre = `columns are ${header.map((h) => `"${h}"`).join(', ')}`;
  const labelName = options.label ?? (header.includes('label') ? 'label' : header[header.length - 1]);
  const labelColumn = header.indexOf(labelName);
  if (labelColumn < 0) throw new CsvError(source, 1, `"${labelName}"`, `no label column "${labelName}" in the header; ${columnsAre}`);
  const ignored = new Set<number>();
  for (const name of options.ignore ?? []) {
    const column = header.indexOf(name);
    if (column < 0) throw new CsvError(source, 1, `"${name}"`, `--ignore names a column the header does not have; ${columnsAre}`);
    if (column === labelColumn) throw new CsvError(source, 1, `"${name}"`, 'the label column cannot also be ignored');
    ignored.add(column);
  }
  const featureColumns = header.map((_, c) => c).filter((c) => c !== labelColumn && !ignored.has(c));
  if (featureColumns.length === 0) throw new CsvError(source, 1, null, 'no feature columns left after the label and ignored columns');
  return { labelName, labelColumn, featureColumns };
}

function isBlank(record: string[]): boolean {
  return record.length === 1 && record[0].trim() === '';
}

function blankLinesRemoved(records: string[][]): { record: string[]; line: number }[] {
  return records.map((record, i) => ({ record, line: i + 2 })).filter(({ record }) => !isBlank(record));
}

function numericCell(source: string, line: number, name: string, column: number, cell: string): number {
  const text = cell.trim();
  const where = `"${name}" (${column + 1})`;
  if (text === '') throw new CsvError(source, line, where, 'empty feature cell');
  const value = Number(text);
  if (Number.isNaN(value)) {
    if (/^[+-]?nan$/i.test(text)) throw new CsvError(source, line, where, `NaN is not a usable feature value`);
    throw new CsvError(source, line, where, `"${cell}" is not a number`);
  }
  if (!Number.isFinite(value) || !Number.isFinite(Math.fround(value))) {
    throw new CsvError(source, line, where, `"${cell}" is infinite (or beyond float32 range)`);
  }
  return value;
}
