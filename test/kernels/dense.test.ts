import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { seededRandom, randomFloats, type Random } from '../../src/data/random.js';
import { createArray, readArray, destroyArray, type GpuArray } from '../../src/gpu/gpuArray.js';
import { activations, denseBackward, denseForward, type Activation } from '../../src/kernels/dense.js';
import { activationSlopeReference, denseBackwardReference } from '../../src/kernels/dense.reference.js';
import { matmulReference } from '../../src/kernels/matmul.reference.js';
import { testEngine } from '../support/engine.js';
import { matmulShapes } from '../support/shapes.js';
import { denseCase } from '../support/denseCase.js';
import { compareWithBounds, describe, gamma } from '../support/tolerance.js';
import { modelCounts, sliceOf, stack, withModels } from '../support/modelAxis.js';

const test = suite('dense');

/** Float32-exact values an activation can output: the backward pass reads act′ from them. */
function randomOutputs(n: number, activation: Activation, random: Random): Float32Array {
  const y = randomFloats(n, random);
  if (activation === 'relu') return y.map((v) => Math.max(v, 0));
  if (activation === 'sigmoid') return y.map((v) => (v + 1) / 2);
  return y;
}

async function expectClose(engine: Awaited<ReturnType<typeof testEngine>>, array: GpuArray, want: Float64Array, bound: (i: number) => number, what: string) {
  const result = compareWithBounds(await readArray(engine, array), want, bound);
  assert.ok(result.ok, `${what}: ${describe(result)}`);
}

test('forward matches the float64 reference for every activation on 100+ shapes', async () => {
  const engine = await testEngine();
  const random = seededRandom(11);
  for (const [i, { M: batch, N: outputs, K: inputs }] of matmulShapes(random, 104, 1e6).entries()) {
    const activation = activations[i % activations.length];
    const layer = denseCase(engine, random, { batch, inputs, outputs }, activation);
    const Y = await denseForward(engine, layer.X, layer.W, layer.B, activation);
    await expectClose(engine, Y, layer.want, layer.bound, `${activation} ${batch}x${inputs}→${outputs}`);
    layer.destroy();
    destroyArray(Y);
  }
});

test('backward matches the float64 reference for every activation, with and without dX, frozen or not, on 100+ shapes', async () => {
  const engine = await testEngine();
  const random = seededRandom(12);
  // K of matmulShapes becomes the batch here, so the dW/db reduction is the one that reaches 4096 terms.
  for (const [i, { M: inputs, N: outputs, K: batch }] of matmulShapes(random, 104, 1e6).entries()) {
    const activation = activations[i % activations.length];
    const frozen = Math.floor(i / 4) % 3 === 1;
    const needDx = Math.floor(i / 4) % 3 !== 2;
    const dims = { batch, inputs, outputs };
    const x = randomFloats(batch * inputs, random);
    const w = randomFloats(inputs * outputs, random);
    const y = randomOutputs(batch * outputs, activation, random);
    const dy = randomFloats(batch * outputs, random);
    const X = createArray(engine, 'X', [batch, inputs], x);
    const W = createArray(engine, 'W', [inputs, outputs], w);
    const Y = createArray(engine, 'Y', [batch, outputs], y);
    const dY = createArray(engine, 'dY', [batch, outputs], dy);
    const got = await denseBackward(engine, { x: X, w: W, y: Y, dy: dY, activation, needDx, frozen });
    const want = denseBackwardReference(x, w, y, dy, dims, activation);
    // dZ = dY·act′(Y) costs at most 3 roundings of terms no larger than |dY|·(|act′| + Y²) (tanh's 1 − Y²
    // cancels near |Y| = 1); each product then adds its own K roundings.
    const dzMagnitude = Float64Array.from(dy, (g, j) => Math.abs(g) * (Math.abs(activationSlopeReference(y[j], activation)) + y[j] * y[j]));
    const what = `${activation} ${batch}x${inputs}→${outputs} frozen=${frozen} needDx=${needDx}`;
    assert.is(got.dx !== undefined, needDx, `${what}: dX returned iff asked for`);
    assert.is(got.dw !== undefined && got.db !== undefined, !frozen, `${what}: dW and db returned iff not frozen`);
    if (got.dx) {
      const magnitude = matmulReference(dzMagnitude, w.map(Math.abs), { M: batch, N: inputs, K: outputs, transposeB: true });
      await expectClose(engine, got.dx, want.dx, (j) => gamma(outputs + 3) * magnitude[j] + 1e-30, `${what} dX`);
    }
    if (got.dw && got.db) {
      const magnitude = matmulReference(x.map(Math.abs), dzMagnitude, { M: inputs, N: outputs, K: batch, transposeA: true });
      await expectClose(engine, got.dw, want.dw, (j) => gamma(batch + 3) * magnitude[j] + 1e-30, `${what} dW`);
      const columnMagnitude = new Float64Array(outputs);
      dzMagnitude.forEach((v, j) => (columnMagnitude[j % outputs] += v));
      await expectClose(engine, got.db, want.db, (j) => gamma(batch + 3) * columnMagnitude[j] + 1e-30, `${what} db`);
    }
    [X, W, Y, dY, got.dx, got.dw, got.db].forEach((a) => a && destroyArray(a));
  }
});

