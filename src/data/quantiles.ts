// Quantiles of a set of numbers: the one median the engine, the commands and the bench harness share.
import { InternalError } from '../errors.js';

/**
 * The `p` quantile (0…1) of ascending `sorted`: linear interpolation between closest ranks (Hyndman & Fan type 7,
 * as numpy and R use by default). InternalError for an empty list.
 */
export function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new InternalError('quantile of no samples');
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** The median of `values` (any order; not modified). InternalError for an empty list. */
export function median(values: readonly number[]): number {
  return quantile([...values].sort((a, b) => a - b), 0.5);
}
