import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { seededRandom, randomFloats } from '../../src/data/random.js';
import { createArray, readArray, destroyArray } from '../../src/gpu/gpuArray.js';
import { ShapeError } from '../../src/errors.js';
import { prepareRowNorms, prepareSquaredDistances, squaredDistances } from '../../src/kernels/distance.js';
import { withScope } from '../../src/gpu/gpuScope.js';
import { run } from '../../src/gpu/recorder.js';
import { squaredDistancesReference } from '../../src/kernels/distance.reference.js';
import { rejects } from '../support/rejects.js';
import { testEngine } from '../support/engine.js';
import { compareWithBounds, describe, gamma } from '../support/tolerance.js';

const test = suite('distance');

// ‖q‖² and ‖r‖² are F-term sums, q·r an F-term dot product, and two more roundings combine them: each error is
// within γ_{F+2} of its sum of magnitudes (Higham §3.1).
function bound(q: Float32Array, r: Float32Array, Q: number, R: number, F: number): (i: number) => number {
  return (i) => {
    const a = Math.floor(i / R) * F;
    const b = (i % R) * F;
    let magnitude = 0;
    for (let f = 0; f < F; f++) magnitude += q[a + f] ** 2 + r[b + f] ** 2 + 2 * Math.abs(q[a + f] * r[b + f]);
    return gamma(F + 2) * magnitude + 1e-30;
  };
}

test('squared distances match the float64 reference for Q = 1, prime R, and up to 300 features', async () => {
  const engine = await testEngine();
  const random = seededRandom(3);
  for (const [Q, R, F] of [[1, 1, 1], [1, 7, 3], [5, 13, 1], [17, 31, 64], [64, 257, 20], [40, 67, 300]]) {
    const q = randomFloats(Q * F, random);
    const r = randomFloats(R * F, random);
    const queries = createArray(engine, 'queries', [Q, F], q);
    const refs = createArray(engine, 'refs', [R, F], r);
    const out = await squaredDistances(engine, queries, refs);
    const result = compareWithBounds(await readArray(engine, out), squaredDistancesReference(q, r, Q, R, F), bound(q, r, Q, R, F));
    assert.ok(result.ok, `Q=${Q} R=${R} F=${F}: ${describe(result)}`);
    [queries, refs, out].forEach(destroyArray);
  }
});

test('reference norms made once by prepareRowNorms give bit-for-bit the distances made without them, on every shape', async () => {
  const engine = await testEngine();
  const random = seededRandom(4);
  for (const [Q, R, F] of [[1, 1, 1], [1, 7, 3], [5, 13, 1], [17, 31, 64], [64, 257, 20], [40, 67, 300]]) {
    const q = randomFloats(Q * F, random);
    const r = randomFloats(R * F, random);
    const { plain, reused } = await withScope(engine, 'distance norms test', async (scope) => {
      const queries = scope.array('queries', [Q, F], q);
      const refs = scope.array('refs', [R, F], r);
      const norms = scope.array('ref norms', [R]);
      await run(engine, await prepareRowNorms(scope, refs, norms));
      const [plain, reused] = [scope.array('plain', [Q, R]), scope.array('reused', [Q, R])];
      // Two searches against the same norms: the second must not find them changed by the first.
      await run(engine, ...(await prepareSquaredDistances(scope, queries, refs, reused, { refNorms: norms })));
      await run(engine, ...(await prepareSquaredDistances(scope, queries, refs, plain)), ...(await prepareSquaredDistances(scope, queries, refs, reused, { refNorms: norms })));
      return { plain: await readArray(engine, plain), reused: await readArray(engine, reused) };
    });
    assert.equal(Array.from(reused), Array.from(plain), `Q=${Q} R=${R} F=${F}`);
    const result = compareWithBounds(reused, squaredDistancesReference(q, r, Q, R, F), bound(q, r, Q, R, F));
    assert.ok(result.ok, `Q=${Q} R=${R} F=${F}: ${describe(result)}`);
  }
});

test('reference norms of the wrong length throw a ShapeError naming refNorms', async () => {
  const engine = await testEngine();
  await withScope(engine, 'distance norms shape test', async (scope) => {
    const [queries, refs, out, norms] = [scope.array('queries', [4, 3]), scope.array('refs', [5, 3]), scope.array('out', [4, 5]), scope.array('norms', [4])];
    await rejects(prepareSquaredDistances(scope, queries, refs, out, { refNorms: norms }), ShapeError, /distance: operand refNorms has shape \[4\]/);
  });
});

test('a row against itself is never negative: rounding below zero is clamped', async () => {
  const engine = await testEngine();
  const x = randomFloats(23 * 50, seededRandom(5)).map((v) => v * 1000);
  const rows = createArray(engine, 'rows', [23, 50], x);
  const out = await readArray(engine, await squaredDistances(engine, rows, rows));
  assert.ok(out.every((d) => d >= 0), 'a squared distance came out negative');
  for (let i = 0; i < 23; i++) assert.ok(out[i * 23 + i] <= bound(x, x, 23, 23, 50)(i * 23 + i), `row ${i} is far from itself: ${out[i * 23 + i]}`);
});

test('refs with another feature count throw a ShapeError naming refs', async () => {
  const engine = await testEngine();
  const queries = createArray(engine, 'queries', [4, 3]);
  const refs = createArray(engine, 'refs', [5, 2]);
  await rejects(squaredDistances(engine, queries, refs), ShapeError, /distance: operand refs has shape \[5, 2\]/);
});

test.run();
