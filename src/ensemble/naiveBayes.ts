// Gaussian naive Bayes, fitted and evaluated on the CPU in float64 (a few sums per class: no GPU work worth the
// dispatch); its probabilities are uploaded so stacking treats it like every other learner.
import type { Engine } from '../gpu/engine.js';
import { createArray, type GpuArray } from '../gpu/gpuArray.js';
import { ShapeError } from '../errors.js';
import type { Learner, Matrix } from './learner.js';
import { softmaxInPlace } from './softmaxRegression.js';
import { NotFittedError } from './errors.js';

export interface NaiveBayesOptions {
  /**
   * Variance floor as a fraction of the largest feature variance. Much larger than scikit-learn's 1e-9 because
   * digits has pixels that are constant within a class: a tiny floor makes the model certain, and wrong, on any
   * row that differs there, which also gives the convex meta-learner log(0) to fit.
   */
  varSmoothing?: number;
}

export function gaussianNaiveBayes(options: NaiveBayesOptions = {}): Learner {
  const varSmoothing = options.varSmoothing ?? 0.01;
  let model: { mean: Float64Array; variance: Float64Array; logPrior: Float64Array; classes: number; cols: number } | null = null;
  return {
    name: 'nb',
    params: { varSmoothing },
    async fit(_engine: Engine, x: Matrix, y: Uint32Array, classes: number) {
      const { rows, cols, features: values } = x;
      const count = new Float64Array(classes);
      const mean = new Float64Array(classes * cols);
      const variance = new Float64Array(classes * cols);
      for (let r = 0; r < rows; r++) {
        count[y[r]]++;
        for (let f = 0; f < cols; f++) mean[y[r] * cols + f] += values[r * cols + f];
      }
      for (let c = 0; c < classes; c++) for (let f = 0; f < cols; f++) mean[c * cols + f] /= Math.max(1, count[c]);
      for (let r = 0; r < rows; r++) {
        for (let f = 0; f < cols; f++) variance[y[r] * cols + f] += (values[r * cols + f] - mean[y[r] * cols + f]) ** 2;
      }
      let largest = 0;
      for (let f = 0; f < cols; f++) {
        let s = 0;
        let s2 = 0;
        for (let r = 0; r < rows; r++) {
          s += values[r * cols + f];
          s2 += values[r * cols + f] ** 2;
        }
        largest = Math.max(largest, s2 / rows - (s / rows) ** 2);
      }
      const floor = varSmoothing * (largest || 1);
      for (let c = 0; c < classes; c++) for (let f = 0; f < cols; f++) variance[c * cols + f] = variance[c * cols + f] / Math.max(1, count[c]) + floor;
      const logPrior = count.map((n) => Math.log(Math.max(n, 1e-300) / rows));
      model = { mean, variance, logPrior, classes, cols };
    },
    async predictProba(engine: Engine, x: Matrix): Promise<GpuArray> {
      if (!model) throw new NotFittedError('nb', 'predictProba');
      const { mean, variance, logPrior, classes, cols } = model;
      if (x.cols !== cols) throw new ShapeError('nb', 'x', ['rows', cols], [x.rows, x.cols], `fitted on ${cols} features`);
      const out = new Float32Array(x.rows * classes);
      const joint = new Float64Array(classes);
      for (let r = 0; r < x.rows; r++) {
        for (let c = 0; c < classes; c++) {
          let s = logPrior[c];
          for (let f = 0; f < cols; f++) {
            const v = variance[c * cols + f];
            s -= 0.5 * (Math.log(2 * Math.PI * v) + (x.features[r * cols + f] - mean[c * cols + f]) ** 2 / v);
          }
          joint[c] = s;
        }
        softmaxInPlace(joint);
        out.set(joint, r * classes);
      }
      return createArray(engine, 'nb probabilities', [x.rows, classes], out);
    },
    dispose() {
      model = null;
    },
  };
}
