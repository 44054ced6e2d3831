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

/**
 * `--range 128..4096x2`: the sizes from 128 to at most 4096, each the last times 2 (128, 256, …, 4096), each as a
 * square shape of `dims` equal sizes, for a throughput-against-size chart. ArgumentError for any other form.
 */
export function rangeShapes(text: string, dims = 3): number[][] {
  const match = /^(\d+)\.\.(\d+)x(\d+(?:\.\d+)?)$/.exec(text.trim());
  const [from, to, factor] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [NaN, NaN, NaN];
  if (!match || from <= 0 || to < from || factor <= 1) throw new ArgumentError(`--range: "${text}" is not FROM..TOxFACTOR with 0 < FROM ≤ TO and FACTOR > 1 (e.g. 128..4096x2)`);
  const sizes: number[] = [];
  for (let n = from; n <= to; n = Math.max(n + 1, Math.round(n * factor))) sizes.push(n);
  return sizes.map((n) => Array.from({ length: dims }, () => n));
}
