// Float64 reference for the fused nearest search: every distance computed directly, then a stable sort per query.
import { squaredDistancesReference } from './distance.reference.js';
import { topKReference } from './topk.reference.js';

/**
 * Each query's `k` nearest rows of `refs` [R, F] by squared Euclidean distance, ascending, ties to the lower index:
 * what the nearest kernel must return (exactly, where float32 computes every distance exactly). Both results are
 * [Q, k], row-major.
 */
export function nearestReference(queries: ArrayLike<number>, refs: ArrayLike<number>, Q: number, R: number, F: number, k: number): { indices: Uint32Array; values: Float64Array } {
  return topKReference(squaredDistancesReference(queries, refs, Q, R, F), Q, R, k);
}
