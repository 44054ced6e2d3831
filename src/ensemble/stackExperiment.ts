// One stacking experiment as the `stack` command and the demo run it: stratified split, standardization fitted
// on the training part, the stack fitted on the training rows, every base model and the stack scored on the test
// rows. Returns the contract's result fields (without env) plus fold assignments and seeds.
import type { Dataset } from '../data/dataset.js';
import { trainTestSplit } from '../data/split.js';
import { standardizeSplit } from '../data/standardize.js';
import type { Engine } from '../gpu/engine.js';
import { destroyArray, readArray } from '../gpu/gpuArray.js';
import { accuracy, argmaxRows } from '../data/metrics.js';
import { takeLabels } from './learner.js';
import type { MetaWeights } from './metaLearner.js';
import { baseLearners, metaLearner } from './registry.js';
import { Stack, type LearnerSeed } from './stack.js';

export interface StackExperimentOptions {
  base: string[];
  meta: string;
  perClass?: boolean;
  folds: number;
  seed: number;
  testSize: number;
  passthrough?: boolean;
  log?: (line: string) => void;
}

export interface StackResult {
  data: string;
  rows: { train: number; test: number; features: number; classes: number };
  folds: number;
  seed: number;
  testSize: number;
  passthrough: boolean;
  baseModels: { name: string; params: Record<string, unknown>; oofAccuracy: number; testAccuracy: number; fitMs: { folds: number[]; refit: number } }[];
  meta: { kind: string; params: Record<string, unknown>; testAccuracy: number; weights: number[]; weightsPerClass?: number[][]; weightsMeaning: string };
  /** Dataset row indices of the training part, and the fold (0-based) each of those rows was held out in. */
  foldAssignments: { trainRows: number[]; fold: number[] };
  seeds: { split: number; folds: number; learners: LearnerSeed[] };
  timings: { totalMs: number; baseFitMs: number; metaFitMs: number; predictMs: number };
}

export async function runStackExperiment(engine: Engine, dataset: Dataset, options: StackExperimentOptions): Promise<StackResult> {
  const started = performance.now();
  const classes = dataset.classNames.length;
  const base = baseLearners(options.base);
  const meta = metaLearner(options.meta, { perClass: options.perClass });
  const split = trainTestSplit(dataset, options.testSize, options.seed);
  const { train, test } = standardizeSplit(split.train, split.test);
  const stack = new Stack({ base, meta, folds: options.folds, seed: options.seed, passthrough: options.passthrough, classNames: dataset.classNames, log: options.log });
  try {
    await stack.fit(engine, train, train.labels, classes);
    const fitted = stack.fitted;
    const predictStarted = performance.now();
    const p = await stack.basePredictions(engine, test);
    let stackProbs: Float32Array;
    let baseProbs: Float32Array;
    try {
      const combined = await stack.combine(engine, p, test);
      try {
        stackProbs = await readArray(engine, combined);
      } finally {
        destroyArray(combined);
      }
      baseProbs = await readArray(engine, p);
    } finally {
      destroyArray(p);
    }
    const predictMs = performance.now() - predictStarted;
    const oofProbs = await readArray(engine, stack.oof);
    const oofLabels = takeLabels(train.labels, fitted.layout.order);
    const slice = (probs: Float32Array, m: number, rows: number) => probs.subarray(m * rows * classes, (m + 1) * rows * classes);
    const weights: MetaWeights = await stack.meta.weights(engine);
    return {
      data: dataset.source,
      rows: { train: train.rows, test: test.rows, features: dataset.cols, classes },
      folds: options.folds,
      seed: options.seed,
      testSize: options.testSize,
      passthrough: !!options.passthrough,
      baseModels: base.map((spec, m) => ({
        name: spec.name,
        params: { ...stack.baseParams[m] },
        oofAccuracy: accuracy(argmaxRows(slice(oofProbs, m, train.rows), classes), oofLabels),
        testAccuracy: accuracy(argmaxRows(slice(baseProbs, m, test.rows), classes), test.labels),
        fitMs: { folds: fitted.fitMs[m].folds, refit: fitted.fitMs[m].refit },
      })),
      meta: {
        kind: meta.kind,
        params: { ...stack.meta.params },
        testAccuracy: accuracy(argmaxRows(stackProbs, classes), test.labels),
        weights: weights.perModel,
        ...(weights.perModelClass ? { weightsPerClass: weights.perModelClass } : {}),
        weightsMeaning: weights.meaning,
      },
      foldAssignments: { trainRows: Array.from(split.indices.train), fold: Array.from(fitted.layout.foldOfRow) },
      seeds: { split: options.seed, folds: fitted.seeds.folds, learners: fitted.seeds.learners },
      timings: {
        totalMs: performance.now() - started,
        baseFitMs: fitted.fitMs.reduce((s, f) => s + f.refit + f.folds.reduce((a, b) => a + b, 0), 0),
        metaFitMs: fitted.metaFitMs,
        predictMs,
      },
    };
  } finally {
    stack.dispose();
  }
}
