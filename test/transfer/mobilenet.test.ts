import fs from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { transferCommand, transferDefaults } from '../../src/commands/transfer.js';
import { randomFloats, seededRandom } from '../../src/data/random.js';
import { saveQuantized } from '../../src/nn/modelFiles.js';
import { predictInBatches } from '../../src/transfer/batches.js';
import { activateConvBackend } from '../../src/transfer/convBackend.js';
import { cutBase } from '../../src/transfer/cut.js';
import { rowInputs } from '../../src/transfer/modelInput.js';
import { mobilenetStyle } from '../fixtures/mobilenetStyle.js';
import { testEngine } from '../support/engine.js';
import { suiteTempDir } from '../support/tempDir.js';

const test = suite('transfer: a MobileNetV2-style base with uint8-quantized weights');
const dir = suiteTempDir(test, 'stacklab-mobilenet-');

const small = { size: 32, stem: 8, last: 32, classes: 4, seed: 7, blocks: [[1, 8, 1, 1], [4, 12, 2, 2], [4, 16, 2, 2]] as [number, number, number, number][] };

/** 16×16 grey images of three classes, each class a brighter band at its own rows, as a CSV with a label column. */
function writeImageCsv(file: string, rows: number): void {
  const random = seededRandom(11);
  const lines = [[...Array.from({ length: 256 }, (_, p) => `p${p}`), 'label'].join(',')];
  for (let r = 0; r < rows; r++) {
    const label = r % 3;
    const pixels = randomFloats(256, random, 0.2).map((v, p) => v + 0.5 + (Math.floor(p / 16 / 5) === label ? 0.4 : 0));
    lines.push([...Array.from(pixels, (v) => v.toFixed(3)), `c${label}`].join(','));
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

test('saved uint8-quantized, reloaded through --from, cut at the global pool: every frozen weight and BN statistic stays bit-identical while the head and top layers train', async () => {
  const engine = await testEngine();
  await activateConvBackend(engine);
  await saveQuantized(mobilenetStyle(small), path.join(dir, 'model'));
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'model', 'model.json'), 'utf8')).weightsManifest[0].weights;
  assert.ok(manifest.some((w: { quantization?: { dtype: string } }) => w.quantization?.dtype === 'uint8'), 'weights are stored as uint8');
  writeImageCsv(path.join(dir, 'images.csv'), 60);

  const out = await transferCommand(
    { ...transferDefaults, from: path.join(dir, 'model'), data: path.join(dir, 'images.csv'), image: '16x16x1', methods: ['frozen', 'finetune'], samplesPerClass: [5], seeds: [1], steps: 3, batchSize: 8, quiet: true },
    engine,
  );
  assert.is(out!.cutLayer, 'global_pool');
  assert.is(out!.featureCount, small.last);
  const [frozen, finetune] = out!.runs;
  assert.is(frozen.method, 'frozen');
  assert.is(finetune.method, 'finetune');
  assert.ok(frozen.frozenLayers > 20, `${frozen.frozenLayers} weighted layers frozen`);
  assert.is(finetune.frozenLayers, frozen.frozenLayers - transferDefaults.fineTuneLayers);
  for (const run of out!.runs) assert.is(run.frozenUnchanged, true, `${run.method}: ${run.changedWeights.join(', ')}`);
  assert.is(finetune.steps, 3);
});

test('scratch and a fine-tune that unfreezes a DepthwiseConv2D layer both train (wasm on a fallback adapter) in micro-batches the budget sets, frozen layers unchanged', async () => {
  const engine = await testEngine();
  await saveQuantized(mobilenetStyle(small), path.join(dir, 'depthwise'));
  writeImageCsv(path.join(dir, 'depthwise.csv'), 60);
  const fineTuneLayers = 6;
  const { base } = cutBase(mobilenetStyle(small));
  const unfrozen = base.layers.filter((layer) => layer.weights.length > 0).slice(-fineTuneLayers);
  assert.ok(unfrozen.some((layer) => layer.getClassName() === 'DepthwiseConv2D'), unfrozen.map((l) => l.name).join(', '));

  const out = await transferCommand(
    { ...transferDefaults, from: path.join(dir, 'depthwise'), data: path.join(dir, 'depthwise.csv'), image: '16x16x1', methods: ['scratch', 'finetune'], samplesPerClass: [5], seeds: [1], steps: 2, trainBatchSize: 8, memoryBudget: 1, fineTuneLayers, quiet: true },
    engine,
  );
  for (const run of out!.runs) {
    assert.is(run.steps, 2, run.method);
    // A budget below one example: one row per pass, eight passes per step of 8, recorded with the estimate.
    assert.equal([run.microBatch!.microBatch, run.microBatch!.passes, run.microBatch!.batchSize, run.microBatch!.limitedBy], [1, 8, 8, 'budget'], run.method);
    assert.ok(run.microBatch!.bytesPerExample > 0);
    assert.is(run.frozenUnchanged, true, `${run.method}: ${run.changedWeights.join(', ')}`);
  }
});

test('features extracted in batches equal those of one batch over every row', async () => {
  await activateConvBackend(await testEngine());
  const model = mobilenetStyle(small);
  const { base } = cutBase(model);
  const rows = 13;
  const images = { features: randomFloats(rows * 16 * 16, seededRandom(3)), labels: new Uint32Array(rows), rows, cols: 256, featureNames: [], classNames: ['a'], source: 'random images' };
  const inputs = rowInputs(base, images, { image: { height: 16, width: 16, channels: 1 } });
  const all = Array.from({ length: rows }, (_, i) => i);
  const whole = await predictInBatches(base, inputs, all, rows);
  const batched = await predictInBatches(base, inputs, all, 4);
  assert.equal([batched.rows, batched.cols], [whole.rows, whole.cols]);
  const scale = Math.max(...whole.features.map(Math.abs));
  const worst = Math.max(...whole.features.map((v, i) => Math.abs(v - batched.features[i])));
  assert.ok(worst <= 1e-5 * scale, `largest difference ${worst} (values up to ${scale})`);
  model.dispose();
});

test.run();
