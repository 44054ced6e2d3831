// --kernel files read on the Node side: their text travels to whichever host runs the bench.
import fs from 'node:fs';
import type { UserKernelSource } from '../bench/userKernel/header.js';
import { BadInputError } from '../errors.js';

/**
 * The `--kernel` files' text, read here so it can travel to whichever host runs the bench; BadInputError naming a
 * file that cannot be read.
 */
export function readKernels(files: readonly string[]): UserKernelSource[] {
  return files.map((file) => {
    try {
      return { file, code: fs.readFileSync(file, 'utf8') };
    } catch (error) {
      throw new BadInputError(`--kernel ${file}: ${(error as Error).message}`);
    }
  });
}
