// The tune cache file (Node only): per adapter, the matmul variant that won each shape bucket. `stacklab tune`
// writes it; every command reads it before it runs and hands it to the chooser (src/kernels/matmulTuning.ts).
import fs from 'node:fs';
import { flag } from '../flags.js';
import { setMatmulTuning, type MatmulTuningTable } from '../kernels/matmulTuning.js';
import { writeJson } from '../results/writeFiles.js';
import { BadInputError } from '../gpu/errors.js';

export function tuneCachePath(): string {
  return flag('TUNE_CACHE') || '.stacklab/tune.json';
}

/** The cache's table, null when the file does not exist; a file that is not a tune cache is an error naming it. */
export function readTuneCache(file = tuneCachePath()): MatmulTuningTable | null {
  if (!fs.existsSync(file)) return null;
  let table: MatmulTuningTable;
  try {
    table = JSON.parse(fs.readFileSync(file, 'utf8')) as MatmulTuningTable;
  } catch (error) {
    throw new BadInputError(`tune cache ${file}: not JSON (${(error as Error).message})`);
  }
  if (table?.version !== 1 || typeof table.adapters !== 'object' || table.adapters === null) {
    throw new BadInputError(`tune cache ${file}: not a version 1 tune cache (expected { version: 1, adapters: {…} })`);
  }
  return table;
}

/** Loads the cache into the chooser; a broken cache is reported and ignored, so the heuristics still run. */
export function useTuneCache(file = tuneCachePath()): void {
  try {
    setMatmulTuning(readTuneCache(file));
  } catch (error) {
    console.warn(`stacklab: ignoring ${(error as Error).message}; matmul variants come from the heuristics`);
    setMatmulTuning(null);
  }
}

export function writeTuneCache(table: MatmulTuningTable, file = tuneCachePath()): void {
  writeJson(file, table);
}
