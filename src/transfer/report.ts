// The learning curve as HTML: accuracy against labelled samples per class, scratch and transfer, mean ± sd bands.
// `transferFragment` assumes chart.js is on the page (the demo page inlines it once); `transferHtml` is a whole page.
import type { ResultEnv } from '../results/env.js';
import { escapeHtml, htmlPage, scriptJson } from '../results/htmlPage.js';
import type { ExperimentResult } from './experiment.js';

const pct = (x: number) => (x * 100).toFixed(1);

export function transferFragment(result: Pick<ExperimentResult, 'impl' | 'runs' | 'featureCaching' | 'cutLayer' | 'testRows'>, adapter: string, id = 'transfer-curve'): string {
  const labels = result.runs.map((r) => String(r.samplesPerClass));
  const series = (key: 'scratch' | 'transfer') =>
    result.runs.map((r) => ({ mean: r[`${key}Accuracy`] * 100, sd: r[`${key}Sd`] * 100 }));
  const rows = result.runs
    .map((r) => `<tr><td>${r.samplesPerClass}</td><td>${pct(r.scratchAccuracy)} ± ${pct(r.scratchSd)}</td><td>${pct(r.transferAccuracy)} ± ${pct(r.transferSd)}</td><td>${r.frozenLayers}</td><td>${r.frozenUnchanged}</td></tr>`)
    .join('\n');
  const c = result.featureCaching;
  const caching = c
    ? `<p>Feature caching: ${c.epochs} epochs of head training on ${c.rows} rows took ${c.cachedMs.toFixed(0)} ms on cached base features and ${c.uncachedMs.toFixed(0)} ms through the frozen base (${c.speedup.toFixed(2)}×).</p>`
    : '';
  return `<section class="transfer">
<h2>Transfer learning: accuracy against labelled samples per class</h2>
<p>Base cut after "${escapeHtml(result.cutLayer)}", ${result.runs[0]?.frozenLayers ?? 0} layers frozen; new softmax head; trained on ${result.impl === 'custom' ? 'the custom kernels' : 'tfjs'}. Scored on ${result.testRows} held-out rows. Mean ± sd over seeds; ${escapeHtml(adapter)}.</p>
<div style="width: 800px; height: 360px"><canvas id="${id}"></canvas></div>
<table border="1" cellpadding="4"><tr><th>samples/class</th><th>scratch %</th><th>transfer %</th><th>frozen layers</th><th>frozenUnchanged</th></tr>
${rows}
</table>
${caching}
<script>
(() => {
  const labels = ${scriptJson(labels)};
  const scratch = ${scriptJson(series('scratch'))};
  const transfer = ${scriptJson(series('transfer'))};
  const band = (s, sign) => s.map((p) => p.mean + sign * p.sd);
  const line = (label, s, colour) => [
    { label, data: s.map((p) => p.mean), borderColor: colour, backgroundColor: colour, tension: 0.2 },
    { label: label + ' − sd', data: band(s, -1), borderColor: 'transparent', pointRadius: 0, fill: false },
    { label: label + ' + sd', data: band(s, 1), borderColor: 'transparent', backgroundColor: colour + '33', pointRadius: 0, fill: '-1' },
  ];
  new Chart(document.getElementById(${scriptJson(id)}), {
    type: 'line',
    data: { labels, datasets: [...line('from scratch', scratch, '#c0392b'), ...line('transfer (frozen base + new head)', transfer, '#2471a3')] },
    options: {
      maintainAspectRatio: false,
      plugins: { legend: { labels: { filter: (item) => !item.text.includes('sd') } } },
      scales: { x: { title: { display: true, text: 'labelled samples per class' } }, y: { title: { display: true, text: 'held-out accuracy %' } } },
    },
  });
})();
</script>
</section>`;
}

export function transferHtml(report: { env: ResultEnv; from: string } & Pick<ExperimentResult, 'impl' | 'runs' | 'featureCaching' | 'cutLayer'> & { data: { testRows: number; source: string } }): string {
  const adapter = `adapter: ${report.env.adapter.description || report.env.adapter.vendor}${report.env.adapter.isFallbackAdapter ? ' (fallback adapter)' : ''}`;
  const title = `stacklab transfer: ${report.from} → ${report.data.source}`;
  return htmlPage(title, `<h1>${escapeHtml(title)}</h1>\n${transferFragment({ ...report, testRows: report.data.testRows }, adapter)}`);
}
