// Multinomial logistic regression with L2, as scikit-learn's LogisticRegression(C) minimises it:
// Σ_n cross-entropy_n + ‖W‖²/(2C), intercept not penalised, by L-BFGS — in float64 on the CPU. tfjs's training
// ops on this kind of adapter (SwiftShader) measured ~1 s per Adam step even at 1437×30, while one float64
// gradient here is a few milliseconds; the problem is small and convex, so the CPU is the right place for it.
import { ShapeError } from '../errors.js';
import { balancedClassWeights } from './classWeights.js';
import type { Matrix } from './learner.js';

export interface SoftmaxRegressionOptions {
  /** Inverse regularization strength, scikit-learn's C. */
  C?: number;
  maxIterations?: number;
  /** Stop when the objective improves by less than this fraction of itself. */
  tolerance?: number;
  /** `balanced`: each row's loss weighted by rows / (classes · rows of its class), as scikit-learn's class_weight. */
  classWeight?: 'none' | 'balanced';
}

export const softmaxRegressionDefaults: Required<SoftmaxRegressionOptions> = { C: 1, maxIterations: 200, tolerance: 1e-7, classWeight: 'none' };

export interface SoftmaxRegression {
  readonly cols: number;
  readonly classes: number;
  /** [cols + 1, classes]: the weights, then the intercepts as the last row. */
  readonly theta: Float64Array;
  readonly iterations: number;
  /** Mean cross-entropy on the fit rows at the end. */
  readonly finalLoss: number;
}

export function fitSoftmaxRegression(x: Matrix, y: Uint32Array, classes: number, options: SoftmaxRegressionOptions = {}): SoftmaxRegression {
  const o = { ...softmaxRegressionDefaults, ...options };
  const weights = o.classWeight === 'balanced' ? balancedClassWeights(y, classes) : new Float64Array(classes).fill(1);
  const objective = (theta: Float64Array, gradient: Float64Array) => crossEntropyAndGradient(x, y, classes, theta, gradient, 1 / o.C, weights);
  const { theta, iterations } = minimizeLbfgs(objective, new Float64Array((x.cols + 1) * classes), o.maxIterations, o.tolerance);
  const finalLoss = crossEntropyAndGradient(x, y, classes, theta, new Float64Array(theta.length), 0, new Float64Array(classes).fill(1)) / x.rows;
  return { cols: x.cols, classes, theta, iterations, finalLoss };
}

/** Class probabilities, row-major [rows × classes]. */
export function softmaxRegressionProba(model: SoftmaxRegression, x: Matrix): Float32Array {
  if (x.cols !== model.cols) throw new ShapeError('logistic regression', 'x', ['rows', model.cols], [x.rows, x.cols], `fitted on ${model.cols} features`);
  const out = new Float32Array(x.rows * model.classes);
  const logits = new Float64Array(model.classes);
  for (let r = 0; r < x.rows; r++) {
    rowLogits(model.theta, x, r, model.classes, logits);
    softmaxInPlace(logits);
    for (let c = 0; c < model.classes; c++) out[r * model.classes + c] = logits[c];
  }
  return out;
}

function rowLogits(theta: Float64Array, x: Matrix, r: number, classes: number, logits: Float64Array): void {
  const { cols, features } = x;
  for (let c = 0; c < classes; c++) logits[c] = theta[cols * classes + c];
  for (let f = 0; f < cols; f++) {
    const v = features[r * cols + f];
    if (v !== 0) for (let c = 0; c < classes; c++) logits[c] += v * theta[f * classes + c];
  }
}

/** Max-subtracted, so very negative logits (log-likelihoods) stay finite. */
export function softmaxInPlace(logits: Float64Array): void {
  let max = -Infinity;
  for (const v of logits) max = Math.max(max, v);
  let sum = 0;
  for (let c = 0; c < logits.length; c++) sum += logits[c] = Math.exp(logits[c] - max);
  for (let c = 0; c < logits.length; c++) logits[c] /= sum;
}

