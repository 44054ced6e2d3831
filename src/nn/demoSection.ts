// The demo's training section: digits with the custom kernels and with tfjs, from the same initial weights and
// batches; loss curves, time per epoch and the custom model's confusion matrix.
import type { Dataset } from '../data/dataset.js';
import type { Engine } from '../gpu/engine.js';
import { escapeHtml, scriptJson } from '../results/htmlPage.js';
import { confusionMatrix, disposeExperiment, median, runExperiment, type ExperimentResult } from './experiment.js';
import { describeSpec } from './mlpSpec.js';

export interface TrainingDemoSettings {
  hidden: number[];
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
}

/** Enough epochs for ≥ 0.96 on digits while tfjs (the slow side on SwiftShader) keeps the demo to a few minutes. */
const trainingDemoSettings: TrainingDemoSettings = { hidden: [64], epochs: 15, batchSize: 32, learningRate: 0.003, seed: 0 };

export interface TrainingDemoRun {
  testAccuracy: number;
  trainAccuracy: number;
  loss: number[];
  epochMs: number[];
  medianEpochMs: number;
}

export async function trainingDemoSection(engine: Engine, digits: Dataset, log: (line: string) => void, settings = trainingDemoSettings): Promise<{ json: Record<string, unknown>; html: string }> {
  const runs: Record<string, ExperimentResult> = {};
  for (const impl of ['custom', 'tfjs'] as const) {
    const result = await runExperiment(engine, digits, { impl, ...settings });
    runs[impl] = result;
    log(`${impl.padEnd(6)} test accuracy ${result.testAccuracy.toFixed(4)}, ${median(result.history.epochMs).toFixed(1)} ms per epoch (median of ${settings.epochs})`);
  }
  const summary = (r: ExperimentResult): TrainingDemoRun => ({
    testAccuracy: r.testAccuracy,
    trainAccuracy: r.trainAccuracy,
    loss: r.history.loss,
    epochMs: r.history.epochMs,
    medianEpochMs: median(r.history.epochMs),
  });
  const custom = summary(runs.custom);
  const tfjs = summary(runs.tfjs);
  const speedup = tfjs.medianEpochMs / custom.medianEpochMs;
  const lossGap = Math.max(...custom.loss.map((loss, i) => Math.abs(loss - tfjs.loss[i]) / tfjs.loss[i]));
  log(`custom kernels: ${speedup.toFixed(1)}× the epochs per second of tfjs model.fit; loss curves within ${lossGap.toExponential(1)} relative`);
  const confusion = confusionMatrix(runs.custom.test.labels, runs.custom.testPredictions, digits.classNames.length);
  const model = describeSpec(runs.custom.spec);
  Object.values(runs).forEach(disposeExperiment);
  return {
    json: { data: digits.source, model, settings, custom, tfjs, speedup, maxRelativeLossGap: lossGap, confusion: { classes: digits.classNames, counts: confusion } },
    html: [
      `<h2>Training: digits, ${model}</h2>`,
      `<p>Same initial weights, same batches in the same order, Adam (lr ${settings.learningRate}, batch ${settings.batchSize}).</p>`,
      '<table><tr><th></th><th>test accuracy</th><th>train accuracy</th><th>median ms per epoch</th></tr>',
      ...(['custom', 'tfjs'] as const).map((impl) => {
        const r = impl === 'custom' ? custom : tfjs;
        return `<tr><th>${impl}</th><td>${r.testAccuracy.toFixed(4)}</td><td>${r.trainAccuracy.toFixed(4)}</td><td>${r.medianEpochMs.toFixed(1)}</td></tr>`;
      }),
      `</table><p>Custom kernels: ${speedup.toFixed(1)}× faster per epoch.</p>`,
      `<p>Largest relative gap between the two loss curves: ${lossGap.toExponential(1)} (the curves overlap).</p>`,
      lossChart('training-loss', custom.loss, tfjs.loss),
      '<h3>Confusion matrix (custom, test rows; rows: actual, columns: predicted)</h3>',
      confusionTable(digits.classNames, confusion),
    ].join('\n'),
  };
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
