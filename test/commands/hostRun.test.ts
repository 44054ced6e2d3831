import fs from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { stackCommand, type StackJson } from '../../src/commands/stack.js';
import type { StackCommandOptions } from '../../src/commands/stackCommandOptions.js';
import { trainCommand, type TrainJson } from '../../src/commands/train.js';
import type { TrainCommandOptions } from '../../src/commands/trainCommandOptions.js';
import { BadInputError } from '../../src/errors.js';
import { testEngine } from '../support/engine.js';
import { rejects } from '../support/rejects.js';
import { suiteTempDir } from '../support/tempDir.js';

const test = suite('train and stack --host browser');
const dir = suiteTempDir(test, 'stacklab-host-run-');

const iris: TrainCommandOptions = { data: 'iris', ignore: [], hidden: [16], epochs: 3, batchSize: 16, lr: 0.01, impl: 'custom', testSize: 0.2, seed: 3, quiet: true };

test('train --host browser: the page trains on its engine the rows split here, as the Node host does for the same seed', async () => {
  const json = path.join(dir, 'train-browser.json');
  const inPage = (await trainCommand({ ...iris, host: 'browser', json })) as TrainJson;
  const here = (await trainCommand(iris, await testEngine())) as TrainJson;
  const written = JSON.parse(fs.readFileSync(json, 'utf8'));
  assert.is(written.env.host, 'browser');
  assert.match(written.env.chrome, /Chrome/);
  assert.is(written.testAccuracy, here.testAccuracy, 'same test accuracy on both hosts');
  assert.is(inPage.data.trainRows, here.data.trainRows);
  inPage.loss.forEach((loss, epoch) => assert.ok(Math.abs(loss - here.loss[epoch]) <= 1e-4 * Math.abs(here.loss[epoch]), `epoch ${epoch} loss: page ${loss}, node ${here.loss[epoch]}`));
});

test('stack --host browser: base learners and meta-learner fitted in the page score as on the Node host', async () => {
  const options: StackCommandOptions = { data: 'iris', ignore: [], base: ['logreg', 'knn'], meta: 'convex', folds: 2, seed: 0, testSize: 0.2, quiet: true };
  const html = path.join(dir, 'stack.html');
  const inPage = (await stackCommand({ ...options, host: 'browser', html })) as StackJson;
  const here = (await stackCommand(options, await testEngine())) as StackJson;
  assert.is(inPage.env.host, 'browser');
  assert.equal(inPage.baseModels.map((b) => [b.name, b.testAccuracy]), here.baseModels.map((b) => [b.name, b.testAccuracy]));
  assert.is(inPage.meta.testAccuracy, here.meta.testAccuracy);
  assert.equal(inPage.foldAssignments, here.foldAssignments);
  assert.ok(fs.readFileSync(html, 'utf8').includes('adapter:'), 'the report names the page\'s adapter');
});

test('train --host browser --save is refused before a browser starts: the page cannot write here', async () => {
  await rejects(trainCommand({ ...iris, host: 'browser', save: path.join(dir, 'model') }), BadInputError, /--save .*--host node/);
});

test.run();
