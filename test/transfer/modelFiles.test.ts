import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { bindTfjs, tf } from '../../src/gpu/tfjsBackend.js';
import { MissingWeightFileError, UnknownLayerError, WeightSizeError } from '../../src/nn/modelErrors.js';
import { compareFingerprints, fingerprintLayers } from '../../src/transfer/fingerprint.js';
import { modelFiles } from '../../src/nn/modelFiles.js';
import { openModel } from '../../src/transfer/openModel.js';
import { testEngine } from '../support/engine.js';
import { rejects } from '../support/rejects.js';

const test = suite('transfer: model files');

async function savedDenseModel(): Promise<string> {
  await bindTfjs(await testEngine());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stacklab-model-'));
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 3, activation: 'relu', name: 'hidden' }), tf.layers.dense({ units: 2, activation: 'softmax', name: 'out' })] });
  await model.save(modelFiles(dir));
  model.dispose();
  return dir;
}

/** Opening `location` fails with `kind`, and the message names every one of `words`. */
async function refusesToOpen(location: string, kind: new (...args: never[]) => Error, ...words: string[]): Promise<void> {
  const error = await rejects(openModel(location), kind);
  for (const word of words) assert.ok(error.message.includes(word), `"${error.message}" should name ${word}`);
}

test('a saved model loads back with the same weights', async () => {
  const dir = await savedDenseModel();
  const model = await openModel(dir);
  assert.equal(model.layers.map((l) => l.name), ['hidden', 'out']);
  const again = await openModel(path.join(dir, 'model.json'));
  assert.ok(compareFingerprints(await fingerprintLayers(model.layers), await fingerprintLayers(again.layers)).unchanged);
  fs.rmSync(dir, { recursive: true });
});

test('a missing weight shard is named', async () => {
  const dir = await savedDenseModel();
  fs.rmSync(path.join(dir, 'weights.bin'));
  await refusesToOpen(dir, MissingWeightFileError, 'weights.bin', 'missing');
  fs.rmSync(dir, { recursive: true });
});

test('a weight file whose size does not match the manifest is refused, with both sizes', async () => {
  const dir = await savedDenseModel();
  const file = path.join(dir, 'weights.bin');
  const bytes = fs.readFileSync(file);
  fs.writeFileSync(file, bytes.subarray(0, bytes.length - 4));
  await refusesToOpen(dir, WeightSizeError, 'weights.bin', String(bytes.length), String(bytes.length - 4));
  fs.rmSync(dir, { recursive: true });
});

test('an unknown layer class is named', async () => {
  const dir = await savedDenseModel();
  const file = path.join(dir, 'model.json');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"class_name":"Dense"', '"class_name":"FancyDense"'));
  await refusesToOpen(dir, UnknownLayerError, 'FancyDense', 'hidden');
  fs.rmSync(dir, { recursive: true });
});

test('fingerprints see a single changed weight', async () => {
  const dir = await savedDenseModel();
  const model = await openModel(dir);
  const before = await fingerprintLayers(model.layers);
  const bias = model.getLayer('out').weights[1];
  const values = (await bias.read().data()).slice();
  values[1] = Math.fround(values[1] + 1e-6);
  bias.write(tf.tensor(values, bias.shape as number[]));
  const comparison = compareFingerprints(before, await fingerprintLayers(model.layers));
  assert.not.ok(comparison.unchanged);
  assert.equal(comparison.changed, [bias.originalName]);
  fs.rmSync(dir, { recursive: true });
});

test.run();
