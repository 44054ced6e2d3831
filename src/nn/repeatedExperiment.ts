// Repeated, seeded stratified splits trained together: one MlpBatch member per split (each split's training rows
// standardized on that split and stacked into one dataset uploaded once), optionally with a stratified
// validation part carved from each training split for early stopping. Test rows never reach training or validation.
import { requireClasses } from '../data/task.js';
import { concat } from '../data/concat.js';
import { selectRows, type Dataset } from '../data/dataset.js';
import { accuracy, argmaxRows } from '../data/metrics.js';
import { stratifiedSplit, trainValidationTestSplit, type TrainValidationTest } from '../data/split.js';
import type { Encoder } from '../data/encode.js';
import { standardizeSplit, type Standardizer } from '../data/standardize.js';
import { meanSd, type MeanSd } from '../data/summary.js';
import type { Engine } from '../gpu/engine.js';
import { ArgumentError } from '../errors.js';
import type { MemberHistory } from './earlyStopping.js';
import { MlpBatch, type MlpBatchMember } from './mlpBatch.js';
import { mlpSpec, type MlpSpec } from './mlpSpec.js';
import type { TrainingRows } from './trainingPlan.js';

/** Repeated seeded splits of one dataset, each training one MLP of the same architecture, all in one MlpBatch. */
export interface RepeatedExperimentOptions {
  /** Units of each hidden layer (relu). */
  hidden: readonly number[];
  epochs: number;
  batchSize: number;
  /** Adam's learning rate, the same for every split. */
  learningRate: number;
  /** The fraction of rows each split holds out for testing, in (0, 1). */
  testSize: number;
  /** Split r uses seed + r for its split, initial weights and shuffles. */
  seed: number;
  /** How many splits (and models). */
  repeats: number;
  /** Fraction of each training split held out for validation (0: none). */
  validationSplit: number;
  /** Early stopping patience in epochs, restoring the best weights; needs validationSplit. */
  patience?: number;
  /** After every epoch, with each split's mean training loss (NaN once it stopped early). */
  onEpoch?: (epoch: number, loss: Float64Array) => void;
}

/** One split's model: its rows, its accuracies and its training history. */
export interface SplitRun {
  /** The seed of this split (options.seed + its index). */
  seed: number;
  /** Rows trained on, validated on (0 without a validation split), and tested on. */
  rows: { train: number; validation: number; test: number };
  /** Dataset row indices of the test part (for audits: disjoint from trainRows and validationRows). */
  testRows: Uint32Array;
  /** Dataset row indices trained on. */
  trainRows: Uint32Array;
  /** Dataset row indices scored for early stopping; empty without a validation split. */
  validationRows: Uint32Array;
  /** Accuracy on its training rows (validation rows excluded). */
  trainAccuracy: number;
  testAccuracy: number;
  history: MemberHistory;
}

/** Every split's run, test and train accuracy as mean ± sd over the splits, and the trained batch. */
export interface RepeatedExperimentResult {
  /** The architecture every split trained. */
  spec: MlpSpec;
  splits: SplitRun[];
  /** Test and train accuracy, mean ± sd over the splits. */
  summary: { testAccuracy: MeanSd; trainAccuracy: MeanSd };
  /** Per split: the standardizer fitted on its training rows (training and validation rows). */
  standardizers: Standardizer[];
  /** Per split: how its raw columns were encoded (learned on its training rows); null for data that needed none. */
  encoders: (Encoder | null)[];
  /** The trained models, member r for split r; the caller owns it: dispose() it. */
  batch: MlpBatch;
}

interface PreparedSplit {
  seed: number;
  indices: TrainValidationTest;
  /** Standardized: fit rows then validation rows. */
  training: Dataset;
  test: Dataset;
  standardizer: Standardizer;
  encoder: Encoder | null;
}

