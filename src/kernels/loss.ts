// loss: softmax cross-entropy (mean loss and dLogits in one dispatch) and softmax, on shaders/loss.wgsl.
import type { Engine } from '../gpu/engine.js';
import { withScope, type GpuScope } from '../gpu/gpuScope.js';
import { ArgumentError } from '../gpu/errors.js';
import { checkBindingSize, readArray, type GpuArray } from '../gpu/gpuArray.js';
import { cappedGroups, makeCall, type KernelCall } from '../gpu/kernelCall.js';
import { getPipeline } from '../gpu/pipelines.js';
import { run } from '../gpu/recorder.js';
import { specialize } from '../gpu/wgsl.js';
import lossSource from '../../shaders/loss.wgsl';
import { expectDtype, expectRank, expectShape } from './shapes.js';

const kernel = 'loss';
/** Workgroup size of both entry points, specialized into shaders/loss.wgsl. */
const threads = 256;
const source = (): string => specialize(lossSource, { THREADS: threads }, 'loss.wgsl');

function logitsDims(engine: Engine, logits: GpuArray): { batch: number; classes: number } {
  expectRank(kernel, 'logits', logits, 2);
  const [batch, classes] = logits.shape;
  if (batch < 1 || classes < 1) throw new ArgumentError(`${kernel}: logits [${batch}, ${classes}] has no rows or no classes`);
  checkBindingSize(engine, kernel, 'logits', batch * classes * 4);
  return { batch, classes };
}

/**
 * One dispatch: dLogits = (softmax(logits) − onehot(labels)) / batch, and the batch's mean cross-entropy into
 * loss[slot]. Labels must be class indices below `classes` (the data layer validates them).
 */
export async function prepareSoftmaxCrossEntropy(scope: GpuScope, logits: GpuArray, labels: GpuArray, dLogits: GpuArray, loss: GpuArray, slot: number): Promise<KernelCall> {
  const { engine } = scope;
  const { batch, classes } = logitsDims(engine, logits);
  expectShape(kernel, 'labels', labels, [batch]);
  expectDtype(kernel, 'labels', labels, 'u32');
  expectShape(kernel, 'dLogits', dLogits, [batch, classes]);
  expectRank(kernel, 'loss', loss, 1);
  if (!Number.isInteger(slot) || slot < 0 || slot >= loss.shape[0]) {
    throw new ArgumentError(`${kernel}: slot ${slot} is outside loss [${loss.shape[0]}]`);
  }
  const pipeline = await getPipeline(engine, kernel, 'crossEntropy', () => ({ code: source(), entryPoint: 'crossEntropy' }));
  const params = scope.uniform(`${kernel} crossEntropy`, [batch, classes, slot]);
  return makeCall(scope, pipeline, `${kernel} softmax cross-entropy`, [logits, dLogits, params, labels, loss], [1], {
    flops: 6 * batch * classes,
    bytes: 4 * (2 * batch * classes + batch + 1),
  });
}

/** Row-wise softmax of logits [batch, classes] into probs. */
export async function prepareSoftmax(scope: GpuScope, logits: GpuArray, probs: GpuArray): Promise<KernelCall> {
  const { engine } = scope;
  const { batch, classes } = logitsDims(engine, logits);
  expectShape(kernel, 'probs', probs, [batch, classes]);
  const pipeline = await getPipeline(engine, kernel, 'softmax', () => ({ code: source(), entryPoint: 'softmax' }));
  const params = scope.uniform(`${kernel} softmax`, [batch, classes, 0]);
  return makeCall(scope, pipeline, `${kernel} softmax`, [logits, probs, params], [cappedGroups(engine, batch, threads)], {
    flops: 4 * batch * classes,
    bytes: 4 * 2 * batch * classes,
  });
}

/** Mean loss (read back now) and dLogits for one batch. */
export async function softmaxCrossEntropy(engine: Engine, logits: GpuArray, labels: GpuArray): Promise<{ loss: number; dLogits: GpuArray }> {
  return withScope(engine, `${kernel} crossEntropy`, async (scope) => {
    const dLogits = scope.array(`${kernel} dLogits`, [...logits.shape]);
    const loss = scope.array(`${kernel} loss`, [1]);
    await run(engine, await prepareSoftmaxCrossEntropy(scope, logits, labels, dLogits, loss, 0));
    return { loss: (await readArray(engine, loss))[0], dLogits: scope.release(dLogits) };
  });
}

/** Probabilities [batch, classes] in a new array, run now. */
export async function softmax(engine: Engine, logits: GpuArray): Promise<GpuArray> {
  return withScope(engine, `${kernel} softmax`, async (scope) => {
    const probs = scope.array(`${kernel} probs`, [...logits.shape]);
    await run(engine, await prepareSoftmax(scope, logits, probs));
    return scope.release(probs);
  });
}
