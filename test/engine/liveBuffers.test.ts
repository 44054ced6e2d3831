// Every GPU buffer the engine makes is owned and freed: train, stack, transfer and each bench suite, each run
// twice in one engine, leave stacklab's live buffer count (and bytes) where they found it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runBench } from '../../src/bench/runBench.js';
import { suites } from '../../src/bench/suites/index.js';
import { stackCommand } from '../../src/commands/stack.js';
import { trainCommand } from '../../src/commands/train.js';
import { transferCommand, transferDefaults } from '../../src/commands/transfer.js';
import type { Engine } from '../../src/gpu/engine.js';
import { testEngine } from '../support/engine.js';

const test = suite('live GPU buffers');

async function twiceLeavesNothing(engine: Engine, what: string, work: () => Promise<unknown>): Promise<void> {
  const before = engine.memory.counts();
  for (let round = 1; round <= 2; round++) {
    await work();
    const after = engine.memory.counts();
    assert.is(after.liveGpuBuffers, before.liveGpuBuffers, `${what}, run ${round}: live buffers ${before.liveGpuBuffers} → ${after.liveGpuBuffers}`);
    assert.is(after.liveGpuBytes, before.liveGpuBytes, `${what}, run ${round}: live bytes`);
  }
  assert.ok(engine.memory.counts().peakGpuBytes > before.liveGpuBytes, `${what} made buffers, so the peak rose`);
}

test('train (custom kernels) frees everything it made, and its result file reports the counts', async () => {
  const engine = await testEngine();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stacklab-live-'));
  try {
    const json = path.join(dir, 'train.json');
    const options = { data: 'iris', ignore: [], hidden: [8], epochs: 2, batchSize: 16, lr: 0.01, impl: 'custom' as const, testSize: 0.2, seed: 0, json, quiet: true };
    await twiceLeavesNothing(engine, 'train', () => trainCommand(options, engine));
    // Taken while the trained model is still alive (it may yet be saved): its weights are live then.
    const { env } = JSON.parse(fs.readFileSync(json, 'utf8'));
    assert.ok(env.liveGpuBuffers > 0 && env.liveGpuBytes > 0, JSON.stringify(env));
    assert.ok(env.peakGpuBytes >= env.liveGpuBytes, JSON.stringify(env));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('stack (GPU learners, convex and vote meta-learners) frees everything it made', async () => {
  const engine = await testEngine();
  // Every GPU learner under the convex meta-learner; the vote meta-learner over the two cheaper ones (the mlp's 30
  // epochs are most of a stack's time on SwiftShader).
  const runs = [
    { meta: 'convex', base: ['mlp', 'knn', 'logreg'] },
    { meta: 'vote', base: ['knn', 'logreg'] },
  ] as const;
  for (const { meta, base } of runs) {
    const options = { data: 'iris', ignore: [], base: [...base], meta, folds: 2, seed: 0, testSize: 0.2, quiet: true };
    await twiceLeavesNothing(engine, `stack --meta ${meta} --base ${base.join(',')}`, () => stackCommand(options, engine));
  }
});

test('transfer (every method) frees everything it made', async () => {
  const engine = await testEngine();
  const options = { ...transferDefaults, from: 'models/digits-0-4', data: 'data/digits-5-9.csv', samplesPerClass: [3], seeds: [1], steps: 4, quiet: true };
  await twiceLeavesNothing(engine, 'transfer', () => transferCommand(options, engine));
});

for (const benchSuite of suites) {
  test(`bench ${benchSuite.name} frees every case's inputs, calls and scratch`, async () => {
    const engine = await testEngine();
    // conv2d's shapes are images and filters (BxHxWxCxFxOxS), fused-matmul's batches (BxMxNxK); the others' are
    // sizes of products and layers.
    const shapes: Record<string, number[]> = { conv2d: [2, 7, 7, 3, 3, 4, 2], 'fused-matmul': [3, 4, 8, 8] };
    const shape = shapes[benchSuite.name] ?? (benchSuite.name.startsWith('train-step') ? [4, 8, 8, 3] : [4, 8, 8]);
    const options = { suites: [benchSuite.name], shapes: [shape], transposed: false, samples: 2, minMs: 0 };
    await twiceLeavesNothing(engine, `bench ${benchSuite.name}`, () => runBench(engine, options));
  });
}

test.run();
