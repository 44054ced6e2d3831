// One honest experiment: stratified split, standardization fitted on the training part, the MLP trained with
// the custom kernels or with tfjs from the same seeded initial weights, accuracy on both parts.
import type { Dataset } from '../data/dataset.js';
import { accuracy, argmaxRows } from '../data/metrics.js';
import { classificationReport, type ClassificationReport } from '../data/classReport.js';
import type { Encoder } from '../data/encode.js';
import { standardizedSplit, type Standardizer } from '../data/standardize.js';
import type { Engine } from '../gpu/engine.js';
import { bindTfjs, tf } from '../gpu/tfjsBackend.js';
import { stacklabKernelsBySetting } from '../kernels/tfjsDropIn.js';
import { initialWeights } from './init.js';
import { Mlp } from './mlp.js';
import { BadInputError } from '../errors.js';
import { requireClasses } from '../data/task.js';
import { mlpSpec, type MlpSpec } from './mlpSpec.js';
import { buildTfjsMlp, fitTfjsMlp, tfjsPredictProba } from './tfjsMlp.js';
import { defaultTrainOptions, type TrainHistory, type TrainOptions } from './trainOptions.js';

/** Which MLP an experiment trains: stacklab's own kernels (`custom`) or tfjs layers (`tfjs`). */
export type Implementation = 'custom' | 'tfjs';

/**
 * One MLP experiment: the implementation, the hidden layers, the split, and any TrainOptions other than the
 * defaults (defaultTrainOptions).
 */
export interface ExperimentOptions extends Partial<TrainOptions> {
  impl: Implementation;
  /** Units of each hidden layer (relu), e.g. `[64]`; the input and output sizes come from the dataset. */
  hidden: readonly number[];
  /** The fraction of rows held out for testing, in (0, 1); default 0.2. */
  testSize?: number;
  /** Seeds the split, the initial weights and the epoch shuffles. */
  seed?: number;
}

/** What runExperiment returns: the standardized parts, the training history, the accuracies and the trained model. */
export interface ExperimentResult {
  impl: Implementation;
  /** The architecture trained. */
  spec: MlpSpec;
  /** The training part, standardized. */
  train: Dataset;
  /** The test part, standardized with the training part's statistics. */
  test: Dataset;
  /** The training part's statistics, to save with the model. */
  standardizer: Standardizer;
  /** How the raw columns were encoded (learned on the training part), to save with the model; null when none were. */
  encoder: Encoder | null;
  /** Loss and time per epoch. */
  history: TrainHistory;
  trainAccuracy: number;
  testAccuracy: number;
  /** The predicted class of each test row. */
  testPredictions: Uint32Array;
  /** Every classification score on the test rows: confusion matrix, per-class scores, balanced accuracy, macro-F1. */
  testReport: ClassificationReport;
  /** Time to build the model and prepare its training (pipelines, buffers, tfjs graph) before the first epoch. */
  setupMs: number;
  /** The trained model, for saving; dispose() it when done. */
  model: { kind: 'custom'; mlp: Mlp } | { kind: 'tfjs'; model: tf.Sequential };
}

/**
 * Runs one MLP experiment: a stratified split, standardization fitted on the training part, the MLP trained with
 * the custom kernels or with tfjs from the same seeded initial weights, and accuracy on both parts. The caller owns
 * the returned model: disposeExperiment(result) frees it. Throws BadInputError for a dataset that cannot be split,
 * ArgumentError for bad sizes.
 */
export async function runExperiment(engine: Engine, dataset: Dataset, options: ExperimentOptions): Promise<ExperimentResult> {
  requireClasses(dataset, 'this MLP experiment (runRegressionExperiment is the regression one)');
  const seed = options.seed ?? 0;
  const train = { ...defaultTrainOptions, ...options, seed };
  const { train: trainPart, test: testPart, standardizer, encoder } = standardizedSplit(dataset, options.testSize ?? 0.2, seed);
  const spec = mlpSpec(trainPart.cols, options.hidden, dataset.classNames.length);
  const weights = initialWeights(spec, seed);
  const started = performance.now();
  let history: TrainHistory;
  let predictProba: (features: Float32Array) => Promise<Float32Array>;
  let model: ExperimentResult['model'];
  let buildMs: number;
  if (options.impl === 'custom') {
    const mlp = new Mlp(engine, spec, { weights });
    buildMs = performance.now() - started;
    history = await mlp.fit(trainPart, train);
    predictProba = (features) => mlp.predictProba(features);
    model = { kind: 'custom', mlp };
  } else {
    if (options.classWeight === 'balanced') throw new BadInputError('class weights (--class-weight balanced) apply to the custom implementation (--impl custom), not to tfjs');
    await bindTfjs(engine);
    const tfModel = buildTfjsMlp(spec, weights);
    buildMs = performance.now() - started;
    const dropIn = await stacklabKernelsBySetting(engine);
    try {
      history = await fitTfjsMlp(tfModel, trainPart, train);
    } finally {
      dropIn?.restore();
    }
    predictProba = (features) => tfjsPredictProba(tfModel, features, trainPart.cols);
    model = { kind: 'tfjs', model: tfModel };
  }
  const classes = dataset.classNames.length;
  const trainPredictions = argmaxRows(await predictProba(trainPart.features), classes);
  const testPredictions = argmaxRows(await predictProba(testPart.features), classes);
  return {
    impl: options.impl,
    spec,
    train: trainPart,
    test: testPart,
    standardizer,
    encoder,
    history,
    trainAccuracy: accuracy(trainPredictions, trainPart.labels),
    testAccuracy: accuracy(testPredictions, testPart.labels),
    testPredictions,
    testReport: classificationReport(testPart.labels, testPredictions, dataset.classNames),
    setupMs: buildMs + history.setupMs,
    model,
  };
}

/** Frees the trained model of an experiment (its GPU weights, or its tfjs tensors). */
export function disposeExperiment(result: ExperimentResult): void {
  if (result.model.kind === 'custom') result.model.mlp.dispose();
  else result.model.model.dispose();
}
