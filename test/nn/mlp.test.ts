import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loadCsvDataset } from '../../src/data/loadCsv.js';
import { trainTestSplit } from '../../src/data/split.js';
import { standardizeSplit } from '../../src/data/standardize.js';
import { run } from '../../src/gpu/recorder.js';
import { disposeExperiment, runExperiment } from '../../src/nn/experiment.js';
import { Mlp } from '../../src/nn/mlp.js';
import { mlpSpec } from '../../src/nn/mlpSpec.js';
import { testEngine } from '../support/engine.js';

const test = suite('custom MLP');

function irisParts() {
  const split = trainTestSplit(loadCsvDataset('iris'), 0.2, 1);
  return standardizeSplit(split.train, split.test);
}

test('digits, one hidden layer of 64, 10 epochs: test accuracy ≥ 0.96', async () => {
  const engine = await testEngine();
  const result = await runExperiment(engine, loadCsvDataset('digits'), { impl: 'custom', hidden: [64], epochs: 10, seed: 0 });
  assert.ok(result.testAccuracy >= 0.96, `test accuracy ${result.testAccuracy}`);
  assert.ok(result.history.loss[9] < result.history.loss[0], `loss ${result.history.loss.join(', ')}`);
  disposeExperiment(result);
});

test('a frozen layer keeps its weights bit for bit while the others learn', async () => {
  const engine = await testEngine();
  const { train } = irisParts();
  const mlp = new Mlp(engine, mlpSpec(4, [6, 5], 3), { seed: 4 });
  mlp.freeze(2);
  const before = await mlp.getWeights();
  await mlp.fit(train, { epochs: 2, batchSize: 16 });
  const after = await mlp.getWeights();
  assert.equal(after[0], before[0]);
  assert.equal(after[1], before[1]);
  assert.not.equal(Array.from(after[2].w), Array.from(before[2].w));
  mlp.dispose();
});

test('training streamed through a window of 40 rows ends with the weights of training on the whole upload, and predicts the same', async () => {
  const engine = await testEngine();
  const { train, test: held } = irisParts();
  const whole = new Mlp(engine, mlpSpec(4, [6], 3), { seed: 4 });
  const streamed = new Mlp(engine, mlpSpec(4, [6], 3), { seed: 4 });
  const wholeHistory = await whole.fit(train, { epochs: 3, batchSize: 16 });
  const streamedHistory = await streamed.fit(train, { epochs: 3, batchSize: 16, windowRows: 40 });
  assert.equal(streamedHistory.loss, wholeHistory.loss);
  assert.equal(await streamed.getWeights(), await whole.getWeights());
  assert.equal(await streamed.predictProba(held.features), await whole.predictProba(held.features));
  whole.dispose();
  streamed.dispose();
});

test('one training step is a list of labelled calls the bench harness can run on its own', async () => {
  const engine = await testEngine();
  const { train } = irisParts();
  const mlp = new Mlp(engine, mlpSpec(4, [6], 3), { seed: 4 });
  const plan = await mlp.trainingPlan(train, 16);
  plan.setOrder(Uint32Array.from({ length: train.rows }, (_, i) => i));
  const calls = plan.stepCallsFor(0);
  const labels = calls.map((c) => c.label);
  for (const expected of ['mlp batch 0 gather X', 'mlp batch 0 gather labels', 'mlp layer 1 forward', 'mlp layer 2 forward', 'mlp batch 0 softmax cross-entropy', 'mlp adam step count', 'mlp layer 1 adam W', 'mlp layer 2 adam b']) {
    assert.ok(labels.includes(expected), `no "${expected}" in ${labels.join(' | ')}`);
  }
  assert.ok(labels.some((l) => l.startsWith('mlp layer 2 backward')) && labels.some((l) => l.startsWith('mlp layer 1 backward')));
  const before = await mlp.getWeights();
  await run(engine, ...calls);
  const after = await mlp.getWeights();
  assert.not.equal(Array.from(after[0].w), Array.from(before[0].w));
  plan.dispose();
  mlp.dispose();
});

test.run();
