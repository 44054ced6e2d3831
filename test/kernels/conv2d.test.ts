import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { seededRandom, randomFloats, type Random } from '../../src/data/random.js';
import { createArray, readArray, destroyArray } from '../../src/gpu/gpuArray.js';
import { tf } from '../../src/gpu/tfjsBackend.js';
import { conv2d, conv2dGeometry, conv2dVariants, type Conv2dOptions, type Conv2dPadding } from '../../src/kernels/conv2d.js';
import { conv2dReference } from '../../src/kernels/conv2d.reference.js';
import { fusedActivations } from '../../src/kernels/fusedActivation.js';
import { ShapeError } from '../../src/errors.js';
import { testEngine } from '../support/engine.js';
import { fusedActivationBound } from '../support/activationError.js';
import { compareWithBounds, describe, gamma } from '../support/tolerance.js';

const test = suite('conv2d');

interface ConvCase {
  xShape: [number, number, number, number];
  filterShape: [number, number, number, number];
  options: Conv2dOptions;
  /** Bias and prelu alpha: one per output channel, one for all (1), or none (0). */
  biasLength: number;
}

const primes = [2, 3, 5, 7, 13, 31];

/** Fixed edge cases (1×1 everything, pointwise 1×1s, MobileNet-like strided and dilated ones), then random ones. */
function convCases(random: Random, count: number): ConvCase[] {
  const fixed: ConvCase[] = [
    { xShape: [1, 1, 1, 1], filterShape: [1, 1, 1, 1], options: {}, biasLength: 1 },
    { xShape: [2, 7, 5, 13], filterShape: [1, 1, 13, 33], options: {}, biasLength: 33 },
    { xShape: [1, 9, 9, 3], filterShape: [3, 3, 3, 8], options: { strides: 2, padding: 'same' }, biasLength: 8 },
    { xShape: [3, 8, 8, 4], filterShape: [3, 3, 4, 5], options: { dilations: 2, padding: 'same' }, biasLength: 0 },
    { xShape: [1, 6, 11, 2], filterShape: [2, 3, 2, 65], options: { strides: [1, 2], padding: { top: 0, bottom: 2, left: 3, right: 1 } }, biasLength: 65 },
    { xShape: [1, 16, 16, 32], filterShape: [1, 1, 32, 64], options: { padding: 'same' }, biasLength: 64 },
    { xShape: [2, 17, 17, 7], filterShape: [5, 5, 7, 3], options: { strides: 3, padding: 'valid' }, biasLength: 1 },
    // 1×1 but padded below and right: not the plain product, the output is larger than the image.
    { xShape: [1, 4, 5, 3], filterShape: [1, 1, 3, 7], options: { padding: { top: 0, bottom: 1, left: 0, right: 2 } }, biasLength: 7 },
  ];
  const out = [...fixed];
  const dim = (max: number) => (random.next() < 0.3 ? primes[random.int(primes.length)] : 1 + random.int(max));
  const paddings = (): Conv2dPadding => {
    const r = random.int(3);
    return r === 0 ? 'same' : r === 1 ? 'valid' : { top: random.int(3), bottom: random.int(3), left: random.int(3), right: random.int(3) };
  };
  while (out.length < count) {
    const filter: [number, number] = [1 + random.int(4), 1 + random.int(4)];
    const strided = random.next() < 0.5;
    const options: Conv2dOptions = {
      strides: strided ? [1 + random.int(3), 1 + random.int(3)] : 1,
      dilations: strided ? 1 : [1 + random.int(2), 1 + random.int(2)],
      padding: paddings(),
    };
    const c: ConvCase = { xShape: [1 + random.int(3), dim(20), dim(20), dim(12)], filterShape: [...filter, 0, dim(40)], options, biasLength: [0, 1, -1][random.int(3)] };
    c.filterShape[2] = c.xShape[3];
    if (c.biasLength < 0) c.biasLength = c.filterShape[3];
    try {
      const g = conv2dGeometry(c.xShape, c.filterShape, options);
      if (g.batch * g.outHeight * g.outWidth * g.outChannels * g.filterHeight * g.filterWidth * g.inChannels <= 3e6) out.push(c);
    } catch {
      // A filter larger than the padded image: no output to test; draw again.
    }
  }
  return out;
}

