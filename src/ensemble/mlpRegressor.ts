// The MLP as a regressor: one linear output trained with the squared-error (or Huber) loss kernel on targets
// standardized with the training rows' statistics, predictions scaled back.
import { fitTargetScaler, scaleTargets, unscaleTargets, type TargetScaler } from '../data/standardize.js';
import type { Engine } from '../gpu/engine.js';
import type { RegressionLoss } from '../kernels/loss.js';
import { Mlp } from '../nn/mlp.js';
import { mlpSpec } from '../nn/mlpSpec.js';
import { defaultTrainOptions } from '../nn/trainOptions.js';
import { NotFittedError } from './errors.js';
import type { Matrix } from './learner.js';
import type { MlpLearnerOptions } from './mlpLearners.js';
import type { Regressor } from './regressor.js';

export interface MlpRegressorOptions extends MlpLearnerOptions {
  /** Default squared error; Huber's δ is in standardized target units. */
  loss?: RegressionLoss;
}

export function mlpRegressor(seed: number, options: MlpRegressorOptions = {}): Regressor {
  const s = { hidden: options.hidden ?? [64], ...defaultTrainOptions, epochs: 30, loss: { kind: 'squared-error' } as RegressionLoss, ...options, seed };
  let fitted: { model: Mlp; scaler: TargetScaler } | null = null;
  return {
    name: s.loss.kind === 'huber' ? 'mlp-huber' : 'mlp',
    params: s,
    async fit(engine: Engine, x: Matrix, y: Float32Array) {
      fitted?.model.dispose();
      fitted = null;
      const scaler = fitTargetScaler(y);
      const model = new Mlp(engine, mlpSpec(x.cols, s.hidden, 1), { seed });
      try {
        await model.fit({ features: x.features, labels: new Uint32Array(x.rows), targets: scaleTargets(scaler, y), rows: x.rows, cols: x.cols }, s);
      } catch (error) {
        model.dispose();
        throw error;
      }
      fitted = { model, scaler };
    },
    async predict(_engine: Engine, x: Matrix) {
      if (!fitted) throw new NotFittedError('mlp', 'predict');
      return unscaleTargets(fitted.scaler, await fitted.model.predictOutputs(x.features));
    },
    dispose() {
      fitted?.model.dispose();
      fitted = null;
    },
  };
}
