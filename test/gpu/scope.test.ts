import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DisposedError } from '../../src/errors.js';
import { createArray, destroyArray } from '../../src/gpu/gpuArray.js';
import { GpuScope, withScope } from '../../src/gpu/gpuScope.js';
import { Recorder } from '../../src/gpu/recorder.js';
import { prepareMatmulSteps } from '../../src/kernels/matmul.js';
import { matmulVariants } from '../../src/kernels/matmulVariants.js';
import { testEngine } from '../support/engine.js';

const test = suite('GPU scopes and buffer accounting');

test('a scope frees the uniforms and split-K partials its prepared calls made, once, and the counts return', async () => {
  const engine = await testEngine();
  const start = engine.memory.counts();
  const a = createArray(engine, 'A', [4, 64]);
  const b = createArray(engine, 'B', [64, 4]);
  const c = createArray(engine, 'C', [4, 4]);
  const withOperands = engine.memory.counts();
  assert.is(withOperands.liveGpuBuffers, start.liveGpuBuffers + 3);
  assert.is(withOperands.liveGpuBytes, start.liveGpuBytes + 4 * (256 + 256 + 16));
  const scope = new GpuScope(engine, 'split-K test');
  const splitK = matmulVariants.find((v) => v.splitK)!;
  const calls = await prepareMatmulSteps(scope, a, b, c, { variant: splitK });
  assert.is(calls.length, 2);
  assert.ok(engine.memory.counts().liveGpuBuffers > withOperands.liveGpuBuffers, 'the calls made uniforms and partials');
  scope.dispose();
  scope.dispose();
  assert.equal(engine.memory.counts().liveGpuBuffers, withOperands.liveGpuBuffers);
  assert.throws(() => new Recorder(engine, 'after dispose').dispatch(calls[0]), (error: Error) => error instanceof DisposedError && /split-K test/.test(error.message));
  [a, b, c].forEach(destroyArray);
  assert.equal(engine.memory.counts().liveGpuBytes, start.liveGpuBytes);
  assert.ok(engine.memory.counts().peakGpuBytes >= withOperands.liveGpuBytes);
});

test('children go with their parent; a released array outlives withScope, even when the work throws', async () => {
  const engine = await testEngine();
  const start = engine.memory.counts().liveGpuBuffers;
  const parent = new GpuScope(engine, 'parent');
  parent.child('child').array('x', [3]);
  parent.array('y', [3]);
  parent.dispose();
  assert.is(engine.memory.counts().liveGpuBuffers, start);
  const kept = await withScope(engine, 'work', async (scope) => {
    scope.array('scratch', [5]);
    return scope.release(scope.array('result', [2]));
  });
  assert.is(engine.memory.counts().liveGpuBuffers, start + 1);
  destroyArray(kept);
  const failed = await withScope(engine, 'failing work', async (scope) => {
    scope.array('scratch', [5]);
    throw new Error('work failed');
  }).catch((error: Error) => error.message);
  assert.is(failed, 'work failed');
  assert.is(engine.memory.counts().liveGpuBuffers, start);
  assert.throws(() => parent.array('late', [1]), (error: Error) => error instanceof DisposedError);
});

test.run();
