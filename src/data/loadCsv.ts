// Node only: `--data NAME|FILE.csv` → Dataset. Bundled names resolve to data/NAME.csv in the package. The file is
// read in pieces straight into float32 columns: never one string (V8 caps strings at 512 MiB), never JS numbers.
import fs from 'node:fs';
import path from 'node:path';
import { tableDataset, type CsvOptions } from './csv.js';
import { describeDialect, sniffDialect } from './csvDialect.js';
import { CsvError } from './csvError.js';
import { CsvRecords } from './csvRecords.js';
import { CsvTableBuilder } from './csvTable.js';
import type { Dataset } from './dataset.js';
import { packageFile } from './packageFile.js';

/** The datasets shipped in the package's data/ folder, by the name `--data` takes. */
export const bundledDatasets = ['digits', 'iris', 'wine', 'breast_cancer'] as const;

/** The package's data/ folder. */
export function bundledDataDir(): string {
  return path.dirname(packageFile(path.join('data', 'digits.csv')));
}

/** A bundled dataset name becomes its file in data/; anything else is taken as a path. */
export function resolveDataPath(nameOrPath: string): string {
  if ((bundledDatasets as readonly string[]).includes(nameOrPath)) return path.join(bundledDataDir(), `${nameOrPath}.csv`);
  return nameOrPath;
}

/** Bytes read per piece: large enough that parsing dominates, small enough to be a rounding error in memory. */
const pieceBytes = 16 << 20;
/** The least time between two progress lines while loading. */
const progressMs = 5000;

/**
 * A bundled dataset by name, or a CSV file by path, streamed in pieces and read as parseCsvDataset reads text (the
 * same options, dialect sniffing and errors). `log` gets the dialect found and, for large files, progress. CsvError
 * when the file is missing or malformed.
 */
export function loadCsvDataset(nameOrPath: string, options: CsvOptions = {}, log?: (line: string) => void): Dataset {
  const file = resolveDataPath(nameOrPath);
  if (!fs.existsSync(file)) {
    throw new CsvError(file, null, null, `no such file (and not a bundled dataset: ${bundledDatasets.join(', ')})`);
  }
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const pieces = filePieces(fd, size);
    let piece = pieces.next();
    const sample = piece.done ? '' : piece.value.text;
    const builder = new CsvTableBuilder(file, sniffDialect(sample.slice(0, 1 << 16), options), options);
    log?.(`${file}: ${describeDialect(builder.dialect)}`);
    const records = new CsvRecords(file, builder.dialect.delimiter, builder.add);
    // Progress for files of more than a few pieces, a line at most every few seconds (and the last).
    let logged = performance.now();
    for (; !piece.done; piece = pieces.next()) {
      records.push(piece.value.text);
      const { bytesRead } = piece.value;
      if (size > 4 * pieceBytes && (performance.now() - logged >= progressMs || bytesRead === size)) {
        log?.(`${file}: read ${(bytesRead / 2 ** 20).toFixed(0)} of ${(size / 2 ** 20).toFixed(0)} MiB (${((100 * bytesRead) / size).toFixed(0)} %)`);
        logged = performance.now();
      }
    }
    records.end();
    return tableDataset(builder.table(), options, log);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The file's text in pieces of about pieceBytes, each cut after a newline byte: a newline byte never occurs inside
 * a multi-byte UTF-8 character, so every piece decodes whole with Node's native decoder (a streaming TextDecoder
 * took a fifth of the load time). A line longer than the buffer grows it.
 */
function* filePieces(fd: number, size: number): Generator<{ text: string; bytesRead: number }> {
  let buffer = Buffer.alloc(Math.min(pieceBytes, Math.max(1, size)));
  let carried = 0;
  let bytesRead = 0;
  for (;;) {
    if (carried === buffer.length) {
      const grown = Buffer.alloc(buffer.length * 2);
      buffer.copy(grown);
      buffer = grown;
    }
    const bytes = fs.readSync(fd, buffer, carried, buffer.length - carried, null);
    const end = carried + bytes;
    bytesRead += bytes;
    if (bytes === 0) {
      if (end > 0) yield { text: buffer.toString('utf8', 0, end), bytesRead };
      return;
    }
    const cut = buffer.lastIndexOf(10, end - 1) + 1;
    if (cut === 0) {
      carried = end;
      continue;
    }
    yield { text: buffer.toString('utf8', 0, cut), bytesRead: bytesRead - (end - cut) };
    buffer.copy(buffer, 0, cut, end);
    carried = end - cut;
  }
}
