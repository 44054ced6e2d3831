// The stack result as HTML: per-model accuracies and the meta-learner's weights as a bar chart. `stackFragment`
// expects chart.js already on the page (the demo page inlines it once); `stackPage` is a whole page around it (Node only).
import type { StackResult } from '../ensemble/stackExperiment.js';
import type { ClassificationReport } from '../data/classReport.js';
import type { MeanSd } from '../data/summary.js';
import { escapeHtml, htmlPage, scriptJson } from './htmlPage.js';

const pct = (x: number) => (x * 100).toFixed(2);

/**
 * A stacking result as an HTML section: per-model accuracies and the meta-learner's weights as a bar chart on a
 * canvas with id `id`. Expects chart.js already on the page.
 */
export function stackFragment(result: StackResult, id = 'stack-weights'): string {
  const rows = result.baseModels
    .map((b, m) => `<tr><td style="text-align:left">${escapeHtml(b.name)}</td><td>${pct(b.oofAccuracy)}</td><td>${pct(b.testAccuracy)}</td><td>${result.meta.weights[m].toFixed(4)}</td></tr>`)
    .join('\n');
  const chart = {
    type: 'bar',
    data: { labels: result.baseModels.map((b) => b.name), datasets: [{ label: `${result.meta.kind} meta-learner weight`, data: result.meta.weights, backgroundColor: '#4e79a7' }] },
    options: { plugins: { title: { display: true, text: result.meta.weightsMeaning } }, scales: { y: { beginAtZero: true } } },
  };
  return `<h2>Stacking: ${escapeHtml(result.baseModels.map((b) => b.name).join(', '))} → ${result.meta.kind}</h2>
<p>${escapeHtml(result.data)}: ${result.rows.train} training rows in ${result.folds} stratified folds (seed ${result.seed}), ${result.rows.test} test rows.
Stack test accuracy <strong>${pct(result.meta.testAccuracy)}%</strong>; fitted in ${(result.timings.totalMs / 1000).toFixed(1)} s.</p>
<table>
<tr><th>model</th><th>out-of-fold accuracy %</th><th>test accuracy %</th><th>meta weight</th></tr>
${rows}
<tr><th style="text-align:left">stack (${result.meta.kind})</th><td></td><td><strong>${pct(result.meta.testAccuracy)}</strong></td><td></td></tr>
</table>
${classReportHtml(result.meta.testReport)}
<div class="chart"><canvas id="${id}"></canvas></div>
<script>new Chart(document.getElementById(${scriptJson(id)}), ${scriptJson(chart)});</script>`;
}

/** Balanced accuracy, macro-F1, per-class scores and the confusion matrix of the stack's test predictions. */
function classReportHtml(report: ClassificationReport): string {
  const names = report.perClass.map((s) => escapeHtml(s.name));
  const perClass = report.perClass.map((s, c) => `<tr><td style="text-align:left">${names[c]}</td><td>${pct(s.precision)}</td><td>${pct(s.recall)}</td><td>${pct(s.f1)}</td><td>${s.support}</td></tr>`);
  const confusion = report.confusion.map((row, c) => `<tr><th style="text-align:left">${names[c]}</th>${row.map((n) => `<td>${n}</td>`).join('')}</tr>`);
  return `<p>Stack on the test rows: balanced accuracy <strong>${pct(report.balancedAccuracy)}%</strong>, macro-F1 ${pct(report.macroF1)}%, majority share ${pct(report.majorityShare)}%.</p>
<table>
<tr><th>class</th><th>precision %</th><th>recall %</th><th>F1 %</th><th>rows</th></tr>
${perClass.join('\n')}
</table>
<table>
<tr><th>actual ↓ predicted →</th>${names.map((n) => `<th>${n}</th>`).join('')}</tr>
${confusion.join('\n')}
</table>`;
}

/** A whole HTML page around stackFragment, chart.js inlined. */
export function stackPage(result: StackResult, adapter: string): string {
  return htmlPage('stacklab stack', `<p>${escapeHtml(adapter)}</p>\n${stackFragment(result)}`);
}

/** Repeated stacks: mean ± sd of every model's test accuracy, then the per-split table. */
export function stackRepeatsPage(json: { summary: { stack: MeanSd; base: Record<string, MeanSd> }; splits: StackResult[] }, adapter: string): string {
  const names = Object.keys(json.summary.base);
  const head = `<tr><th>seed</th>${names.map((n) => `<th>${escapeHtml(n)}</th>`).join('')}<th>stack</th></tr>`;
  const rows = json.splits.map((s) => `<tr><td>${s.seed}</td>${s.baseModels.map((b) => `<td>${pct(b.testAccuracy)}</td>`).join('')}<td>${pct(s.meta.testAccuracy)}</td></tr>`);
  const summary = `<tr><th>mean ± sd</th>${names.map((n) => `<td>${pctSd(json.summary.base[n])}</td>`).join('')}<td><strong>${pctSd(json.summary.stack)}</strong></td></tr>`;
  const first = json.splits[0];
  return htmlPage(
    'stacklab stack --repeats',
    `<p>${escapeHtml(adapter)}</p>
<h2>${escapeHtml(first.data)}: ${json.splits.length} seeded stratified splits, ${first.folds}-fold stack → ${escapeHtml(first.meta.kind)}</h2>
<p>Test accuracy % per split and mean ± sd over the splits.</p>
<table>${head}
${rows.join('\n')}
${summary}</table>`,
  );
}

const pctSd = (x: MeanSd) => `${pct(x.mean)} ± ${pct(x.sd)}`;
