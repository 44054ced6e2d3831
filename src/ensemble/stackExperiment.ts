// One stacking experiment as the `stack` command and the demo run it: stratified split, standardization fitted
// on the training part, the stack fitted on the training rows, every base model and the stack scored on the test
// rows. Returns the contract's result fields (without env) plus fold assignments and seeds.
import type { Dataset } from '../data/dataset.js';
import { classificationReport, type ClassificationReport } from '../data/classReport.js';
import { accuracy, argmaxRows } from '../data/metrics.js';
import { requireClasses } from '../data/task.js';
import { standardizedSplit } from '../data/standardize.js';
import type { Engine } from '../gpu/engine.js';
import { destroyArray, readArray } from '../gpu/gpuArray.js';
import { takeLabels } from './learner.js';
import type { MetaLearner } from './metaLearner.js';
import { baseLearners, metaLearner } from './registry.js';
import { Stack, totalFitMs, type BaseFitMs, type LearnerSeed } from './stack.js';

/** One stacking experiment, as the `stack` command takes it. */
export interface StackExperimentOptions {
  /** Base learner names (keys of learnerFactories), at least two. */
  base: string[];
  /** The meta-learner's name (one of metaKinds). */
  meta: string;
  /** Convex meta-learner only: one weight per model and class. */
  perClass?: boolean;
  /** k of the stratified k-fold (≥ 2). */
  folds: number;
  /** Seeds the split, the folds and the learners. */
  seed: number;
  /** The fraction of rows held out for testing, in (0, 1). */
  testSize: number;
  /** Give the meta-learner the original features too (logreg only). */
  passthrough?: boolean;
  /** `balanced`: the base learners that can (classWeightedLearners) weight classes as scikit-learn's "balanced". */
  classWeight?: 'none' | 'balanced';
  /** Progress lines; default: none. */
  log?: (line: string) => void;
}

/**
 * A stacking experiment's result, as the `stack` command writes it (without the env block): every base model's and
 * the stack's test accuracy, the meta-learner's weights, the fold of every training row, every seed and the timings.
 */
export interface StackResult {
  /** The dataset's source. */
  data: string;
  /** Rows on each side of the split, and the dataset's features and classes. */
  rows: { train: number; test: number; features: number; classes: number };
  folds: number;
  seed: number;
  testSize: number;
  passthrough: boolean;
  /**
   * Per base model, in order: its parameters, its accuracy on its out-of-fold predictions and on the test rows,
   * and its fit times (ms).
   */
  baseModels: { name: string; params: Record<string, unknown>; oofAccuracy: number; testAccuracy: number; fitMs: Omit<BaseFitMs, 'model'> }[];
  /**
   * The meta-learner: its test accuracy (the stack's), every classification score of the stack on the test rows
   * (confusion matrix, per-class precision/recall/F1, balanced accuracy, macro-F1), and its weights per base model
   * (and per class).
   */
  meta: { kind: string; params: Record<string, unknown>; testAccuracy: number; testReport: ClassificationReport; weights: number[]; weightsPerClass?: number[][]; weightsMeaning: string };
  /** Dataset row indices of the training part, and the fold (0-based) each of those rows was held out in. */
  foldAssignments: { trainRows: number[]; fold: number[] };
  /** The split's and the folds' seeds, and the seed of every learner instance fitted. */
  seeds: { split: number; folds: number; learners: LearnerSeed[] };
  /** Milliseconds: the whole experiment, all base fits, the meta-learner's fit, and predicting the test rows. */
  timings: { totalMs: number; baseFitMs: number; metaFitMs: number; predictMs: number };
}

/**
 * Runs one stacking experiment: a stratified split, standardization fitted on the training part, a Stack fitted on
 * the training rows, and every base model and the stack scored on the test rows. Throws BadInputError for unknown
 * learner names or unusable options, LearnerFitError when a base learner fails.
 */
