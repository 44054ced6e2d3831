import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { randomFloats, seededRandom } from '../../src/data/random.js';
import { tf } from '../../src/gpu/tfjsBackend.js';
import { activateConvBackend } from '../../src/transfer/convBackend.js';
import { testEngine } from '../support/engine.js';

const test = suite('transfer: depthwise conv2d gradients on the wasm backend');

interface Case {
  x: [number, number, number, number];
  /** [kh, kw, channels, multiplier] */
  filter: [number, number, number, number];
  strides: number;
  pad: 'same' | 'valid';
}

/** Gradients of sum(depthwiseConv2d(x, w) * probe) with respect to x and w, on the current backend. */
function gradients(c: Case, seed: number): Float32Array[] {
  const random = seededRandom(seed);
  const x = tf.tensor4d(randomFloats(c.x.reduce((a, b) => a * b), random), c.x);
  const w = tf.tensor4d(randomFloats(c.filter.reduce((a, b) => a * b), random), c.filter);
  const outShape = tf.tidy(() => tf.depthwiseConv2d(x, w, c.strides, c.pad).shape);
  const probe = tf.tensor(randomFloats(outShape.reduce((a, b) => a * b), random), outShape);
  const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.pad).mul(probe).sum())([x, w]);
  const out = [dx.dataSync() as Float32Array, dw.dataSync() as Float32Array];
  tf.dispose([x, w, probe, dx, dw]);
  return out;
}

function maxDifference(a: Float32Array, b: Float32Array): number {
  assert.is(a.length, b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / (1 + Math.abs(b[i])));
  return worst;
}

// Odd and even sizes, so 'same' pads unevenly and 'valid' drops trailing rows at stride 2.
const cases: Case[] = [
  { x: [2, 7, 7, 3], filter: [3, 3, 3, 1], strides: 1, pad: 'same' },
  { x: [2, 8, 7, 4], filter: [3, 3, 4, 1], strides: 2, pad: 'same' },
  { x: [3, 7, 8, 2], filter: [3, 3, 2, 1], strides: 2, pad: 'same' },
  { x: [1, 6, 5, 2], filter: [2, 2, 2, 1], strides: 1, pad: 'valid' },
  { x: [2, 9, 10, 3], filter: [3, 3, 3, 1], strides: 2, pad: 'valid' },
  { x: [2, 5, 5, 2], filter: [1, 1, 2, 1], strides: 2, pad: 'valid' },
  { x: [2, 6, 6, 2], filter: [3, 3, 2, 2], strides: 2, pad: 'same' },
];

test('input and filter gradients on wasm equal tfjs cpu ones: strides 1 and 2, same/valid padding, multipliers 1 and 2', async () => {
  const engine = await testEngine();
  try {
    for (const [i, c] of cases.entries()) {
      await tf.setBackend('cpu');
      const expected = gradients(c, i + 1);
      await activateConvBackend(engine, 'wasm');
      const before = tf.memory().numTensors;
      const actual = gradients(c, i + 1);
      const label = `x ${c.x} filter ${c.filter} stride ${c.strides} ${c.pad}`;
      assert.is(tf.memory().numTensors, before, `no tensor left behind: ${label}`);
      assert.ok(maxDifference(actual[0], expected[0]) < 1e-5, `input gradient differs: ${label}`);
      assert.ok(maxDifference(actual[1], expected[1]) < 1e-5, `filter gradient differs: ${label}`);
    }
  } finally {
    await activateConvBackend(engine, 'webgpu');
  }
});

test.run();
