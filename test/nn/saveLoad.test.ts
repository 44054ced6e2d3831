import fs from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { argmaxRows } from '../../src/data/metrics.js';
import { seededRandom, randomFloats } from '../../src/data/random.js';
import { bindTfjs, tf } from '../../src/gpu/tfjsBackend.js';
import { initialWeights } from '../../src/nn/init.js';
import { Mlp } from '../../src/nn/mlp.js';
import { mlpSpec, type LayerWeights } from '../../src/nn/mlpSpec.js';
import { modelFiles, loadMlp, saveMlp } from '../../src/nn/modelFiles.js';
import { WeightSizeError } from '../../src/nn/modelErrors.js';
import { buildTfjsMlp, tfjsPredictProba } from '../../src/nn/tfjsMlp.js';
import { rejects } from '../support/rejects.js';
import { suiteTempDir } from '../support/tempDir.js';
import { testEngine } from '../support/engine.js';
import { compareWithBounds, describe } from '../support/tolerance.js';
import { forwardReference } from './forwardReference.js';

const test = suite('save and load (tfjs LayersModel format)');

const spec = mlpSpec(7, [11, 5], 3, 'tanh');
const x = randomFloats(13 * 7, seededRandom(5), 2);

/** Both implementations' probabilities must be within the float32 forward bound of the float64 reference. */
function expectNearReference(label: string, probs: Float32Array, weights: LayerWeights[]): void {
  const { probs: want, bound } = forwardReference(spec, weights, x);
  const result = compareWithBounds(probs, want, (i) => bound[i]);
  assert.ok(result.ok, `${label}: ${describe(result)}`);
}

const root = suiteTempDir(test, 'stacklab-model-');
const tempDir = () => fs.mkdtempSync(path.join(root, 'model-'));

test('a saved MLP loads with tf.loadLayersModel and predicts the same probabilities', async () => {
  const engine = await testEngine();
  await bindTfjs(engine);
  const mlp = new Mlp(engine, spec, { weights: initialWeights(spec, 3) });
  const dir = tempDir();
  await saveMlp(engine, mlp, dir, { classNames: ['a', 'b', 'c'] });
  assert.ok(fs.existsSync(path.join(dir, 'model.json')) && fs.existsSync(path.join(dir, 'weights.bin')));
  const model = await tf.loadLayersModel(modelFiles(dir));
  const theirs = await tfjsPredictProba(model, x, 7);
  const ours = await mlp.predictProba(x);
  const weights = await mlp.getWeights();
  expectNearReference('tfjs, loaded', theirs, weights);
  expectNearReference('custom', ours, weights);
  assert.equal(argmaxRows(ours, 3), argmaxRows(theirs, 3));
  assert.equal((model.getUserDefinedMetadata() as { stacklab: { classNames: string[] } }).stacklab.classNames, ['a', 'b', 'c']);
  model.dispose();
  mlp.dispose();
});

test('a model tfjs saved loads as a custom MLP with the same predictions and activations', async () => {
  const engine = await testEngine();
  await bindTfjs(engine);
  const model = buildTfjsMlp(spec, initialWeights(spec, 9));
  const dir = tempDir();
  await model.save(modelFiles(dir));
  const { mlp } = await loadMlp(engine, path.join(dir, 'model.json'));
  assert.equal(mlp.spec, spec);
  const weights = initialWeights(spec, 9);
  expectNearReference('tfjs', await tfjsPredictProba(model, x, 7), weights);
  expectNearReference('custom, loaded', await mlp.predictProba(x), weights);
  model.dispose();
  mlp.dispose();
});

test('loading refuses a model with a layer the custom MLP cannot run, naming it', async () => {
  const engine = await testEngine();
  await bindTfjs(engine);
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 4, inputShape: [3], activation: 'elu', name: 'odd_dense' }), tf.layers.dense({ units: 2, activation: 'softmax' })] });
  const dir = tempDir();
  await model.save(modelFiles(dir));
  model.dispose();
  await rejects(loadMlp(engine, dir), Error, /layer 0 "odd_dense" has activation elu/);
});

test('a weight file shorter than its manifest is refused with both sizes', async () => {
  const engine = await testEngine();
  const mlp = new Mlp(engine, spec, { seed: 1 });
  const dir = tempDir();
  await saveMlp(engine, mlp, dir);
  mlp.dispose();
  fs.truncateSync(path.join(dir, 'weights.bin'), 100);
  await rejects(loadMlp(engine, dir), WeightSizeError, /weights.bin" holds 100 bytes but the weights manifest describes 664 bytes/);
});

test.run();
