// Float64 reference for pairwise squared distances, computed directly as Σ (q_f − r_f)².

/** D[Q, R] for row-major queries [Q, F] and refs [R, F]. */
export function squaredDistancesReference(queries: ArrayLike<number>, refs: ArrayLike<number>, Q: number, R: number, F: number): Float64Array {
  const out = new Float64Array(Q * R);
  for (let q = 0; q < Q; q++) {
    for (let r = 0; r < R; r++) {
      let sum = 0;
      for (let f = 0; f < F; f++) {
        const d = queries[q * F + f] - refs[r * F + f];
        sum += d * d;
      }
      out[q * R + r] = sum;
    }
  }
  return out;
}
