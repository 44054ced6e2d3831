import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { randomFloats, seededRandom } from '../../src/data/random.js';
import { tf } from '../../src/gpu/tfjsBackend.js';
import { batchGradients } from '../../src/nn/batchGradients.js';
import { fitClassifier } from '../../src/nn/tfjsFit.js';
import { oneHot } from '../../src/nn/oneHot.js';
import { activateConvBackend } from '../../src/transfer/convBackend.js';
import { testEngine } from '../support/engine.js';

const test = suite('transfer: gradient accumulation over micro-batches');

/** A small convolutional classifier (convolution, depthwise convolution, pooling, softmax), the same weights each call. */
function smallNetwork(): tf.LayersModel {
  const init = (seed: number) => tf.initializers.glorotUniform({ seed });
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [8, 8, 2], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(1) }),
      tf.layers.depthwiseConv2d({ kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', depthwiseInitializer: init(2) }),
      tf.layers.globalAveragePooling2d({}),
      tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: init(3) }),
    ],
  });
}

function batch32() {
  const random = seededRandom(5);
  const rows = 32;
  const x = tf.tensor4d(randomFloats(rows * 8 * 8 * 2, random), [rows, 8, 8, 2]);
  const y = oneHot(Uint32Array.from({ length: rows }, (_, i) => i % 3), 3);
  return { x, y, rows };
}

/** The weights after `steps` Adam steps on batches of 32 rows, taken `microBatchSize` rows at a time. */
async function trainedWeights(microBatchSize: number | undefined, steps: number): Promise<Float32Array[]> {
  const { x, y } = batch32();
  const model = smallNetwork();
  try {
    const fit = await fitClassifier(model, x, y, { epochs: steps, batchSize: 32, microBatchSize, learningRate: 0.01, seed: 1 });
    assert.is(fit.steps, steps);
    return model.getWeights().map((w) => w.dataSync() as Float32Array);
  } finally {
    model.dispose();
    tf.dispose([x, y]);
  }
}

test('the gradient of a batch of 32 equals the sum over four micro-batches of 8, and so does the loss', async () => {
  const engine = await testEngine();
  await activateConvBackend(engine);
  const { x, y, rows } = batch32();
  const model = smallNetwork();
  try {
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const batch = Uint32Array.from({ length: rows }, (_, i) => (i * 7) % rows);
    const gather = (micro: Uint32Array) => tf.gather(x, tf.tensor1d(Int32Array.from(micro), 'int32'));
    const whole = batchGradients(model, variables, gather, y, batch, 32, true);
    const micro = batchGradients(model, variables, gather, y, batch, 8, true);
    assert.ok(Math.abs(whole.loss.dataSync()[0] - micro.loss.dataSync()[0]) < 1e-6 * whole.loss.dataSync()[0]);
    for (const name of Object.keys(whole.grads)) {
      const a = whole.grads[name].dataSync();
      const b = micro.grads[name].dataSync();
      const scale = Math.max(...a.map(Math.abs));
      const worst = Math.max(...a.map((v, i) => Math.abs(v - b[i])));
      assert.ok(scale > 0 && worst <= 1e-5 * scale, `${name}: largest difference ${worst}, gradients up to ${scale}`);
    }
    tf.dispose([whole.loss, micro.loss, ...Object.values(whole.grads), ...Object.values(micro.grads)]);
  } finally {
    model.dispose();
    tf.dispose([x, y]);
    await activateConvBackend(engine, 'webgpu');
  }
});

test('one batch of 32 and four micro-batches of 8 take the same Adam steps within float32 tolerance', async () => {
  const engine = await testEngine();
  try {
    await activateConvBackend(engine);
    const whole = await trainedWeights(undefined, 3);
    const micro = await trainedWeights(8, 3);
    const start = smallNetwork();
    const initial = start.getWeights().map((w) => w.dataSync() as Float32Array);
    start.dispose();
    for (const [i, w] of whole.entries()) {
      const moved = Math.max(...w.map((v, j) => Math.abs(v - initial[i][j])));
      const worst = Math.max(...w.map((v, j) => Math.abs(v - micro[i][j])));
      assert.ok(moved > 1e-3, `weight ${i} moved by training (${moved})`);
      assert.ok(worst < 1e-5, `weight ${i}: largest difference ${worst}, the steps moved it by up to ${moved}`);
    }
  } finally {
    await activateConvBackend(engine, 'webgpu');
  }
});

test.run();
