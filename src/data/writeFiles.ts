// Result files are written whole or not at all: a temporary file beside the target, then one rename.
import fs from 'node:fs';
import path from 'node:path';
import { BadInputError } from '../errors.js';

/**
 * Writes `file` whole or not at all (a temporary file beside it, then a rename), making its folder first.
 * BadInputError when it cannot be written.
 */
export function writeFileAtomic(file: string, contents: string | Uint8Array): void {
  const dir = path.dirname(path.resolve(file));
  fs.mkdirSync(dir, { recursive: true });
  const temporary = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(temporary, contents);
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw new BadInputError(`could not write ${file}: ${(error as Error).message}`);
  }
}

/** `value` as indented JSON with a trailing newline, written by writeFileAtomic. */
export function writeJson(file: string, value: unknown): void {
  writeFileAtomic(file, JSON.stringify(value, null, 2) + '\n');
}
