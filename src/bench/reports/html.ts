// `--html`: one self-contained page: chart.js inlined from node_modules (read at bench time), the data as JSON,
// the results, checks and roofline tables, a roofline chart (every row by its intensity and throughput, under the
// measured peak's roofs), a throughput-against-size chart per suite with one line per implementation, and speedup bars.
import type { ResultEnv } from '../../results/env.js';
import { chartJsSource, escapeHtml, scriptJson } from '../../results/htmlPage.js';
import type { BenchComparison, CaseResult } from '../results.js';
import type { KernelCheck } from '../userKernel/check.js';
import { checkColumns, checkNote, checkRows } from './checks.js';
import { kernelTables } from './kernels.js';
import { adapterName } from './markdown.js';
import type { AdapterPeak } from '../peak.js';
import { describePeak, rooflineColumns, rooflineNote, rooflineRows } from './roofline.js';
import { columnNotes, columns, resultRows } from './rows.js';

function htmlTable(head: readonly string[], rows: readonly string[][]): string {
  const cells = (tag: string, row: readonly string[]) => `<tr>${row.map((c) => `<${tag}>${escapeHtml(c)}</${tag}>`).join('')}</tr>`;
  return `<table>\n<thead>${cells('th', head)}</thead>\n<tbody>\n${rows.map((r) => cells('td', r)).join('\n')}\n</tbody></table>`;
}

/**
 * The `--html` report: one self-contained page with chart.js inlined (read from the installed package, hence Node
 * only), the data as JSON, the results table (median, spread, GPU ms, error, speedups), `bench model`'s time per
 * tfjs kernel, the user kernels' checks, each row's place on the roofline with its launch (grids, workgroup size)
 * and a roofline chart (the roofs where a peak was measured), a throughput-by-size chart per suite and the speedup
 * bars of every implementation against every built-in.
 */
