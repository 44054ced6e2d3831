// What a regression stack's learners share: fit on host rows and targets, predict one value per row on the host.
// Predictions stay on the host (unlike a classifier's probabilities): one float per row, and the meta-learner
// solves a system as small as the number of models on the CPU.
import type { Engine } from '../gpu/engine.js';
import type { Matrix } from './learner.js';

/**
 * A regressor a regression stack can use: fits on `x` [rows, cols] and targets `y`, predicts one value per row.
 * Base regressors come from regressorFactories; a RegressionStack is one.
 */
export interface Regressor {
  /** The name the command line and result files use (`ridge`, `knn`, `stack(…)`). */
  readonly name: string;
  /** Everything that decides what the regressor computes (hyper-parameters and seed), for result files. */
  readonly params: Readonly<Record<string, unknown>>;
  /** Fits on `x` [rows, cols] and one target per row; replaces any earlier fit. */
  fit(engine: Engine, x: Matrix, y: Float32Array): Promise<void>;
  /** One prediction per row of `x`. */
  predict(engine: Engine, x: Matrix): Promise<Float32Array>;
  /** Frees the regressor's GPU resources; it cannot predict afterwards. */
  dispose(): void;
}

/** Makes a fresh, unfitted regressor; a regression stack calls it once per fold and once for the refit. */
export type RegressorFactory = (seed: number) => Regressor;

/** The targets at `indices`, in that order (a copy). */
export function takeTargets(y: Float32Array, indices: ArrayLike<number>): Float32Array {
  const out = new Float32Array(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = y[indices[i]];
  return out;
}
