// The user kernels' checks as report rows: one per kernel and check shape, for the Markdown and HTML reports.
import type { KernelCheck } from '../userKernel/check.js';

/** The kernel-check table's header, one per column of checkRows. */
export const checkColumns = ['kernel', 'suite', 'tile', 'bound', 'shape', 'result', 'elements', 'worst error / bound'];

/** What every check row passed, for the reports' notes. */
export const checkNote =
  'Each shape: every element within its bound of the float64 reference (outputs start as NaN), no write past an output\'s end (guard bands), two runs bit-identical, inputs unchanged. ' +
  'bound: float32 is each element\'s float32 rounding bound; rtol/atol is the kernel\'s own, from its header or --tolerance (which wins): atol + rtol·Σ|terms| per element.';

/** One row per kernel and check shape: whether it passed (else why), elements compared, worst error as % of its bound. */
export function checkRows(checks: readonly KernelCheck[]): string[][] {
  return checks.flatMap((check) =>
    check.shapes.map((s) => [
      check.name,
      check.suite,
      `${check.tile.rows}x${check.tile.cols}`,
      check.bound ?? 'float32',
      s.shape,
      s.ok ? 'pass' : `FAIL: ${s.reasons.join('; ')}`,
      String(s.elements),
      `${(s.worstErrorOverBound * 100).toFixed(1)}%`,
    ]),
  );
}
