// A random dense layer for tests: float32-exact operands on the host and on the GPU, the float64 forward and the
// bound on how far a float32 forward may be from it.
import type { Random } from '../../src/data/random.js';
import { randomFloats } from '../../src/data/random.js';
import type { Engine } from '../../src/gpu/engine.js';
import { createArray, destroyArray, type GpuArray } from '../../src/gpu/gpuArray.js';
import type { Activation } from '../../src/kernels/dense.js';
import { denseForwardReference, type DenseDims } from '../../src/kernels/dense.reference.js';
import { activationError, lipschitz } from './activationError.js';
import { gamma } from './tolerance.js';

export interface DenseCase {
  x: Float32Array;
  w: Float32Array;
  b: Float32Array;
  X: GpuArray;
  W: GpuArray;
  B: GpuArray;
  /** The float64 act(X·W + b). */
  want: Float64Array;
  /** Allowed absolute error of element j of a float32 forward. */
  bound(j: number): number;
  destroy(): void;
}

export function denseCase(engine: Engine, random: Random, dims: DenseDims, activation: Activation): DenseCase {
  const { batch, inputs, outputs } = dims;
  const x = randomFloats(batch * inputs, random);
  const w = randomFloats(inputs * outputs, random);
  const b = randomFloats(outputs, random);
  const X = createArray(engine, 'X', [batch, inputs], x);
  const W = createArray(engine, 'W', [inputs, outputs], w);
  const B = createArray(engine, 'b', [outputs], b);
  const { z, y } = denseForwardReference(x, w, b, dims, activation);
  // Σ|x·w| + |b|: the K products and the bias add are K + 1 roundings, then the activation's own error.
  const magnitude = denseForwardReference(x.map(Math.abs), w.map(Math.abs), b.map(Math.abs), dims, 'linear').z;
  return {
    x,
    w,
    b,
    X,
    W,
    B,
    want: y,
    bound: (j) => lipschitz[activation] * gamma(inputs + 1) * magnitude[j] + activationError(z[j], activation) + 1e-30,
    destroy: () => [X, W, B].forEach(destroyArray),
  };
}
