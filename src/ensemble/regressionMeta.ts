// A regression stack's second level: one linear combination of the base models' out-of-fold predictions, fitted
// in float64 on the CPU (the system is models × models). `convex`: weights ≥ 0 that sum to 1, no intercept, by
// projected accelerated gradient on the simplex; `linear`: ridge with an intercept, as scikit-learn's
// StackingRegressor's default RidgeCV final estimator; `vote`: the plain mean, the baseline.
import { BadInputError } from '../errors.js';
import { ridgeFit } from './leastSquares.js';

/** The regression meta-learners, as `--meta` names them for a regression stack. */
export type RegressionMetaKind = 'convex' | 'linear' | 'vote';

/** Every RegressionMetaKind, as `--meta` accepts them for regression. */
export const regressionMetaKinds: readonly RegressionMetaKind[] = ['convex', 'linear', 'vote'];

/** A fitted combination: prediction = intercept + Σ weights[m] · model m's prediction. */
export interface RegressionCombination {
  readonly kind: RegressionMetaKind;
  readonly weights: number[];
  readonly intercept: number;
  /** What the numbers are, for readers of the result file. */
  readonly meaning: string;
}

/** The meta-learner `kind` fitted on out-of-fold predictions p [models, rows] against targets `y` [rows]. */
export function fitRegressionMeta(kind: string, p: Float32Array, models: number, y: Float32Array): RegressionCombination {
  const rows = y.length;
  if (kind === 'vote') return { kind, weights: new Array<number>(models).fill(1 / models), intercept: 0, meaning: 'equal weights: the mean of the base predictions' };
  if (kind === 'linear') {
    const fit = ridgeFit(rowMajor(p, models, rows), rows, models, y, 1);
    return { kind, weights: Array.from(fit.weights), intercept: fit.intercept, meaning: 'ridge (alpha 1) weights and intercept on the out-of-fold predictions' };
  }
  if (kind === 'convex') return { kind, weights: convexWeights(p, models, y), intercept: 0, meaning: 'convex weights (≥ 0, summing to 1) minimising the out-of-fold squared error' };
  throw new BadInputError(`unknown regression meta-learner "${kind}"; a regression stack takes ${regressionMetaKinds.join(', ')}`);
}

/** The combination applied to predictions p [models, rows]. */
export function combinePredictions(combination: RegressionCombination, p: Float32Array, rows: number): Float32Array {
  const out = new Float32Array(rows).fill(combination.intercept);
  combination.weights.forEach((w, m) => {
    for (let r = 0; r < rows; r++) out[r] += w * p[m * rows + r];
  });
  return out;
}

function rowMajor(p: Float32Array, models: number, rows: number): Float64Array {
  const out = new Float64Array(rows * models);
  for (let m = 0; m < models; m++) for (let r = 0; r < rows; r++) out[r * models + m] = p[m * rows + r];
  return out;
}

const convexSteps = 5000;

/**
 * argmin over the simplex of the mean squared error ½wᵀGw − bᵀw (G = PᵀP / n, b = Pᵀy / n): FISTA steps of 1 / tr(G)
 * (tr G bounds G's largest eigenvalue), each projected back onto the simplex. A handful of models makes each step
 * a few dozen flops.
 */
function convexWeights(p: Float32Array, models: number, y: Float32Array): number[] {
  const rows = y.length;
  const gram = new Float64Array(models * models);
  const b = new Float64Array(models);
  for (let i = 0; i < models; i++) {
    for (let r = 0; r < rows; r++) b[i] += p[i * rows + r] * y[r];
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let r = 0; r < rows; r++) sum += p[i * rows + r] * p[j * rows + r];
      gram[i * models + j] = gram[j * models + i] = sum / rows;
    }
    b[i] /= rows;
  }
  let trace = 0;
  for (let i = 0; i < models; i++) trace += gram[i * models + i];
  const step = trace > 0 ? 1 / trace : 1;
  let w: Float64Array = new Float64Array(models).fill(1 / models);
  let z: Float64Array = w.slice();
  let t = 1;
  for (let s = 0; s < convexSteps; s++) {
    const moved = new Float64Array(models);
    for (let i = 0; i < models; i++) {
      let gradient = -b[i];
      for (let j = 0; j < models; j++) gradient += gram[i * models + j] * z[j];
      moved[i] = z[i] - step * gradient;
    }
    const next = projectOntoSimplex(moved);
    const tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
    z = next.map((v, i) => v + ((t - 1) / tNext) * (v - w[i]));
    w = next;
    t = tNext;
  }
  return Array.from(w);
}

/** The closest point of {w ≥ 0, Σw = 1} to v (Duchi et al. 2008: sort, find the threshold, clip). */
export function projectOntoSimplex(v: Float64Array): Float64Array {
  const sorted = Array.from(v).sort((a, b) => b - a);
  let sum = 0;
  let theta = 0;
  for (let i = 0; i < sorted.length; i++) {
    sum += sorted[i];
    const candidate = (sum - 1) / (i + 1);
    if (sorted[i] - candidate > 0) theta = candidate;
  }
  return v.map((x) => Math.max(0, x - theta));
}
