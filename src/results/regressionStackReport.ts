// A regression stack's result as an HTML page: per-model RMSE, MAE and R² (out-of-fold and test) and the
// meta-learner's weights as a bar chart (Node only, like stackPage).
import type { RegressionReport } from '../data/metrics.js';
import type { RegressionStackResult } from '../ensemble/regressionStackExperiment.js';
import { escapeHtml, htmlPage, scriptJson } from './htmlPage.js';

const cells = (r: RegressionReport) => `<td>${r.rmse.toPrecision(5)}</td><td>${r.mae.toPrecision(5)}</td><td>${r.r2.toFixed(4)}</td>`;

/** A whole HTML page: the per-model scores table and the weights chart, chart.js inlined. */
export function regressionStackPage(result: RegressionStackResult, adapter: string): string {
  const rows = result.baseModels.map((b, m) => `<tr><td style="text-align:left">${escapeHtml(b.name)}</td>${cells(b.oof)}${cells(b.test)}<td>${result.meta.weights[m].toFixed(4)}</td></tr>`);
  const chart = {
    type: 'bar',
    data: { labels: result.baseModels.map((b) => b.name), datasets: [{ label: `${result.meta.kind} meta-learner weight`, data: result.meta.weights, backgroundColor: '#4e79a7' }] },
    options: { plugins: { title: { display: true, text: result.meta.weightsMeaning } } },
  };
  const body = `<p>${escapeHtml(adapter)}</p>
<h2>Regression stack: ${escapeHtml(result.baseModels.map((b) => b.name).join(', '))} → ${result.meta.kind}</h2>
<p>${escapeHtml(result.data)}: ${result.rows.train} training rows in ${result.folds} shuffled folds (seed ${result.seed}), ${result.rows.test} test rows.
Stack test R² <strong>${result.meta.test.r2.toFixed(4)}</strong>, RMSE ${result.meta.test.rmse.toPrecision(5)}; fitted in ${(result.timings.totalMs / 1000).toFixed(1)} s.</p>
<table>
<tr><th rowspan="2">model</th><th colspan="3">out of fold</th><th colspan="3">test</th><th rowspan="2">meta weight</th></tr>
<tr><th>RMSE</th><th>MAE</th><th>R²</th><th>RMSE</th><th>MAE</th><th>R²</th></tr>
${rows.join('\n')}
<tr><th style="text-align:left">stack (${result.meta.kind})</th><td></td><td></td><td></td>${cells(result.meta.test)}<td>intercept ${result.meta.intercept.toPrecision(4)}</td></tr>
</table>
<div class="chart"><canvas id="regression-stack-weights"></canvas></div>
<script>new Chart(document.getElementById("regression-stack-weights"), ${scriptJson(chart)});</script>`;
  return htmlPage('stacklab stack (regression)', body);
}
