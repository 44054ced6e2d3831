// Writing the tune cache (`stacklab tune`); reading it is the Node host's job (src/host/tuneCacheFile.ts).
import type { TuningTable } from '../gpu/tuning.js';
import { tuneCachePath } from '../host/tuneCacheFile.js';
import { writeJson } from '../results/writeFiles.js';

export function writeTuneCache(table: TuningTable, file = tuneCachePath()): void {
  writeJson(file, table);
}
