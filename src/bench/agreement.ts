// Custom and tfjs outputs are compared before anything is timed. Tolerances come from float32 rounding:
// a K-term float32 dot product is within γ_K·Σ|a_k b_k| of the exact value, γ_K = K·u/(1 − K·u), u = 2⁻²⁴
// (Higham, Accuracy and Stability of Numerical Algorithms, §3.1), whatever order the terms are summed in.
import { EngineError } from '../errors.js';

/** u for float32: 2⁻²⁴. */
export const unitRoundoff = 2 ** -24;

/** γ_k = k·u / (1 − k·u): the relative error bound of a k-term float32 sum of products. */
export function gamma(k: number): number {
  return (k * unitRoundoff) / (1 - k * unitRoundoff);
}

/** Largest |value|; 0 for none. */
export function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]));
  return m;
}

/** Largest element-wise |a − b|; Infinity when either holds NaN or the lengths differ. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (Number.isNaN(d)) return Infinity;
    if (d > m) m = d;
  }
  return m;
}

/** How many elements of two equal-length float32 arrays differ bit for bit (NaN payloads and ±0 included). */
export function bitDifferences(a: Float32Array, b: Float32Array): number {
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  let n = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) n++;
  return n;
}

/**
 * Two float32 results of the same K-term products may differ by twice one's bound; with Σ|a_k b_k| bounded by
 * K·max|a|·max|b| the bound needs no float64 reference, which the large shapes could not afford.
 */
export function dotProductTolerance(k: number, maxA: number, maxB: number): { tolerance: number; rule: string } {
  return { tolerance: 2 * gamma(k) * k * maxA * maxB, rule: `2·γ_K·K·max|A|·max|B|, K = ${k}` };
}

/** The outcome of compareWithBounds. */
export interface Comparison {
  /** Every element is within its bound (NaN never is). */
  ok: boolean;
  /** Largest |got − want|; Infinity when an element is NaN. */
  maxAbsErr: number;
  /** The largest error / bound over all elements (≤ 1 when ok): how close a result came to its bound. */
  worstRatio: number;
  /** The element furthest beyond its bound (NaN counts as beyond any bound); null when every element is within. */
  worst: { index: number; got: number; want: number; bound: number } | null;
  /** How many elements are beyond their bound. */
  mismatches: number;
}

/**
 * Compares element-wise against per-element bounds; `bound(i)` is the allowed absolute error of element i.
 * EngineError when the lengths differ.
 */
export function compareWithBounds(got: ArrayLike<number>, want: ArrayLike<number>, bound: (i: number) => number): Comparison {
  if (got.length !== want.length) throw new EngineError(`${got.length} values compared with ${want.length}`);
  let maxAbsErr = 0;
  let worstRatio = 0;
  let worst: Comparison['worst'] = null;
  let ok = true;
  let mismatches = 0;
  for (let i = 0; i < got.length; i++) {
    const err = Math.abs(got[i] - want[i]);
    const b = bound(i);
    const ratio = err === 0 ? 0 : err / b;
    worstRatio = Math.max(worstRatio, Number.isNaN(ratio) ? Infinity : ratio);
    if (!(err <= b)) {
      if (ok || err - b > (worst ? Math.abs(worst.got - worst.want) - worst.bound : 0)) worst = { index: i, got: got[i], want: want[i], bound: b };
      ok = false;
      mismatches++;
    }
    if (err > maxAbsErr || Number.isNaN(err)) maxAbsErr = Number.isNaN(err) ? Infinity : err;
  }
  return { ok, maxAbsErr, worstRatio, worst, mismatches };
}
