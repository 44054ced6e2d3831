import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { seededRandom } from '../../src/data/random.js';
import type { Engine } from '../../src/gpu/engine.js';
import { destroyArray, readArray } from '../../src/gpu/gpuArray.js';
import { knnLearner } from '../../src/ensemble/knn.js';
import { destroyReferences, nearestNeighbours, uploadReferences } from '../../src/ensemble/nearestNeighbours.js';
import { topKReference } from '../../src/kernels/topk.reference.js';
import { testEngine } from '../support/engine.js';

const test = suite('knn batching');

// Small integer features: every squared distance is exact in float32, and ties are common, so the batched search
// must match the float64 reference exactly, ties to the lower index included.
function integerRows(rows: number, cols: number, seed: number) {
  const random = seededRandom(seed);
  return { features: Float32Array.from({ length: rows * cols }, () => random.int(4)), rows, cols };
}

function distancesReference(q: Float32Array, r: Float32Array, Q: number, R: number, F: number): Float64Array {
  const out = new Float64Array(Q * R);
  for (let i = 0; i < Q; i++) {
    for (let j = 0; j < R; j++) {
      let sum = 0;
      for (let f = 0; f < F; f++) sum += (q[i * F + f] - r[j * F + f]) ** 2;
      out[i * R + j] = sum;
    }
  }
  return out;
}

/** Runs `work` noting the largest storage buffer the engine makes meanwhile. */
async function largestBuffer(engine: Engine, work: () => Promise<void>): Promise<number> {
  const memory = engine.memory;
  const create = memory.create.bind(memory);
  let largest = 0;
  memory.create = (descriptor) => {
    if (descriptor.usage & GPUBufferUsage.STORAGE) largest = Math.max(largest, descriptor.size);
    return create(descriptor);
  };
  try {
    await work();
  } finally {
    memory.create = create;
  }
  return largest;
}

test('a 1 KiB cap splits 300 references into chunks and 100 queries into batches, with exactly the unbatched neighbours', async () => {
  const engine = await testEngine();
  const [refs, queries, k] = [integerRows(300, 6, 1), integerRows(100, 6, 2), 7];
  const want = topKReference(distancesReference(queries.features, refs.features, 100, 300, 6), 100, 300, k);
  const cap = 1024;
  const largest = await largestBuffer(engine, async () => {
    const chunks = await uploadReferences(engine, refs, cap);
    // 1024 / (4 · 6) = 42 references per chunk; 1024 / (4 · max(6, 7)) = 36 queries per batch.
    assert.equal(chunks.chunks.length, 8);
    const got = await nearestNeighbours(engine, chunks, queries, k);
    destroyReferences(chunks);
    assert.equal(Array.from(got.indices), Array.from(want.indices));
    assert.equal(Array.from(got.squared), Array.from(want.values));
  });
  assert.ok(largest <= cap, `largest storage buffer ${largest} bytes, cap ${cap}`);
});

test('a chunk smaller than k (the last one) still yields k neighbours over all chunks', async () => {
  const engine = await testEngine();
  // 192 bytes / (4 · 3) = 16 rows per chunk: 35 rows make chunks of 16, 16 and 3, and k = 5 is more than the last.
  const [refs, queries, k] = [integerRows(35, 3, 3), integerRows(9, 3, 4), 5];
  const chunks = await uploadReferences(engine, refs, 192);
  assert.equal(chunks.chunks.map((c) => c.shape[0]), [16, 16, 3]);
  const got = await nearestNeighbours(engine, chunks, queries, k);
  destroyReferences(chunks);
  assert.equal(Array.from(got.indices), Array.from(topKReference(distancesReference(queries.features, refs.features, 9, 35, 3), 9, 35, k).indices));
});

test('knn with a small batch cap predicts the very probabilities of knn without one', async () => {
  const engine = await testEngine();
  const [train, held] = [integerRows(200, 5, 5), integerRows(60, 5, 6)];
  const labels = Uint32Array.from({ length: 200 }, (_, i) => i % 3);
  const probabilities = async (maxBatchBytes?: number) => {
    const learner = knnLearner({ k: 5, weights: 'distance', maxBatchBytes });
    await learner.fit(engine, train, labels, 3);
    const p = await learner.predictProba(engine, held);
    const values = Array.from(await readArray(engine, p));
    destroyArray(p);
    learner.dispose();
    return values;
  };
  assert.equal(await probabilities(2048), await probabilities());
});

test.run();
