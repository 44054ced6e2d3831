// The demo's training section as HTML: accuracies and epoch times of both implementations, their loss curves
// (chart.js, inlined once by the page) and the custom model's confusion matrix.
import { escapeHtml, scriptJson } from '../node.js';
import type { TrainingDemo } from './demoTraining.js';

export function trainingFragment(demo: TrainingDemo): string {
  const { custom, tfjs, settings } = demo;
  return [
    `<h2>Training: digits, ${escapeHtml(demo.model)}</h2>`,
    `<p>Same initial weights, same batches in the same order, Adam (lr ${settings.learningRate}, batch ${settings.batchSize}).</p>`,
    '<table><tr><th></th><th>test accuracy</th><th>train accuracy</th><th>median ms per epoch</th></tr>',
    ...(['custom', 'tfjs'] as const).map((impl) => {
      const r = impl === 'custom' ? custom : tfjs;
      return `<tr><th>${impl}</th><td>${r.testAccuracy.toFixed(4)}</td><td>${r.trainAccuracy.toFixed(4)}</td><td>${r.medianEpochMs.toFixed(1)}</td></tr>`;
    }),
    `</table><p>Custom kernels: ${demo.speedup.toFixed(1)}× faster per epoch.</p>`,
    `<p>Largest relative gap between the two loss curves: ${demo.maxRelativeLossGap.toExponential(1)} (the curves overlap).</p>`,
    lossChart('training-loss', custom.loss, tfjs.loss),
    '<h3>Confusion matrix (custom, test rows; rows: actual, columns: predicted)</h3>',
    confusionTable(demo.confusion.classes, demo.confusion.counts),
  ].join('\n');
}

function lossChart(id: string, custom: number[], tfjs: number[]): string {
  const config = {
    type: 'line',
    data: {
      labels: custom.map((_, i) => i + 1),
      datasets: [
        { label: 'custom kernels', data: custom },
        { label: 'tfjs model.fit', data: tfjs, borderDash: [6, 4] },
      ],
    },
    // A static report: drawn at once, so printing or a screenshot shows the chart.
    options: { animation: false, scales: { x: { title: { display: true, text: 'epoch' } }, y: { type: 'logarithmic', title: { display: true, text: 'training loss' } } } },
  };
  return `<div class="chart"><canvas id="${id}"></canvas></div>\n<script>new Chart(document.getElementById(${scriptJson(id)}), ${scriptJson(config)});</script>`;
}

function confusionTable(classes: readonly string[], counts: number[][]): string {
  const largest = Math.max(...counts.flat());
  const cell = (n: number, diagonal: boolean) => {
    const shade = n === 0 ? 0 : 0.15 + (0.85 * n) / largest;
    const colour = diagonal ? `rgba(40, 140, 70, ${shade.toFixed(2)})` : `rgba(200, 50, 50, ${shade.toFixed(2)})`;
    return `<td style="background:${colour}">${n}</td>`;
  };
  const header = `<tr><th></th>${classes.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr>`;
  const rows = counts.map((row, a) => `<tr><th>${escapeHtml(classes[a])}</th>${row.map((n, p) => cell(n, a === p)).join('')}</tr>`);
  return `<table class="confusion">${header}${rows.join('')}</table>`;
}
