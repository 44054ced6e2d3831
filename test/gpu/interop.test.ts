import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { seededRandom, randomFloats } from '../../src/data/random.js';
import { createArray, readArray, destroyArray } from '../../src/gpu/gpuArray.js';
import { arrayFromTensor, bindTfjs, tensorFromArray, tf } from '../../src/gpu/tfjsBackend.js';
import { activations, denseForward } from '../../src/kernels/dense.js';
import { denseForwardReference } from '../../src/kernels/dense.reference.js';
import { matmul } from '../../src/kernels/matmul.js';
import { matmulReference } from '../../src/kernels/matmul.reference.js';
import { testEngine } from '../support/engine.js';
import { denseCase } from '../support/denseCase.js';
import { matmulShapes } from '../support/shapes.js';
import { compareWithBounds, describe, gamma } from '../support/tolerance.js';

const test = suite('tfjs interop');

async function boundEngine() {
  const engine = await testEngine();
  await bindTfjs(engine);
  return engine;
}

test('a tfjs tensor\'s GPU buffer feeds a custom kernel, no copy', async () => {
  const engine = await boundEngine();
  const random = seededRandom(61);
  const dims = { batch: 37, inputs: 19, outputs: 11 };
  const x = randomFloats(dims.batch * dims.inputs, random);
  const w = randomFloats(dims.inputs * dims.outputs, random);
  const b = randomFloats(dims.outputs, random);
  // tensor2d data stays on the CPU until an op runs on it; ·1 (exact) makes tfjs put the result on the GPU.
  const xTensor = tf.tidy(() => tf.mul(tf.tensor2d(x, [dims.batch, dims.inputs]), 1));
  const borrowed = arrayFromTensor(xTensor, 'tfjs X');
  const W = createArray(engine, 'W', [dims.inputs, dims.outputs], w);
  const B = createArray(engine, 'b', [dims.outputs], b);
  const Y = await denseForward(engine, borrowed.array, W, B, 'relu');
  const want = denseForwardReference(x, w, b, dims, 'relu').y;
  const magnitude = denseForwardReference(x.map(Math.abs), w.map(Math.abs), b.map(Math.abs), dims, 'linear').z;
  const result = compareWithBounds(await readArray(engine, Y), want, (j) => gamma(dims.inputs + 1) * magnitude[j] + 1e-30);
  assert.ok(result.ok, describe(result));
  borrowed.release();
  xTensor.dispose();
  [W, B, Y].forEach(destroyArray);
});

test('a custom kernel\'s output is read as a tfjs tensor, no copy', async () => {
  const engine = await boundEngine();
  const random = seededRandom(62);
  const a = randomFloats(13 * 7, random);
  const b = randomFloats(7 * 5, random);
  const A = createArray(engine, 'A', [13, 7], a);
  const B = createArray(engine, 'B', [7, 5], b);
  const C = await matmul(engine, A, B);
  const direct = await readArray(engine, C);
  const tensor = tensorFromArray(C);
  assert.equal(tensor.shape, [13, 5]);
  assert.equal(Array.from(await tensor.data()), Array.from(direct), 'tfjs reads the very values in the buffer');
  // Doubling is exact in float32, so a tfjs op on the wrapped buffer must give exactly 2·C.
  const doubled = tf.mul(tensor, 2);
  assert.equal(Array.from(await doubled.data()), Array.from(direct, (v) => 2 * v));
  [tensor, doubled].forEach((t) => t.dispose());
  [A, B, C].forEach(destroyArray);
});

test('matmul agrees with tf.matMul on the same device within both kernels\' float32 bounds', async () => {
  const engine = await boundEngine();
  const random = seededRandom(63);
  for (const { M, N, K } of matmulShapes(random, 4, 1e6)) {
    const a = randomFloats(M * K, random);
    const b = randomFloats(K * N, random);
    const A = createArray(engine, 'A', [M, K], a);
    const B = createArray(engine, 'B', [K, N], b);
    const C = await matmul(engine, A, B);
    const [aT, bT] = [tf.tensor2d(a, [M, K]), tf.tensor2d(b, [K, N])];
    const cT = tf.matMul(aT, bT);
    const magnitude = matmulReference(a.map(Math.abs), b.map(Math.abs), { M, N, K });
    // Each result is within γ_K·Σ|a·b| of the exact product, so they are within twice that of each other.
    const result = compareWithBounds(await readArray(engine, C), await cT.data(), (j) => 2 * gamma(K) * magnitude[j] + 1e-30);
    assert.ok(result.ok, `${M}x${N}x${K}: ${describe(result)}`);
    [aT, bT, cT].forEach((t) => t.dispose());
    [A, B, C].forEach(destroyArray);
  }
});

test('dense forward agrees with tf.fused.matMul (bias + activation) for every activation', async () => {
  const engine = await boundEngine();
  const random = seededRandom(64);
  for (const [i, { M: batch, N: outputs, K: inputs }] of matmulShapes(random, 4, 1e6).entries()) {
    const activation = activations[i % activations.length];
    const layer = denseCase(engine, random, { batch, inputs, outputs }, activation);
    const Y = await denseForward(engine, layer.X, layer.W, layer.B, activation);
    const [xT, wT, bT] = [tf.tensor2d(layer.x, [batch, inputs]), tf.tensor2d(layer.w, [inputs, outputs]), tf.tensor1d(layer.b)];
    // tfjs fuses linear, relu and sigmoid; tanh follows the fused product as its own op.
    const yT = tf.tidy(() =>
      activation === 'tanh' ? tf.tanh(tf.fused.matMul({ a: xT, b: wT, bias: bT })) : tf.fused.matMul({ a: xT, b: wT, bias: bT, activation }),
    );
    // Both are within the float32 bound of the exact result, so within twice it of each other.
    const result = compareWithBounds(await readArray(engine, Y), await yT.data(), (j) => 2 * layer.bound(j));
    assert.ok(result.ok, `${activation} ${batch}x${inputs}→${outputs}: ${describe(result)}`);
    [xT, wT, bT, yT].forEach((t) => t.dispose());
    layer.destroy();
    destroyArray(Y);
  }
});

test.run();
