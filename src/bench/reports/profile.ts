// The per-dispatch GPU breakdown of multi-kernel cases (a training step: forward, loss, backward, Adam per layer).
import Table from 'cli-table3';
import type { CaseResult } from '../results.js';

/** Cases with at least `minDispatches` timed dispatches, each as a table of dispatch → median GPU ms and share. */
export function profileTables(results: readonly CaseResult[], minDispatches = 3): string[] {
  return results
    .filter((r) => r.gpuProfile.length >= minDispatches)
    .map((r) => {
      const total = r.gpuProfile.reduce((a, d) => a + d.medianMs, 0);
      const table = new Table({ head: [`${r.suite} ${r.case} ${r.impl}: dispatch`, 'GPU ms (median)', 'share'], style: { head: [], border: [] } });
      for (const d of r.gpuProfile) table.push([d.name, d.medianMs.toFixed(4), `${((100 * d.medianMs) / total).toFixed(1)}%`]);
      return table.toString();
    });
}
