// A CSV problem located for the person who has to fix the file: which file, which row, which column.
import { FileFormatError } from '../errors.js';

/** A CSV file that cannot be read as a dataset; the message names the file, the row and the column at fault. */
export class CsvError extends FileFormatError {
  constructor(
    /** The file (or source name) being parsed. */
    readonly file: string,
    /** 1-based line in the file (the header is line 1); null when the problem is the file as a whole. */
    readonly line: number | null,
    /** Column name (or number when the header has none); null when no one column is at fault. */
    readonly column: string | null,
    problem: string,
  ) {
    super(`${file}${line !== null ? `: row ${line}` : ''}${column !== null ? `, column ${column}` : ''}: ${problem}`);
  }
}
