// The `logreg` meta-learner: multinomial logistic regression (scikit-learn's default C = 1) on each row's base
// probabilities laid side by side [P₀ … P_{M−1}] (+ the original features with passthrough), like
// StackingClassifier's default final estimator. It fits in float64 on the CPU (softmaxRegression.ts says why),
// so unlike convex and vote it reads P back once per fit and per prediction.
import type { Engine } from '../gpu/engine.js';
import { createArray, readArray, type GpuArray } from '../gpu/gpuArray.js';
import { expectRank } from '../kernels/shapes.js';
import { ShapeError } from '../errors.js';
import type { Matrix } from './learner.js';
import type { MetaLearner, MetaWeights } from './metaLearner.js';
import { fitSoftmaxRegression, softmaxRegressionProba, type SoftmaxRegression, type SoftmaxRegressionOptions } from './softmaxRegression.js';
import { NotFittedError } from './errors.js';

export function logregMeta(options: SoftmaxRegressionOptions = {}): MetaLearner {
  let model: { regression: SoftmaxRegression; models: number } | null = null;
  return {
    kind: 'logreg',
    params: { C: options.C ?? 1 },
    acceptsFeatures: true,
    async fit(engine: Engine, p: GpuArray, labels: Uint32Array, features?: Matrix) {
      const [models, , classes] = p.shape;
      model = { regression: fitSoftmaxRegression(await metaFeatures(engine, p, features), labels, classes, options), models };
    },
    async predictProba(engine: Engine, p: GpuArray, features?: Matrix): Promise<GpuArray> {
      if (!model) throw new NotFittedError('logreg meta-learner', 'predictProba');
      const x = await metaFeatures(engine, p, features);
      return createArray(engine, 'logreg meta probabilities', [x.rows, model.regression.classes], softmaxRegressionProba(model.regression, x));
    },
    async weights(): Promise<MetaWeights> {
      if (!model) throw new NotFittedError('logreg meta-learner', 'weights');
      const { theta, classes } = model.regression;
      const mass = Array.from({ length: model.models }, (_, m) => {
        let s = 0;
        for (let i = m * classes * classes; i < (m + 1) * classes * classes; i++) s += Math.abs(theta[i]);
        return s;
      });
      const total = mass.reduce((a, b) => a + b, 0) || 1;
      return { perModel: mass.map((s) => s / total), meaning: "each model's share of the meta-learner's absolute coefficient mass over base probabilities" };
    },
    dispose() {
      model = null;
    },
  };
}

/** Row n: P[0, n, :], …, P[M−1, n, :], then the row's original features (passthrough). */
async function metaFeatures(engine: Engine, p: GpuArray, features?: Matrix): Promise<Matrix> {
  expectRank('logreg meta-learner', 'P', p, 3);
  const [models, rows, classes] = p.shape;
  if (features && features.rows !== rows) throw new ShapeError('logreg meta-learner', 'passthrough features', [rows, 'cols'], [features.rows, features.cols], 'one row per row of base predictions');
  const probs = await readArray(engine, p);
  const extra = features?.cols ?? 0;
  const cols = models * classes + extra;
  const out = new Float32Array(rows * cols);
  for (let n = 0; n < rows; n++) {
    for (let m = 0; m < models; m++) out.set(probs.subarray((m * rows + n) * classes, (m * rows + n + 1) * classes), n * cols + m * classes);
    if (features) out.set(features.features.subarray(n * extra, (n + 1) * extra), n * cols + models * classes);
  }
  return { features: out, rows, cols };
}
