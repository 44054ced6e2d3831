// Tolerances derived from float32 rounding, not picked by hand.
// A K-term float32 dot product of float32-exact inputs is within γ_K · Σ|a_k b_k| of the exact value,
// γ_K = K·u / (1 − K·u), u = 2⁻²⁴ (Higham, Accuracy and Stability of Numerical Algorithms, §3.1).
import * as assert from 'uvu/assert';

export const unitRoundoff = 2 ** -24;

export function gamma(k: number): number {
  return (k * unitRoundoff) / (1 - k * unitRoundoff);
}

export interface Comparison {
  ok: boolean;
  maxAbsErr: number;
  worst: { index: number; got: number; want: number; bound: number } | null;
}

/** Compares element-wise against per-element bounds; `bound[i]` is the allowed absolute error. */
export function compareWithBounds(got: ArrayLike<number>, want: ArrayLike<number>, bound: (i: number) => number): Comparison {
  assert.is(got.length, want.length, 'a result compared with a reference of another length');
  let maxAbsErr = 0;
  let worst: Comparison['worst'] = null;
  let ok = true;
  for (let i = 0; i < got.length; i++) {
    const err = Math.abs(got[i] - want[i]);
    const b = bound(i);
    if (!(err <= b)) {
      if (ok || err - b > (worst ? Math.abs(worst.got - worst.want) - worst.bound : 0)) worst = { index: i, got: got[i], want: want[i], bound: b };
      ok = false;
    }
    if (err > maxAbsErr || Number.isNaN(err)) maxAbsErr = Number.isNaN(err) ? Infinity : err;
  }
  return { ok, maxAbsErr, worst };
}

export function describe(c: Comparison): string {
  if (!c.worst) return `max abs error ${c.maxAbsErr}`;
  const w = c.worst;
  return `element ${w.index}: got ${w.got}, want ${w.want}, error ${Math.abs(w.got - w.want)} > bound ${w.bound}`;
}
