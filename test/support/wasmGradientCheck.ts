// Checks a convolution's gradients on tfjs-backend-wasm (where src/transfer/wasm*Grad.ts supply the kernels tfjs
// lacks) against the tfjs cpu backend's, which has its own: the same seeded x, filter and probe on both backends.
import * as assert from 'uvu/assert';
import { randomFloats, seededRandom } from '../../src/data/random.js';
import { tf } from '../../src/gpu/tfjsBackend.js';
import { activateConvBackend } from '../../src/transfer/convBackend.js';
import { testEngine } from './engine.js';

type Shape4 = [number, number, number, number];

/** One convolution to differentiate. */
export interface GradientCase {
  x: Shape4;
  filter: Shape4;
  strides: number;
  pad: 'same' | 'valid';
}

/** The forward op whose gradients are compared: tf.conv2d, tf.depthwiseConv2d. */
export type ConvOp = (x: tf.Tensor4D, filter: tf.Tensor4D, strides: number, pad: 'same' | 'valid') => tf.Tensor4D;

/** Gradients of sum(op(x, w) * probe) with respect to x and w, on the current backend. */
function gradients(op: ConvOp, c: GradientCase, seed: number): Float32Array[] {
  const random = seededRandom(seed);
  const x = tf.tensor4d(randomFloats(c.x.reduce((a, b) => a * b), random), c.x);
  const w = tf.tensor4d(randomFloats(c.filter.reduce((a, b) => a * b), random), c.filter);
  const outShape = tf.tidy(() => op(x, w, c.strides, c.pad).shape);
  const probe = tf.tensor(randomFloats(outShape.reduce((a, b) => a * b), random), outShape);
  const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => op(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.pad).mul(probe).sum())([x, w]);
  const out = [dx.dataSync() as Float32Array, dw.dataSync() as Float32Array];
  tf.dispose([x, w, probe, dx, dw]);
  return out;
}

/** Largest difference relative to 1 + |expected|. */
function maxDifference(a: Float32Array, b: Float32Array): number {
  assert.is(a.length, b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / (1 + Math.abs(b[i])));
  return worst;
}

/**
 * Asserts that `op`'s input and filter gradients on wasm are within `tolerance` of the cpu backend's for every case
 * (and, with `checkLeaks`, that the wasm gradients leave no tensor behind); switches back to webgpu afterwards.
 */
export async function assertWasmGradientsMatchCpu(op: ConvOp, cases: readonly GradientCase[], tolerance: number, checkLeaks = false): Promise<void> {
  const engine = await testEngine();
  try {
    for (const [i, c] of cases.entries()) {
      await tf.setBackend('cpu');
      const expected = gradients(op, c, i + 1);
      await activateConvBackend(engine, 'wasm');
      const before = tf.memory().numTensors;
      const actual = gradients(op, c, i + 1);
      const label = `x ${c.x} filter ${c.filter} stride ${c.strides} ${c.pad}`;
      if (checkLeaks) assert.is(tf.memory().numTensors, before, `no tensor left behind: ${label}`);
      assert.ok(maxDifference(actual[0], expected[0]) < tolerance, `input gradient differs: ${label}`);
      assert.ok(maxDifference(actual[1], expected[1]) < tolerance, `filter gradient differs: ${label}`);
    }
  } finally {
    await activateConvBackend(engine, 'webgpu');
  }
}