/** Σ weight[class] · cross-entropy + (penalty/2)‖W‖², and its gradient written into `gradient`. */
function crossEntropyAndGradient(x: Matrix, y: Uint32Array, classes: number, theta: Float64Array, gradient: Float64Array, penalty: number, weights: Float64Array): number {
  const { cols, rows, features } = x;
  gradient.fill(0);
  const p = new Float64Array(classes);
  let loss = 0;
  for (let r = 0; r < rows; r++) {
    rowLogits(theta, x, r, classes, p);
    softmaxInPlace(p);
    const w = weights[y[r]];
    loss -= w * Math.log(Math.max(p[y[r]], 1e-300));
    p[y[r]] -= 1;
    for (let c = 0; c < classes; c++) p[c] *= w;
    for (let f = 0; f < cols; f++) {
      const v = features[r * cols + f];
      if (v !== 0) for (let c = 0; c < classes; c++) gradient[f * classes + c] += v * p[c];
    }
    for (let c = 0; c < classes; c++) gradient[cols * classes + c] += p[c];
  }
  for (let i = 0; i < cols * classes; i++) {
    loss += 0.5 * penalty * theta[i] * theta[i];
    gradient[i] += penalty * theta[i];
  }
  return loss;
}

/** L-BFGS (history 10) with a backtracking Armijo line search (Nocedal & Wright, Algorithms 7.4 and 3.1). */
function minimizeLbfgs(
  objective: (theta: Float64Array, gradient: Float64Array) => number,
  start: Float64Array,
  maxIterations: number,
  tolerance: number,
): { theta: Float64Array; iterations: number } {
  const n = start.length;
  const memory = 10;
  const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, i) => s + v * b[i], 0);
  let theta = start;
  let gradient = new Float64Array(n);
  let value = objective(theta, gradient);
  const steps: { s: Float64Array; y: Float64Array; rho: number }[] = [];
  let iteration = 0;
  for (; iteration < maxIterations; iteration++) {
    const direction = gradient.map((g) => -g);
    const alphas: number[] = [];
    for (let i = steps.length - 1; i >= 0; i--) {
      const a = steps[i].rho * dot(steps[i].s, direction);
      alphas[i] = a;
      for (let j = 0; j < n; j++) direction[j] -= a * steps[i].y[j];
    }
    if (steps.length) {
      const last = steps[steps.length - 1];
      const scale = dot(last.s, last.y) / dot(last.y, last.y);
      for (let j = 0; j < n; j++) direction[j] *= scale;
    }
    for (let i = 0; i < steps.length; i++) {
      const b = steps[i].rho * dot(steps[i].y, direction);
      for (let j = 0; j < n; j++) direction[j] += steps[i].s[j] * (alphas[i] - b);
    }
    let slope = dot(gradient, direction);
    if (!(slope < 0)) {
      steps.length = 0;
      for (let j = 0; j < n; j++) direction[j] = -gradient[j];
      slope = dot(gradient, direction);
    }
    let step = steps.length ? 1 : 1 / Math.sqrt(dot(gradient, gradient) || 1);
    const next = new Float64Array(n);
    const nextGradient = new Float64Array(n);
    let nextValue = Infinity;
    for (let tries = 0; tries < 40; tries++) {
      for (let j = 0; j < n; j++) next[j] = theta[j] + step * direction[j];
      nextValue = objective(next, nextGradient);
      if (nextValue <= value + 1e-4 * step * slope) break;
      step /= 2;
    }
    if (!(nextValue < value)) break;
    const s = next.map((v, j) => v - theta[j]);
    const yDiff = nextGradient.map((v, j) => v - gradient[j]);
    const sy = dot(s, yDiff);
    if (sy > 1e-12) {
      steps.push({ s, y: yDiff, rho: 1 / sy });
      if (steps.length > memory) steps.shift();
    }
    const improvement = value - nextValue;
    theta = next;
    gradient = nextGradient;
    value = nextValue;
    if (improvement < tolerance * Math.max(1, Math.abs(value))) break;
  }
  return { theta, iterations: iteration };
}
