// Tolerances derived from float32 rounding, not picked by hand (the rules live in src/bench/agreement.ts, which
// checks user kernels the same way).
import type { Comparison } from '../../src/bench/agreement.js';

export { compareWithBounds, gamma, unitRoundoff, type Comparison } from '../../src/bench/agreement.js';

export function describe(c: Comparison): string {
  if (!c.worst) return `max abs error ${c.maxAbsErr}`;
  const w = c.worst;
  return `element ${w.index}: got ${w.got}, want ${w.want}, error ${Math.abs(w.got - w.want)} > bound ${w.bound}`;
}
