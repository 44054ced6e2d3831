// The one interface every base learner, meta-learner input and stack shares: fit on host rows, predict
// probabilities into a GPU array, so out-of-fold predictions can be assembled on the GPU without a read-back.
import type { Engine } from '../gpu/engine.js';
import type { GpuArray } from '../gpu/gpuArray.js';

/** Row-major float32 features on the host: `rows × cols` (a data-layer Dataset is one). */
export interface Matrix {
  readonly features: Float32Array;
  readonly rows: number;
  readonly cols: number;
}

/**
 * A classifier stacking can use: fits on host rows, predicts class probabilities into a GPU array, so out-of-fold
 * predictions are assembled on the GPU without a read-back. Base learners come from learnerFactories; a Stack is one.
 */
export interface Learner {
  /** The name the command line and result files use (`mlp`, `knn`, `stack(…)`). */
  readonly name: string;
  /** Everything that decides what the learner computes (hyper-parameters and seed), for result files. */
  readonly params: Readonly<Record<string, unknown>>;
  /** Fits on `x` [rows, cols] with labels `y` in 0..classes-1. */
  fit(engine: Engine, x: Matrix, y: Uint32Array, classes: number): Promise<void>;
  /** Class probabilities as a new GPU array [x.rows, classes]; the caller owns (and destroys) it. */
  predictProba(engine: Engine, x: Matrix): Promise<GpuArray>;
  /** Frees the learner's GPU resources; it cannot predict afterwards. */
  dispose(): void;
  /**
   * Optional, for learners that train many models at once (the mlp learner: one MlpBatch): fits one model per fold,
   * on x's rows `folds[f].rows` seeded `folds[f].seed`, and this learner itself on every row, together.
   */
  fitFolds?(engine: Engine, x: Matrix, y: Uint32Array, classes: number, folds: readonly FoldFit[]): Promise<FoldModels>;
}

/** One fold model of fitFolds: the rows of x it fits on, and its seed. */
export interface FoldFit {
  rows: Uint32Array;
  seed: number;
}

/** The fold models of fitFolds: fold f's probabilities for `x` as a new GPU array; dispose() when the out-of-fold predictions are made. */
export interface FoldModels {
  /** Fold `fold`'s class probabilities for the rows of `x`: [rows, classes], a new array the caller owns. */
  predictProba(engine: Engine, fold: number, x: Matrix): Promise<GpuArray>;
  /** Frees every fold model's GPU memory. */
  dispose(): void;
}

/** Makes a fresh, unfitted learner; stacking calls it once per fold and once for the final refit. */
export type LearnerFactory = (seed: number) => Learner;

/** The rows of `x` at `indices`, in that order (a copy). */
export function takeRows(x: Matrix, indices: ArrayLike<number>): Matrix {
  const out = new Float32Array(indices.length * x.cols);
  for (let i = 0; i < indices.length; i++) out.set(x.features.subarray(indices[i] * x.cols, (indices[i] + 1) * x.cols), i * x.cols);
  return { features: out, rows: indices.length, cols: x.cols };
}

/** The labels at `indices`, in that order (a copy). */
export function takeLabels(y: Uint32Array, indices: ArrayLike<number>): Uint32Array {
  const out = new Uint32Array(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = y[indices[i]];
  return out;
}
