// `stacklab bench --merge a.json b.json …`: saved runs from several machines, adapters or hosts side by side,
// one column per run (labelled by adapter and host), one row per suite / case / impl; bench model's time per tfjs
// kernel the same way, one table per case and implementation.
import Table from 'cli-table3';
import type { ResultEnv } from '../../results/env.js';
import { chartJsSource, escapeHtml, scriptJson } from '../../results/htmlPage.js';
import type { CaseResult } from '../results.js';
import type { SavedRun } from './baseline.js';
import { formatNumber, throughputText } from './rows.js';

/** One saved run in a merge: its column label (adapter and host, plus the file when two share them), file and date. */
export interface MergedColumn {
  label: string;
  file: string;
  date: string;
}

/** One suite / case / impl across the merged runs. */
export interface MergedRow {
  suite: string;
  case: string;
  impl: string;
  /** One per column; null where that run has no such result. `kernels`: bench model's time per tfjs kernel. */
  cells: (Pick<CaseResult, 'wallMs' | 'gflops' | 'gbps' | 'modelStepsPerSecond' | 'ok' | 'kernels'> | null)[];
}

/** Saved runs side by side: one column per run, one row per suite / case / impl. */
export interface MergedRuns {
  columns: MergedColumn[];
  rows: MergedRow[];
}

/** Short enough for a table header: vendor / description, fallback or not, host. */
function columnLabel(env: ResultEnv): string {
  const a = env.adapter;
  return `${[a.vendor, a.description || a.device || a.architecture].filter(Boolean).join(' / ')}${a.isFallbackAdapter ? ' (fallback)' : ''}, ${env.host}`;
}

const key = (r: Pick<CaseResult, 'suite' | 'case' | 'impl'>) => `${r.suite}\u0000${r.case}\u0000${r.impl}`;

/** Lines up saved runs (`stacklab bench --merge`), one column each, in the order given. */
export function mergeRuns(runs: readonly { file: string; run: SavedRun }[]): MergedRuns {
  const labels = runs.map(({ run }) => columnLabel(run.env));
  const columns = runs.map(({ file, run }, i) => ({
    // Two runs on the same adapter and host (before and after tune, two days) are told apart by their file.
    label: labels.filter((l) => l === labels[i]).length > 1 ? `${labels[i]} (${file.split(/[\\/]/).pop()})` : labels[i],
    file,
    date: run.env.date,
  }));
  const rows = new Map<string, MergedRow>();
  runs.forEach(({ run }, column) => {
    for (const r of run.results) {
      let row = rows.get(key(r));
      if (!row) rows.set(key(r), (row = { suite: r.suite, case: r.case, impl: r.impl, cells: runs.map(() => null) }));
      row.cells[column] = { wallMs: r.wallMs, gflops: r.gflops, gbps: r.gbps, modelStepsPerSecond: r.modelStepsPerSecond, ok: r.ok, ...(r.kernels ? { kernels: r.kernels } : {}) };
    }
  });
  return { columns, rows: [...rows.values()] };
}

function cellText(cell: MergedRow['cells'][number]): string {
  if (!cell) return '—';
  return `${formatNumber(cell.wallMs.median)} ms, ${throughputText(cell)}${cell.ok ? '' : ' (disagrees)'}`;
}

/** bench model's time per tfjs kernel across the runs: per case and implementation, one column per run. */
export function mergedKernelTables(merged: MergedRuns): { title: string; head: string[]; rows: string[][] }[] {
  return merged.rows
    .filter((row) => row.cells.some((cell) => cell?.kernels))
    .map((row) => {
      const names = [...new Set(row.cells.flatMap((cell) => cell?.kernels?.kernels.map((k) => k.name) ?? []))];
      const kernelCell = (cell: MergedRow['cells'][number], name: string) => {
        const k = cell?.kernels?.kernels.find((x) => x.name === name);
        return k ? `${formatNumber(k.ms)} ms (${k.calls} calls)` : '—';
      };
      const totalCell = (cell: MergedRow['cells'][number]) => (cell?.kernels ? `${formatNumber(cell.kernels.totalMs)} ms (${cell.kernels.clock})` : '—');
      return {
        title: `${row.suite} ${row.case} ${row.impl}: time per tfjs kernel per call`,
        head: ['kernel', ...merged.columns.map((c) => c.label)],
        rows: [...names.map((name) => [name, ...row.cells.map((cell) => kernelCell(cell, name))]), ['total', ...row.cells.map(totalCell)]],
      };
    });
}

