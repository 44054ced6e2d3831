// Records → columns: the header (or generated names), the columns kept (not ignored), one Column each, ragged rows
// refused. Shared by the text parser (csv.ts) and the file streamer (loadCsv.ts).
import { Column } from './column.js';
import type { CsvDialect } from './csvDialect.js';
import { CsvError } from './csvError.js';

/** Which columns a CSV read keeps as what. */
export interface CsvColumnOptions {
  /** Label column name; default `label` when the header has one, else the last column. */
  label?: string;
  /** Columns that are neither features nor the label (e.g. a file name). */
  ignore?: readonly string[];
}

/** A CSV file read into columns: the label's and the features', in file order. */
export interface CsvTable {
  readonly source: string;
  readonly dialect: CsvDialect;
  readonly rows: number;
  readonly label: Column;
  readonly features: readonly Column[];
}

/** Takes records (via `add`) and builds a CsvTable (via `table`). */
export class CsvTableBuilder {
  private header: string[] | null = null;
  private columns: (Column | null)[] = [];
  private label: Column | null = null;
  private rows = 0;

  constructor(private readonly source: string, readonly dialect: CsvDialect, private readonly options: CsvColumnOptions) {}

  /** One record and its 1-based row in the file. */
  readonly add = (fields: string[], row: number): void => {
    if (!this.header) {
      this.start(this.dialect.header ? fields.map((name) => name.trim()) : fields.map((_, c) => `column_${c + 1}`));
      if (this.dialect.header) return;
    }
    const header = this.header!;
    if (fields.length !== header.length) throw new CsvError(this.source, row, null, `ragged row: ${fields.length} fields, but the header has ${header.length}`);
    for (let c = 0; c < fields.length; c++) this.columns[c]?.add(fields[c], row);
    this.rows++;
  };

  /** The table of every record added. */
  table(): CsvTable {
    if (!this.header) throw new CsvError(this.source, null, null, 'the file is empty (no header row)');
    if (this.rows === 0) throw new CsvError(this.source, null, null, 'the file has a header row but no data rows');
    const features = this.columns.filter((c): c is Column => c !== null && c !== this.label);
    return { source: this.source, dialect: this.dialect, rows: this.rows, label: this.label!, features };
  }

  private start(header: string[]): void {
    this.header = header;
    const { labelColumn, featureColumns } = selectColumns(this.source, header, this.options, this.dialect.delimiter);
    this.columns = header.map((name, c) => (c === labelColumn || featureColumns.includes(c) ? new Column(name, c, this.source, this.dialect) : null));
    this.label = this.columns[labelColumn];
  }
}

/** The label and feature columns the header and the options name; every column is found by its name, so no two may share one. */
function selectColumns(source: string, header: readonly string[], options: CsvColumnOptions, delimiter: string): { labelColumn: number; featureColumns: number[] } {
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
  if (featureColumns.length === 0) {
    const hint = header.length === 1 ? `; the header is one column when split on "${delimiter === '\t' ? 'tab' : delimiter}": pass --delimiter if the file uses another` : '';
    throw new CsvError(source, 1, null, `no feature columns left after the label and ignored columns${hint}`);
  }
  return { labelColumn, featureColumns };
}
