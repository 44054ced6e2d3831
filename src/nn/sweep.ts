// A hyper-parameter grid as batches: one MlpBatch per hidden size, whose members are every learning rate ×
// weight decay × seed × fold over one uploaded training part; cross-validated accuracy mean ± sd per cell; the
// best cell refitted on the whole training part and tested once on the held-out split.
import { requireClasses } from '../data/task.js';
import type { Dataset } from '../data/dataset.js';
import { foldRows, stratifiedKFold } from '../data/kfold.js';
import { accuracy, argmaxRows } from '../data/metrics.js';
import { standardizedSplit } from '../data/standardize.js';
import { meanSd, type MeanSd } from '../data/summary.js';
import type { Engine } from '../gpu/engine.js';
import { MlpBatch, type MlpBatchMember } from './mlpBatch.js';
import { mlpSpec } from './mlpSpec.js';
import type { TrainingRows } from './trainingPlan.js';

/** A hyper-parameter grid: every hidden size × learning rate × weight decay, cross-validated over seeds × folds. */
export interface SweepOptions {
  /** Hidden layer sizes to try (one hidden layer each). */
  hidden: readonly number[];
  /** Adam learning rates to try. */
  learningRates: readonly number[];
  /** Decoupled weight decays (AdamW) to try; 0 for none. */
  weightDecays: readonly number[];
  /** Seeds seed, seed + 1, …: each its own fold assignment and initial weights. */
  seeds: number;
  /** k of the stratified k-fold within the training part. */
  folds: number;
  epochs: number;
  batchSize: number;
  /** The fraction of rows held out, untouched until the best cell is tested. */
  testSize: number;
  /** Seeds the held-out split, the first seed's folds and the refit. */
  seed: number;
  /** After every epoch of every hidden size's batch. */
  onEpoch?: (hiddenIndex: number, epoch: number) => void;
}

/** One point of the grid and its cross-validated accuracy. */
export interface SweepCell {
  hidden: number;
  learningRate: number;
  weightDecay: number;
  /** Held-out fold accuracy per seed × fold, seed-major. */
  foldAccuracy: number[];
  /** Mean ± sd of foldAccuracy. */
  accuracy: MeanSd;
}

/** Every cell of the grid, and the best one (highest mean fold accuracy) with its accuracy on the held-out rows. */
export interface SweepResult {
  /** Rows of the training part (cross-validated) and of the held-out part. */
  rows: { train: number; test: number };
  /** Every cell, hidden size first, then learning rate, then weight decay. */
  cells: SweepCell[];
  /** The best cell, refitted on the whole training part and tested once on the held-out rows. */
  best: SweepCell & { testAccuracy: number };
}

interface Fold {
  seed: number;
  fit: Uint32Array;
  heldOut: Uint32Array;
}

function seedFolds(labels: Uint32Array, options: SweepOptions): Fold[] {
  return Array.from({ length: options.seeds }, (_, s) => {
    const foldOfRow = stratifiedKFold(labels, options.folds, options.seed + s);
    return Array.from({ length: options.folds }, (_, f) => {
      const { train, test } = foldRows(foldOfRow, f);
      return { seed: options.seed + s, fit: train, heldOut: test };
    });
  }).flat();
}

function pickFeatures(data: TrainingRows, rows: Uint32Array): Float32Array {
  const out = new Float32Array(rows.length * data.cols);
  rows.forEach((r, i) => out.set(data.features.subarray(r * data.cols, (r + 1) * data.cols), i * data.cols));
  return out;
}

async function sweepHidden(engine: Engine, data: TrainingRows, classes: number, h: number, folds: readonly Fold[], options: SweepOptions, hi: number): Promise<SweepCell[]> {
  const configs = options.learningRates.flatMap((learningRate) => options.weightDecays.map((weightDecay) => ({ learningRate, weightDecay })));
  const members: MlpBatchMember[] = configs.flatMap((c) => folds.map((fold) => ({ seed: fold.seed, learningRate: c.learningRate, weightDecay: c.weightDecay, trainRows: fold.fit })));
  const batch = new MlpBatch(engine, mlpSpec(data.cols, [h], classes), members);
  try {
    await batch.fit(data, { epochs: options.epochs, batchSize: options.batchSize, onEpoch: (epoch) => options.onEpoch?.(hi, epoch) });
    const cells: SweepCell[] = [];
    for (const [c, config] of configs.entries()) {
      const foldAccuracy: number[] = [];
      for (const [f, fold] of folds.entries()) {
        const probs = await batch.predictProba(c * folds.length + f, pickFeatures(data, fold.heldOut), fold.heldOut.length);
        foldAccuracy.push(accuracy(argmaxRows(probs, classes), Array.from(fold.heldOut, (r) => data.labels[r])));
      }
      cells.push({ hidden: h, ...config, foldAccuracy, accuracy: meanSd(foldAccuracy) });
    }
    return cells;
  } finally {
    batch.dispose();
  }
}

/**
 * Runs the grid: a stratified held-out split, standardization, one MlpBatch per hidden size whose members are every
 * learning rate × weight decay × seed × fold, then the best cell refitted on the whole training part and tested once.
 * Throws BadInputError when a class has fewer rows than folds.
 */
export async function runSweep(engine: Engine, dataset: Dataset, options: SweepOptions): Promise<SweepResult> {
  requireClasses(dataset, 'the sweep');
  const { train, test } = standardizedSplit(dataset, options.testSize, options.seed);
  const classes = dataset.classNames.length;
  const folds = seedFolds(train.labels, options);
  const cells: SweepCell[] = [];
  for (const [hi, h] of options.hidden.entries()) cells.push(...(await sweepHidden(engine, train, classes, h, folds, options, hi)));
  const best = cells.reduce((a, b) => (b.accuracy.mean > a.accuracy.mean ? b : a));
  const refit = new MlpBatch(engine, mlpSpec(train.cols, [best.hidden], classes), [
    { seed: options.seed, learningRate: best.learningRate, weightDecay: best.weightDecay, trainRows: Uint32Array.from({ length: train.rows }, (_, i) => i) },
  ]);
  try {
    await refit.fit(train, { epochs: options.epochs, batchSize: options.batchSize });
    const testAccuracy = accuracy(argmaxRows(await refit.predictProba(0, test.features, test.rows), classes), test.labels);
    return { rows: { train: train.rows, test: test.rows }, cells, best: { ...best, testAccuracy } };
  } finally {
    refit.dispose();
  }
}
