// One CSV column as it is read: float32 values in fixed-size chunks (no doubling copies, no JS arrays of numbers),
// NaN for a missing cell. A column starts numeric; its first cell that is not a number makes it a date column (an
// ISO date) or a text column, whose values are then codes into its list of distinct texts.
import { CsvError } from './csvError.js';
import { isMissing, parseNumber, type CsvDialect } from './csvDialect.js';

const chunkSize = 1 << 16;
/** Distinct texts a column may have before it counts as ID-like and its values are dropped (they would teach nothing). */
export const maxDistinctTexts = 1 << 16;

/** What a column's cells turned out to be while reading. */
export type ReadKind = 'numeric' | 'date' | 'text' | 'too-many-texts';

const isoDate = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const msPerDay = 86_400_000;

/** A column being filled row by row; `values()` gives its float32 values once reading is done. */
export class Column {
  kind: ReadKind = 'numeric';
  length = 0;
  missing = 0;
  /** The first missing cell's row, for messages. */
  firstMissingRow = 0;
  /** The first cell that is not a number (with its row), for messages. */
  firstText: { row: number; text: string } | null = null;
  /** Text columns: each distinct text's code, in order of first appearance. */
  readonly texts = new Map<string, number>();
  /** Numeric columns: whether every value so far is an integer one above the last (a row number or an ID). */
  counting = true;
  private chunks: Float32Array[] = [];

  constructor(readonly name: string, readonly position: number, private readonly source: string, private readonly dialect: CsvDialect) {}

  /** Adds one cell (untrimmed) of row `row`. */
  add(cell: string, row: number): void {
    const text = cell.trim();
    if (isMissing(this.dialect, text)) {
      if (this.missing++ === 0) this.firstMissingRow = row;
      this.push(NaN);
      return;
    }
    if (this.kind === 'numeric') {
      const value = parseNumber(this.dialect, text);
      if (!Number.isNaN(value)) return this.push(this.finite(value, text, row));
      this.firstText = { row, text };
      this.kind = this.length === this.missing && isoDate.test(text) ? 'date' : 'text';
      if (this.kind === 'text') this.recodeAsText();
    }
    this.push(this.kind === 'date' ? this.date(text, row) : this.kind === 'text' ? this.code(text) : NaN);
  }

  /** The values, one per row (NaN where missing; codes for a text column; days since 1970 for a date column). */
  values(): Float32Array {
    const out = new Float32Array(this.length);
    this.chunks.forEach((chunk, i) => out.set(chunk.subarray(0, Math.min(chunkSize, this.length - i * chunkSize)), i * chunkSize));
    return out;
  }

  /**
   * Writes value i, through `recode` (NaN, a missing cell, is kept), to `target[i·stride + offset]`: the column
   * straight into a row-major matrix, with no full-length copy of its own.
   */
  writeInto(target: Float32Array, stride: number, offset: number, recode?: (value: number) => number): void {
    this.chunks.forEach((chunk, k) => {
      const n = Math.min(chunkSize, this.length - k * chunkSize);
      let at = k * chunkSize * stride + offset;
      for (let j = 0; j < n; j++, at += stride) {
        const v = chunk[j];
        target[at] = recode && !Number.isNaN(v) ? recode(v) : v;
      }
    });
  }

  /** Frees the stored values (after values() or writeInto() has copied them out). */
  release(): void {
    this.chunks = [];
  }

  /** The column's distinct texts by code. */
  textNames(): string[] {
    return [...this.texts.keys()];
  }

  /** The `where` of a CsvError about this column. */
  where(): string {
    return `"${this.name}" (${this.position + 1})`;
  }

  private push(value: number): void {
    if (this.kind === 'too-many-texts') {
      this.length++;
      return;
    }
    if (this.kind === 'numeric' && !Number.isNaN(value)) {
      const previous = this.length > 0 ? this.at(this.length - 1) : NaN;
      this.counting &&= Number.isInteger(value) && (this.length === 0 || value === previous + 1);
    }
    const chunk = this.length >> 16;
    if (chunk === this.chunks.length) this.chunks.push(new Float32Array(chunkSize));
    this.chunks[chunk][this.length & (chunkSize - 1)] = value;
    this.length++;
  }

  private at(i: number): number {
    return this.chunks[i >> 16][i & (chunkSize - 1)];
  }

  private finite(value: number, text: string, row: number): number {
    if (!Number.isFinite(value) || !Number.isFinite(Math.fround(value))) {
      throw new CsvError(this.source, row, this.where(), `"${text}" is infinite (or beyond float32 range)`);
    }
    return value;
  }

  private date(text: string, row: number): number {
    const ms = isoDate.test(text) ? Date.parse(text) : NaN;
    if (Number.isNaN(ms)) {
      throw new CsvError(this.source, row, this.where(), `"${text}" is not a date, unlike the column's first value "${this.firstText?.text}" (row ${this.firstText?.row}); fix the cell, or --ignore the column`);
    }
    return ms / msPerDay;
  }

  /** The numbers read so far become texts: their codes replace them (a missing cell stays NaN). */
  private recodeAsText(): void {
    for (let i = 0; i < this.length && this.kind === 'text'; i++) {
      const v = this.at(i);
      if (!Number.isNaN(v)) this.chunks[i >> 16][i & (chunkSize - 1)] = this.code(floatText(v));
    }
  }

  private code(text: string): number {
    let code = this.texts.get(text);
    if (code === undefined) {
      code = this.texts.size;
      this.texts.set(text, code);
      if (this.texts.size > maxDistinctTexts) {
        this.kind = 'too-many-texts';
        this.texts.clear();
        this.chunks = [];
      }
    }
    return code;
  }
}

/** A float32 value as the text it was most likely written as (float32 keeps about 7 significant digits). */
export function floatText(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(7)));
}
