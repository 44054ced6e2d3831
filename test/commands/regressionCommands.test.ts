import fs from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { stackCommand } from '../../src/commands/stack.js';
import { trainCommand } from '../../src/commands/train.js';
import type { TrainRegressionJson } from '../../src/commands/trainRegression.js';
import { CsvError } from '../../src/data/csvError.js';
import { applyEncoder } from '../../src/data/encode.js';
import { loadCsvDataset } from '../../src/data/loadCsv.js';
import { seededRandom } from '../../src/data/random.js';
import { trainTestSplit } from '../../src/data/split.js';
import { BadInputError } from '../../src/errors.js';
import { tf } from '../../src/gpu/tfjsBackend.js';
import type { ModelMetadata } from '../../src/nn/layersModel.js';
import { loadMlp, modelFiles } from '../../src/nn/modelFiles.js';
import { testEngine } from '../support/engine.js';
import { rejects } from '../support/rejects.js';
import { suiteTempDir } from '../support/tempDir.js';

const test = suite('regression commands');
const dir = suiteTempDir(test, 'stacklab-regression-');

/** A semicolon file with a continuous target in the thousands, a categorical column and a few missing cells. */
function writeTable(file: string, rows: number): string {
  const random = seededRandom(11);
  const lines = ['x1;x2;x3;town;price'];
  for (let r = 0; r < rows; r++) {
    const x = [0, 1, 2].map(() => random.next() * 4 - 2);
    const town = ['north', 'south', 'east'][random.int(3)];
    const y = 1000 * (2 * Math.sin(2 * x[0]) + x[1] * x[1] - x[2] + (town === 'south' ? 1 : 0)) + 200 * random.next();
    lines.push([r % 50 === 7 ? 'NA' : x[0].toFixed(3), x[1].toFixed(3), x[2].toFixed(3), town, y.toFixed(2)].join(';'));
  }
  fs.writeFileSync(file, lines.join('\n'));
  return file;
}

const data = writeTable(path.join(dir, 'prices.csv'), 400);
const flags = { data, ignore: [] as string[], quiet: true };

test('stack on a continuous target: a regression stack with RMSE, MAE and R² per model in JSON and HTML', async () => {
  const engine = await testEngine();
  const json = path.join(dir, 'stack.json');
  const html = path.join(dir, 'stack.html');
  await stackCommand({ ...flags, base: ['ridge', 'knn', 'extra-trees'], meta: 'convex', folds: 3, seed: 0, testSize: 0.25, json, html }, engine);
  const result = JSON.parse(fs.readFileSync(json, 'utf8'));
  assert.is(result.task, 'regression');
  assert.ok(result.env.adapter, 'env block');
  assert.equal(result.baseModels.map((b: { name: string }) => b.name), ['ridge', 'knn', 'extra-trees']);
  for (const b of result.baseModels) assert.ok(['rmse', 'mae', 'r2'].every((k) => Number.isFinite(b.test[k]) && Number.isFinite(b.oof[k])), b.name);
  assert.ok(result.meta.test.r2 > 0.7, `stack R² ${result.meta.test.r2}`);
  assert.match(fs.readFileSync(html, 'utf8'), /R²/);
});

test('train on a continuous target: the MLP regression run, with --loss huber', async () => {
  const engine = await testEngine();
  const json = path.join(dir, 'train.json');
  const common = { hidden: [16], epochs: 15, batchSize: 32, lr: 0.01, impl: 'custom' as const, testSize: 0.25, seed: 0 };
  await trainCommand({ ...flags, ...common, loss: 'huber' as const, json }, engine);
  const result = JSON.parse(fs.readFileSync(json, 'utf8'));
  assert.is(result.task, 'regression');
  assert.equal(result.lossFunction, { kind: 'huber', delta: 1 });
  assert.is(result.loss.length, 15);
  assert.ok(result.testReport.r2 > 0.5, `test R² ${result.testReport.r2}`);
  await rejects(trainCommand({ ...flags, ...common, impl: 'tfjs' }, engine), BadInputError, /--impl tfjs: not for regression/);
  await rejects(trainCommand({ ...flags, ...common, data: 'iris', loss: 'huber' as const }, engine), BadInputError, /--loss is for a regression target/);
});

