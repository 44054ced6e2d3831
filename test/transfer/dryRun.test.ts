import fs from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { transferCommand, transferDefaults } from '../../src/commands/transfer.js';
import { randomFloats, seededRandom } from '../../src/data/random.js';
import { tf } from '../../src/gpu/tfjsBackend.js';
import { modelFiles } from '../../src/nn/modelFiles.js';
import { activateConvBackend } from '../../src/transfer/convBackend.js';
import { TransferOptionError } from '../../src/transfer/errors.js';
import { isOutOfMemory, withOutOfMemoryAdvice } from '../../src/transfer/outOfMemory.js';
import { testEngine } from '../support/engine.js';
import { rejects } from '../support/rejects.js';
import { suiteTempDir } from '../support/tempDir.js';

const test = suite('transfer: refused up front, never an unexpected error');
const dir = suiteTempDir(test, 'stacklab-dryrun-');

/** A small convnet whose middle convolution is dilated: tfjs has no gradient for that on any backend. */
async function writeDilatedModel(where: string): Promise<void> {
  await activateConvBackend(await testEngine());
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [12, 12, 1], filters: 4, kernelSize: 3, activation: 'relu', name: 'plain', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
      tf.layers.conv2d({ filters: 4, kernelSize: 3, dilationRate: 2, activation: 'relu', name: 'dilated', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
      tf.layers.conv2d({ filters: 6, kernelSize: 3, activation: 'relu', name: 'top', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
      tf.layers.globalAveragePooling2d({ name: 'pool' }),
      tf.layers.dense({ units: 3, activation: 'softmax', name: 'classifier' }),
    ],
  });
  await model.save(modelFiles(where));
  model.dispose();
  await activateConvBackend(await testEngine(), 'webgpu');
}

function writeImageCsv(file: string, rows: number): void {
  const random = seededRandom(3);
  const lines = [[...Array.from({ length: 144 }, (_, p) => `p${p}`), 'label'].join(',')];
  for (let r = 0; r < rows; r++) lines.push([...Array.from(randomFloats(144, random), (v) => v.toFixed(3)), `c${r % 3}`].join(','));
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

test('a layer the backend cannot train is refused before training, naming the layer and the option; frozen and a fine-tune above it still run', async () => {
  const engine = await testEngine();
  await writeDilatedModel(path.join(dir, 'model'));
  writeImageCsv(path.join(dir, 'images.csv'), 45);
  const base = { ...transferDefaults, from: path.join(dir, 'model'), data: path.join(dir, 'images.csv'), image: '12x12x1', samplesPerClass: [5], seeds: [1], steps: 2, trainBatchSize: 8, quiet: true };
  await rejects(transferCommand({ ...base, methods: ['scratch'] }, engine), TransferOptionError, /^--methods: layer "dilated" \(Conv2D\) cannot train on tfjs's \w+ backend: .*dilation.*Leave scratch out of --methods/);
  await rejects(transferCommand({ ...base, methods: ['finetune'], fineTuneLayers: 2 }, engine), TransferOptionError, /^--fine-tune-layers: layer "dilated" \(Conv2D\).*a smaller --fine-tune-layers/);
  const out = await transferCommand({ ...base, methods: ['frozen', 'finetune'], fineTuneLayers: 1 }, engine);
  assert.equal(out!.runs.map((r) => [r.method, r.frozenUnchanged]), [['frozen', true], ['finetune', true]]);
});

test('a wasm out-of-memory becomes an error naming the option that makes it smaller', async () => {
  const wasmOom = new WebAssembly.RuntimeError('memory access out of bounds');
  assert.ok(isOutOfMemory(wasmOom));
  assert.not.ok(isOutOfMemory(new Error('Kernel not registered')));
  await rejects(
    withOutOfMemoryAdvice(() => Promise.reject(wasmOom), '--memory-budget', 'training "m" in micro-batches of 8'),
    TransferOptionError,
    /^--memory-budget: ran out of memory training "m" in micro-batches of 8 \(memory access out of bounds\); set it lower$/,
  );
  await rejects(withOutOfMemoryAdvice(() => Promise.reject(new RangeError('other')), '--batch-size', 'x'), RangeError);
});

test.run();
