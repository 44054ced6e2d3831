// How a CSV file is written: its delimiter, whether its first row is a header, and how its numbers are written.
// Sniffed from the first lines unless the options say; the choice is reported so a wrong guess is visible.
import Papa from 'papaparse';

/** The delimiters sniffing tries, in the order that wins a tie (a `;` file often has `,` as its decimal mark). */
const sniffedDelimiters = ['\t', ';', '|', ','] as const;

/** How to read a CSV; anything left out is sniffed (delimiter, header) or takes the common default. */
export interface CsvDialectOptions {
  /** The field delimiter; default: sniffed among `,` `;` tab `|`. */
  delimiter?: string;
  /** Whether the first row names the columns; default: sniffed (a first row of numbers over columns of numbers is data). */
  header?: boolean;
  /** The decimal mark of numbers: `.` (default) or `,`. */
  decimal?: '.' | ',';
  /** A thousands separator removed from numbers before reading them (such as `,` or ` `); default none. */
  thousands?: string;
  /** Cells that mean "missing", besides the empty cell, NA, N/A, ?, nan, null and None. */
  naValues?: readonly string[];
}

/** The dialect a file is read with, every choice made. */
export interface CsvDialect {
  readonly delimiter: string;
  readonly header: boolean;
  readonly decimal: '.' | ',';
  readonly thousands: string;
  /** Whether each choice came from the options (false: sniffed), for the message naming them. */
  readonly given: { readonly delimiter: boolean; readonly header: boolean };
  readonly naValues: ReadonlySet<string>;
  /** Whether some missing-value spelling starts like a number (a `--na-values -999`), so numbers must be looked up too. */
  readonly numberLikeNaValue: boolean;
}

/** Missing-value spellings every file accepts; compared after trimming, case-insensitively. */
const defaultNaValues = ['', 'na', 'n/a', '?', 'nan', 'null', 'none'];

/** Whether a (trimmed) cell is a missing value in this dialect. */
export function isMissing(dialect: CsvDialect, text: string): boolean {
  const first = text.charCodeAt(0);
  // Hashing every numeric cell for the set lookup cost a tenth of the load time.
  if (!dialect.numberLikeNaValue && startsLikeNumber(first)) return false;
  if (dialect.naValues.has(text)) return true;
  // Lower-casing every cell would cost more than parsing it: only cells starting with a letter can be "NA", "nan"….
  const letter = first | 0x20;
  return letter >= 97 && letter <= 122 && dialect.naValues.has(text.toLowerCase());
}

/** A digit, `-`, `+` or `.`. */
function startsLikeNumber(code: number): boolean {
  return (code >= 48 && code <= 57) || code === 45 || code === 43 || code === 46;
}

/** The number a trimmed cell holds in this dialect (NaN when it is not one). */
export function parseNumber(dialect: CsvDialect, text: string): number {
  let plain = dialect.thousands ? text.split(dialect.thousands).join('') : text;
  if (dialect.decimal === ',') plain = plain.replace(',', '.');
  // Number() also reads "0x1f", "0b1" and "0o7", which no CSV means as numbers ("" never gets here: it is missing).
  const value = Number(plain);
  if (Number.isNaN(value)) return NaN;
  if (plain.length > 1 && plain.charCodeAt(0) === 48) {
    const prefix = plain.charCodeAt(1) | 0x20;
    if (prefix === 120 || prefix === 98 || prefix === 111) return NaN;
  }
  return value;
}

/** The dialect of a file starting with `sample` (its first lines), the options deciding where given. */
export function sniffDialect(sample: string, options: CsvDialectOptions = {}): CsvDialect {
  const lines = sample.replace(/^\ufeff/, '').split(/\r?\n/).slice(0, 50);
  // The last line of a sample may be cut short.
  if (lines.length > 2) lines.pop();
  const nonBlank = lines.filter((line) => line.trim() !== '');
  const delimiter = options.delimiter ?? sniffDelimiter(nonBlank);
  const base = {
    delimiter,
    decimal: options.decimal ?? '.',
    thousands: options.thousands ?? '',
    naValues: new Set([...defaultNaValues, ...(options.naValues ?? [])]),
    numberLikeNaValue: (options.naValues ?? []).some((na) => startsLikeNumber(na.trim().charCodeAt(0))),
  };
  const header = options.header ?? sniffHeader(nonBlank, { ...base, header: true, given: { delimiter: true, header: true } });
  return { ...base, header, given: { delimiter: options.delimiter !== undefined, header: options.header !== undefined } };
}

/** The candidate that splits every sampled line into the same number of fields, the most fields winning. */
function sniffDelimiter(lines: readonly string[]): string {
  let best: string = ',';
  let bestFields = 1;
  for (const candidate of sniffedDelimiters) {
    const counts = lines.map((line) => fields(line, candidate).length);
    if (counts.length === 0 || counts.some((n) => n !== counts[0])) continue;
    if (counts[0] > bestFields) [best, bestFields] = [candidate, counts[0]];
  }
  return best;
}

/**
 * The first line is a header when some column holds numbers below it but not in it (`age` over `39`), or when no
 * column holds numbers at all (nothing to tell by, and most files have one); a first line of data has the types below.
 */
function sniffHeader(lines: readonly string[], dialect: CsvDialect): boolean {
  if (lines.length < 2) return true;
  const [first, ...below] = lines.map((line) => fields(line, dialect.delimiter).map((cell) => cell.trim()));
  const isNumber = (cell: string | undefined) => cell !== undefined && cell !== '' && !Number.isNaN(parseNumber(dialect, cell));
  const numericBelow = first.map((_, c) => below.some((row) => isNumber(row[c])) && below.every((row) => isNumber(row[c]) || isMissing(dialect, row[c] ?? '')));
  if (!numericBelow.includes(true)) return true;
  return first.some((cell, c) => numericBelow[c] && !isNumber(cell) && !isMissing(dialect, cell));
}

function fields(line: string, delimiter: string): string[] {
  return Papa.parse<string[]>(line, { delimiter, header: false }).data[0] ?? [];
}

/** One line naming the dialect and whether each part was sniffed, e.g. `delimiter ";" (detected), header row (detected)`. */
export function describeDialect(dialect: CsvDialect): string {
  const name = dialect.delimiter === '\t' ? 'tab' : `"${dialect.delimiter}"`;
  const how = (given: boolean) => (given ? 'given' : 'detected');
  const header = dialect.header ? 'header row' : 'no header row (columns named column_1, column_2, …)';
  const numbers = dialect.decimal === ',' || dialect.thousands ? `, decimal "${dialect.decimal}"${dialect.thousands ? `, thousands "${dialect.thousands}"` : ''}` : '';
  return `delimiter ${name} (${how(dialect.given.delimiter)}), ${header} (${how(dialect.given.header)})${numbers}`;
}
