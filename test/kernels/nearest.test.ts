import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { randomFloats, seededRandom } from '../../src/data/random.js';
import { createArray, destroyArray, readArray, readArrayU32 } from '../../src/gpu/gpuArray.js';
import { nearest } from '../../src/kernels/nearest.js';
import { squaredDistancesReference } from '../../src/kernels/distance.reference.js';
import { nearestReference } from '../../src/kernels/nearest.reference.js';
import { rejects } from '../support/rejects.js';
import { testEngine } from '../support/engine.js';
import { gamma } from '../support/tolerance.js';

const test = suite('nearest');

// Q = 1, R = k, primes, and counts that are not multiples of the 4 queries and 8 references a thread takes at once
// or of the 256 queries of a workgroup.
const shapes = [[1, 1, 1, 1], [1, 7, 3, 7], [3, 13, 1, 1], [5, 13, 2, 5], [7, 131, 5, 5], [50, 257, 10, 10], [257, 64, 7, 3], [65, 1000, 3, 1]];

test('k nearest per query, ascending, ties to the lower index, exactly as the reference: small integer features', async () => {
  const engine = await testEngine();
  const random = seededRandom(11);
  for (const [Q, R, F, k] of shapes) {
    // Values 0…3: every distance is exact in float32 and most queries have ties that only the index order breaks.
    const q = Float32Array.from({ length: Q * F }, () => random.int(4));
    const r = Float32Array.from({ length: R * F }, () => random.int(4));
    const [queries, refs] = [createArray(engine, 'queries', [Q, F], q), createArray(engine, 'refs', [R, F], r)];
    const { indices, values } = await nearest(engine, queries, refs, k);
    const want = nearestReference(q, r, Q, R, F, k);
    assert.equal(Array.from(await readArrayU32(engine, indices)), Array.from(want.indices), `indices for Q=${Q} R=${R} F=${F} k=${k}`);
    assert.equal(Array.from(await readArray(engine, values)), Array.from(want.values), `values for Q=${Q} R=${R} F=${F} k=${k}`);
    [queries, refs, indices, values].forEach(destroyArray);
  }
});

test('random features: each neighbour found is as near as the reference says its rank should be, within rounding', async () => {
  const engine = await testEngine();
  const random = seededRandom(12);
  for (const [Q, R, F, k] of [...shapes, [9, 301, 64, 8]]) {
    const q = randomFloats(Q * F, random);
    const r = randomFloats(R * F, random);
    const [queries, refs] = [createArray(engine, 'queries', [Q, F], q), createArray(engine, 'refs', [R, F], r)];
    const { indices, values } = await nearest(engine, queries, refs, k);
    const [got, gotValues] = [await readArrayU32(engine, indices), await readArray(engine, values)];
    const want = nearestReference(q, r, Q, R, F, k);
    const exact = squaredDistancesReference(q, r, Q, R, F);
    // A float32 sum of F squares is within γ_F·value of the float64 one (Higham §3.1), and each squared difference
    // within 2u of its own: a near tie may swap two neighbours, but neither can be farther than that allows.
    const slack = (v: number) => (gamma(F) + 4 * 2 ** -24) * v + 1e-30;
    for (let i = 0; i < Q * k; i++) {
      const row = Math.floor(i / k);
      const at = `Q=${Q} R=${R} F=${F} k=${k}, query ${row} rank ${i % k}`;
      assert.ok(Math.abs(gotValues[i] - exact[row * R + got[i]]) <= slack(exact[row * R + got[i]]), `${at}: value ${gotValues[i]} is not the distance to its index ${got[i]}`);
      assert.ok(Math.abs(gotValues[i] - want.values[i]) <= 2 * slack(want.values[i]), `${at}: distance ${gotValues[i]}, reference ${want.values[i]}`);
    }
    [queries, refs, indices, values].forEach(destroyArray);
  }
});

test('k outside 1…R and mismatched features are refused, naming the operand and the shape', async () => {
  const engine = await testEngine();
  const queries = createArray(engine, 'queries', [2, 3]);
  const refs = createArray(engine, 'refs', [5, 3]);
  for (const k of [0, 6, 1.5]) {
    await rejects(nearest(engine, queries, refs, k), Error, new RegExp(`nearest: k = ${k} must be an integer from 1 to the 5 rows of refs \\[5, 3\\]`));
  }
  await rejects(nearest(engine, queries, createArray(engine, 'refs', [5, 4]), 1), Error, /nearest.*refs.*queries have 3 features, so refs need 3 columns/);
});

test.run();
