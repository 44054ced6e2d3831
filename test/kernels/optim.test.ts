import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { seededRandom, randomFloats, type Random } from '../../src/data/random.js';
import { readArray, readArrayU32, writeArray } from '../../src/gpu/gpuArray.js';
import { run } from '../../src/gpu/recorder.js';
import {
  createAdamState,
  prepareAdam,
  prepareAdamStep,
  prepareSgdMomentum,
  setAdamHyper,
  setAdamRates,
  setSgdHyper,
  type AdamHyper,
  type SgdHyper,
} from '../../src/kernels/optim.js';
import { adamReference, sgdMomentumReference } from '../../src/kernels/optim.reference.js';
import { testEngine } from '../support/engine.js';
import { compareWithBounds, describe, unitRoundoff as u } from '../support/tolerance.js';
import { modelCounts, sliceOf, stack, withModels } from '../support/modelAxis.js';
import { GpuScope } from '../../src/gpu/gpuScope.js';

const test = suite('optim');

const steps = 3;

/** Parameter shapes: 1, primes, a workgroup ± 1, then random sizes up to ~3000 elements. */
function paramShapes(random: Random, count: number): number[][] {
  const out = [[1], [2], [255], [257], [31, 7], [64, 64], [1, 3001]];
  while (out.length < count) out.push(random.next() < 0.5 ? [1 + random.int(3000)] : [1 + random.int(60), 1 + random.int(50)]);
  return out;
}

const f32 = <T extends object>(hyper: T): T => Object.fromEntries(Object.entries(hyper).map(([k, v]) => [k, Math.fround(v as number)])) as T;

/**
 * First-order error bounds carried along the float64 reference, element by element: every float32 operation
 * adds u·|its result| (WGSL's division: 2.5 ulp = 5u; sqrt, as 1/inverseSqrt: 9u), and each step's inputs carry
 * the previous step's bound through the update's derivative.
 */
class SgdBounds {
  constructor(readonly n: number, readonly p = new Float64Array(n), readonly v = new Float64Array(n)) {}
  step(vOld: Float64Array, vNew: Float64Array, pNew: Float64Array, hyper: SgdHyper): void {
    for (let i = 0; i < this.n; i++) {
      this.v[i] = hyper.momentum * this.v[i] + u * (hyper.momentum * Math.abs(vOld[i]) + Math.abs(vNew[i]));
      this.p[i] += hyper.lr * this.v[i] + u * hyper.lr * Math.abs(vNew[i]) + u * Math.abs(pNew[i]);
    }
  }
}

class AdamBounds {
  c1 = 0;
  c2 = 0;
  e1 = 0;
  e2 = 0;
  constructor(readonly n: number, readonly p = new Float64Array(n), readonly m = new Float64Array(n), readonly v = new Float64Array(n)) {}
  step(t: number, g: ArrayLike<number>, mOld: Float64Array, vOld: Float64Array, mNew: Float64Array, vNew: Float64Array, pNew: Float64Array, h: AdamHyper): void {
    const { beta1: b1, beta2: b2 } = h;
    // c = (1 − β) + β·c, as the kernel keeps it.
    const c1 = 1 - b1 ** t;
    const c2 = 1 - b2 ** t;
    this.e1 = b1 * this.e1 + u * b1 * this.c1 + u * c1;
    this.e2 = b2 * this.e2 + u * b2 * this.c2 + u * c2;
    [this.c1, this.c2] = [c1, c2];
    for (let i = 0; i < this.n; i++) {
      this.m[i] = b1 * this.m[i] + u * (b1 * Math.abs(mOld[i]) + (1 - b1) * Math.abs(g[i])) + u * Math.abs(mNew[i]);
      this.v[i] = b2 * this.v[i] + u * (b2 * vOld[i] + 2 * (1 - b2) * g[i] * g[i]) + u * vNew[i];
      const mh = mNew[i] / c1;
      const vh = vNew[i] / c2;
      const eMh = this.m[i] / c1 + Math.abs(mh) * (this.e1 / c1 + 5 * u);
      const eVh = this.v[i] / c2 + vh * (this.e2 / c2 + 5 * u);
      const s = Math.sqrt(vh);
      const eS = Math.min(s > 0 ? eVh / (2 * s) : Infinity, Math.sqrt(eVh)) + 9 * u * s;
      const d = s + h.epsilon;
      const q = mh / d;
      const eQ = eMh / d + Math.abs(q) * ((eS + u * d) / d + 5 * u);
      this.p[i] += h.lr * eQ + 2 * u * h.lr * Math.abs(q) + u * Math.abs(pNew[i]);
    }
  }
}

test('SGD with momentum matches the float64 reference over several steps on 100+ shapes, lr changed between steps', async () => {
  const engine = await testEngine();
  const random = seededRandom(31);
  for (const shape of paramShapes(random, 104)) {
    const n = shape.reduce((a, b) => a * b, 1);
    const start = randomFloats(n, random);
    const scope = new GpuScope(engine, 'sgd test');
    const P = scope.array('param', shape, start);
    const G = scope.array('grad', shape);
    const V = scope.array('velocity', shape);
    let hyper = f32({ lr: 0.05, momentum: 0.9 });
    const call = await prepareSgdMomentum(scope, P, G, V, hyper);
    const p = Float64Array.from(start);
    const v = new Float64Array(n);
    const bounds = new SgdBounds(n);
    for (let t = 1; t <= steps; t++) {
      if (t === steps) {
        hyper = f32({ lr: 0.01, momentum: 0.5 });
        setSgdHyper(engine, call, hyper);
      }
      const g = randomFloats(n, random);
      writeArray(engine, G, g);
      await run(engine, call);
      const vOld = v.slice();
      sgdMomentumReference(p, g, v, hyper);
      bounds.step(vOld, v, p, hyper);
    }
    const what = `sgd [${shape.join(', ')}]`;
    const gotP = compareWithBounds(await readArray(engine, P), p, (i) => bounds.p[i] + 1e-30);
    assert.ok(gotP.ok, `${what} param: ${describe(gotP)}`);
    const gotV = compareWithBounds(await readArray(engine, V), v, (i) => bounds.v[i] + 1e-30);
    assert.ok(gotV.ok, `${what} velocity: ${describe(gotV)}`);
    scope.dispose();
  }
});

