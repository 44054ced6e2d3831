import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { byteSize } from '../../src/commands/memoryBudget.js';
import { tf } from '../../src/gpu/tfjsBackend.js';
import { estimateActivations } from '../../src/transfer/activationMemory.js';
import { activateConvBackend } from '../../src/transfer/convBackend.js';
import { TransferOptionError } from '../../src/transfer/errors.js';
import { chooseMicroBatch, wasmHeapBytes } from '../../src/transfer/microBatch.js';
import { testEngine } from '../support/engine.js';

const test = suite('transfer: micro-batch from the memory budget');

function tinyModel(batchNorm: boolean): tf.LayersModel {
  const input = tf.input({ shape: [4, 4, 2] });
  let x = tf.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same' }).apply(input) as tf.SymbolicTensor;
  if (batchNorm) x = tf.layers.batchNormalization({}).apply(x) as tf.SymbolicTensor;
  const flat = tf.layers.flatten().apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: tf.layers.dense({ units: 5 }).apply(flat) as tf.SymbolicTensor });
}

test('the estimate sums every layer output of one example (float32) times what a training step keeps beside it', async () => {
  await activateConvBackend(await testEngine(), 'webgpu');
  // input 4·4·2, conv 4·4·3, flatten 48, dense 5 floats.
  const outputs = 4 * (32 + 48 + 48 + 5);
  const plain = estimateActivations(tinyModel(false), true);
  assert.is(plain.outputBytesPerExample, outputs);
  assert.is(plain.largestOutputBytesPerExample, 4 * 48);
  assert.is(plain.bytesPerExample, 3 * outputs);
  // BatchNorm on batch statistics keeps more per layer; in inference mode it is one more output like any other.
  assert.is(estimateActivations(tinyModel(true), false).bytesPerExample, 3 * (outputs + 4 * 48));
  assert.is(estimateActivations(tinyModel(true), true).bytesPerExample, 8 * (outputs + 4 * 48));
});

test('the micro-batch splits the mini-batch evenly within the budget; a budget that holds it all, or none, still trains', async () => {
  await activateConvBackend(await testEngine(), 'wasm');
  try {
    const estimate = { outputBytesPerExample: 100, bytesPerExample: 1000, largestOutputBytesPerExample: 50 };
    const tenRows = chooseMicroBatch(32, estimate, 10_000, 'model');
    assert.equal([tenRows.microBatch, tenRows.passes, tenRows.limitedBy, tenRows.budgetBytes], [8, 4, 'budget', 10_000]);
    assert.equal([chooseMicroBatch(32, estimate, 10 ** 9, 'model').microBatch, chooseMicroBatch(32, estimate, 10 ** 9, 'model').limitedBy], [32, 'batch']);
    const belowOne = chooseMicroBatch(32, estimate, 10, 'model');
    assert.equal([belowOne.microBatch, belowOne.passes], [1, 32]);
    // No budget: only the wasm heap bounds it.
    const heap = chooseMicroBatch(32, { ...estimate, bytesPerExample: wasmHeapBytes / 8 }, undefined, 'model');
    assert.equal([heap.microBatch, heap.limitedBy], [4, 'wasm heap']);
    assert.throws(
      () => chooseMicroBatch(32, { ...estimate, bytesPerExample: wasmHeapBytes }, undefined, 'huge'),
      (error: Error) => error instanceof TransferOptionError && /"huge" needs about 4096 MiB.*wasm backend/.test(error.message),
    );
  } finally {
    await activateConvBackend(await testEngine(), 'webgpu');
  }
});

test("on webgpu the largest layer output of a micro-batch stays within the device's buffer limits", async () => {
  const engine = await testEngine();
  await activateConvBackend(engine, 'webgpu');
  const { limits } = engine.device;
  const largest = Math.min(limits.maxBufferSize, limits.maxStorageBufferBindingSize) / 4;
  const choice = chooseMicroBatch(32, { outputBytesPerExample: largest, bytesPerExample: 3 * largest, largestOutputBytesPerExample: largest }, undefined, 'model');
  assert.equal([choice.microBatch, choice.passes, choice.limitedBy, choice.budgetBytes], [4, 8, 'GPU buffer limit', null]);
});

test('--memory-budget takes sizes in binary units or bytes, and refuses anything else', () => {
  const parse = byteSize('--memory-budget');
  assert.equal(['2G', '1.5GiB', '800m', '64KB', '1073741824'].map(parse), [2 * 2 ** 30, 1.5 * 2 ** 30, 800 * 2 ** 20, 64 * 1024, 2 ** 30]);
  for (const bad of ['', 'lots', '-1G', '0']) assert.throws(() => parse(bad), /--memory-budget must be a size/);
});

test.run();
