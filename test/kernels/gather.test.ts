import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { permutation, seededRandom, randomFloats, type Random } from '../../src/data/random.js';
import { createArray, readArrayU32, destroyArray } from '../../src/gpu/gpuArray.js';
import { gatherRows, prepareGatherRows } from '../../src/kernels/gather.js';
import { withScope } from '../../src/gpu/gpuScope.js';
import { run } from '../../src/gpu/recorder.js';
import { modelCounts, sliceOf, stack, withModels } from '../support/modelAxis.js';
import { gatherRowsReference } from '../../src/kernels/gather.reference.js';
import { testEngine } from '../support/engine.js';

const test = suite('gather');

const primes = [2, 3, 5, 7, 13, 31, 61, 257];

function gatherShapes(random: Random, count: number): { rows: number; cols: number; batch: number; offset: number }[] {
  const out = [
    { rows: 1, cols: 1, batch: 1, offset: 0 },
    { rows: 257, cols: 1, batch: 257, offset: 0 },
    { rows: 100, cols: 64, batch: 31, offset: 69 },
    { rows: 1000, cols: 13, batch: 300, offset: 700 },
  ];
  const dim = (max: number) => (random.next() < 0.3 ? primes[random.int(primes.length)] : 1 + random.int(max));
  while (out.length < count) {
    const rows = dim(800);
    const batch = 1 + random.int(rows);
    out.push({ rows, cols: dim(40), batch, offset: random.int(rows - batch + 1) });
  }
  return out;
}

test('gathered rows are bit-exact copies, f32 (NaN, −0, subnormals included) and u32, on 100+ shapes', async () => {
  const engine = await testEngine();
  const random = seededRandom(41);
  for (const [k, { rows, cols, batch, offset }] of gatherShapes(random, 104).entries()) {
    const dtype = k % 2 ? 'u32' : 'f32';
    const words = new Uint32Array(randomFloats(rows * cols, random, 1e3).buffer);
    // Bit patterns a float conversion would change: a NaN payload, −0, a subnormal, the largest u32.
    words.set([0x7fc01234, 0x80000000, 0x00000001, 0xffffffff].slice(0, words.length));
    const order = permutation(rows, random);
    // Uploaded as words, then seen as the dtype under test.
    const source = { ...createArray(engine, 'source', [rows, cols], words, 'u32'), dtype } as const;
    const indices = createArray(engine, 'order', [rows], order, 'u32');
    const out = await gatherRows(engine, source, indices, offset, batch);
    assert.is(out.dtype, dtype);
    const got = await readArrayU32(engine, out);
    assert.equal(Array.from(got), Array.from(gatherRowsReference(words, rows, cols, order, offset, batch)), `${dtype} ${rows}x${cols} rows ${offset}+${batch}`);
    [source, indices, out].forEach(destroyArray);
  }
});

test('an index past the last row gives a zero row, not another buffer\'s memory', async () => {
  const engine = await testEngine();
  const source = createArray(engine, 'source', [2, 3], [1, 2, 3, 4, 5, 6]);
  const indices = createArray(engine, 'order', [3], [1, 7, 0], 'u32');
  const out = await gatherRows(engine, source, indices, 0, 3);
  assert.equal(Array.from(new Float32Array((await readArrayU32(engine, out)).buffer)), [4, 5, 6, 0, 0, 0, 1, 2, 3]);
  [source, indices, out].forEach(destroyArray);
});

test('model axis: M = 1, 2, 3, 5 index lists into one source, each slice bit-exact, padding indices giving the missing word', async () => {
  const engine = await testEngine();
  const random = seededRandom(42);
  for (const [k, { rows, cols, batch, offset }] of gatherShapes(random, 16).entries()) {
    const models = modelCounts[k % modelCounts.length];
    const words = new Uint32Array(randomFloats(rows * cols, random, 1e3).buffer);
    // Each model its own order, every third list ending in padding past the last row.
    const orders = Array.from({ length: models }, (_, m) => {
      const order = permutation(rows, random);
      if (m % 3 === 2) order.fill(0xffffffff, Math.floor(rows / 2));
      return order;
    });
    const missing = k % 2 ? 0xffffffff : 0;
    const source = createArray(engine, 'source', [rows, cols], words, 'u32');
    const indices = createArray(engine, 'orders', withModels(models, [rows]), stack(orders), 'u32');
    const out = await withScope(engine, 'gather test', async (scope) => {
      const target = scope.array('out', withModels(models, [batch, cols]), undefined, 'u32');
      await run(engine, await prepareGatherRows(scope, source, indices, target, offset, { missing }));
      return readArrayU32(engine, target);
    });
    for (const [m, order] of orders.entries()) {
      assert.equal(Array.from(sliceOf(out, m, models)), Array.from(gatherRowsReference(words, rows, cols, order, offset, batch, missing)), `model ${m} of ${models}: ${rows}x${cols} rows ${offset}+${batch}`);
    }
    [source, indices].forEach(destroyArray);
  }
});

test.run();
