// The `logreg` base learner: multinomial logistic regression with L2 (see softmaxRegression.ts for why it fits
// on the CPU); probabilities are uploaded into a GPU array like every learner's.
import type { Engine } from '../gpu/engine.js';
import { createArray, type GpuArray } from '../gpu/gpuArray.js';
import type { Learner, Matrix } from './learner.js';
import {
  fitSoftmaxRegression,
  softmaxRegressionDefaults,
  softmaxRegressionProba,
  type SoftmaxRegression,
  type SoftmaxRegressionOptions,
} from './softmaxRegression.js';
import { NotFittedError } from './errors.js';

export function logisticRegression(options: SoftmaxRegressionOptions = {}): Learner {
  let model: SoftmaxRegression | null = null;
  return {
    name: 'logreg',
    params: { ...softmaxRegressionDefaults, ...options },
    async fit(_engine: Engine, x: Matrix, y: Uint32Array, classes: number) {
      model = fitSoftmaxRegression(x, y, classes, options);
    },
    async predictProba(engine: Engine, x: Matrix): Promise<GpuArray> {
      if (!model) throw new NotFittedError('logreg', 'predictProba');
      return createArray(engine, 'logreg probabilities', [x.rows, model.classes], softmaxRegressionProba(model, x));
    },
    dispose() {
      model = null;
    },
  };
}
