// Whether GPU timestamp deltas can be read as durations. Browsers quantize timestamps (Chrome: 100 µs unless
// developer features are on) and some drivers return zeros; such deltas are reported as what they are, never as
// results.

/**
 * What judgeGpuDeltas found: `ok` (nanosecond deltas), `quantized` (a coarse or stalled clock), `zero`, `invalid`
 * (ends before begins) or `unavailable` (no timestamps).
 */
export type GpuClockStatus = 'ok' | 'quantized' | 'zero' | 'invalid' | 'unavailable';

/** Whether GPU timestamp deltas can be read as durations, and why (not). */
export interface GpuClockVerdict {
  status: GpuClockStatus;
  /** Why, in words: the quantum found, how many deltas were zero, or why there are no timestamps. */
  detail: string;
}

/** Deltas whose greatest common divisor is at least this are taken as coming from a coarse clock. */
export const quantumThresholdNs = 1000;

function gcd(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * Judges a set of per-pass deltas (integer nanoseconds). Real nanosecond deltas share no common divisor
 * of a microsecond or more; a zero delta for a pass that did work means the clock did not tick during it.
 */
export function judgeGpuDeltas(deltasNs: readonly bigint[]): GpuClockVerdict {
  if (deltasNs.length === 0) return { status: 'unavailable', detail: 'no timestamps were written' };
  const zeros = deltasNs.filter((d) => d === 0n).length;
  if (deltasNs.some((d) => d < 0n)) return { status: 'invalid', detail: 'some end timestamps precede their begin timestamps' };
  if (zeros === deltasNs.length) return { status: 'zero', detail: `all ${zeros} timestamp deltas are zero` };
  const divisor = deltasNs.reduce((g, d) => gcd(g, d), 0n);
  if (divisor >= BigInt(quantumThresholdNs) && deltasNs.length - zeros >= 2) {
    return { status: 'quantized', detail: `every delta is a multiple of ${Number(divisor) / 1000} µs` };
  }
  if (zeros > 0) return { status: 'quantized', detail: `${zeros} of ${deltasNs.length} deltas are zero for passes that did work` };
  return { status: 'ok', detail: `${deltasNs.length} deltas at nanosecond resolution` };
}
