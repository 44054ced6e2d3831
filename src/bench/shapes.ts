// `--shapes 64x64x64,128x96x80`: each entry is positive integers joined by x; the suite says what they mean.
import { ArgumentError } from '../errors.js';

/**
 * `--shapes 64x64x64,128x96x80` → [[64, 64, 64], [128, 96, 80]]; the suite says what the numbers mean.
 * ArgumentError for anything but positive integers joined by x.
 */
export function parseShapes(text: string): number[][] {
  const entries = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (entries.length === 0) throw new ArgumentError(`--shapes: no shapes in "${text}"`);
  return entries.map((entry) => {
    const dims = entry.split('x').map(Number);
    if (dims.some((d) => !Number.isInteger(d) || d <= 0)) throw new ArgumentError(`--shapes: "${entry}" is not positive integers joined by x (e.g. 64x64x64)`);
    return dims;
  });
}

/** ArgumentError unless `shape` has `count` numbers. */
export function expectDims(suite: string, shape: readonly number[], count: number, meaning: string): void {
  if (shape.length !== count) throw new ArgumentError(`${suite}: shape ${shape.join('x')} has ${shape.length} numbers; ${count} expected (${meaning})`);
}
