import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loadCsvDataset } from '../../src/data/loadCsv.js';
import { runRepeatedExperiment } from '../../src/nn/repeatedExperiment.js';
import { testEngine } from '../support/engine.js';

const test = suite('repeated experiment');

test('every split: the test rows are never trained on nor validated on, and the rows of each split cover the dataset', async () => {
  const engine = await testEngine();
  const wine = loadCsvDataset('wine');
  const result = await runRepeatedExperiment(engine, wine, { hidden: [8], epochs: 2, batchSize: 32, learningRate: 0.01, testSize: 0.2, seed: 7, repeats: 3, validationSplit: 0.2 });
  try {
    assert.is(result.batch.size, 3);
    for (const s of result.splits) {
      const held = new Set(s.testRows);
      assert.ok([...s.trainRows, ...s.validationRows].every((r) => !held.has(r)), `seed ${s.seed}: a test row was used for training or validation`);
      assert.is(new Set([...s.trainRows, ...s.validationRows, ...s.testRows]).size, wine.rows);
      assert.is(s.history.validationLoss.length, 2);
    }
    assert.not.equal(Array.from(result.splits[0].testRows), Array.from(result.splits[1].testRows), 'each repeat its own split');
  } finally {
    result.batch.dispose();
  }
});

test.run();
