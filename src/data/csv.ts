// CSV → Dataset: the dialect sniffed (or given), records into columns, columns into a row-major float32 matrix and a
// label column of class names. Host-agnostic (no fs); loadCsv.ts streams files through the same steps.
import { floatText, type Column } from './column.js';
import { distinctValues, naturalOrder, typeColumn, type TypedColumn, type TypeOverrides } from './columnTypes.js';
import { sniffDialect, type CsvDialectOptions } from './csvDialect.js';
import { CsvError } from './csvError.js';
import { CsvRecords } from './csvRecords.js';
import { CsvTableBuilder, type CsvColumnOptions, type CsvTable } from './csvTable.js';
import type { Dataset } from './dataset.js';
import { describeSchema, type DroppedColumn } from './schema.js';
import { detectTask, type Task } from './task.js';

/** How to read a CSV: which columns are the label and which are ignored, how the file is written, and the task. */
export interface CsvOptions extends CsvColumnOptions, CsvDialectOptions, TypeOverrides {
  /** What the label is learned as; default: detected from its values (detectTask), texts being classes. */
  task?: Task;
}

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
  return tableDataset(builder.table(), options);
}

/**
 * The table as a Dataset: each feature column typed (typeColumn), copied row-major and freed, ID-like columns left
 * out; labels as class indices, or as `targets` for regression (`options.task`, else detectTask). `columns` is set
 * when some column needs encoding (categories or missing cells). `log` gets the task and the schema in a few lines.
 * CsvError for a regression label that is missing somewhere or is not numeric.
 */
export function tableDataset(table: CsvTable, options: CsvOptions = {}, log?: (line: string) => void): Dataset {
  const { rows, source } = table;
  const overrides: TypeOverrides = options;
  checkOverrides(table, overrides);
  const task = labelTask(table, options.task, log);
  const { labels, classNames, targets } = task === 'regression' ? regressionTargets(table) : { ...classLabels(table), targets: undefined };
  const typed: (TypedColumn & { read: Column })[] = [];
  const dropped: DroppedColumn[] = [];
  for (const column of table.features) {
    const result = typeColumn(source, column, overrides);
    if ('reason' in result) {
      dropped.push(result);
      column.release();
    } else typed.push({ ...result, read: column });
  }
  if (typed.length === 0) throw new CsvError(source, null, null, `every feature column was left out (${dropped.map((d) => `"${d.name}": ${d.reason}`).join('; ')}); --numeric or --categorical keeps one`);
  const cols = typed.length;
  // Read columns go straight into the matrix and are freed one by one: the peak is the table twice, the columns and
  // the matrix (a full copy per column first, freed only when the collector got to it, had made it three times).
  const features = new Float32Array(rows * cols);
  typed.forEach(({ read, recode }, c) => {
    read.writeInto(features, cols, c, recode);
    read.release();
  });
  const columns = typed.map((t) => t.column);
  for (const line of describeSchema(columns, dropped, { name: table.label.name, classes: targets ? null : classNames.length })) log?.(line);
  const needsEncoding = columns.some((c) => c.kind === 'categorical' || c.missing > 0);
  return { features, labels, rows, cols, featureNames: columns.map((c) => c.name), classNames, source, ...(needsEncoding ? { columns } : {}), ...(targets ? { targets } : {}) };
}

/** --categorical and --numeric must name feature columns, and not the same one. */
function checkOverrides(table: CsvTable, overrides: TypeOverrides): void {
  const names = new Set(table.features.map((c) => c.name));
  for (const [flag, list] of [['--categorical', overrides.categorical], ['--numeric', overrides.numeric]] as const) {
    for (const name of list ?? []) {
      if (!names.has(name)) throw new CsvError(table.source, 1, `"${name}"`, `${flag} names a column that is not a feature; the features are ${[...names].map((n) => `"${n}"`).join(', ')}`);
      if (flag === '--numeric' && overrides.categorical?.includes(name)) throw new CsvError(table.source, 1, `"${name}"`, 'both --categorical and --numeric name this column');
    }
  }
}

/** The task asked for, or the one a numeric label's values suggest (texts are classes); `log` says which and why. */
function labelTask(table: CsvTable, asked: Task | undefined, log?: (line: string) => void): Task {
  const { label } = table;
  if (asked) {
    log?.(`task: ${asked} (--task)`);
    return asked;
  }
  // Texts can only be classes: nothing was decided, so nothing is said.
  if (label.kind !== 'numeric') return 'classification';
  const { task, why } = detectTask(label.values());
  log?.(`task: ${task} (label "${label.name}" has ${why}; --task ${task === 'regression' ? 'classification' : 'regression'} overrides)`);
  return task;
}

/** A regression table's targets (every label 0, no classes); the label must be numbers in every row. */
function regressionTargets(table: CsvTable): { labels: Uint32Array; classNames: string[]; targets: Float32Array } {
  const { label, source, rows } = table;
  if (label.missing > 0) throw new CsvError(source, label.firstMissingRow, label.where(), 'the regression target is missing');
  if (label.kind !== 'numeric') {
    const first = label.firstText;
    throw new CsvError(source, first?.row ?? null, label.where(), `regression needs a numeric target, but the label has ${label.kind === 'date' ? 'dates' : 'text'}${first ? ` such as "${first.text}"` : ''}; drop --task regression to learn it as classes`);
  }
  const targets = label.values();
  label.release();
  return { labels: new Uint32Array(rows), classNames: [], targets };
}

/** Class indices and names: texts in natural order, or numbers in numeric order (so `1` and `1.0` are one class). */
function classLabels(table: CsvTable): { labels: Uint32Array; classNames: string[] } {
  const { label, source, rows } = table;
  if (label.missing > 0) throw new CsvError(source, label.firstMissingRow, label.where(), 'the label is missing');
  if (label.kind === 'too-many-texts') throw new CsvError(source, null, label.where(), 'the label has more distinct values than any classification could use');
  const values = label.values();
  // Numeric labels: `numbers[i]` is named names[i]; the label has no missing cells, so no NaN among them.
  const numbers = label.kind === 'text' ? null : distinctValues(values);
  const names = numbers ? numbers.map(floatText) : label.textNames();
  const classNames = [...names].sort(naturalOrder);
  if (classNames.length < 2) {
    throw new CsvError(source, null, `"${label.name}"`, `only one class ("${classNames[0]}") in ${rows} rows; classification needs at least two`);
  }
  const index = new Map(classNames.map((name, i) => [name, i]));
  // Text codes and numbers both map through their class name.
  const classOf = names.map((name) => index.get(name)!);
  const byNumber = numbers ? new Map(numbers.map((v, i) => [v, classOf[i]])) : null;
  const labels = new Uint32Array(rows);
  for (let r = 0; r < rows; r++) labels[r] = byNumber ? byNumber.get(values[r])! : classOf[values[r]];
  label.release();
  return { labels, classNames };
}
