import fs from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { stackCommand } from '../../src/commands/stack.js';
import { trainCommand } from '../../src/commands/train.js';
import { CsvError } from '../../src/data/csvError.js';
import { seededRandom } from '../../src/data/random.js';
import { BadInputError } from '../../src/errors.js';
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

test('class-only options are refused for a regression target, and a text target for --task regression', async () => {
  const engine = await testEngine();
  const options = { ...flags, base: ['ridge', 'knn'], meta: 'convex', folds: 2, seed: 0, testSize: 0.25 };
  await rejects(stackCommand({ ...options, passthrough: true }, engine), BadInputError, /--passthrough: not for a regression stack/);
  await rejects(stackCommand({ ...options, meta: 'logreg' }, engine), BadInputError, /unknown regression meta-learner "logreg"/);
  await rejects(stackCommand({ ...options, data: 'iris', task: 'regression' as const }, engine), CsvError, /numeric target/);
});

test.run();
