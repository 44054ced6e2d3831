// Float64 reference for matmul: what every matmul variant is tested against.

/** A matmul's sizes and layout, as the float64 reference takes them (see MatmulDims and MatmulLayout). */
export interface MatmulShape {
  M: number;
  N: number;
  K: number;
  transposeA?: boolean;
  transposeB?: boolean;
}

/** C[M, N] = op(A) · op(B), with A stored [M, K] (or [K, M] transposed) and B [K, N] (or [N, K]). */
export function matmulReference(a: ArrayLike<number>, b: ArrayLike<number>, shape: MatmulShape): Float64Array {
  const { M, N, K, transposeA = false, transposeB = false } = shape;
  const c = new Float64Array(M * N);
  for (let m = 0; m < M; m++) {
    for (let k = 0; k < K; k++) {
      const av = transposeA ? a[k * M + m] : a[m * K + k];
      if (av === 0) continue;
      for (let n = 0; n < N; n++) c[m * N + n] += av * (transposeB ? b[n * K + k] : b[k * N + n]);
    }
  }
  return c;
}