test('train --save on a continuous target: model.json whose metadata turns raw rows into predictions in the target units', async () => {
  const engine = await testEngine();
  const save = path.join(dir, 'price-model');
  const common = { hidden: [16], epochs: 10, batchSize: 32, lr: 0.01, impl: 'custom' as const, testSize: 0.25, seed: 3 };
  const trained = (await trainCommand({ ...flags, ...common, loss: 'huber' as const, save }, engine)) as TrainRegressionJson;

  const model = await tf.loadLayersModel(modelFiles(save));
  const meta = (model.getUserDefinedMetadata() as { stacklab: ModelMetadata }).stacklab;
  assert.is(meta.task, 'regression');
  assert.equal(meta.loss, { kind: 'huber', delta: 1 });
  assert.equal(meta.targetScaler, trained.targetScaler);
  assert.equal(model.outputs[0].shape, [null, 1]);
  // The rows train held out, raw (a missing x1, the town as text): the same file under the same shuffled split.
  const heldOut = trainTestSplit(loadCsvDataset(data), common.testSize, common.seed).test;
  const encoded = applyEncoder(meta.encoder!, heldOut);
  assert.equal([...encoded.featureNames], meta.featureNames);
  const { mean, scale } = meta.standardizer!;
  const inputs = encoded.features.map((x, i) => (x - mean[i % encoded.cols]) / scale[i % encoded.cols]);
  const input = tf.tensor2d(inputs, [encoded.rows, encoded.cols]);
  const output = model.predict(input) as tf.Tensor;
  const outputs = await output.data();
  tf.dispose([input, output]);
  const predictions = Array.from(outputs, (v) => v * meta.targetScaler!.scale + meta.targetScaler!.mean);
  const rmse = Math.sqrt(predictions.reduce((sum, p, r) => sum + (p - heldOut.targets![r]) ** 2, 0) / heldOut.rows);
  assert.ok(Math.abs(rmse - trained.testReport.rmse) <= 1e-4 * trained.testReport.rmse, `RMSE from the saved model ${rmse}, train reported ${trained.testReport.rmse}`);
  model.dispose();

  // The same files load back as a custom MLP with its linear output.
  const { mlp, metadata } = await loadMlp(engine, save);
  assert.is(metadata.task, 'regression');
  const custom = await mlp.predictOutputs(inputs);
  mlp.dispose();
  assert.ok(custom.every((v, r) => Math.abs(v - outputs[r]) < 1e-4), 'custom MLP and tfjs outputs agree');
});

test('train --save to a path under a file is refused before training, naming the file', async () => {
  const engine = await testEngine();
  const file = path.join(dir, 'taken');
  fs.writeFileSync(file, '');
  const run = trainCommand({ ...flags, hidden: [4], epochs: 1, batchSize: 32, lr: 0.01, impl: 'custom', testSize: 0.25, seed: 0, save: path.join(file, 'model') }, engine);
  await rejects(run, BadInputError, /--save .*taken[/\\]model: .*taken is a file, not a folder/);
});

test('class-only options are refused for a regression target, and a text target for --task regression', async () => {
  const engine = await testEngine();
  const options = { ...flags, base: ['ridge', 'knn'], meta: 'convex', folds: 2, seed: 0, testSize: 0.25 };
  await rejects(stackCommand({ ...options, passthrough: true }, engine), BadInputError, /--passthrough: not for a regression stack/);
  await rejects(stackCommand({ ...options, meta: 'logreg' }, engine), BadInputError, /unknown regression meta-learner "logreg"/);
  await rejects(stackCommand({ ...options, data: 'iris', task: 'regression' as const }, engine), CsvError, /numeric target/);
});

test.run();
