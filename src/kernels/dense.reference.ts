// Float64 reference for dense: what the forward and backward kernels are tested against.
import type { Activation } from './dense.js';
import { matmulReference } from './matmul.reference.js';

/** A dense layer's sizes: X [batch, inputs], W [inputs, outputs], Y [batch, outputs]. */
export interface DenseDims {
  batch: number;
  inputs: number;
  outputs: number;
}

/** act(z) in float64. */
export function activateReference(z: number, activation: Activation): number {
  switch (activation) {
    case 'relu':
      return Math.max(z, 0);
    case 'sigmoid':
      return 1 / (1 + Math.exp(-z));
    case 'tanh':
      return Math.tanh(z);
    default:
      return z;
  }
}

/** act′ as a function of the activation's output y. */
export function activationSlopeReference(y: number, activation: Activation): number {
  switch (activation) {
    case 'relu':
      return y > 0 ? 1 : 0;
    case 'sigmoid':
      return y * (1 - y);
    case 'tanh':
      return 1 - y * y;
    default:
      return 1;
  }
}

/** Z = X·W + b and Y = act(Z), X [batch, inputs], W [inputs, outputs], b [outputs]. */
export function denseForwardReference(
  x: ArrayLike<number>,
  w: ArrayLike<number>,
  b: ArrayLike<number>,
  dims: DenseDims,
  activation: Activation,
): { z: Float64Array; y: Float64Array } {
  const { batch, inputs, outputs } = dims;
  const z = matmulReference(x, w, { M: batch, N: outputs, K: inputs });
  for (let i = 0; i < z.length; i++) z[i] += b[i % outputs];
  return { z, y: z.map((v) => activateReference(v, activation)) };
}

/** dZ = dY ⊙ act′(Y), dX = dZ·Wᵀ, dW = Xᵀ·dZ, db = column sums of dZ. */
export function denseBackwardReference(
  x: ArrayLike<number>,
  w: ArrayLike<number>,
  y: ArrayLike<number>,
  dy: ArrayLike<number>,
  dims: DenseDims,
  activation: Activation,
): { dz: Float64Array; dx: Float64Array; dw: Float64Array; db: Float64Array } {
  const { batch, inputs, outputs } = dims;
  const dz = Float64Array.from(dy, (g, i) => g * activationSlopeReference(y[i], activation));
  const dx = matmulReference(dz, w, { M: batch, N: inputs, K: outputs, transposeB: true });
  const dw = matmulReference(x, dz, { M: inputs, N: outputs, K: batch, transposeA: true });
  const db = new Float64Array(outputs);
  for (let i = 0; i < dz.length; i++) db[i % outputs] += dz[i];
  return { dz, dx, dw, db };
}
