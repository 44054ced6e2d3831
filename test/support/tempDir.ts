// Temporary folders that tests leave nothing behind in: removed when the work ends (pass or fail), or when the
// suite ends for a folder its tests share.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Test } from 'uvu';

export async function withTempDir<T>(prefix: string, work: (dir: string) => Promise<T> | T): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  try {
    return await work(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A folder created now and removed by the suite's after hook. */
export function suiteTempDir(test: Test, prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  test.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}
