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
    const buffer = Buffer.alloc(Math.min(pieceBytes, Math.max(1, size)));
    const decoder = new TextDecoder('utf-8');
    let bytes = fs.readSync(fd, buffer, 0, buffer.length, null);
    let piece = decoder.decode(buffer.subarray(0, bytes), { stream: true });
    const builder = new CsvTableBuilder(file, sniffDialect(piece.slice(0, 1 << 16), options), options);
    log?.(`${file}: ${describeDialect(builder.dialect)}`);
    const records = new CsvRecords(file, builder.dialect.delimiter, builder.add);
    let done = 0;
    while (bytes > 0) {
      records.push(piece);
      done += bytes;
      if (size > 4 * pieceBytes) log?.(`${file}: read ${(done / 2 ** 20).toFixed(0)} of ${(size / 2 ** 20).toFixed(0)} MiB`);
      bytes = fs.readSync(fd, buffer, 0, buffer.length, null);
      piece = decoder.decode(buffer.subarray(0, bytes), { stream: bytes > 0 });
    }
    records.push(piece);
    records.end();
    return tableDataset(builder.table(), options, log);
  } finally {
    fs.closeSync(fd);
  }
}
