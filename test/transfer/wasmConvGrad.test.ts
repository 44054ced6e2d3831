import { suite } from 'uvu';
import { tf } from '../../src/gpu/tfjsBackend.js';
import { assertWasmGradientsMatchCpu, type GradientCase } from '../support/wasmGradientCheck.js';

const test = suite('transfer: conv2d gradients on the wasm backend');

const cases: GradientCase[] = [
  { x: [3, 7, 7, 2], filter: [3, 3, 2, 5], strides: 1, pad: 'same' },
  { x: [2, 9, 8, 3], filter: [3, 3, 3, 4], strides: 2, pad: 'same' },
  { x: [1, 6, 5, 1], filter: [2, 2, 1, 3], strides: 1, pad: 'valid' },
  { x: [4, 11, 11, 5], filter: [5, 5, 5, 7], strides: 2, pad: 'valid' },
  { x: [2, 5, 6, 7], filter: [1, 1, 7, 3], strides: 1, pad: 'same' },
  { x: [2, 7, 7, 3], filter: [1, 1, 3, 4], strides: 2, pad: 'valid' },
];

test('input and filter gradients on wasm equal tfjs cpu ones for same/valid padding, strides 1 and 2, 1×1 to 5×5 filters', async () => {
  await assertWasmGradientsMatchCpu((x, w, strides, pad) => tf.conv2d(x, w, strides, pad), cases, 1e-4);
});

test.run();
