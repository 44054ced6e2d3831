// The labelled samples of one run: the first k rows of each class from a seeded shuffle of the training pool.
import { shuffledRowsByClass } from '../data/split.js';
import { TransferOptionError } from './errors.js';

/** Labelled rows per class for one run: a count, or `all` of the training pool. */
export type SampleCount = number | 'all';

/** Dataset row indices: `count` per class (or every pool row) chosen by `seed` from `pool`. */
export function samplesPerClass(pool: Uint32Array, labels: Uint32Array, classNames: readonly string[], count: SampleCount, seed: number): Uint32Array {
  const poolLabels = Array.from(pool, (row) => labels[row]);
  const chosen: number[] = [];
  for (const [c, positions] of shuffledRowsByClass(poolLabels, seed).entries()) {
    if (count !== 'all' && positions.length < count) {
      throw new TransferOptionError('--samples-per-class', `${count}: class "${classNames[c]}" has only ${positions.length} rows outside the held-out test rows`);
    }
    for (const p of count === 'all' ? positions : positions.subarray(0, count)) chosen.push(pool[p]);
  }
  return Uint32Array.from(chosen);
}

/** `10,50,all` → [10, 50, 'all']. */
export function parseSampleCounts(text: string): SampleCount[] {
  return text.split(',').map((part) => {
    const t = part.trim();
    if (t === 'all') return 'all';
    const n = Number(t);
    if (!Number.isInteger(n) || n <= 0) throw new TransferOptionError('--samples-per-class', `"${t}" is neither a positive integer nor "all"`);
    return n;
  });
}
