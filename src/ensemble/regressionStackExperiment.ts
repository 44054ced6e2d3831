// One regression stacking experiment as the `stack` command runs it: a shuffled split, standardized features
// (fitted on the training part), the RegressionStack fitted on the training rows, every base model and the stack
// scored (RMSE, MAE, R²) on their out-of-fold and test predictions.
import type { Dataset } from '../data/dataset.js';
import { regressionReport, type RegressionReport } from '../data/metrics.js';
import { standardizedSplit } from '../data/standardize.js';
import { BadInputError } from '../errors.js';
import type { Engine } from '../gpu/engine.js';
import { baseRegressors } from './registry.js';
import { RegressionStack } from './regressionStack.js';
import { totalFitMs, type BaseFitMs, type LearnerSeed } from './stack.js';

/** One regression stacking experiment. */
export interface RegressionStackExperimentOptions {
  /** Base regressor names (keys of regressorFactories), at least two. */
  base: string[];
  /** A RegressionMetaKind. */
  meta: string;
  /** k of the shuffled k-fold (≥ 2). */
  folds: number;
  /** Seeds the split, the folds and the regressors. */
  seed: number;
  /** The fraction of rows held out for testing, in (0, 1). */
  testSize: number;
  /** Progress lines (one per fold fitted); default: none. */
  log?: (line: string) => void;
}

/** A regression stacking experiment's result, as the `stack` command writes it (without the env block). */
export interface RegressionStackResult {
  task: 'regression';
  data: string;
  rows: { train: number; test: number; features: number };
  folds: number;
  seed: number;
  testSize: number;
  /** Per base model, in order: its parameters, its scores on its out-of-fold and on the test predictions, its fit times (ms). */
  baseModels: { name: string; params: Record<string, unknown>; oof: RegressionReport; test: RegressionReport; fitMs: Omit<BaseFitMs, 'model'> }[];
  /** The meta-learner: the stack's test scores, its weight per base model and intercept. */
  meta: { kind: string; test: RegressionReport; weights: number[]; intercept: number; weightsMeaning: string };
  /** Dataset row indices of the training part, and the fold (0-based) each of those rows was held out in. */
  foldAssignments: { trainRows: number[]; fold: number[] };
  seeds: { split: number; folds: number; learners: LearnerSeed[] };
  /** Milliseconds: the whole experiment, all base fits, the meta-learner's fit, and predicting the test rows. */
  timings: { totalMs: number; baseFitMs: number; metaFitMs: number; predictMs: number };
}

/**
 * Runs one regression stacking experiment on a dataset with targets. BadInputError for a classification dataset,
 * unknown regressor names or unusable options; LearnerFitError when a base regressor fails.
 */
export async function runRegressionStackExperiment(engine: Engine, dataset: Dataset, options: RegressionStackExperimentOptions): Promise<RegressionStackResult> {
  if (!dataset.targets) throw new BadInputError(`${dataset.source}: a regression stack needs a numeric target (read with task regression)`);
  const started = performance.now();
  const base = baseRegressors(options.base);
  const stack = new RegressionStack({ base, meta: options.meta, folds: options.folds, seed: options.seed, log: options.log });
  // Every label of a regression dataset is 0, so this split is a plain shuffled one.
  const split = standardizedSplit(dataset, options.testSize, options.seed);
  const { train, test } = split;
  const trainTargets = train.targets!;
  const testTargets = test.targets!;
  try {
    await stack.fit(engine, train, trainTargets);
    const fitted = stack.fitted;
    const predictStarted = performance.now();
    const testP = await stack.basePredictions(engine, test);
    const stackTest = stack.combine(testP, test.rows);
    const predictMs = performance.now() - predictStarted;
    const slice = (p: Float32Array, m: number, rows: number) => p.subarray(m * rows, (m + 1) * rows);
    return {
      task: 'regression',
      data: dataset.source,
      rows: { train: train.rows, test: test.rows, features: train.cols },
      folds: options.folds,
      seed: options.seed,
      testSize: options.testSize,
      baseModels: base.map((spec, m) => ({
        name: spec.name,
        params: { ...stack.baseParams[m] },
        oof: regressionReport(trainTargets, slice(fitted.oof, m, train.rows)),
        test: regressionReport(testTargets, slice(testP, m, test.rows)),
        fitMs: { folds: fitted.fitMs[m].folds, refit: fitted.fitMs[m].refit, together: fitted.fitMs[m].together },
      })),
      meta: { kind: stack.meta.kind, test: regressionReport(testTargets, stackTest), weights: stack.meta.weights, intercept: stack.meta.intercept, weightsMeaning: stack.meta.meaning },
      foldAssignments: { trainRows: Array.from(split.indices.train), fold: Array.from(fitted.foldOfRow) },
      seeds: { split: options.seed, folds: fitted.seeds.folds, learners: fitted.seeds.learners },
      timings: {
        totalMs: performance.now() - started,
        baseFitMs: fitted.fitMs.reduce((s, f) => s + totalFitMs(f), 0),
        metaFitMs: fitted.metaFitMs,
        predictMs,
      },
    };
  } finally {
    stack.dispose();
  }
}
