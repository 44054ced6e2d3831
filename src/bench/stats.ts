// Summary statistics for one set of timing samples. Robust figures (median, MAD, percentiles) lead because
// timings are skewed by the odd slow sample; the mean and its 95% interval are there for readers who want them.
import { median, quantile } from '../data/quantiles.js';
import { InternalError } from '../errors.js';

/**
 * Summary statistics of a set of timing samples: robust figures (median, MAD, percentiles) first, since timings
 * are skewed by the odd slow sample; the mean and its 95% interval beside them.
 */
export interface Summary {
  /** Samples summarized. */
  n: number;
  median: number;
  /** Median absolute deviation from the median, unscaled. */
  mad: number;
  /** 10th and 90th percentiles (linear interpolation, as quantile). */
  p10: number;
  p90: number;
  min: number;
  max: number;
  mean: number;
  /** Mean ± t(0.975, n−1)·s/√n; null with fewer than two samples. */
  ci95: [number, number] | null;
  /** Samples with |x − median| > 3·1.4826·MAD: counted, never dropped. */
  outliers: number;
}

/** How Summary.outliers counts, in words (for reports). */
export const outlierRule = '|x − median| > 3 · 1.4826 · MAD (counted, not dropped)';

// Two-sided 97.5% quantiles of Student's t for 1–30 degrees of freedom.
const tTable = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086,
  2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** t(0.975, df): the table up to 30, then the Cornish–Fisher expansion around z = 1.96 (error < 1e-4 there). */
export function tQuantile975(df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new InternalError(`degrees of freedom must be a positive integer, got ${df}`);
  if (df <= tTable.length) return tTable[df - 1];
  const z = 1.959964;
  return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2);
}

/** The Summary of a set of samples (any order). InternalError for none, or for a non-finite one. */
export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new InternalError('no samples to summarize');
  if (samples.some((x) => !Number.isFinite(x))) throw new InternalError(`samples must be finite numbers, got [${samples.join(', ')}]`);
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  const mid = quantile(sorted, 0.5);
  const mad = median(sorted.map((x) => Math.abs(x - mid)));
  const mean = sorted.reduce((a, b) => a + b, 0) / n;
  let ci95: [number, number] | null = null;
  if (n >= 2) {
    const variance = sorted.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1);
    const half = (tQuantile975(n - 1) * Math.sqrt(variance)) / Math.sqrt(n);
    ci95 = [mean - half, mean + half];
  }
  const limit = 3 * 1.4826 * mad;
  return {
    n,
    median: mid,
    mad,
    p10: quantile(sorted, 0.1),
    p90: quantile(sorted, 0.9),
    min: sorted[0],
    max: sorted[n - 1],
    mean,
    ci95,
    outliers: sorted.filter((x) => Math.abs(x - mid) > limit).length,
  };
}
