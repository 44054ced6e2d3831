// One MLP regression experiment, as `train` runs it on a table with a numeric target: a shuffled split,
// standardized features and target (both fitted on the training part only), the MLP with one linear output trained
// with the squared-error or Huber loss kernel, predictions scaled back and scored (RMSE, MAE, R²) on both parts.
import type { Dataset } from '../data/dataset.js';
import type { Encoder } from '../data/encode.js';
import { regressionReport, type RegressionReport } from '../data/metrics.js';
import { fitTargetScaler, scaleTargets, standardizedSplit, unscaleTargets, type Standardizer, type TargetScaler } from '../data/standardize.js';
import { BadInputError } from '../errors.js';
import type { Engine } from '../gpu/engine.js';
import type { RegressionLoss } from '../kernels/loss.js';
import { Mlp } from './mlp.js';
import { mlpSpec, type MlpSpec } from './mlpSpec.js';
import { defaultTrainOptions, type TrainHistory, type TrainOptions } from './trainOptions.js';

/** One MLP regression experiment: hidden layers, loss, split, and TrainOptions other than the defaults. */
export interface RegressionExperimentOptions extends Partial<Omit<TrainOptions, 'loss' | 'classWeight'>> {
  /** Units of each hidden layer (relu); the output is one linear unit. */
  hidden: readonly number[];
  /** Default squared error; Huber's δ is in standardized target units. */
  loss?: RegressionLoss;
  /** The fraction of rows held out for testing, in (0, 1); default 0.2. */
  testSize?: number;
  /** Seeds the split, the initial weights and the epoch shuffles. */
  seed?: number;
}

/** What runRegressionExperiment returns; disposeRegressionExperiment frees its model. */
export interface RegressionExperimentResult {
  spec: MlpSpec;
  loss: RegressionLoss;
  /** The training part, standardized (its targets in their own units). */
  train: Dataset;
  /** The test part, standardized with the training part's statistics. */
  test: Dataset;
  standardizer: Standardizer;
  encoder: Encoder | null;
  /** The training targets' mean and standard deviation: the MLP learns (y − mean) / scale. */
  targetScaler: TargetScaler;
  history: TrainHistory;
  trainReport: RegressionReport;
  testReport: RegressionReport;
  /** Each test row's prediction, in the target's units. */
  testPredictions: Float32Array;
  setupMs: number;
  mlp: Mlp;
}

/**
 * Runs one MLP regression experiment on a dataset with targets; the caller owns the returned model
 * (disposeRegressionExperiment). BadInputError for a dataset without targets.
 */
export async function runRegressionExperiment(engine: Engine, dataset: Dataset, options: RegressionExperimentOptions): Promise<RegressionExperimentResult> {
  if (!dataset.targets) throw new BadInputError(`${dataset.source}: regression needs a numeric target (read with task regression)`);
  const seed = options.seed ?? 0;
  const loss = options.loss ?? { kind: 'squared-error' };
  const settings = { ...defaultTrainOptions, ...options, seed, loss };
  // Every label of a regression dataset is 0, so this split is a plain shuffled one.
  const { train, test, standardizer, encoder } = standardizedSplit(dataset, options.testSize ?? 0.2, seed);
  const targetScaler = fitTargetScaler(train.targets!);
  const spec = mlpSpec(train.cols, options.hidden, 1);
  const started = performance.now();
  const mlp = new Mlp(engine, spec, { seed });
  const buildMs = performance.now() - started;
  try {
    const history = await mlp.fit({ ...train, targets: scaleTargets(targetScaler, train.targets!) }, settings);
    const predict = async (part: Dataset) => unscaleTargets(targetScaler, await mlp.predictOutputs(part.features));
    const testPredictions = await predict(test);
    return {
      spec,
      loss,
      train,
      test,
      standardizer,
      encoder,
      targetScaler,
      history,
      trainReport: regressionReport(train.targets!, await predict(train)),
      testReport: regressionReport(test.targets!, testPredictions),
      testPredictions,
      setupMs: buildMs + history.setupMs,
      mlp,
    };
  } catch (error) {
    mlp.dispose();
    throw error;
  }
}

/** Frees the experiment's MLP. */
export function disposeRegressionExperiment(result: RegressionExperimentResult): void {
  result.mlp.dispose();
}