test('Adam matches the float64 reference over several steps on 100+ shapes, its step count kept on the GPU', async () => {
  const engine = await testEngine();
  const random = seededRandom(32);
  for (const [k, shape] of paramShapes(random, 104).entries()) {
    const n = shape.reduce((a, b) => a * b, 1);
    const start = randomFloats(n, random);
    const scope = new GpuScope(engine, 'adam test');
    const state = createAdamState(scope, 'test');
    // Alternate tfjs's defaults with a large step and ε, so the ε term matters too.
    const hyper = f32(k % 2 ? { lr: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 } : { lr: 0.1, beta1: 0.8, beta2: 0.99, epsilon: 0.01 });
    setAdamHyper(engine, state, hyper);
    const P = scope.array('param', shape, start);
    const G = scope.array('grad', shape);
    const M = scope.array('m', shape);
    const V = scope.array('v', shape);
    const calls = [await prepareAdamStep(scope, state), await prepareAdam(scope, state, P, G, M, V)];
    const p = Float64Array.from(start);
    const m = new Float64Array(n);
    const v = new Float64Array(n);
    const bounds = new AdamBounds(n);
    for (let t = 1; t <= steps; t++) {
      const g = randomFloats(n, random);
      writeArray(engine, G, g);
      await run(engine, ...calls);
      const [mOld, vOld] = [m.slice(), v.slice()];
      adamReference(p, g, m, v, t, hyper);
      bounds.step(t, g, mOld, vOld, m, v, p, hyper);
    }
    const what = `adam [${shape.join(', ')}] ${JSON.stringify(hyper)}`;
    assert.is((await readArrayU32(engine, state.progress))[0], steps, `${what}: step count`);
    for (const [name, array, want, bound] of [['param', P, p, bounds.p], ['m', M, m, bounds.m], ['v', V, v, bounds.v]] as const) {
      const result = compareWithBounds(await readArray(engine, array), want, (i) => bound[i] + 1e-30);
      assert.ok(result.ok, `${what} ${name}: ${describe(result)}`);
    }
    scope.dispose();
  }
});

test('model axis: M = 1, 2, 3, 5 parameter sets in one dispatch, each with its own rate, weight decay, step count and gate', async () => {
  const engine = await testEngine();
  const random = seededRandom(33);
  for (const [k, shape] of paramShapes(random, 12).entries()) {
    const models = modelCounts[k % modelCounts.length];
    const n = shape.reduce((a, b) => a * b, 1);
    const scope = new GpuScope(engine, 'adam model axis test');
    const state = createAdamState(scope, 'test', models);
    const base = f32({ lr: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
    setAdamHyper(engine, state, base);
    const rates = Array.from({ length: models }, (_, m) => f32({ lr: 0.01 * (m + 1), weightDecay: m % 2 ? 0.1 : 0 }));
    setAdamRates(engine, state, rates);
    // Model m sits out step m + 1 (a batch it has no rows in, or it stopped): neither its step count nor its values move.
    const gate = Uint32Array.from({ length: models * steps }, (_, j) => (j % steps === Math.floor(j / steps) ? 0 : 1));
    const starts = Array.from({ length: models }, () => randomFloats(n, random));
    const P = scope.array('param', withModels(models, shape), stack(starts));
    const G = scope.array('grad', withModels(models, shape));
    const [M, V] = ['m', 'v'].map((name) => scope.array(name, withModels(models, shape)));
    const gates = scope.array('gate', [models, steps], gate, 'u32');
    const update = await prepareAdam(scope, state, P, G, M, V);
    const stepCalls = await Promise.all(Array.from({ length: steps }, (_, slot) => prepareAdamStep(scope, state, { gate: gates, slot })));
    const want = starts.map((start) => ({ p: Float64Array.from(start), m: new Float64Array(n), v: new Float64Array(n), t: 0 }));
    for (let step = 0; step < steps; step++) {
      const grads = Array.from({ length: models }, () => randomFloats(n, random));
      writeArray(engine, G, stack(grads));
      await run(engine, stepCalls[step], update);
      want.forEach((w, m) => gate[m * steps + step] && adamReference(w.p, grads[m], w.m, w.v, ++w.t, { ...base, ...rates[m] }));
    }
    const [got, progress] = [await readArray(engine, P), await readArrayU32(engine, state.progress)];
    for (const [m, w] of want.entries()) {
      const what = `model ${m} of ${models} [${shape.join(', ')}] ${JSON.stringify(rates[m])}`;
      assert.is(progress[m * 4], w.t, `${what}: step count`);
      const result = compareWithBounds(sliceOf(got, m, models), w.p, (i) => 64 * u * (1 + Math.abs(w.p[i])));
      assert.ok(result.ok, `${what}: ${describe(result)}`);
    }
    scope.dispose();
  }
});

test.run();
