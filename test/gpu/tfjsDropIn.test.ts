import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { randomFloats, seededRandom } from '../../src/data/random.js';
import { bindTfjs, submitTfjsWork, tf } from '../../src/gpu/tfjsBackend.js';
import { useStacklabKernels, type StacklabKernelsHandle } from '../../src/kernels/tfjsDropIn.js';
import { testEngine } from '../support/engine.js';
import { compareWithBounds, describe } from '../support/tolerance.js';

const test = suite('tfjs drop-in');

async function boundEngine() {
  const engine = await testEngine();
  await bindTfjs(engine);
  return engine;
}

const rows = 48;
const classes = 3;

function denseModel(): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.dense({ units: 24, activation: 'relu', inputShape: [13] }),
      tf.layers.dense({ units: 17, activation: 'sigmoid' }),
      tf.layers.dense({ units: classes, activation: 'softmax' }),
    ],
  });
}

function convModel(): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ filters: 4, kernelSize: 3, activation: 'relu', inputShape: [7, 7, 1] }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 11, activation: 'relu' }),
      tf.layers.dense({ units: classes, activation: 'softmax' }),
    ],
  });
}

interface Trained {
  predictions: Float32Array;
  weights: Float32Array[];
}

/** A few SGD steps of model.fit from the given weights, then predict: what the drop-in must not change. */
async function fitAndPredict(build: () => tf.LayersModel, initial: tf.Tensor[], xs: tf.Tensor, ys: tf.Tensor): Promise<Trained> {
  const model = build();
  model.setWeights(initial);
  model.compile({ optimizer: tf.train.sgd(0.1), loss: 'categoricalCrossentropy' });
  await model.fit(xs, ys, { batchSize: 16, epochs: 2, shuffle: false, verbose: 0 });
  const predicted = model.predict(xs) as tf.Tensor;
  const trained = { predictions: Float32Array.from(await predicted.data()), weights: await Promise.all(model.getWeights().map(async (w) => Float32Array.from(await w.data()))) };
  predicted.dispose();
  model.optimizer.dispose();
  model.dispose();
  return trained;
}

// Both runs round differently (other summation orders), by about K·u ≈ 2e-6 relative per product for these
// widths, and a few SGD steps carry that into the weights; a wrong transpose or activation moves them by
// ~lr·|gradient| ≈ 1e-2.
const bound = (want: ArrayLike<number>) => (i: number) => 1e-5 + 1e-4 * Math.abs(want[i]);

function expectSame(got: Trained, want: Trained, what: string): void {
  const result = compareWithBounds(got.predictions, want.predictions, bound(want.predictions));
  assert.ok(result.ok, `${what} predictions: ${describe(result)}`);
  want.weights.forEach((w, i) => {
    const weights = compareWithBounds(got.weights[i], w, bound(w));
    assert.ok(weights.ok, `${what} weight ${i}: ${describe(weights)}`);
  });
}

async function compareOnModel(build: () => tf.LayersModel, inputShape: number[], seed: number): Promise<{ handle: StacklabKernelsHandle; before: StacklabKernelsHandle['calls'] }> {
  const engine = await boundEngine();
  const random = seededRandom(seed);
  const xs = tf.tensor(randomFloats(rows * inputShape.reduce((a, b) => a * b, 1), random), [rows, ...inputShape]);
  const ys = tf.oneHot(tf.tensor1d(Int32Array.from({ length: rows }, () => random.int(classes)), 'int32'), classes);
  const template = build();
  const initial = template.getWeights().map((w) => w.clone());
  template.dispose();
  const want = await fitAndPredict(build, initial, xs, ys);
  const handle = await useStacklabKernels(engine);
  try {
    // The first run meets each shape once, compiling its pipeline while tfjs answers; the second runs on stacklab.
    await fitAndPredict(build, initial, xs, ys);
    await handle.ready();
    const before = { ...handle.calls };
    const compilingBefore = handle.fellThrough.compiling ?? 0;
    const got = await fitAndPredict(build, initial, xs, ys);
    await handle.ready();
    assert.is(handle.fellThrough.compiling ?? 0, compilingBefore, 'every pipeline was ready for the second run');
    expectSame(got, want, 'stacklab kernels');
    return { handle, before };
  } finally {
    handle.restore();
    tf.dispose([xs, ys, ...initial]);
  }
}

