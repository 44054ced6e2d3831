// k-nearest neighbours on the GPU: squared distances from every query to every training row (matmul-based) and
// the k smallest per row (top-k kernel), in batches that fit the device (nearestNeighbours.ts). Only the k
// neighbour indices and distances per query come back, for the vote: a handful of adds per row, cheaper on the
// host than another dispatch.
import type { Engine } from '../gpu/engine.js';
import { createArray, type GpuArray } from '../gpu/gpuArray.js';
import { BadInputError } from '../errors.js';
import type { Learner, Matrix } from './learner.js';
import { NotFittedError } from './errors.js';
import { defaultBatchBytes, destroyReferences, nearestNeighbours, uploadReferences, type ReferenceChunks } from './nearestNeighbours.js';

export type KnnWeights = 'uniform' | 'distance';

export interface KnnOptions {
  k?: number;
  /** uniform: each neighbour one vote; distance: votes weighted by 1/distance (exact matches decide alone). */
  weights?: KnnWeights;
  /**
   * The largest buffer the search makes, in bytes; default: the device's binding and buffer limits, at most
   * 256 MiB. A smaller value only means more batches (tests use one to exercise batching on small data).
   */
  maxBatchBytes?: number;
}

export function knnLearner(options: KnnOptions = {}): Learner {
  const k = options.k ?? 5;
  const weights = options.weights ?? 'uniform';
  let fitted: { refs: ReferenceChunks; labels: Uint32Array; classes: number } | null = null;
  return {
    name: weights === 'uniform' ? 'knn' : 'knn-distance',
    params: { k, weights },
    async fit(engine: Engine, x: Matrix, y: Uint32Array, classes: number) {
      if (x.rows < k) throw new BadInputError(`knn: k = ${k} neighbours asked for, but only ${x.rows} training rows given`);
      if (fitted) destroyReferences(fitted.refs);
      fitted = { refs: await uploadReferences(engine, x, options.maxBatchBytes ?? defaultBatchBytes(engine)), labels: y.slice(), classes };
    },
    async predictProba(engine: Engine, x: Matrix): Promise<GpuArray> {
      if (!fitted) throw new NotFittedError('knn', 'predictProba');
      const { refs, labels, classes } = fitted;
      const { indices, squared } = await nearestNeighbours(engine, refs, x, k);
      return createArray(engine, 'knn probabilities', [x.rows, classes], vote(indices, squared, labels, x.rows, k, classes, weights));
    },
    dispose() {
      if (fitted) destroyReferences(fitted.refs);
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
