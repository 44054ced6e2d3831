import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { bindTfjs, tf } from '../../src/gpu/tfjsBackend.js';
import { modelFiles, saveQuantized } from '../../src/nn/modelFiles.js';
import { WeightSizeError } from '../../src/nn/modelErrors.js';
import { quantizeWeight } from '../../src/nn/weightManifest.js';
import { openModel } from '../../src/transfer/openModel.js';
import { testEngine } from '../support/engine.js';
import { rejects } from '../support/rejects.js';

const test = suite('nn: quantized weights');
let dir = '';

test.before(async () => {
  await bindTfjs(await testEngine());
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stacklab-quantized-'));
});
test.after(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function convNet(): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [6, 6, 2], filters: 3, kernelSize: 3, name: 'conv', biasInitializer: 'randomNormal' }),
      tf.layers.batchNormalization({ name: 'bn', movingVarianceInitializer: 'ones', gammaInitializer: 'randomUniform' }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 4, activation: 'softmax', name: 'out' }),
    ],
  });
}

test('uint8 quantization keeps 0 exact and every value within half a step, as the converter does', () => {
  const values = Float32Array.from([-0.7, -0.1, 0, 0.05, 0.33, 1.2]);
  const q = quantizeWeight(values, 'uint8');
  const restored = Array.from(q.data, (v) => v * q.scale + q.min);
  assert.is(restored[2], 0);
  values.forEach((v, i) => assert.ok(Math.abs(restored[i] - v) <= q.scale / 2 + 1e-7, `${v} came back as ${restored[i]}`));
  const constant = quantizeWeight(Float32Array.from([0.25, 0.25]), 'uint8');
  assert.equal([constant.min, constant.scale, Array.from(constant.data)], [0.25, 1, [0, 0]]);
});

for (const dtype of ['uint8', 'uint16'] as const) {
  test(`a model saved with ${dtype} weights has the converter's manifest entries and loads back within a step`, async () => {
    const model = convNet();
    const where = path.join(dir, dtype);
    await saveQuantized(model, where, dtype);
    const json = JSON.parse(fs.readFileSync(path.join(where, 'model.json'), 'utf8')) as tf.io.ModelJSON;
    const entries = json.weightsManifest[0].weights;
    for (const entry of entries) {
      assert.is(entry.dtype, 'float32');
      assert.is(entry.quantization?.dtype, dtype);
      assert.type(entry.quantization?.min, 'number');
      assert.type(entry.quantization?.scale, 'number');
    }
    const elements = model.weights.reduce((sum, w) => sum + w.shape.reduce((a, b) => a! * b!, 1)!, 0);
    assert.is(fs.statSync(path.join(where, 'weights.bin')).size, elements * (dtype === 'uint8' ? 1 : 2));
    const loaded = await openModel(where);
    for (const [i, w] of model.weights.entries()) {
      const original = await w.read().data();
      const back = await loaded.weights[i].read().data();
      const step = entries[i].quantization!.scale!;
      original.forEach((v, j) => assert.ok(Math.abs(back[j] - v) <= step / 2 + 1e-6, `${w.name}[${j}]: ${v} → ${back[j]}`));
    }
    model.dispose();
    loaded.dispose();
  });
}

test('a quantized weight file is checked at its stored width: one byte short is refused', async () => {
  const model = convNet();
  const where = path.join(dir, 'short');
  await saveQuantized(model, where);
  const file = path.join(where, 'weights.bin');
  const bytes = fs.readFileSync(file);
  fs.writeFileSync(file, bytes.subarray(1));
  const error = await rejects(tf.loadLayersModel(modelFiles(where)), WeightSizeError);
  assert.ok(error.message.includes(`holds ${bytes.length - 1} bytes but the weights manifest describes ${bytes.length} bytes`), error.message);
  model.dispose();
});

test.run();
