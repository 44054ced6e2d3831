// The demo's training section: digits with the custom kernels and with tfjs, from the same initial weights and
// batches; loss curves, time per epoch and the custom model's confusion matrix. The HTML is demoTrainingReport.ts.
import {
  type Dataset,
  confusionMatrix,
  median,
  type Engine,
  disposeExperiment,
  runExperiment,
  type ExperimentResult,
  describeSpec,
} from '../node.js';

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

export interface TrainingDemo {
  data: string;
  /** The network, e.g. "64 → 64 relu → 10 softmax". */
  model: string;
  settings: TrainingDemoSettings;
  custom: TrainingDemoRun;
  tfjs: TrainingDemoRun;
  /** tfjs's median epoch time over the custom kernels'. */
  speedup: number;
  maxRelativeLossGap: number;
  /** The custom model's test rows: counts[actual][predicted]. */
  confusion: { classes: readonly string[]; counts: number[][] };
}

export async function trainingDemo(engine: Engine, digits: Dataset, log: (line: string) => void, settings = trainingDemoSettings): Promise<TrainingDemo> {
  const runs: Partial<Record<'custom' | 'tfjs', ExperimentResult>> = {};
  try {
    for (const impl of ['custom', 'tfjs'] as const) {
      const result = await runExperiment(engine, digits, { impl, ...settings });
      runs[impl] = result;
      log(`${impl.padEnd(6)} test accuracy ${result.testAccuracy.toFixed(4)}, ${median(result.history.epochMs).toFixed(1)} ms per epoch (median of ${settings.epochs})`);
    }
    const [custom, tfjs] = [summary(runs.custom!), summary(runs.tfjs!)];
    const speedup = tfjs.medianEpochMs / custom.medianEpochMs;
    const lossGap = Math.max(...custom.loss.map((loss, i) => Math.abs(loss - tfjs.loss[i]) / tfjs.loss[i]));
    log(`custom kernels: ${speedup.toFixed(1)}× the epochs per second of tfjs model.fit; loss curves within ${lossGap.toExponential(1)} relative`);
    const counts = confusionMatrix(runs.custom!.test.labels, runs.custom!.testPredictions, digits.classNames.length);
    return {
      data: digits.source,
      model: describeSpec(runs.custom!.spec),
      settings,
      custom,
      tfjs,
      speedup,
      maxRelativeLossGap: lossGap,
      confusion: { classes: digits.classNames, counts },
    };
  } finally {
    Object.values(runs).forEach(disposeExperiment);
  }
}

function summary(r: ExperimentResult): TrainingDemoRun {
  return { testAccuracy: r.testAccuracy, trainAccuracy: r.trainAccuracy, loss: r.history.loss, epochMs: r.history.epochMs, medianEpochMs: median(r.history.epochMs) };
}