export async function runStackExperiment(engine: Engine, dataset: Dataset, options: StackExperimentOptions): Promise<StackResult> {
  requireClasses(dataset, 'this stack (runRegressionStackExperiment is the regression one)');
  const started = performance.now();
  const base = baseLearners(options.base, { classWeight: options.classWeight });
  const meta = metaLearner(options.meta, { perClass: options.perClass });
  const split = standardizedSplit(dataset, options.testSize, options.seed);
  const { train, test } = split;
  const stack = new Stack({ base, meta, folds: options.folds, seed: options.seed, passthrough: options.passthrough, classNames: dataset.classNames, log: options.log });
  try {
    await stack.fit(engine, train, train.labels, dataset.classNames.length);
    const fitted = stack.fitted;
    const scores = await score(engine, stack, train, test);
    return {
      data: dataset.source,
      rows: { train: train.rows, test: test.rows, features: train.cols, classes: dataset.classNames.length },
      folds: options.folds,
      seed: options.seed,
      testSize: options.testSize,
      passthrough: !!options.passthrough,
      baseModels: base.map((spec, m) => ({ name: spec.name, params: { ...stack.baseParams[m] }, ...scores.base[m], fitMs: { folds: fitted.fitMs[m].folds, refit: fitted.fitMs[m].refit, together: fitted.fitMs[m].together } })),
      meta: await metaSummary(engine, stack.meta, scores.stackTestReport),
      foldAssignments: { trainRows: Array.from(split.indices.train), fold: Array.from(fitted.layout.foldOfRow) },
      seeds: { split: options.seed, folds: fitted.seeds.folds, learners: fitted.seeds.learners },
      timings: {
        totalMs: performance.now() - started,
        baseFitMs: fitted.fitMs.reduce((s, f) => s + totalFitMs(f), 0),
        metaFitMs: fitted.metaFitMs,
        predictMs: scores.predictMs,
      },
    };
  } finally {
    stack.dispose();
  }
}

interface Scores {
  /** Per base model, in base order: accuracy on its out-of-fold predictions and on the test rows. */
  base: { oofAccuracy: number; testAccuracy: number }[];
  /** The stack's scores on the test rows (its accuracy among them). */
  stackTestReport: ClassificationReport;
  /** Time to predict the test rows with every base model and combine them. */
  predictMs: number;
}

async function score(engine: Engine, stack: Stack, train: Dataset, test: Dataset): Promise<Scores> {
  const classes = train.classNames.length;
  const predictStarted = performance.now();
  const { baseProbs, stackProbs } = await testProbabilities(engine, stack, test);
  const predictMs = performance.now() - predictStarted;
  const oofProbs = await readArray(engine, stack.oof);
  const oofLabels = takeLabels(train.labels, stack.fitted.layout.order);
  const slice = (probs: Float32Array, m: number, rows: number) => probs.subarray(m * rows * classes, (m + 1) * rows * classes);
  return {
    base: stack.baseParams.map((_, m) => ({
      oofAccuracy: accuracy(argmaxRows(slice(oofProbs, m, train.rows), classes), oofLabels),
      testAccuracy: accuracy(argmaxRows(slice(baseProbs, m, test.rows), classes), test.labels),
    })),
    stackTestReport: classificationReport(test.labels, argmaxRows(stackProbs, classes), test.classNames),
    predictMs,
  };
}

/** Every base model's probabilities P [models, rows, classes] for the test rows, and the stack's [rows, classes]. */
async function testProbabilities(engine: Engine, stack: Stack, test: Dataset): Promise<{ baseProbs: Float32Array; stackProbs: Float32Array }> {
  const p = await stack.basePredictions(engine, test);
  try {
    const combined = await stack.combine(engine, p, test);
    try {
      return { baseProbs: await readArray(engine, p), stackProbs: await readArray(engine, combined) };
    } finally {
      destroyArray(combined);
    }
  } finally {
    destroyArray(p);
  }
}

async function metaSummary(engine: Engine, meta: MetaLearner, testReport: ClassificationReport): Promise<StackResult['meta']> {
  const weights = await meta.weights(engine);
  return {
    kind: meta.kind,
    params: { ...meta.params },
    testAccuracy: testReport.accuracy,
    testReport,
    weights: weights.perModel,
    ...(weights.perModelClass ? { weightsPerClass: weights.perModelClass } : {}),
    weightsMeaning: weights.meaning,
  };
}