test('a dense model fits and predicts on stacklab kernels as it does on tfjs\'s', async () => {
  const { handle, before } = await compareOnModel(denseModel, [13], 91);
  // predict: one fused product per layer (softmax's without bias or activation: tfjs adds and normalises after);
  // fit: each layer's forward product and its gradients' products.
  assert.ok(handle.calls._FusedMatMul - before._FusedMatMul >= 3, `_FusedMatMul calls: ${JSON.stringify(handle.calls)}`);
  assert.ok(handle.calls.BatchMatMul - before.BatchMatMul >= 3 * 3 * 2, `BatchMatMul calls: ${JSON.stringify(handle.calls)}`);
});

test('a conv model fits and predicts on stacklab kernels, its convolutions and dense layers alike, and the results agree', async () => {
  const { handle, before } = await compareOnModel(convModel, [7, 7, 1], 92);
  // predict: the convolution fused with its bias and ReLU; fit: its forward pass unfused (a plain Conv2D), whose
  // gradients are tfjs's own kernels.
  assert.ok(handle.calls.FusedConv2D - before.FusedConv2D >= 1, `FusedConv2D calls: ${JSON.stringify(handle.calls)}`);
  assert.ok(handle.calls.Conv2D - before.Conv2D >= 2, `Conv2D calls: ${JSON.stringify(handle.calls)}`);
  assert.ok(handle.calls._FusedMatMul - before._FusedMatMul >= 2, `_FusedMatMul calls: ${JSON.stringify(handle.calls)}`);
  assert.ok(handle.calls.BatchMatMul - before.BatchMatMul >= 2 * 3 * 2, `BatchMatMul calls: ${JSON.stringify(handle.calls)}`);
});

test('a convolution the kernel does not take (NCHW) falls through to tfjs\'s, with the same result', async () => {
  const engine = await boundEngine();
  const random = seededRandom(95);
  const x = tf.tensor4d(randomFloats(2 * 3 * 5 * 5, random), [2, 3, 5, 5]);
  const filter = tf.tensor4d(randomFloats(3 * 3 * 3 * 4, random), [3, 3, 3, 4]);
  const want = await tf.conv2d(x, filter, 1, 'same', 'NCHW').data();
  const handle = await useStacklabKernels(engine);
  try {
    const got = tf.conv2d(x, filter, 1, 'same', 'NCHW');
    assert.equal(Array.from(await got.data()), Array.from(want), 'tfjs\'s own kernel answered');
    assert.is(handle.fellThrough['data format NCHW'], 1);
    assert.is(handle.calls.Conv2D, 0);
    got.dispose();
  } finally {
    handle.restore();
    tf.dispose([x, filter]);
  }
});

test('uncovered calls fall through to tfjs\'s kernel, and restore() puts it back', async () => {
  const engine = await boundEngine();
  const original = tf.getKernel('BatchMatMul', 'webgpu');
  // int32 products: stacklab's kernels compute in f32 only.
  const [a, b] = [tf.tensor3d(Int32Array.from({ length: 2 * 5 * 4 }, (_, i) => (i % 7) - 3), [2, 5, 4], 'int32'), tf.tensor3d(Int32Array.from({ length: 2 * 4 * 3 }, (_, i) => (i % 5) - 2), [2, 4, 3], 'int32')];
  const want = await tf.matMul(a, b).data();
  const handle = await useStacklabKernels(engine);
  try {
    assert.is.not(tf.getKernel('BatchMatMul', 'webgpu'), original);
    const batched = tf.matMul(a, b);
    assert.equal(Array.from(await batched.data()), Array.from(want), 'tfjs\'s own kernel answered');
    assert.is(handle.fellThrough['dtype int32×int32'], 1);
    assert.is(handle.calls.BatchMatMul, 0);
    batched.dispose();
  } finally {
    handle.restore();
    tf.dispose([a, b]);
  }
  assert.is(tf.getKernel('BatchMatMul', 'webgpu'), original);
});

