import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { seededRandom } from '../../src/data/random.js';
import { createArray, readArray, readArrayU32 } from '../../src/gpu/gpuArray.js';
import { topK } from '../../src/kernels/topk.js';
import { topKReference } from '../../src/kernels/topk.reference.js';
import { rejects } from '../support/rejects.js';
import { testEngine } from '../support/engine.js';

const test = suite('topk');

test('k smallest per row, ascending, ties to the lower index: k = 1, k = R, prime R, Q = 1', async () => {
  const engine = await testEngine();
  const random = seededRandom(9);
  for (const [Q, R, k] of [[1, 1, 1], [1, 13, 1], [3, 13, 13], [7, 131, 5], [50, 257, 10], [20, 64, 64], [65, 1000, 3]]) {
    // Few distinct values, so most rows have ties that only the index order can break.
    const d = Float32Array.from({ length: Q * R }, () => random.int(R < 10 ? 3 : 20) / 4);
    const distances = createArray(engine, 'distances', [Q, R], d);
    const { indices, values } = await topK(engine, distances, k);
    const want = topKReference(d, Q, R, k);
    assert.equal(Array.from(await readArrayU32(engine, indices)), Array.from(want.indices), `indices for Q=${Q} R=${R} k=${k}`);
    assert.equal(Array.from(await readArray(engine, values)), Array.from(want.values), `values for Q=${Q} R=${R} k=${k}`);
  }
});

test('k outside 1…R is refused, naming k and the shape', async () => {
  const engine = await testEngine();
  const distances = createArray(engine, 'distances', [2, 5]);
  for (const k of [0, 6, 1.5]) {
    await rejects(topK(engine, distances, k), Error, new RegExp(`topk: k = ${k} must be an integer from 1 to the 5 columns of distances \\[2, 5\\]`));
  }
});

test.run();
