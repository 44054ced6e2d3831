import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { seededRandom, randomFloats, type Random } from '../../src/data/random.js';
import { createArray, readArray, destroyArray } from '../../src/gpu/gpuArray.js';
import { combine, combineGradient } from '../../src/kernels/combine.js';
import { combineGradientReference, combineReference, combineWeightsReference, type CombineShape } from '../../src/kernels/combine.reference.js';
import { testEngine } from '../support/engine.js';
import { logError, shiftedExpError, softmaxBounds } from '../support/softmaxError.js';
import { compareWithBounds, describe, gamma, unitRoundoff as u } from '../support/tolerance.js';

const test = suite('combine');

const primes = [2, 3, 5, 7, 13, 31, 257];

function combineShapes(random: Random, count: number): CombineShape[] {
  const out: CombineShape[] = [
    { models: 1, rows: 1, classes: 1, perClass: false },
    { models: 1, rows: 7, classes: 3, perClass: true },
    { models: 5, rows: 257, classes: 2, perClass: false },
    { models: 3, rows: 2000, classes: 10, perClass: true },
    { models: 8, rows: 513, classes: 13, perClass: false },
  ];
  const dim = (max: number) => (random.next() < 0.3 ? primes[random.int(primes.length)] : 1 + random.int(max));
  while (out.length < count) out.push({ models: 1 + random.int(8), rows: dim(700), classes: Math.min(dim(12), 13), perClass: out.length % 2 === 1 });
  return out;
}

/** Base-model probabilities: positive float32 rows that sum to about 1 for each model and row. */
function randomProbabilities({ models, rows, classes }: CombineShape, random: Random): Float32Array {
  const p = new Float32Array(models * rows * classes);
  for (let r = 0; r < models * rows; r++) {
    const raw = Array.from({ length: classes }, () => 0.01 + random.next());
    const total = raw.reduce((a, b) => a + b, 0);
    raw.forEach((v, c) => (p[r * classes + c] = v / total));
  }
  return p;
}

/**
 * Relative error of the kernel's out[n, c] = (Σ eₘ·Pₘ) / Σ eₘ, eₘ = exp(αₘ − max): every term is positive, so
 * both sums stay within their terms' exp error (shiftedExpError) plus γ of their length, and the division adds
 * 2.5 ulp (5u).
 */
function mixError(alpha: ArrayLike<number>, shape: CombineShape, c: number): number {
  const a = Array.from({ length: shape.models }, (_, m) => alpha[shape.perClass ? m * shape.classes + c : m]);
  const peak = Math.max(...a);
  const expError = Math.max(...a.map((v) => shiftedExpError(v - peak)));
  return 2 * expError + gamma(2 * shape.models + 1) + 5 * u;
}

/**
 * Bounds for the gradient and loss: each row's terms P/o − 1 and log o carry o's error (mixError) through the
 * division and log; each slot sums ⌈rows/256⌉ terms per thread and 8 tree levels, then is scaled by w (its
 * softmax bound) and −1/rows (6u).
 */
function gradientBounds(p: Float32Array, alpha: Float32Array, labels: Uint32Array, shape: CombineShape, want: { loss: number; gradAlpha: Float64Array }) {
  const { models, rows, classes, perClass } = shape;
  const out = combineReference(p, alpha, shape);
  const w = combineWeightsReference(alpha, shape);
  const slotCount = want.gradAlpha.length;
  const termError = new Float64Array(slotCount);
  const termSum = new Float64Array(slotCount);
  const termMagnitude = new Float64Array(slotCount);
  let logErrors = 0;
  let logMagnitude = 0;
  for (let n = 0; n < rows; n++) {
    const c = labels[n];
    const o = out[n * classes + c];
    const eO = mixError(alpha, shape, c);
    logErrors += eO + logError(o);
    logMagnitude += Math.abs(Math.log(o));
    for (let k = 0; k < models; k++) {
      const slot = perClass ? k * classes + c : k;
      const ratio = p[(k * rows + n) * classes + c] / o;
      termError[slot] += ratio * (eO + 5 * u) + u * Math.abs(ratio - 1);
      termSum[slot] += ratio - 1;
      termMagnitude[slot] += Math.abs(ratio - 1);
    }
  }
  const depth = gamma(Math.ceil(rows / 256) + 8);
  const gradError = Float64Array.from(termError, (e, slot) => {
    const k = perClass ? Math.floor(slot / classes) : slot;
    const c = perClass ? slot % classes : 0;
    const weightError = softmaxBounds(alpha, models, perClass ? c : 0, perClass ? classes : 1).probError[k];
    const sumError = e + depth * termMagnitude[slot];
    return (w[k * classes + c] * sumError + Math.abs(termSum[slot]) * weightError) / rows + 6 * u * Math.abs(want.gradAlpha[slot]) + 1e-30;
  });
  const lossError = (logErrors + depth * logMagnitude) / rows + 6 * u * Math.abs(want.loss) + 1e-30;
  return { gradError, lossError };
}

test('forward and gradient match the float64 reference, per-model and per-model-per-class, on 100+ shapes', async () => {
  const engine = await testEngine();
  const random = seededRandom(51);
  for (const shape of combineShapes(random, 104)) {
    const { models, rows, classes, perClass } = shape;
    const p = randomProbabilities(shape, random);
    const alpha = randomFloats(perClass ? models * classes : models, random, 3);
    const labels = Uint32Array.from({ length: rows }, () => random.int(classes));
    const P = createArray(engine, 'P', [models, rows, classes], p);
    const A = createArray(engine, 'alpha', perClass ? [models, classes] : [models], alpha);
    const Y = createArray(engine, 'labels', [rows], labels, 'u32');
    const what = `${models}x${rows}x${classes} ${perClass ? 'per-model-per-class' : 'per-model'}`;

    const out = await combine(engine, P, A);
    const wantOut = combineReference(p, alpha, shape);
    const forward = compareWithBounds(await readArray(engine, out), wantOut, (i) => wantOut[i] * mixError(alpha, shape, i % classes) + 1e-30);
    assert.ok(forward.ok, `${what} out: ${describe(forward)}`);

    const got = await combineGradient(engine, P, A, Y);
    const want = combineGradientReference(p, alpha, labels, shape);
    const bounds = gradientBounds(p, alpha, labels, shape, want);
    assert.ok(Math.abs(got.loss - want.loss) <= bounds.lossError, `${what} loss: got ${got.loss}, want ${want.loss}, bound ${bounds.lossError}`);
    const gradient = compareWithBounds(got.gradAlpha, want.gradAlpha, (i) => bounds.gradError[i]);
    assert.ok(gradient.ok, `${what} gradAlpha: ${describe(gradient)}`);
    [P, A, Y, out].forEach(destroyArray);
  }
});

test.run();
