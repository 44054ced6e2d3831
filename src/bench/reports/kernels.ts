// `bench model`'s per-kernel tables, shared by the terminal, the Markdown and the HTML reports: per case, one row per
// tfjs kernel with its calls, time and share under each implementation, and tfjs's time over each other one's
// (above 1, that implementation spends less time in the kernel); a total row; then first call, steady state and
// memory per implementation.
import type { CaseResult } from '../results.js';
import { formatNumber } from './rows.js';

/** One case's kernel table: its title, header, rows and the lines below it. */
export interface KernelTable {
  title: string;
  head: string[];
  rows: string[][];
  notes: string[];
}

/** Bytes as B, KiB, MiB or GiB. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

/** A kernel's calls per model call, and how many of them stacklab's kernels answered where the drop-in was on. */
const callsText = (calls: number, answered: number | undefined) => (answered ? `${calls} (${answered} by stacklab)` : String(calls));

function ratioText(baselineMs: number | undefined, ms: number | undefined): string {
  if (baselineMs === undefined || ms === undefined) return '—';
  return ms > 0 ? `${(baselineMs / ms).toFixed(2)}×` : '—';
}

/** What one implementation's row of notes says: first call, steady state, memory. */
function implNote(r: CaseResult): string {
  const m = r.kernels!.memory;
  const fellThrough = Object.entries(r.kernels!.dropIn?.fellThrough ?? {});
  const handedBack = fellThrough.length ? `; handed back to tfjs's kernels per call: ${fellThrough.map(([reason, n]) => `${n} (${reason})`).join(', ')}` : '';
  const first = r.phases.compileMs === null ? '' : `first call ${formatNumber(r.phases.compileMs)} ms (a fresh copy: compile, upload, run, read-back); `;
  return (
    `${r.impl}: ${first}steady median ${formatNumber(r.wallMs.median)} ms (MAD ${formatNumber(r.wallMs.mad)}, p10–p90 ${formatNumber(r.wallMs.p10)}–${formatNumber(r.wallMs.p90)}, ` +
    `${r.samples} samples); tfjs tensors ${formatBytes(m.tfjsBytes)} (peak ${formatBytes(m.tfjsPeakBytes)} during a call); ` +
    `stacklab GPU buffers ${formatBytes(m.engineLiveGpuBytes)} live, ${formatBytes(m.enginePeakGpuBytes)} peak since the engine opened${handedBack}`
  );
}

/** One table per model case that has a kernel breakdown; tfjs's own implementation is the baseline of the ratios. */
export function kernelTables(results: readonly CaseResult[]): KernelTable[] {
  const withKernels = results.filter((r) => r.kernels);
  const cases = [...new Set(withKernels.map((r) => `${r.suite}\u0000${r.case}`))];
  return cases.map((key) => {
    const impls = withKernels.filter((r) => `${r.suite}\u0000${r.case}` === key);
    const baseline = impls.find((r) => r.impl === 'tfjs') ?? impls[impls.length - 1];
    const others = impls.filter((r) => r !== baseline);
    const ordered = [baseline, ...others];
    const byName = (r: CaseResult) => new Map(r.kernels!.kernels.map((k) => [k.name, k]));
    const maps = ordered.map(byName);
    const names = [...new Set(ordered.flatMap((r) => r.kernels!.kernels.map((k) => k.name)))];
    const rows = names.map((name) => [
      name,
      ...maps.flatMap((map, i) => {
        const k = map.get(name);
        return k ? [callsText(k.calls, ordered[i].kernels!.dropIn?.answered[name]), formatNumber(k.ms), percent(k.share)] : ['0', '—', '—'];
      }),
      ...others.map((_, i) => ratioText(maps[0].get(name)?.ms, maps[i + 1].get(name)?.ms)),
    ]);
    const totals = ordered.map((r) => r.kernels!.totalMs);
    const callCounts = ordered.map((r) => r.kernels!.kernels.reduce((sum, k) => sum + k.calls, 0));
    rows.push(['total', ...ordered.flatMap((_, i) => [String(callCounts[i]), formatNumber(totals[i]), '100%']), ...others.map((_, i) => ratioText(totals[0], totals[i + 1]))]);
    const { clock, runs } = baseline.kernels!;
    return {
      title: `${baseline.suite} ${baseline.case}: time per tfjs kernel (${clock}, median of ${runs} profiled calls)`,
      head: ['kernel', ...ordered.flatMap((r) => [`${r.impl} calls`, `${r.impl} ms`, `${r.impl} share`]), ...others.map((r) => `${baseline.impl} / ${r.impl}`)],
      rows,
      notes: [
        clock === 'GPU timestamps'
          ? 'Each kernel call is fenced by two GPU timestamps in a profiled call apart from the timed ones, so the total is above the steady-state median.'
          : 'No timestamp-query on this adapter: each kernel call is timed on the wall clock from its submit to its completion, in a profiled call apart from the timed ones.',
        ...ordered.map(implNote),
      ],
    };
  });
}
