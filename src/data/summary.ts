// Mean and sample standard deviation (n − 1), as repeated splits and seeds are reported: "mean ± sd".
/** A mean and a sample standard deviation, reported as "mean ± sd". */
export interface MeanSd {
  mean: number;
  /** Sample standard deviation (n − 1); 0 for a single value. */
  sd: number;
}

/** Mean and sample standard deviation (n − 1) of `values`; sd is 0 for fewer than two (the mean NaN for none). */
export function meanSd(values: readonly number[]): MeanSd {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = values.length > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1)) : 0;
  return { mean, sd };
}
