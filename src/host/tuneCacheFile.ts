// The tune cache file (Node only): per adapter, the matmul variant that won each shape bucket. `stacklab tune`
// writes it (writeTuneCache); the Node host reads it into every engine it opens (nodeEngine.ts), and the browser
// host sends the same table into the page (browser.ts), so both hosts choose variants from it the same way.
import fs from 'node:fs';
import { FileFormatError } from '../errors.js';
import type { TuningTable } from '../gpu/tuning.js';
import { writeJson } from '../data/writeFiles.js';

/** Where `stacklab tune` writes and engines read the cache unless told otherwise: in the working directory. */
export const defaultTuneCachePath = '.stacklab/tune.json';

/** The cache's table, null when the file does not exist; a file that is not a tune cache is an error naming it. */
export function readTuneCache(file: string): TuningTable | null {
  if (!fs.existsSync(file)) return null;
  let table: TuningTable;
  try {
    table = JSON.parse(fs.readFileSync(file, 'utf8')) as TuningTable;
  } catch (error) {
    throw new FileFormatError(`tune cache ${file}: not JSON (${(error as Error).message})`);
  }
  if (table?.version !== 1 || typeof table.adapters !== 'object' || table.adapters === null) {
    throw new FileFormatError(`tune cache ${file}: not a version 1 tune cache (expected { version: 1, adapters: {…} })`);
  }
  return table;
}

/** The table for an engine to use; a broken cache is reported and ignored, so the heuristics still run. */
export function loadTuneCache(file: string): TuningTable | null {
  try {
    return readTuneCache(file);
  } catch (error) {
    console.warn(`stacklab: ignoring ${(error as Error).message}; matmul variants come from the heuristics`);
    return null;
  }
}

/**
 * The table an engine opened with these options uses, on either host: `tuning` when given (null included: no
 * table), else the cache file at `tuneCache` (default: defaultTuneCachePath).
 */
export function tuningFromOptions(options: { tuning?: TuningTable | null; tuneCache?: string }): TuningTable | null {
  return options.tuning !== undefined ? options.tuning : loadTuneCache(options.tuneCache ?? defaultTuneCachePath);
}

/** Writes the table whole, or not at all, for the engines opened after it to read. */
export function writeTuneCache(table: TuningTable, file: string): void {
  writeJson(file, table);
}
