// Each row's place on the roofline, as report rows (Markdown and HTML): its work, its arithmetic intensity, its
// throughput against the attainable peak at that intensity, and how it was launched.
import type { AdapterPeak } from '../peak.js';
import { attainableGflops } from '../peak.js';
import type { CaseResult } from '../results.js';
import { formatNumber } from './rows.js';

/** The peak in one line, for the terminal and the reports. */
export function describePeak(peak: AdapterPeak): string {
  return (
    `peak: ${formatNumber(peak.gflops)} GFLOP/s f32 FMA (${peak.fma.launch}, ${peak.fma.clock}), ${formatNumber(peak.gbps)} GB/s copy (${peak.copy.launch}, ${peak.copy.clock}); ` +
    `ridge at ${formatNumber(peak.ridge)} flop/byte; checked: ${peak.checks.join('; ')}`
  );
}

/** The roofline table's header, one per column of rooflineRows. */
export const rooflineColumns = ['suite', 'case', 'impl', 'GFLOP', 'MB', 'flop/byte', 'GFLOP/s', 'attainable GFLOP/s', '% of peak', 'launch'];

/** What the roofline table's columns mean, for the reports' notes. */
export const rooflineNote =
  'MB: the bytes the inputs and outputs take, each read or written once; flop/byte: the arithmetic intensity; attainable: min(peak FLOP/s, intensity × peak bandwidth) from the measured peak (--peak); ' +
  '% of peak: the row\'s wall-clock GFLOP/s as a share of that; launch: the dispatches of one iteration, each as its workgroup grid (x×y×z), and a user kernel\'s workgroup size and tile.';

function launchText(r: CaseResult): string {
  if (!r.launch) return '(tfjs: not known)';
  const grids = r.launch.dispatches.map((d) => `${d.name}: ${d.grid.join('×')}`).join('; ');
  const wg = r.launch.workgroupSize ? `; workgroup ${r.launch.workgroupSize.join('×')}` : '';
  const tile = r.launch.tile ? `; tile ${r.launch.tile.rows}×${r.launch.tile.cols}` : '';
  return `${grids}${wg}${tile}`;
}

/** One row per result with work (flops and bytes); the attainable and % of peak columns need a measured peak. */
export function rooflineRows(results: readonly CaseResult[], peak?: AdapterPeak): string[][] {
  return results
    .filter((r) => r.work && r.intensity !== undefined)
    .map((r) => {
      const gflops = r.work!.flops / (r.wallMs.median * 1e6);
      return [
        r.suite,
        r.case,
        r.impl,
        formatNumber(r.work!.flops / 1e9),
        formatNumber(r.work!.bytes / 1e6),
        formatNumber(r.intensity!),
        formatNumber(gflops),
        peak ? formatNumber(attainableGflops(peak, r.work!.flops, r.work!.bytes)) : '—',
        r.percentOfPeak !== undefined ? `${r.percentOfPeak.toFixed(1)}%` : '—',
        launchText(r),
      ];
    });
}