function textRows(merged: MergedRuns): string[][] {
  return merged.rows.map((row) => [row.suite, row.case, row.impl, ...row.cells.map(cellText)]);
}

/** The merged runs as terminal tables: wall median and throughput per cell, then bench model's kernel times. */
export function mergedTable(merged: MergedRuns): string {
  const terminal = (head: string[], rows: string[][]) => {
    const table = new Table({ head, style: { head: [], border: [] } });
    for (const row of rows) table.push(row);
    return table.toString();
  };
  return [terminal(['suite', 'case', 'impl', ...merged.columns.map((c) => c.label)], textRows(merged)), ...mergedKernelTables(merged).map((k) => `${k.title}\n${terminal(k.head, k.rows)}`)].join('\n');
}

/** The merged runs as a Markdown table, under a line naming each column's file and date. */
export function mergedMarkdown(merged: MergedRuns): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  const head = ['suite', 'case', 'impl', ...merged.columns.map((c) => c.label)];
  return [
    `Runs: ${merged.columns.map((c) => `${c.label} = ${c.file} (${c.date})`).join('; ')}`,
    '',
    `| ${head.map(escape).join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...textRows(merged).map((row) => `| ${row.map(escape).join(' | ')} |`),
    '',
    'Each cell: wall-clock median per iteration, and the throughput it gives.',
    ...mergedKernelTables(merged).flatMap((k) => ['', `## ${k.title}`, '', `| ${k.head.map(escape).join(' | ')} |`, `|${k.head.map(() => '---').join('|')}|`, ...k.rows.map((r) => `| ${r.map(escape).join(' | ')} |`)]),
  ].join('\n') + '\n';
}

/** The table, then per suite a bar chart of throughput per case and impl with one bar per run. */
export function mergedHtml(merged: MergedRuns): string {
  const head = ['suite', 'case', 'impl', ...merged.columns.map((c) => c.label)];
  const table = `<table><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>${textRows(merged)
    .map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`)
    .join('')}</table>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>stacklab bench: ${merged.columns.length} runs side by side</title>
<style>
body { font: 14px system-ui, sans-serif; margin: 24px; color: #222; }
table { border-collapse: collapse; margin: 16px 0; } th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: right; }
.chart { width: 1000px; height: 420px; margin-bottom: 32px; }
</style></head>
<body>
<h1>stacklab bench: ${merged.columns.length} runs side by side</h1>
<p>${merged.columns.map((c) => `${escapeHtml(c.label)}: ${escapeHtml(c.file)} (${escapeHtml(c.date)})`).join('<br>')}</p>
${table}
${mergedKernelTables(merged)
  .map((k) => `<h2>${escapeHtml(k.title)}</h2><table><tr>${k.head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>${k.rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('')}</table>`)
  .join('\n')}
<div id="charts"></div>
<script>${chartJsSource()}</script>
<script>
const merged = ${scriptJson(merged)};
const palette = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b'];
for (const suite of [...new Set(merged.rows.map((r) => r.suite))]) {
  const rows = merged.rows.filter((r) => r.suite === suite);
  const first = rows.flatMap((r) => r.cells).find((c) => c);
  const unit = first?.modelStepsPerSecond !== undefined ? 'model·steps/s' : first?.gflops !== undefined ? 'GFLOP/s' : 'GB/s';
  const h = document.createElement('h2'); h.textContent = suite + ': throughput (' + unit + ') per run';
  const box = document.createElement('div'); box.className = 'chart';
  const canvas = document.createElement('canvas'); box.appendChild(canvas);
  document.getElementById('charts').append(h, box);
  new Chart(canvas, {
    type: 'bar',
    data: { labels: rows.map((r) => r.case + ' ' + r.impl), datasets: merged.columns.map((c, i) => ({
      label: c.label, backgroundColor: palette[i % palette.length],
      data: rows.map((r) => r.cells[i] ? (r.cells[i].modelStepsPerSecond ?? r.cells[i].gflops ?? r.cells[i].gbps) : null),
    })) },
    options: { maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true, title: { display: true, text: unit } } } },
  });
}
</script>
</body></html>
`;
}