test('saturating pre-activations give finite outputs: sigmoid and tanh of ±1e4', async () => {
  const engine = await testEngine();
  const X = createArray(engine, 'X', [4, 1], [1e4, -1e4, 100, -100]);
  const W = createArray(engine, 'W', [1, 1], [1]);
  const B = createArray(engine, 'b', [1], [0]);
  for (const [activation, want] of [['sigmoid', [1, 0, 1, 0]], ['tanh', [1, -1, 1, -1]]] as const) {
    const Y = await denseForward(engine, X, W, B, activation);
    assert.equal(Array.from(await readArray(engine, Y)), want, activation);
    destroyArray(Y);
  }
  [X, W, B].forEach(destroyArray);
});

test('model axis: each of M = 1, 2, 3, 5 layers in one dispatch matches its own float64 forward and backward', async () => {
  const engine = await testEngine();
  const random = seededRandom(13);
  for (const [i, { M: batch, N: outputs, K: inputs }] of matmulShapes(random, 14, 2e5).entries()) {
    const models = modelCounts[i % modelCounts.length];
    const activation = activations[i % activations.length];
    const dims = { batch, inputs, outputs };
    const what = `${models} × ${activation} ${batch}x${inputs}→${outputs}`;
    const cases = Array.from({ length: models }, () => denseCase(engine, random, dims, activation));
    const dy = Array.from({ length: models }, () => randomFloats(batch * outputs, random));
    const X = createArray(engine, 'X', withModels(models, [batch, inputs]), stack(cases.map((c) => c.x)));
    const W = createArray(engine, 'W', withModels(models, [inputs, outputs]), stack(cases.map((c) => c.w)));
    const B = createArray(engine, 'b', withModels(models, [outputs]), stack(cases.map((c) => c.b)));
    const dY = createArray(engine, 'dY', withModels(models, [batch, outputs]), stack(dy));
    const Y = await denseForward(engine, X, W, B, activation);
    const y = await readArray(engine, Y);
    const got = await denseBackward(engine, { x: X, w: W, y: Y, dy: dY, activation });
    const [dx, dw, db] = await Promise.all([got.dx!, got.dw!, got.db!].map((a) => readArray(engine, a)));
    for (const [m, c] of cases.entries()) {
      const forward = compareWithBounds(sliceOf(y, m, models), c.want, c.bound);
      assert.ok(forward.ok, `${what} model ${m} Y: ${describe(forward)}`);
      const ym = sliceOf(y, m, models);
      const want = denseBackwardReference(c.x, c.w, ym, dy[m], dims, activation);
      // Loose relative bounds: the unbatched test above holds the tight ones; this one checks each model's slice.
      const close = (gotSlice: Float32Array, wantSlice: Float64Array, terms: number) => compareWithBounds(gotSlice, wantSlice, (j) => gamma(terms + 3) * 16 * (1 + Math.abs(wantSlice[j])));
      for (const [name, gotSlice, wantSlice, terms] of [['dX', sliceOf(dx, m, models), want.dx, outputs], ['dW', sliceOf(dw, m, models), want.dw, batch], ['db', sliceOf(db, m, models), want.db, batch]] as const) {
        const result = close(gotSlice, wantSlice, terms);
        assert.ok(result.ok, `${what} model ${m} ${name}: ${describe(result)}`);
      }
    }
    cases.forEach((c) => c.destroy());
    [X, W, B, dY, Y, got.dx!, got.dw!, got.db!].forEach(destroyArray);
  }
});

test.run();
