import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { transferCommand, transferDefaults } from '../../src/commands/transfer.js';
import { testEngine } from '../support/engine.js';

const test = suite('transfer: the shipped digits 0–4 convnet');

test('loads with its image input from the metadata; conv layers stay frozen while the head and the top layer train through them', async () => {
  const out = await transferCommand(
    { ...transferDefaults, from: 'models/digits-0-4-cnn', data: 'data/digits-5-9.csv', impl: 'auto', samplesPerClass: [5], seeds: [1], epochs: 4, fineTune: 1, fineTuneEpochs: 2, cachingEpochs: 0, quiet: true },
    await testEngine(),
  );
  const [run] = out!.runs;
  assert.is(out!.impl, 'tfjs');
  assert.is(out!.cutLayer, 'dense_features');
  assert.is(out!.featuresCached, true);
  assert.equal(run.frozenLayerNames, ['conv_1', 'conv_2']);
  assert.is(run.frozenUnchanged, true, `changed: ${run.changedWeights.join(', ')}`);
  assert.equal(run.changedWeights, []);
});

test.run();
