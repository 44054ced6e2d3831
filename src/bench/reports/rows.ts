// One row per result, as text, shared by the terminal table and the Markdown table.
import type { BenchComparison, CaseResult } from '../results.js';

export const columns = ['suite', 'case', 'impl', 'wall ms (median)', 'MAD', 'p10–p90', 'GPU ms (median)', 'throughput', 'max abs Δ', 'ok', 'speedup'];

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
    r.maxAbsErr.toExponential(1),
    r.ok ? 'yes' : `NO (> ${r.tolerance.toExponential(1)})`,
    speedupText(r, comparisons),
  ]);
}
