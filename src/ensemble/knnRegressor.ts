// k-nearest-neighbours regression: the same batched GPU search as the kNN classifier (nearestNeighbours.ts), and
// the mean of the neighbours' targets, plain or weighted by 1/distance.
import { BadInputError } from '../errors.js';
import type { Engine } from '../gpu/engine.js';
import { NotFittedError } from './errors.js';
import type { KnnOptions } from './knn.js';
import type { Matrix } from './learner.js';
import { defaultBatchBytes, destroyReferences, nearestNeighbours, uploadReferences, type ReferenceChunks } from './nearestNeighbours.js';
import type { Regressor } from './regressor.js';

export function knnRegressor(options: KnnOptions = {}): Regressor {
  const k = options.k ?? 5;
  const weights = options.weights ?? 'uniform';
  let fitted: { refs: ReferenceChunks; targets: Float32Array } | null = null;
  return {
    name: weights === 'uniform' ? 'knn' : 'knn-distance',
    params: { k, weights },
    async fit(engine: Engine, x: Matrix, y: Float32Array) {
      if (x.rows < k) throw new BadInputError(`knn: k = ${k} neighbours asked for, but only ${x.rows} training rows given`);
      if (fitted) destroyReferences(fitted.refs);
      fitted = { refs: await uploadReferences(engine, x, options.maxBatchBytes ?? defaultBatchBytes(engine)), targets: y.slice() };
    },
    async predict(engine: Engine, x: Matrix) {
      if (!fitted) throw new NotFittedError('knn', 'predict');
      const { indices, squared } = await nearestNeighbours(engine, fitted.refs, x, k);
      const out = new Float32Array(x.rows);
      for (let r = 0; r < x.rows; r++) {
        // An exact match decides alone under distance weights (its weight would be infinite).
        const exact = weights === 'distance' && squared[r * k] === 0;
        let sum = 0;
        let total = 0;
        for (let j = 0; j < k; j++) {
          const d = squared[r * k + j];
          const w = weights === 'uniform' ? 1 : exact ? Number(d === 0) : 1 / Math.sqrt(d);
          sum += w * fitted.targets[indices[r * k + j]];
          total += w;
        }
        out[r] = sum / total;
      }
      return out;
    },
    dispose() {
      if (fitted) destroyReferences(fitted.refs);
      fitted = null;
    },
  };
}
