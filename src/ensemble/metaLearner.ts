// What a stack's second level looks like: it learns from base-model probabilities P [models, rows, classes] that
// stay on the GPU, and reports how much it trusts each model.
import type { Engine } from '../gpu/engine.js';
import type { GpuArray } from '../gpu/gpuArray.js';
import type { Matrix } from './learner.js';

export type MetaKind = 'convex' | 'logreg' | 'vote';

export interface MetaWeights {
  /** One number per base model; for convex and vote they are ≥ 0 and sum to 1. */
  perModel: number[];
  /** [models][classes] when the weights differ per class (convex per-model-per-class). */
  perModelClass?: number[][];
  /** What the numbers are, for readers of the result file. */
  meaning: string;
}

export interface MetaLearner {
  readonly kind: MetaKind;
  readonly params: Readonly<Record<string, unknown>>;
  /** Whether the original features (passthrough) can be used; only a feature-based meta-learner can. */
  readonly acceptsFeatures: boolean;
  /** `features`, when given, are the same rows as P's second axis (passthrough). */
  fit(engine: Engine, p: GpuArray, labels: Uint32Array, features?: Matrix): Promise<void>;
  /** Combined probabilities [rows, classes] as a new GPU array the caller owns. */
  predictProba(engine: Engine, p: GpuArray, features?: Matrix): Promise<GpuArray>;
  weights(engine: Engine): Promise<MetaWeights>;
  dispose(): void;
}
