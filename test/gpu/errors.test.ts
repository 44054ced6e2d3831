import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { openEngine, type Engine } from '../../src/gpu/engine.js';
import { BufferTooLargeError, DeviceLostError, GpuKernelError, NoAdapterError, ShapeError } from '../../src/errors.js';
import { createArray, destroyArray, type GpuArray } from '../../src/gpu/gpuArray.js';
import { Recorder } from '../../src/gpu/recorder.js';
import { prepareCombine, prepareCombineGradient } from '../../src/kernels/combine.js';
import { denseForward, prepareDenseBackward } from '../../src/kernels/dense.js';
import { prepareGatherRows } from '../../src/kernels/gather.js';
import { prepareSoftmaxCrossEntropy } from '../../src/kernels/loss.js';
import { prepareSgdMomentum } from '../../src/kernels/optim.js';
import { rejects } from '../support/rejects.js';
import { testEngine } from '../support/engine.js';
import { GpuScope } from '../../src/gpu/gpuScope.js';

const test = suite('errors');

function arrays(engine: Engine, shapes: Record<string, number[]>, dtype: GpuArray['dtype'] = 'f32'): Record<string, GpuArray> {
  return Object.fromEntries(Object.entries(shapes).map(([name, shape]) => [name, createArray(engine, name, shape, undefined, dtype)]));
}

test('each kernel family names the kernel, the operand and both shapes when shapes do not fit', async () => {
  const engine = await testEngine();
  const a = arrays(engine, { X: [8, 3], W: [4, 2], W3: [3, 2], b: [2], Y: [8, 2], logits: [4, 3], dLogits: [4, 3], P: [3, 10, 4], alpha: [2, 4], models: [3], param: [4, 3], grad: [3, 4], source: [10, 4], out: [5, 3], loss: [2] });
  const u = arrays(engine, { labels: [5], order: [10] }, 'u32');
  const scope = new GpuScope(engine, 'shape errors test');
  await rejects(denseForward(engine, a.X, a.W, a.b, 'relu'), ShapeError, /dense: operand W has shape \[4, 2\] but \[3, 2\] was expected/);
  await rejects(prepareDenseBackward(scope, { x: a.X, w: a.W3, y: a.X, dy: a.Y, activation: 'tanh' }), ShapeError, /dense: operand Y has shape \[8, 3\] but \[8, 2\] was expected/);
  await rejects(prepareSoftmaxCrossEntropy(scope, a.logits, u.labels, a.dLogits, a.loss, 0), ShapeError, /loss: operand labels has shape \[5\] but \[4\] was expected/);
  await rejects(prepareCombine(scope, a.P, a.alpha, a.out), ShapeError, /combine: operand alpha has shape \[2, 4\] but \[3, 4\] was expected/);
  await rejects(prepareCombineGradient(scope, a.P, a.models, u.labels, a.models, a.loss), ShapeError, /combine: operand labels has shape \[5\] but \[10\] was expected/);
  await rejects(prepareSgdMomentum(scope, a.param, a.grad, a.param, { lr: 0.1, momentum: 0.9 }), ShapeError, /optim: operand grad has shape \[3, 4\] but \[4, 3\] was expected/);
  await rejects(prepareGatherRows(scope, a.source, u.order, a.out, 0), ShapeError, /gather: operand out has shape \[5, 3\] but \[batch, 4\] was expected/);
  [...Object.values(a), ...Object.values(u)].forEach(destroyArray);
  scope.dispose();
});

test('a GPU validation error (a buffer destroyed before submit) is thrown as a GpuKernelError naming the kernel', async () => {
  const engine = await testEngine();
  const { source, out } = arrays(engine, { source: [4, 2], out: [2, 2] });
  const order = createArray(engine, 'order', [4], [3, 2, 1, 0], 'u32');
  const scope = new GpuScope(engine, 'destroyed-buffer test');
  const call = await prepareGatherRows(scope, source, order, out, 0);
  destroyArray(source);
  const recorder = new Recorder(engine, 'destroyed-buffer test').dispatch(call);
  await rejects(recorder.submit(), GpuKernelError, /^gather: GPU validation error/);
  [order, out].forEach(destroyArray);
  scope.dispose();
});

test('an array or operand over maxStorageBufferBindingSize throws BufferTooLargeError before anything is allocated', async () => {
  const engine = await testEngine();
  const limit = engine.device.limits.maxStorageBufferBindingSize;
  const device = engine.device as GPUDevice & { createBuffer: GPUDevice['createBuffer'] };
  const original = device.createBuffer;
  let allocations = 0;
  device.createBuffer = (descriptor) => {
    allocations++;
    return original.call(device, descriptor);
  };
  try {
    assert.throws(() => createArray(engine, 'huge', [Math.floor(limit / 4) + 1, 1]), (error: Error) => error instanceof BufferTooLargeError && /huge/.test(error.message));
  } finally {
    device.createBuffer = original;
  }
  assert.is(allocations, 0, 'no buffer was created for the oversized array');
  // A kernel refuses an operand whose shape claims more than one binding holds, before dispatch.
  const small = createArray(engine, 'rows', [1, 4]);
  const huge = { ...small, shape: [Math.ceil(limit / 16) + 1, 4] };
  const order = createArray(engine, 'order', [1], [0], 'u32');
  const scope = new GpuScope(engine, 'binding-size test');
  await rejects(prepareGatherRows(scope, huge, order, small, 0), BufferTooLargeError, /gather: operand source needs \d+ bytes/);
  [small, order].forEach(destroyArray);
  scope.dispose();
});

test('after a device is lost, the next call throws DeviceLostError', async () => {
  const engine = await testEngine();
  // A second device from the same WebGPU instance: in Node, a second Dawn instance (another openNodeEngine) whose
  // device was destroyed crashed the process later in the run (a futex error from Dawn's threads).
  const doomed = await openEngine({ adapter: (await navigator.gpu.requestAdapter())!, host: engine.host });
  const X = createArray(doomed, 'X', [2, 2]);
  doomed.device.destroy();
  await doomed.device.lost;
  await rejects(denseForward(doomed, X, X, X, 'linear'), DeviceLostError, /the GPU device was lost/);
  assert.throws(() => createArray(doomed, 'after loss', [1]), (error: Error) => error instanceof DeviceLostError);
});

test('no adapter at all throws NoAdapterError saying how to get one', async () => {
  const noAdapters = { requestAdapter: async () => null } as unknown as GPU;
  await rejects(openEngine({ gpu: noAdapters, host: 'node' }), NoAdapterError, /install a GPU driver.*or Chromium/);
});

test.run();
