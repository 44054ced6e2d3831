// The model axis in kernel tests: the model counts every batched kernel is run at, and per-model operands stacked
// into one [M, …] array (and split back) so each model's slice can be checked against the float64 reference.

/** M = 1 is the unbatched layout; 2, 3 and 5 are small, prime and odd model counts. */
export const modelCounts = [1, 2, 3, 5] as const;

export { concat as stack } from '../../src/data/concat.js';

/** Model m's slice of a stacked array of `models` equal slices. */
export function sliceOf<T extends Float32Array | Uint32Array>(stacked: T, m: number, models: number): T {
  const size = stacked.length / models;
  return stacked.subarray(m * size, (m + 1) * size) as T;
}

/** `shape` with the model axis in front when M > 1, as the kernels take it. */
export function withModels(models: number, shape: readonly number[]): number[] {
  return models > 1 ? [models, ...shape] : [...shape];
}
