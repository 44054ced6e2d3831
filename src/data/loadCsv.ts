// Node only: `--data NAME|FILE.csv` → Dataset. Bundled names resolve to data/NAME.csv in the package.
import fs from 'node:fs';
import path from 'node:path';
import { parseCsvDataset, type CsvOptions } from './csv.js';
import { CsvError } from './csvError.js';
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

/**
 * A bundled dataset by name, or a CSV file by path, parsed by parseCsvDataset. CsvError when the file is missing
 * or malformed.
 */
export function loadCsvDataset(nameOrPath: string, options: CsvOptions = {}): Dataset {
  const file = resolveDataPath(nameOrPath);
  if (!fs.existsSync(file)) {
    throw new CsvError(file, null, null, `no such file (and not a bundled dataset: ${bundledDatasets.join(', ')})`);
  }
  return parseCsvDataset(fs.readFileSync(file, 'utf8'), file, options);
}
