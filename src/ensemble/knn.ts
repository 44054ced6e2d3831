// k-nearest neighbours on the GPU: squared distances from every query to every training row (matmul-based) and
// the k smallest per row (top-k kernel). Only the k neighbour indices and distances per query come back, for the
// vote: a handful of adds per row, cheaper on the host than another dispatch.
import type { Engine } from '../gpu/engine.js';
import { createArray, destroyArray, readArray, readArrayU32, type GpuArray } from '../gpu/gpuArray.js';
import { withScope } from '../gpu/gpuScope.js';
import { run } from '../gpu/recorder.js';
import { prepareSquaredDistances } from '../kernels/distance.js';
import { prepareTopK } from '../kernels/topk.js';
import { BadInputError } from '../errors.js';
import type { Learner, Matrix } from './learner.js';
import { NotFittedError } from './errors.js';

export type KnnWeights = 'uniform' | 'distance';

export interface KnnOptions {
  k?: number;
  /** uniform: each neighbour one vote; distance: votes weighted by 1/distance (exact matches decide alone). */
  weights?: KnnWeights;
}

export function knnLearner(options: KnnOptions = {}): Learner {
  const k = options.k ?? 5;
  const weights = options.weights ?? 'uniform';
  let fitted: { refs: GpuArray; labels: Uint32Array; classes: number } | null = null;
  return {
    name: weights === 'uniform' ? 'knn' : 'knn-distance',
    params: { k, weights },
    async fit(engine: Engine, x: Matrix, y: Uint32Array, classes: number) {
      if (x.rows < k) throw new BadInputError(`knn: k = ${k} neighbours asked for, but only ${x.rows} training rows given`);
      fitted = { refs: createArray(engine, 'knn reference rows', [x.rows, x.cols], x.features), labels: y.slice(), classes };
    },
    async predictProba(engine: Engine, x: Matrix): Promise<GpuArray> {
      if (!fitted) throw new NotFittedError('knn', 'predictProba');
      const { refs, labels, classes } = fitted;
      // Queries, distances, neighbours and the distance kernel's row norms live until the vote is read back.
      return withScope(engine, 'knn predict', async (scope) => {
        const queries = scope.array('knn queries', [x.rows, x.cols], x.features);
        const distances = scope.array('knn squared distances', [x.rows, refs.shape[0]]);
        const indices = scope.array('knn neighbour indices', [x.rows, k], undefined, 'u32');
        const values = scope.array('knn neighbour squared distances', [x.rows, k]);
        await run(engine, ...(await prepareSquaredDistances(scope, queries, refs, distances)), await prepareTopK(scope, distances, k, indices, values));
        const [nearest, squared] = await Promise.all([readArrayU32(engine, indices), readArray(engine, values)]);
        return createArray(engine, 'knn probabilities', [x.rows, classes], vote(nearest, squared, labels, x.rows, k, classes, weights));
      });
    },
    dispose() {
      if (fitted) destroyArray(fitted.refs);
      fitted = null;
    },
  };
}

function vote(nearest: Uint32Array, squared: Float32Array, labels: Uint32Array, rows: number, k: number, classes: number, weights: KnnWeights): Float32Array {
  const out = new Float32Array(rows * classes);
  for (let r = 0; r < rows; r++) {
    const exact = weights === 'distance' && squared[r * k] === 0;
    let total = 0;
    for (let j = 0; j < k; j++) {
      const d = squared[r * k + j];
      const w = weights === 'uniform' ? 1 : exact ? Number(d === 0) : 1 / Math.sqrt(d);
      out[r * classes + labels[nearest[r * k + j]]] += w;
      total += w;
    }
    for (let c = 0; c < classes; c++) out[r * classes + c] /= total;
  }
  return out;
}
