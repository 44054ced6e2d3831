// Repeated splits (and sweeps) as HTML: "mean ± sd" cells, the per-split table and, with a validation split, the
// validation-accuracy curves of every split (chart.js). Consumes the result JSON the commands write.
import type { MeanSd } from '../data/summary.js';
import { escapeHtml, htmlPage, scriptJson } from './htmlPage.js';

/** "mean ± sd" with `digits` decimals. */
export const plusMinus = (x: MeanSd, digits = 4): string => `${x.mean.toFixed(digits)} ± ${x.sd.toFixed(digits)}`;

/** One split of a repeated run as the page shows it (a SplitRun's fields, flattened). */
export interface RepeatsPageSplit {
  seed: number;
  rows: { train: number; validation: number; test: number };
  testAccuracy: number;
  trainAccuracy: number;
  /** 0-based epoch whose weights were kept. */
  bestEpoch: number;
  epochsRun: number;
  stoppedEarly: boolean;
  /** Per epoch; empty without a validation split (then no curves are drawn). */
  validationAccuracy: number[];
}

/**
 * A whole HTML page for repeated splits: the mean ± sd summary, the per-split table and, with a validation split,
 * every split's validation-accuracy curve (chart.js inlined).
 */
export function repeatsPage(title: string, adapter: string, summary: { testAccuracy: MeanSd; trainAccuracy: MeanSd }, splits: readonly RepeatsPageSplit[]): string {
  const rows = splits
    .map((s) => `<tr><td>${s.seed}</td><td>${s.rows.train} / ${s.rows.validation} / ${s.rows.test}</td><td>${s.testAccuracy.toFixed(4)}</td><td>${s.trainAccuracy.toFixed(4)}</td><td>${s.bestEpoch + 1} of ${s.epochsRun}${s.stoppedEarly ? ' (stopped early)' : ''}</td></tr>`)
    .join('\n');
  const curves = splits.some((s) => s.validationAccuracy.length)
    ? `<div class="chart"><canvas id="validation"></canvas></div>
<script>new Chart(document.getElementById('validation'), ${scriptJson({
        type: 'line',
        data: {
          labels: Array.from({ length: Math.max(...splits.map((s) => s.validationAccuracy.length)) }, (_, e) => e + 1),
          datasets: splits.map((s) => ({ label: `seed ${s.seed}`, data: s.validationAccuracy, pointRadius: 0 })),
        },
        options: { plugins: { title: { display: true, text: 'validation accuracy per epoch' } } },
      })});</script>`
    : '';
  return htmlPage(
    title,
    `<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(adapter)}</p>
<p>Test accuracy over ${splits.length} seeded stratified splits: <strong>${plusMinus(summary.testAccuracy)}</strong> (train ${plusMinus(summary.trainAccuracy)}).</p>
<table>
<tr><th>seed</th><th>rows train / validation / test</th><th>test accuracy</th><th>train accuracy</th><th>best epoch</th></tr>
${rows}
</table>
${curves}`,
  );
}
