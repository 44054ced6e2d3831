// Float64 reference for fusedMatmul: what the kernel is tested against.
import type { FusedActivation } from './fusedActivation.js';
import { fusedActivationReference } from './fusedActivation.reference.js';
import { matmulReference } from './matmul.reference.js';

/** An operand broadcast to [batch, M, N]: its values and its rank-3 shape, each axis C's size or 1. */
export interface BroadcastOperand {
  values: ArrayLike<number>;
  shape: readonly [number, number, number];
}

/** Element (b, m, n) of a broadcast operand. */
function at(operand: BroadcastOperand, b: number, m: number, n: number): number {
  const [sb, sm, sn] = operand.shape;
  return operand.values[((sb === 1 ? 0 : b) * sm + (sm === 1 ? 0 : m)) * sn + (sn === 1 ? 0 : n)];
}

/**
 * Z[b] = op(A[b])·op(B[b]) + bias and C = act(Z) in float64, A and B stored [batchA or batchB or 1, …] as for
 * matmulReference (one matrix for every batch entry when their batch is 1).
 */
export function fusedMatmulReference(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  dims: { batch: number; batchA: number; batchB: number; M: number; N: number; K: number; transposeA?: boolean; transposeB?: boolean },
  options: { bias?: BroadcastOperand; activation?: FusedActivation; alpha?: BroadcastOperand; leakyreluAlpha?: number } = {},
): { z: Float64Array; y: Float64Array } {
  const { batch, batchA, batchB, M, N, K } = dims;
  const { bias, activation = 'linear', alpha, leakyreluAlpha = 0.2 } = options;
  const z = new Float64Array(batch * M * N);
  const y = new Float64Array(batch * M * N);
  for (let e = 0; e < batch; e++) {
    const aSlice = Array.prototype.slice.call(a, (batchA === 1 ? 0 : e) * M * K, ((batchA === 1 ? 0 : e) + 1) * M * K);
    const bSlice = Array.prototype.slice.call(b, (batchB === 1 ? 0 : e) * K * N, ((batchB === 1 ? 0 : e) + 1) * K * N);
    const product = matmulReference(aSlice, bSlice, dims);
    for (let m = 0; m < M; m++) {
      for (let n = 0; n < N; n++) {
        const i = (e * M + m) * N + n;
        z[i] = product[m * N + n] + (bias ? at(bias, e, m, n) : 0);
        y[i] = fusedActivationReference(z[i], activation, alpha ? at(alpha, e, m, n) : leakyreluAlpha);
      }
    }
  }
  return { z, y };
}