function prepareSplit(dataset: Dataset, options: RepeatedExperimentOptions, seed: number): PreparedSplit {
  const indices =
    options.validationSplit > 0
      ? trainValidationTestSplit(dataset.labels, options.testSize, options.validationSplit, seed)
      : { ...stratifiedSplit(dataset.labels, options.testSize, seed), validation: new Uint32Array(0) };
  const trainPart = selectRows(dataset, concat([indices.train, indices.validation]), `${dataset.source} (train, seed ${seed})`);
  const testPart = selectRows(dataset, indices.test, `${dataset.source} (test, seed ${seed})`);
  const { train, test, standardizer, encoder } = standardizeSplit(trainPart, testPart, { overwrite: true });
  return { seed, indices, training: train, test, standardizer, encoder };
}

function stacked(parts: readonly Dataset[]): TrainingRows {
  return { features: concat(parts.map((p) => p.features)), labels: concat(parts.map((p) => p.labels)), rows: parts.reduce((n, p) => n + p.rows, 0), cols: parts[0].cols };
}

function members(splits: readonly PreparedSplit[], learningRate: number): MlpBatchMember[] {
  let offset = 0;
  return splits.map((s) => {
    const fit = s.indices.train.length;
    const member = {
      seed: s.seed,
      learningRate,
      trainRows: Uint32Array.from({ length: fit }, (_, i) => offset + i),
      validationRows: s.indices.validation.length ? Uint32Array.from({ length: s.indices.validation.length }, (_, i) => offset + fit + i) : undefined,
    };
    offset += s.training.rows;
    return member;
  });
}

/**
 * Trains one MLP per seeded stratified split (seed, seed + 1, …), all together in one MlpBatch: each split's
 * training rows standardized on that split, optionally with a validation part for early stopping. Test rows never
 * reach training or validation. ArgumentError for `patience` without `validationSplit`, or bad sizes; BadInputError
 * for a dataset that cannot be split.
 */
export async function runRepeatedExperiment(engine: Engine, dataset: Dataset, options: RepeatedExperimentOptions): Promise<RepeatedExperimentResult> {
  requireClasses(dataset, 'the repeated-splits experiment');
  if (options.patience !== undefined && !(options.validationSplit > 0)) throw new ArgumentError('early stopping needs a validation split (--validation-split)');
  const splits = Array.from({ length: options.repeats }, (_, r) => prepareSplit(dataset, options, options.seed + r));
  // Encoded widths come from the schema, so every split has the first one's columns.
  const spec = mlpSpec(splits[0].training.cols, options.hidden, dataset.classNames.length);
  const batch = new MlpBatch(engine, spec, members(splits, options.learningRate));
  try {
    const histories = await batch.fit(stacked(splits.map((s) => s.training)), { epochs: options.epochs, batchSize: options.batchSize, patience: options.patience, onEpoch: options.onEpoch });
    const runs: SplitRun[] = [];
    for (const [r, s] of splits.entries()) runs.push(await scoreSplit(batch, r, s, histories[r]));
    const summary = { testAccuracy: meanSd(runs.map((x) => x.testAccuracy)), trainAccuracy: meanSd(runs.map((x) => x.trainAccuracy)) };
    return { spec, splits: runs, summary, standardizers: splits.map((s) => s.standardizer), encoders: splits.map((s) => s.encoder), batch };
  } catch (error) {
    batch.dispose();
    throw error;
  }
}

async function scoreSplit(batch: MlpBatch, r: number, s: PreparedSplit, history: MemberHistory): Promise<SplitRun> {
  const classes = batch.spec.layers[batch.spec.layers.length - 1].units;
  const fit = s.indices.train.length;
  const score = async (part: Dataset, rows: number) => accuracy(argmaxRows(await batch.predictProba(r, part.features.subarray(0, rows * part.cols), rows), classes), part.labels.subarray(0, rows));
  return {
    seed: s.seed,
    rows: { train: fit, validation: s.indices.validation.length, test: s.test.rows },
    testRows: s.indices.test,
    trainRows: s.indices.train,
    validationRows: s.indices.validation,
    trainAccuracy: await score(s.training, fit),
    testAccuracy: await score(s.test, s.test.rows),
    history,
  };
}
