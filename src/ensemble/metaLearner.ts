// What a stack's second level looks like: it learns from base-model probabilities P [models, rows, classes] that
// stay on the GPU, and reports how much it trusts each model.
import type { Engine } from '../gpu/engine.js';
import type { GpuArray } from '../gpu/gpuArray.js';
import type { Matrix } from './learner.js';

/**
 * The meta-learners: `convex` (a softmax-weighted average of the base probabilities, fitted by Adam on the GPU),
 * `logreg` (multinomial logistic regression on the probabilities side by side, plus the features with passthrough;
 * CPU) and `vote` (equal-weight soft voting, the baseline).
 */
export type MetaKind = 'convex' | 'logreg' | 'vote';

/** How much a fitted meta-learner trusts each base model, as result files report it. */
export interface MetaWeights {
  /** One number per base model; for convex and vote they are ≥ 0 and sum to 1. */
  perModel: number[];
  /** [models][classes] when the weights differ per class (convex per-model-per-class). */
  perModelClass?: number[][];
  /** What the numbers are, for readers of the result file. */
  meaning: string;
}

/**
 * A stack's second level: fits on out-of-fold base probabilities P [models, rows, classes] that stay on the GPU,
 * and combines P into one [rows, classes]. Make one with metaLearner(kind).make().
 */
export interface MetaLearner {
  readonly kind: MetaKind;
  /** Its hyper-parameters, for result files. */
  readonly params: Readonly<Record<string, unknown>>;
  /** Whether the original features (passthrough) can be used; only a feature-based meta-learner can. */
  readonly acceptsFeatures: boolean;
  /** `features`, when given, are the same rows as P's second axis (passthrough). */
  fit(engine: Engine, p: GpuArray, labels: Uint32Array, features?: Matrix): Promise<void>;
  /** Combined probabilities [rows, classes] as a new GPU array the caller owns. */
  predictProba(engine: Engine, p: GpuArray, features?: Matrix): Promise<GpuArray>;
  /** The fitted weights per base model (read back from the GPU when they live there); NotFittedError before fit. */
  weights(engine: Engine): Promise<MetaWeights>;
  /** Frees its GPU resources; it cannot predict afterwards. */
  dispose(): void;
}
