// Learner, regressor and meta-learner names as the command line spells them.
import { BadInputError } from '../errors.js';
import { convexMeta } from './convexMeta.js';
import { extraTrees } from './extraTrees.js';
import { knnLearner } from './knn.js';
import type { LearnerFactory } from './learner.js';
import { logisticRegression } from './logisticRegression.js';
import { logregMeta } from './logregMeta.js';
import type { MetaKind, MetaLearner } from './metaLearner.js';
import { mlpLearner, tfjsMlpLearner } from './mlpLearners.js';
import { gaussianNaiveBayes } from './naiveBayes.js';
import type { BaseLearnerSpec } from './stack.js';
import { voteMeta } from './voteMeta.js';
import { extraTreesRegressor } from './extraTreesRegressor.js';
import { knnRegressor } from './knnRegressor.js';
import { mlpRegressor } from './mlpRegressor.js';
import type { BaseRegressorSpec } from './regressionStack.js';
import type { RegressorFactory } from './regressor.js';
import { ridgeRegressor } from './ridgeRegressor.js';

/**
 * The base learners by command-line name, each with a one-line description and its factory; `balanced` is the
 * factory for `classWeight: 'balanced'`, for the learners that can weight classes.
 */
export const learnerFactories: Readonly<Record<string, { describe: string; make: LearnerFactory; balanced?: LearnerFactory }>> = {
  mlp: { describe: 'MLP (64 relu) on the custom WGSL kernels', make: (seed) => mlpLearner(seed) },
  'tfjs-mlp': { describe: 'the same MLP in tfjs layers (slow on SwiftShader)', make: (seed) => tfjsMlpLearner(seed) },
  logreg: { describe: 'multinomial logistic regression, L2 (C = 1), L-BFGS on the CPU', make: () => logisticRegression(), balanced: () => logisticRegression({ classWeight: 'balanced' }) },
  knn: { describe: 'k-nearest neighbours on the GPU, k = 5, uniform votes', make: () => knnLearner({ k: 5, weights: 'uniform' }) },
  'knn-distance': { describe: 'k-nearest neighbours on the GPU, k = 5, votes weighted by 1/distance', make: () => knnLearner({ k: 5, weights: 'distance' }) },
  nb: { describe: 'Gaussian naive Bayes (CPU)', make: () => gaussianNaiveBayes() },
  'extra-trees': { describe: 'extremely randomized trees, 100 trees (CPU)', make: (seed) => extraTrees({ seed }), balanced: (seed) => extraTrees({ seed, classWeight: 'balanced' }) },
};

/** Every MetaKind, as `--meta` accepts them. */
export const metaKinds: readonly MetaKind[] = ['convex', 'logreg', 'vote'];

/**
 * The meta-learner of this name and a factory for it; `perClass` gives the convex meta-learner one weight per model
 * and class. BadInputError for an unknown name, or `perClass` with another kind.
 */
export function metaLearner(kind: string, options: { perClass?: boolean } = {}): { kind: MetaKind; /** A fresh, unfitted meta-learner. */ make: () => MetaLearner } {
  if (kind === 'convex') return { kind, make: () => convexMeta({ perClass: !!options.perClass }) };
  if (options.perClass) throw new BadInputError(`per-class weights are an option of the convex meta-learner, not of ${kind}`);
  if (kind === 'logreg') return { kind, make: () => logregMeta() };
  if (kind === 'vote') return { kind, make: () => voteMeta() };
  throw new BadInputError(`unknown meta-learner "${kind}"; known meta-learners: ${metaKinds.join(', ')}`);
}

/** Learners that take `classWeight: 'balanced'` (the others ignore it). */
export const classWeightedLearners: readonly string[] = Object.keys(learnerFactories).filter((name) => learnerFactories[name].balanced);

/**
 * Base learner specs for these names (keys of learnerFactories), in order; `classWeight: 'balanced'` goes to the
 * learners in classWeightedLearners. BadInputError for an unknown name.
 */
export function baseLearners(names: readonly string[], options: { classWeight?: 'none' | 'balanced' } = {}): BaseLearnerSpec[] {
  return names.map((name) => {
    const entry = learnerFactories[name];
    if (!entry) throw new BadInputError(`unknown learner "${name}"; known learners: ${Object.keys(learnerFactories).join(', ')}`);
    return { name, make: (options.classWeight === 'balanced' && entry.balanced) || entry.make };
  });
}

/** The base regressors by command-line name, each with a one-line description and its factory. */
export const regressorFactories: Readonly<Record<string, { describe: string; make: RegressorFactory }>> = {
  ridge: { describe: 'ridge regression (alpha 1), solved exactly on the CPU', make: () => ridgeRegressor() },
  knn: { describe: 'k-nearest neighbours on the GPU, k = 5, the mean of their targets', make: () => knnRegressor({ k: 5, weights: 'uniform' }) },
  'knn-distance': { describe: 'k-nearest neighbours on the GPU, k = 5, targets weighted by 1/distance', make: () => knnRegressor({ k: 5, weights: 'distance' }) },
  'extra-trees': { describe: 'extremely randomized regression trees, 100 trees (CPU)', make: (seed) => extraTreesRegressor({ seed }) },
  mlp: { describe: 'MLP (64 relu, one linear output) on the custom WGSL kernels, squared-error loss, standardized target', make: (seed) => mlpRegressor(seed) },
  'mlp-huber': { describe: 'the same MLP with the Huber loss (δ = 1 standardized unit)', make: (seed) => mlpRegressor(seed, { loss: { kind: 'huber', delta: 1 } }) },
};

/** Base regressor specs for these names (keys of regressorFactories), in order; BadInputError for an unknown name. */
export function baseRegressors(names: readonly string[]): BaseRegressorSpec[] {
  return names.map((name) => {
    const entry = regressorFactories[name];
    if (!entry) throw new BadInputError(`unknown regressor "${name}"; a regression stack takes ${Object.keys(regressorFactories).join(', ')}`);
    return { name, make: entry.make };
  });
}
