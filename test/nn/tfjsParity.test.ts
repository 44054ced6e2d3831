import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loadCsvDataset } from '../../src/data/loadCsv.js';
import { runExperiment, disposeExperiment } from '../../src/nn/experiment.js';
import { testEngine } from '../support/engine.js';

const test = suite('custom MLP and tfjs from the same initial weights');

/**
 * Both sides do the same float32 arithmetic in different orders (tiling, reduction trees, tfjs's softmax then
 * clipped log vs our max-subtracted log-sum-exp), so rounding differences of a few ulps per step compound through
 * the Adam updates: measured on SwiftShader they stay near 3e-6 relative over 8 epochs on iris. 1e-4 leaves room
 * for other adapters; a real difference (a wrong gradient, a missing bias, batches in another order, the last
 * partial batch dropped) shows at the percent level from the first epoch.
 */
const relativeTolerance = 1e-4;

test('iris, 4 epochs of batches 48, 48, 24: the epoch losses agree within 1e-4 relative, and both learn', async () => {
  const engine = await testEngine();
  const iris = loadCsvDataset('iris');
  const settings = { hidden: [8], epochs: 4, batchSize: 48, learningRate: 0.03, seed: 2 };
  const custom = await runExperiment(engine, iris, { impl: 'custom', ...settings });
  const tfjs = await runExperiment(engine, iris, { impl: 'tfjs', ...settings });
  custom.history.loss.forEach((loss, epoch) => {
    const theirs = tfjs.history.loss[epoch];
    assert.ok(Math.abs(loss - theirs) <= relativeTolerance * theirs, `epoch ${epoch + 1}: custom ${loss}, tfjs ${theirs}`);
  });
  assert.ok(custom.history.loss[3] < 0.8 * custom.history.loss[0], `loss ${custom.history.loss.join(', ')}`);
  disposeExperiment(custom);
  disposeExperiment(tfjs);
});

test.run();
