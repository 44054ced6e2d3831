import { suite } from 'uvu';
import { tf } from '../../src/gpu/tfjsBackend.js';
import { assertWasmGradientsMatchCpu, type GradientCase } from '../support/wasmGradientCheck.js';

const test = suite('transfer: depthwise conv2d gradients on the wasm backend');

// filter: [kh, kw, channels, multiplier]. Odd and even sizes, so 'same' pads unevenly and 'valid' drops trailing
// rows at stride 2.
const cases: GradientCase[] = [
  { x: [2, 7, 7, 3], filter: [3, 3, 3, 1], strides: 1, pad: 'same' },
  { x: [2, 8, 7, 4], filter: [3, 3, 4, 1], strides: 2, pad: 'same' },
  { x: [3, 7, 8, 2], filter: [3, 3, 2, 1], strides: 2, pad: 'same' },
  { x: [1, 6, 5, 2], filter: [2, 2, 2, 1], strides: 1, pad: 'valid' },
  { x: [2, 9, 10, 3], filter: [3, 3, 3, 1], strides: 2, pad: 'valid' },
  { x: [2, 5, 5, 2], filter: [1, 1, 2, 1], strides: 2, pad: 'valid' },
  { x: [2, 6, 6, 2], filter: [3, 3, 2, 2], strides: 2, pad: 'same' },
];

test('input and filter gradients on wasm equal tfjs cpu ones: strides 1 and 2, same/valid padding, multipliers 1 and 2', async () => {
  await assertWasmGradientsMatchCpu((x, w, strides, pad) => tf.depthwiseConv2d(x, w, strides, pad), cases, 1e-5, true);
});

test.run();
