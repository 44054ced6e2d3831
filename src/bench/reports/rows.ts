// One row per result, as text, shared by the terminal table and the Markdown table.
import type { BenchComparison, CaseResult } from '../results.js';

export const columns = ['suite', 'case', 'impl', 'wall ms (median)', 'MAD', 'p10–p90', 'GPU ms (median)', 'throughput', 'max abs Δ', 'ok', 'speedup'];

/** What the `max abs Δ` and `speedup` columns mean, for the reports' footers. */
export const columnNotes =
  'max abs Δ: the row\'s largest |output − float64 reference| (marked "vs custom" where the case is too large for the reference: then |output − custom|); ' +
  'speedup: the other implementation\'s wall median / this row\'s, one per built-in it is compared with.';

export function formatNumber(x: number): string {
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 100) return x.toFixed(1);
  if (a >= 1) return x.toFixed(3);
  if (a >= 1e-3) return x.toFixed(4);
  return x.toExponential(2);
}

/** Speedups are shown on the candidate (custom) row, one per baseline it was compared with. */
function speedupText(result: CaseResult, comparisons: readonly BenchComparison[]): string {
  return comparisons
    .filter((c) => c.suite === result.suite && c.case === result.case && c.candidate === result.impl)
    .map((c) => `${c.speedup.toFixed(2)}× vs ${c.baseline}`)
    .join(', ');
}

export function throughputText(r: Pick<CaseResult, 'gflops' | 'gbps' | 'modelStepsPerSecond'>): string {
  if (r.modelStepsPerSecond !== undefined) return `${formatNumber(r.modelStepsPerSecond)} model·steps/s`;
  return r.gflops !== undefined ? `${formatNumber(r.gflops)} GFLOP/s` : `${formatNumber(r.gbps ?? 0)} GB/s`;
}

export function resultRows(results: readonly CaseResult[], comparisons: readonly BenchComparison[]): string[][] {
  return results.map((r) => [
    r.suite,
    r.case,
    r.impl,
    formatNumber(r.wallMs.median),
    formatNumber(r.wallMs.mad),
    `${formatNumber(r.wallMs.p10)}–${formatNumber(r.wallMs.p90)}`,
    r.gpuMs ? formatNumber(r.gpuMs.median) : r.gpuClock.status,
    throughputText(r),
    // Old saved runs have no errorAgainst: theirs was against custom.
    `${r.maxAbsErr.toExponential(1)}${r.errorAgainst === 'float64 reference' ? '' : ' (vs custom)'}`,
    r.ok ? 'yes' : r.maxAbsErr > r.tolerance ? `NO (> ${r.tolerance.toExponential(1)})` : 'NO (timed runs)',
    speedupText(r, comparisons),
  ]);
}
