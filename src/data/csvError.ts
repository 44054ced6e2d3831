// A CSV problem located for the person who has to fix the file: which file, which row, which column.
import { FileFormatError } from '../errors.js';

export class CsvError extends FileFormatError {
  constructor(
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
