// The transfer experiment's learning curve as HTML: test accuracy against labelled samples per class, one line per
// method with a mean ± sd band over seeds. `transferFragment` assumes chart.js is on the page (the demo page inlines
// it once); `transferHtml` is a whole page. Built from the result, after the experiment: model code writes no HTML.
import type { ResultEnv } from './env.js';
import { escapeHtml, htmlPage, scriptJson } from './htmlPage.js';
import type { MethodSummary } from '../transfer/experiment.js';
import { describeInputs, type InputPreparation } from '../transfer/inputPreparation.js';

const colours: Record<string, string> = { scratch: '#c0392b', frozen: '#2471a3', finetune: '#1e8449', pixels: '#7f8c8d' };
const describe: Record<string, string> = {
  scratch: 'scratch (same network, random weights)',
  frozen: 'frozen base + new head',
  finetune: 'fine-tuned (head, then top layers)',
  pixels: 'logistic regression on pixels',
};

/** What transferFragment draws. */
export interface TransferReportInput {
  title: string;
  /** One sentence: what was transferred to what, and how it was scored. */
  description: string;
  /** The line naming the adapter. */
  adapter: string;
  summary: readonly MethodSummary[];
}

const pct = (x: number) => (x * 100).toFixed(1);

function summaryTable(summary: readonly MethodSummary[], methods: readonly string[], budgets: readonly string[]): string {
  const cell = (budget: string, method: string) => {
    const s = summary.find((x) => String(x.samplesPerClass) === budget && x.method === method);
    return s ? `${pct(s.accuracy)} ± ${pct(s.sd)}${s.frozenUnchanged ? '' : ' (frozen weights changed!)'}` : '';
  };
  const head = `<tr><th>samples/class</th>${methods.map((m) => `<th>${escapeHtml(m)} %</th>`).join('')}</tr>`;
  const rows = budgets.map((b) => `<tr><td>${escapeHtml(b)}</td>${methods.map((m) => `<td>${cell(b, m)}</td>`).join('')}</tr>`);
  return `<table border="1" cellpadding="4">${head}\n${rows.join('\n')}</table>`;
}

/**
 * A transfer result as an HTML section: test accuracy against labelled samples per class, one line per method with
 * a mean ± sd band, and the table behind it, on a canvas with id `id`. Expects chart.js already on the page.
 */
export function transferFragment(report: TransferReportInput, id = 'transfer-curve'): string {
  const methods = [...new Set(report.summary.map((s) => s.method))];
  const budgets = [...new Set(report.summary.map((s) => String(s.samplesPerClass)))];
  const series = methods.map((method) => ({
    label: describe[method] ?? method,
    colour: colours[method] ?? '#000000',
    points: budgets.map((b) => report.summary.find((s) => s.method === method && String(s.samplesPerClass) === b)).map((s) => (s ? { mean: s.accuracy * 100, sd: s.sd * 100 } : null)),
  }));
  return `<section class="transfer">
<h2>${escapeHtml(report.title)}</h2>
<p>${escapeHtml(report.description)} Mean ± sd over seeds; ${escapeHtml(report.adapter)}.</p>
<div style="width: 800px; height: 360px"><canvas id="${id}"></canvas></div>
${summaryTable(report.summary, methods, budgets)}
<script>
(() => {
  const labels = ${scriptJson(budgets)};
  const series = ${scriptJson(series)};
  const at = (s, sign) => s.points.map((p) => (p ? p.mean + sign * p.sd : null));
  const datasets = series.flatMap((s) => [
    { label: s.label, data: s.points.map((p) => (p ? p.mean : null)), borderColor: s.colour, backgroundColor: s.colour, tension: 0.2 },
    { label: s.label + ' − sd', data: at(s, -1), borderColor: 'transparent', pointRadius: 0, fill: false },
    { label: s.label + ' + sd', data: at(s, 1), borderColor: 'transparent', backgroundColor: s.colour + '33', pointRadius: 0, fill: '-1' },
  ]);
  new Chart(document.getElementById(${scriptJson(id)}), {
    type: 'line',
    data: { labels, datasets },
    options: {
      maintainAspectRatio: false,
      plugins: { legend: { labels: { filter: (item) => !item.text.endsWith(' sd') } } },
      scales: { x: { title: { display: true, text: 'labelled samples per class' } }, y: { title: { display: true, text: 'test accuracy %' } } },
    },
  });
})();
</script>
</section>`;
}

/** A whole HTML page for a transfer result, chart.js inlined. */
export function transferHtml(out: {
  env: ResultEnv;
  from: string;
  cutLayer: string | null;
  inputs?: InputPreparation;
  data: { train: string; testRows: number };
  summary: readonly MethodSummary[];
}): string {
  const adapter = `adapter: ${out.env.adapter.description || out.env.adapter.vendor}${out.env.adapter.isFallbackAdapter ? ' (fallback adapter)' : ''}`;
  const title = `stacklab transfer: ${out.from} → ${out.data.train}`;
  const cut = out.cutLayer ? `Base cut after "${out.cutLayer}". ` : '';
  const inputs = out.inputs ? `Inputs: ${describeInputs(out.inputs)}. ` : '';
  const description = `${inputs}${cut}Scored on ${out.data.testRows} test rows, never trained on.`;
  return htmlPage(title, `<h1>${escapeHtml(title)}</h1>\n${transferFragment({ title: 'Accuracy against labelled samples per class', description, adapter, summary: out.summary })}`);
}
