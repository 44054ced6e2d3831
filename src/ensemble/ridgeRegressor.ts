// Ridge regression (L2-penalised least squares with an intercept), solved exactly on the CPU.
import { ShapeError } from '../errors.js';
import type { Engine } from '../gpu/engine.js';
import { NotFittedError } from './errors.js';
import { linearPredict, ridgeFit, type LinearFit } from './leastSquares.js';
import type { Matrix } from './learner.js';
import type { Regressor } from './regressor.js';

export interface RidgeOptions {
  /** The L2 penalty on the weights; default 1, as scikit-learn's Ridge. */
  alpha?: number;
}

export function ridgeRegressor(options: RidgeOptions = {}): Regressor {
  const alpha = options.alpha ?? 1;
  let fitted: { fit: LinearFit; cols: number } | null = null;
  return {
    name: 'ridge',
    params: { alpha },
    async fit(_engine: Engine, x: Matrix, y: Float32Array) {
      fitted = { fit: ridgeFit(x.features, x.rows, x.cols, y, alpha), cols: x.cols };
    },
    async predict(_engine: Engine, x: Matrix) {
      if (!fitted) throw new NotFittedError('ridge', 'predict');
      if (x.cols !== fitted.cols) throw new ShapeError('ridge', 'x', ['rows', fitted.cols], [x.rows, x.cols], `fitted on ${fitted.cols} features`);
      return linearPredict(fitted.fit, x.features, x.rows, x.cols);
    },
    dispose() {
      fitted = null;
    },
  };
}
