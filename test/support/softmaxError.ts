// Error bounds for a float32 softmax computed as exp(x − max) / Σ exp(x − max), derived from float32 rounding.
// WGSL allows exp (3 + 2|x|) ulp and division 2.5 ulp; 1 ulp is at most 2u relative (u = 2⁻²⁴). The shifted
// argument x − max is itself rounded (u·|x − max|), which exp turns into the same relative error.
import { gamma, unitRoundoff as u } from './tolerance.js';

/** Relative error of exp(d) where d = x − max was rounded to float32. */
export function shiftedExpError(d: number): number {
  return (6 + 5 * Math.abs(d)) * u;
}

/** Relative error of log(s): 3 ulp (WGSL; away from 1, where it is 2⁻²¹ absolute instead). */
export function logError(s: number): number {
  return Math.max(6 * u * Math.abs(Math.log(s)), 2 ** -21);
}

export interface SoftmaxBounds {
  probs: Float64Array;
  /** Σ exp(x − max), and the relative error bound of its float32 value. */
  sum: number;
  sumError: number;
  /** Absolute error bound of each float32 probability. */
  probError: Float64Array;
}

/** Float64 softmax of `values` (a strided slice: values[offset + i·stride], i < n) with bounds on the float32 one. */
export function softmaxBounds(values: ArrayLike<number>, n: number, offset = 0, stride = 1): SoftmaxBounds {
  let peak = -Infinity;
  for (let i = 0; i < n; i++) peak = Math.max(peak, values[offset + i * stride]);
  const shifted = Array.from({ length: n }, (_, i) => values[offset + i * stride] - peak);
  const terms = shifted.map(Math.exp);
  const sum = terms.reduce((a, b) => a + b, 0);
  const sumError = terms.reduce((acc, t, i) => acc + (t / sum) * shiftedExpError(shifted[i]), 0) + gamma(n);
  const probs = Float64Array.from(terms, (t) => t / sum);
  const probError = Float64Array.from(probs, (p, i) => p * (shiftedExpError(shifted[i]) + sumError + 5 * u));
  return { probs, sum, sumError, probError };
}