export function htmlReport(env: ResultEnv, results: readonly CaseResult[], comparisons: readonly BenchComparison[], checks: readonly KernelCheck[] = [], peak?: AdapterPeak): string {
  const title = `stacklab bench: ${adapterName(env)}`;
  const data = { results, comparisons, peak: peak ?? null };
  const roofline = rooflineRows(results, peak);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
body { font: 14px system-ui, sans-serif; margin: 24px; color: #222; }
.chart { width: 900px; height: 380px; margin-bottom: 32px; }
.note { color: #555; max-width: 900px; }
table { border-collapse: collapse; margin-bottom: 12px; }
th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: left; font-variant-numeric: tabular-nums; }
th { background: #f3f3f3; }
</style></head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="note">Host ${escapeHtml(env.host)}; ${escapeHtml(env.date)}${env.gitCommit ? `; commit ${escapeHtml(env.gitCommit)}` : ''}.
Throughput from the wall-clock median per iteration.${env.adapter.isFallbackAdapter ? ' <strong>Fallback adapter (CPU emulation): these timings say nothing about GPUs.</strong>' : ''}</p>
<h2>Results</h2>
${htmlTable(columns, resultRows(results, comparisons))}
<p class="note">Times are per iteration. ${escapeHtml(columnNotes)}</p>
${kernelTables(results)
  .map((k) => `<h2>${escapeHtml(k.title)}</h2>\n${htmlTable(k.head, k.rows)}\n${k.notes.map((note) => `<p class="note">${escapeHtml(note)}</p>`).join('\n')}`)
  .join('\n')}
${checks.length ? `<h2>Kernel checks</h2>\n${htmlTable(checkColumns, checkRows(checks))}\n<p class="note">${escapeHtml(checkNote)}</p>` : ''}
${roofline.length ? `<h2>Roofline</h2>\n${peak ? `<p class="note">${escapeHtml(describePeak(peak))}</p>\n` : ''}${htmlTable(rooflineColumns, roofline)}\n<p class="note">${escapeHtml(rooflineNote)}</p>` : ''}
<div id="charts"></div>
<script>${chartJsSource()}</script>
<script>
const data = ${scriptJson(data)};
const charts = document.getElementById('charts');
function canvas(heading) {
  const h = document.createElement('h2'); h.textContent = heading; charts.appendChild(h);
  const box = document.createElement('div'); box.className = 'chart'; charts.appendChild(box);
  const c = document.createElement('canvas'); box.appendChild(c); return c;
}
const palette = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd'];
const placed = data.results.filter((r) => r.intensity !== undefined);
if (placed.length) {
  // Every row at (flop/byte, GFLOP/s) on log axes; with a peak, the roofs: bandwidth × intensity up to the ridge, then FLOP/s.
  const impls = [...new Set(placed.map((r) => r.impl))];
  const datasets = impls.map((impl, i) => ({
    type: 'scatter', label: impl, backgroundColor: palette[i % palette.length], pointRadius: 5,
    data: placed.filter((r) => r.impl === impl).map((r) => ({ x: r.intensity, y: r.work.flops / (r.wallMs.median * 1e6), label: r.suite + ' ' + r.case })),
  }));
  if (data.peak) {
    const xs = placed.map((r) => r.intensity);
    const lo = Math.min(data.peak.ridge, ...xs) / 2, hi = Math.max(data.peak.ridge, ...xs) * 2;
    datasets.push({ type: 'line', label: 'roofline (measured peak)', borderColor: '#222', pointRadius: 0, borderWidth: 2,
      data: [{ x: lo, y: lo * data.peak.gbps }, { x: data.peak.ridge, y: data.peak.gflops }, { x: hi, y: data.peak.gflops }] });
  }
  new Chart(canvas('Roofline: GFLOP/s (wall clock) against arithmetic intensity' + (data.peak ? '' : ' (no peak measured: run with --peak for the roofs)')), {
    data: { datasets },
    options: { maintainAspectRatio: false, animation: false,
      plugins: { tooltip: { callbacks: { label: (c) => (c.raw.label ? c.raw.label + ' ' : '') + c.dataset.label + ': ' + c.raw.y.toPrecision(3) + ' GFLOP/s at ' + c.raw.x.toPrecision(3) + ' flop/byte' } } },
      scales: { x: { type: 'logarithmic', title: { display: true, text: 'flop/byte' } }, y: { type: 'logarithmic', title: { display: true, text: 'GFLOP/s' } } } },
  });
}
for (const suite of [...new Set(data.results.map((r) => r.suite))]) {
  const rows = data.results.filter((r) => r.suite === suite);
  const unit = rows[0].modelStepsPerSecond !== undefined ? 'model·steps/s' : rows[0].gflops !== undefined ? 'GFLOP/s' : 'GB/s';
  const work = (r) => Object.values(r.shape).reduce((a, b) => a * b, 1);
  const cases = [...new Set(rows.map((r) => r.case))].sort((a, b) => work(rows.find((r) => r.case === a)) - work(rows.find((r) => r.case === b)));
  const impls = [...new Set(rows.map((r) => r.impl))];
  new Chart(canvas(suite + ': throughput (' + unit + ') by case, ordered by size'), {
    type: 'line',
    data: { labels: cases, datasets: impls.map((impl, i) => ({
      label: impl, borderColor: palette[i % palette.length], backgroundColor: palette[i % palette.length],
      data: cases.map((c) => { const r = rows.find((x) => x.case === c && x.impl === impl); return r ? (r.modelStepsPerSecond ?? r.gflops ?? r.gbps) : null; }),
    })) },
    options: { maintainAspectRatio: false, animation: false, scales: { y: { title: { display: true, text: unit } } } },
  });
  const comps = data.comparisons.filter((c) => c.suite === suite);
  // One bar series per pair compared: custom against each tfjs implementation, every user kernel against every built-in.
  const pairs = [...new Set(comps.map((c) => c.candidate + ' vs ' + c.baseline))];
  new Chart(canvas(suite + ': speedup of each implementation over each built-in (wall clock; above 1 is faster)'), {
    type: 'bar',
    data: { labels: cases, datasets: pairs.map((pair, i) => ({
      label: pair, backgroundColor: palette[(i + 2) % palette.length],
      data: cases.map((c) => comps.find((x) => x.case === c && x.candidate + ' vs ' + x.baseline === pair)?.speedup ?? null),
    })) },
    options: { maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true, title: { display: true, text: 'speedup ×' } } } },
  });
}
</script>
</body></html>
`;
}
