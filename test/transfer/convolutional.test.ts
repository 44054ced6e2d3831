import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { bindTfjs, tf } from '../../src/gpu/tfjsBackend.js';
import { seededRandom, randomFloats } from '../../src/data/random.js';
import { cutBase } from '../../src/transfer/cut.js';
import { compareFingerprints, fingerprintLayers } from '../../src/transfer/fingerprint.js';
import { freezeLayers, unfreezeTop } from '../../src/transfer/freeze.js';
import { featureShape, newHead, stackHead } from '../../src/transfer/head.js';
import { modelFiles } from '../../src/nn/modelFiles.js';
import { oneHot } from '../../src/nn/oneHot.js';
import { modelInput } from '../../src/transfer/modelInput.js';
import { openModel } from '../../src/transfer/openModel.js';
import { fitClassifier } from '../../src/nn/tfjsFit.js';
import { testEngine } from '../support/engine.js';
import { suiteTempDir } from '../support/tempDir.js';

const test = suite('transfer: convolutional base with BatchNormalization');
const dir = suiteTempDir(test, 'stacklab-conv-');

/** Conv2D → BN → ReLU, a DepthwiseConv2D → BN branch added back, pooling, and a 3-class classifier. */
function smallConvNet(): tf.LayersModel {
  const input = tf.input({ shape: [8, 8, 1], name: 'pixels' });
  const conv = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', name: 'conv' }).apply(input) as tf.SymbolicTensor;
  const bn1 = tf.layers.batchNormalization({ name: 'bn1' }).apply(conv) as tf.SymbolicTensor;
  const relu = tf.layers.activation({ activation: 'relu', name: 'relu' }).apply(bn1) as tf.SymbolicTensor;
  const depthwise = tf.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same', name: 'depthwise' }).apply(relu) as tf.SymbolicTensor;
  const bn2 = tf.layers.batchNormalization({ name: 'bn2' }).apply(depthwise) as tf.SymbolicTensor;
  const sum = tf.layers.add({ name: 'residual' }).apply([relu, bn2]) as tf.SymbolicTensor;
  const pooled = tf.layers.maxPooling2d({ poolSize: 2, name: 'pool' }).apply(sum) as tf.SymbolicTensor;
  const features = tf.layers.globalAveragePooling2d({ name: 'features' }).apply(pooled) as tf.SymbolicTensor;
  const output = tf.layers.dense({ units: 3, activation: 'softmax', name: 'classifier' }).apply(features) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: output, name: 'small_conv' });
  // Moving statistics away from their 0/1 start, so "unchanged" compares real pretrained values.
  const random = seededRandom(3);
  for (const name of ['bn1', 'bn2']) {
    const layer = model.getLayer(name);
    const [gamma, beta, mean, variance] = layer.getWeights().map((w) => w.shape);
    layer.setWeights([
      tf.tensor(randomFloats(gamma[0], random, 0.5).map((v) => v + 1), gamma),
      tf.tensor(randomFloats(beta[0], random, 0.5), beta),
      tf.tensor(randomFloats(mean[0], random, 2), mean),
      tf.tensor(randomFloats(variance[0], random, 0.5).map((v) => v + 1.5), variance),
    ]);
  }
  return model;
}

test('a saved conv model loads, its frozen base keeps every weight and BN statistic while a new head trains through it', async () => {
  await bindTfjs(await testEngine());
  await smallConvNet().save(modelFiles(dir));
  const pretrained = await openModel(dir);
  const { base, cutLayer } = cutBase(pretrained);
  assert.is(cutLayer, 'features');

  const frozen = freezeLayers(base, 'all');
  assert.equal(frozen.map((l) => l.name), ['conv', 'bn1', 'depthwise', 'bn2']);
  const before = await fingerprintLayers(frozen);
  assert.ok(before.some((f) => f.name.endsWith('bn2/moving_mean')) && before.some((f) => f.name.endsWith('bn1/moving_variance')));

  const random = seededRandom(5);
  const rows = 12;
  // 4x4 grey rows, resized to the model's 8x8 input.
  const x = modelInput(pretrained, randomFloats(rows * 16, random), rows, 16, { image: { height: 4, width: 4, channels: 1 } });
  const y = oneHot(Uint32Array.from({ length: rows }, (_, i) => i % 2), 2);
  const head = newHead(featureShape(base), 2, 1);
  const headBefore = (await head.getWeights()[0].data()).slice();
  // Through the whole model, with training=true reaching every layer: the case where tfjs alone would move BN statistics.
  const { loss } = await fitClassifier(stackHead(base, head), x, y, { epochs: 3, batchSize: 6, learningRate: 0.05, seed: 1 });
  assert.ok(loss.every(Number.isFinite));
  const headAfter = await head.getWeights()[0].data();
  assert.ok(headAfter.some((v, i) => v !== headBefore[i]), 'the head trained');
  const comparison = compareFingerprints(before, await fingerprintLayers(frozen));
  assert.ok(comparison.unchanged, `frozen weights changed: ${comparison.changed.join(', ')}`);

  // The same training with the base unfrozen does move them: the fingerprints would catch a leak.
  unfreezeTop(frozen, frozen.length);
  await fitClassifier(stackHead(base, newHead(featureShape(base), 2, 2)), x, y, { epochs: 1, batchSize: 6, learningRate: 0.05, seed: 1 });
  const leaked = compareFingerprints(before, await fingerprintLayers(frozen));
  assert.not.ok(leaked.unchanged);
  assert.ok(leaked.changed.some((name) => name.endsWith('bn1/moving_mean')), `changed: ${leaked.changed.join(', ')}`);
  tf.dispose([x, y]);
  pretrained.dispose();
});

test('grey image rows become the RGB input a model expects, resized', async () => {
  await bindTfjs(await testEngine());
  const input = tf.input({ shape: [6, 6, 3] });
  const model = tf.model({ inputs: input, outputs: tf.layers.flatten().apply(input) as tf.SymbolicTensor });
  const pixels = Float32Array.from({ length: 2 * 9 }, (_, i) => i);
  const x = modelInput(model, pixels, 2, 9, { image: { height: 3, width: 3, channels: 1 }, scale: 2 });
  assert.equal(x.shape, [2, 6, 6, 3]);
  const values = await x.data();
  // Every pixel carries the same grey value in all three channels; the corner keeps the first pixel / scale.
  for (let p = 0; p < values.length; p += 3) assert.ok(values[p] === values[p + 1] && values[p] === values[p + 2]);
  assert.is(values[0], 0);
  assert.is(values[6 * 6 * 3], 9 / 2);
  x.dispose();
});

test.run();
