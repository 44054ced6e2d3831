// Float64 reference for top-k: a stable sort of each row, so equal values keep the lower index first.

/**
 * Each row's k smallest entries of `distances` [Q, R] and their columns, ascending, ties to the lower index: what
 * the topk kernel must return exactly. Both results are [Q, k], row-major.
 */
export function topKReference(distances: ArrayLike<number>, Q: number, R: number, k: number): { indices: Uint32Array; values: Float64Array } {
  const indices = new Uint32Array(Q * k);
  const values = new Float64Array(Q * k);
  for (let q = 0; q < Q; q++) {
    const order = Array.from({ length: R }, (_, r) => r).sort((a, b) => distances[q * R + a] - distances[q * R + b] || a - b);
    for (let t = 0; t < k; t++) {
      indices[q * k + t] = order[t];
      values[q * k + t] = distances[q * R + order[t]];
    }
  }
  return { indices, values };
}
