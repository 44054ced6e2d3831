import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loadCsvDataset } from '../../src/data/loadCsv.js';
import { trainTestSplit } from '../../src/data/split.js';
import { standardizeSplit } from '../../src/data/standardize.js';
import { MlpBatch } from '../../src/nn/mlpBatch.js';
import { mlpSpec } from '../../src/nn/mlpSpec.js';
import { testEngine } from '../support/engine.js';

const test = suite('MlpBatch early stopping');

// 20% of wine (35 rows) as training rows so a large learning rate overfits within a few epochs.
const split = trainTestSplit(loadCsvDataset('wine'), 0.8, 3);
const { train } = standardizeSplit(split.train, split.test);
const rows = (from: number, to: number) => Uint32Array.from({ length: to - from }, (_, i) => from + i);

function crossEntropy(probs: Float32Array, labels: ArrayLike<number>, classes: number): number {
  let sum = 0;
  for (let i = 0; i < labels.length; i++) sum -= Math.log(Math.max(probs[i * classes + labels[i]], 1e-7));
  return sum / labels.length;
}

test('early stopping stops after `patience` epochs without a better validation loss and restores the best epoch', async () => {
  const engine = await testEngine();
  const validation = rows(20, train.rows);
  const batch = new MlpBatch(engine, mlpSpec(train.cols, [32], 3), [{ seed: 4, learningRate: 0.1, trainRows: rows(0, 20), validationRows: validation }]);
  try {
    const [history] = await batch.fit(train, { epochs: 60, batchSize: 8, patience: 3 });
    assert.ok(history.stoppedEarly, `ran all ${history.epochsRun} epochs; validation loss ${history.validationLoss.map((l) => l.toFixed(3))}`);
    assert.is(history.epochsRun, history.bestEpoch + 3 + 1);
    const best = Math.min(...history.validationLoss);
    assert.is(history.validationLoss[history.bestEpoch], best);
    assert.ok(history.validationLoss.slice(history.bestEpoch + 1).every((l) => l >= best));
    const features = new Float32Array(Array.from(validation, (r) => [...train.features.subarray(r * train.cols, (r + 1) * train.cols)]).flat());
    const restored = crossEntropy(await batch.predictProba(0, features, validation.length), Array.from(validation, (r) => train.labels[r]), 3);
    assert.ok(Math.abs(restored - best) <= 1e-4 * Math.max(1, best), `restored model's validation loss ${restored}, best epoch's ${best}`);
  } finally {
    batch.dispose();
  }
});

test.run();