test('batched and broadcast products, and fused activations dense does not have, run on stacklab and agree with tfjs', async () => {
  const engine = await boundEngine();
  const random = seededRandom(96);
  const tensor = (shape: number[]) => tf.tensor(randomFloats(shape.reduce((x, y) => x * y, 1), random), shape);
  // Made once: each call must see the same values with and without the drop-in.
  const [a, b, shared, bias, x, wide, rows, column, alpha, t] = [[2, 3, 7, 5], [2, 3, 5, 4], [5, 4], [4], [7, 5], [4, 6], [5, 1], [7, 1], [1, 4], [3, 5]].map(tensor);
  const calls = [
    () => tf.matMul(a, b),
    () => tf.matMul(a, shared),
    () => tf.matMul(b, a, true, true),
    () => tf.fused.matMul({ a, b: shared, bias, activation: 'elu' }),
    () => tf.fused.matMul({ a: shared, b: wide, bias: rows, activation: 'relu6' }),
    () => tf.fused.matMul({ a: x, b: shared, bias: column, activation: 'leakyrelu', leakyreluAlpha: 0.1 }),
    () => tf.fused.matMul({ a: x, b: shared, activation: 'prelu', preluActivationWeights: alpha }),
    () => tf.fused.matMul({ a: shared, b: t, transposeA: true, transposeB: true, activation: 'relu' }),
  ];
  const want = await Promise.all(calls.map((call) => tf.tidy(call).data()));
  const handle = await useStacklabKernels(engine);
  try {
    calls.forEach((call) => tf.dispose(tf.tidy(call)));
    await handle.ready();
    const before = handle.calls.BatchMatMul + handle.calls._FusedMatMul;
    for (const [i, call] of calls.entries()) {
      const got = tf.tidy(call);
      const result = compareWithBounds(await got.data(), want[i], (j) => 1e-5 + 1e-5 * Math.abs(want[i][j]));
      assert.ok(result.ok, `call ${i}: ${describe(result)}`);
      got.dispose();
    }
    await handle.ready();
    assert.is(handle.calls.BatchMatMul + handle.calls._FusedMatMul - before, calls.length, `every call answered; fell through: ${JSON.stringify(handle.fellThrough)}`);
  } finally {
    handle.restore();
    tf.dispose([a, b, shared, bias, x, wide, rows, column, alpha, t]);
  }
});

// tfjs-core's own spec "matmul … upcasts when dtypes dont match" (test/tfjsSpecs): tfjs casts int32 to float32 by
// relabelling the tensor only, its buffer still holds int32; read as f32 those bits gave NaN and 0.
test('an operand cast from int32 to float32 falls through: its buffer still holds int32', async () => {
  const engine = await boundEngine();
  const a = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
  const floats = tf.tensor2d([0, 1, -3, 2, 2, 1], [3, 2]);
  const ints = tf.tensor2d([0, 1, -3, 2, 2, 1], [3, 2], 'int32');
  const handle = await useStacklabKernels(engine);
  try {
    // The same shape in float32 first, so the pipeline is compiled and a wrong answer could not hide as "compiling".
    tf.matMul(a, floats).dispose();
    await handle.ready();
    const before = handle.calls.BatchMatMul;
    const upcast = tf.matMul(a, ints);
    assert.is(upcast.dtype, 'float32');
    assert.equal(Array.from(await upcast.data()), [0, 8, -3, 20]);
    assert.is(handle.calls.BatchMatMul, before);
    assert.is(handle.fellThrough['dtype float32×int32'], 1);
    upcast.dispose();
  } finally {
    handle.restore();
    tf.dispose([a, floats, ints]);
  }
});

test('outputs belong to tfjs: nothing is left behind once the tensors are disposed', async () => {
  const engine = await boundEngine();
  const random = seededRandom(94);
  const [a, b] = [tf.tensor2d(randomFloats(37 * 19, random), [37, 19]), tf.tensor2d(randomFloats(37 * 11, random), [37, 11])];
  const handle = await useStacklabKernels(engine);
  try {
    tf.dispose(tf.matMul(a, b, true, false));
    await handle.ready();
    // tfjs frees buffers of disposed tensors at its next submit: settle that before counting.
    submitTfjsWork();
    const calls = handle.calls.BatchMatMul;
    const tensors = tf.memory().numTensors;
    const bytes = tf.memory().numBytes;
    const gpuBytes = (tf.memory() as { numBytesInGPU?: number }).numBytesInGPU;
    const product = tf.matMul(a, b, true, false);
    assert.equal(product.shape, [19, 11]);
    assert.is(handle.calls.BatchMatMul, calls + 1);
    product.dispose();
    submitTfjsWork();
    assert.is(tf.memory().numTensors, tensors);
    assert.is(tf.memory().numBytes, bytes);
    assert.is((tf.memory() as { numBytesInGPU?: number }).numBytesInGPU, gpuBytes, 'the output buffer went back to the tfjs pool');
  } finally {
    handle.restore();
    tf.dispose([a, b]);
  }
});

test.run();