test('every variant and fused activation matches the float64 reference on 60 geometries: strides, paddings, dilations, 1×1', async () => {
  const engine = await testEngine();
  const random = seededRandom(21);
  for (const [i, c] of convCases(random, 60).entries()) {
    const activation = fusedActivations[i % fusedActivations.length];
    const variant = conv2dVariants[Math.floor(i / fusedActivations.length) % conv2dVariants.length];
    const g = conv2dGeometry(c.xShape, c.filterShape, c.options);
    const x = randomFloats(c.xShape.reduce((a, b) => a * b), random);
    const w = randomFloats(c.filterShape.reduce((a, b) => a * b), random);
    // With no bias given, prelu's alpha still needs values; relu6 needs sums that reach past 6.
    const bias = c.biasLength ? randomFloats(c.biasLength, random, activation === 'relu6' ? 8 : 1) : undefined;
    const alpha = activation === 'prelu' ? randomFloats(c.biasLength || 1, random) : undefined;
    const leakyreluAlpha = 0.3;
    const X = createArray(engine, 'X', c.xShape, x);
    const W = createArray(engine, 'W', c.filterShape, w);
    const B = bias && createArray(engine, 'bias', [bias.length], bias);
    const A = alpha && createArray(engine, 'alpha', [alpha.length], alpha);
    const Y = await conv2d(engine, X, W, { ...c.options, activation, leakyreluAlpha, variant, bias: B, alpha: A });
    const want = conv2dReference(x, w, g, { bias, activation, alpha, leakyreluAlpha });
    // Σ|x·w| + |bias|: K products and the bias add are K + 1 roundings, then the activation's own.
    const magnitude = conv2dReference(x.map(Math.abs), w.map(Math.abs), g, { bias: bias?.map(Math.abs) }).z;
    const K = g.filterHeight * g.filterWidth * g.inChannels;
    const slope = (j: number) => (alpha ? alpha[alpha.length === 1 ? 0 : j % g.outChannels] : leakyreluAlpha);
    const bound = (j: number) => fusedActivationBound(want.z[j], gamma(K + 1) * magnitude[j], activation, slope(j)) + 1e-30;
    const result = compareWithBounds(await readArray(engine, Y), want.y, bound);
    assert.ok(result.ok, `${variant.name} ${activation} X [${c.xShape}] W [${c.filterShape}] ${JSON.stringify(c.options)} bias ${c.biasLength}: ${describe(result)}`);
    [X, W, B, A, Y].forEach((a) => a && destroyArray(a));
  }
});

test('output size and padding follow tfjs\'s rules (computeConv2DInfo) for same, valid and explicit padding', () => {
  const random = seededRandom(22);
  for (let i = 0; i < 200; i++) {
    const xShape: [number, number, number, number] = [1, 1 + random.int(30), 1 + random.int(30), 2];
    const filterShape: [number, number, number, number] = [1 + random.int(5), 1 + random.int(5), 2, 3];
    const strided = random.next() < 0.5;
    const strides: [number, number] = strided ? [1 + random.int(4), 1 + random.int(4)] : [1, 1];
    const dilations: [number, number] = strided ? [1, 1] : [1 + random.int(3), 1 + random.int(3)];
    const explicit = [random.int(4), random.int(4), random.int(4), random.int(4)];
    const paddings: [Conv2dPadding, tf.backend_util.ExplicitPadding | 'same' | 'valid'][] = [
      ['same', 'same'],
      ['valid', 'valid'],
      [{ top: explicit[0], bottom: explicit[1], left: explicit[2], right: explicit[3] }, [[0, 0], [explicit[0], explicit[1]], [explicit[2], explicit[3]], [0, 0]]],
    ];
    for (const [padding, tfjsPad] of paddings) {
      const info = tf.backend_util.computeConv2DInfo(xShape, filterShape, strides, dilations, tfjsPad);
      if (info.outHeight < 1 || info.outWidth < 1) continue;
      const g = conv2dGeometry(xShape, filterShape, { strides, dilations, padding });
      const what = `x [${xShape}] filter [${filterShape}] strides ${strides} dilations ${dilations} padding ${JSON.stringify(padding)}`;
      assert.equal([g.outHeight, g.outWidth, g.padTop, g.padLeft], [info.outHeight, info.outWidth, info.padInfo.top, info.padInfo.left], what);
    }
  }
});

test('a filter whose input channels differ from the image\'s is a ShapeError naming W', () => {
  assert.throws(() => conv2dGeometry([1, 5, 5, 3], [3, 3, 4, 8]), (e: Error) => e instanceof ShapeError && /operand W/.test(e.message) && /3 channels/.test(e.message));
});

test.run();
