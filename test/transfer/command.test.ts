import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { transferCommand, transferDefaults } from '../../src/commands/transfer.js';
import { testEngine } from '../support/engine.js';

const test = suite('transfer: stacklab transfer');

test('the shipped digits 0–4 model transfers to digits 5–9, frozen base unchanged, result file written', async () => {
  const json = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'stacklab-transfer-')), 'transfer.json');
  const out = await transferCommand(
    { ...transferDefaults, from: 'models/digits-0-4', data: 'data/digits-5-9.csv', impl: 'auto', samplesPerClass: [5], seeds: [1], epochs: 60, cachingEpochs: 0, json, quiet: true },
    await testEngine(),
  );
  const written = JSON.parse(fs.readFileSync(json, 'utf8'));
  assert.equal(written.runs, JSON.parse(JSON.stringify(out!.runs)));
  assert.ok(written.env.adapter, 'the env block names the adapter');
  const [run] = written.runs;
  assert.is(run.samplesPerClass, 5);
  assert.is(run.trainRows, 25);
  assert.is(run.frozenLayers, 2);
  assert.is(run.frozenUnchanged, true);
  // Measured on SwiftShader (seed 1, 5 rows per class, 269 held-out rows): transfer 0.628, scratch 0.941.
  assert.ok(run.transferAccuracy >= 0.55 && run.scratchAccuracy >= 0.9, JSON.stringify(run));
});

test('two phases on tfjs: head on cached features, then the top base layer unfrozen; the rest stays frozen', async () => {
  const out = await transferCommand(
    { ...transferDefaults, from: 'models/digits-0-4', data: 'data/digits-5-9.csv', impl: 'tfjs', samplesPerClass: [5], seeds: [1], epochs: 8, fineTune: 1, fineTuneEpochs: 4, cachingEpochs: 0, quiet: true },
    await testEngine(),
  );
  const [run] = out!.runs;
  assert.is(out!.impl, 'tfjs');
  assert.equal(run.frozenLayerNames, ['hidden_1']);
  assert.is(run.frozenUnchanged, true);
});

test.run();
