// loss: softmax cross-entropy (mean loss and dLogits in one dispatch) and softmax, on shaders/loss.wgsl.
import type { Engine } from '../gpu/engine.js';
import { checkBindingSize, createArray, readArray, destroyArray, type GpuArray } from '../gpu/gpuArray.js';
import { cappedGroups, createUniform, makeCall, type KernelCall } from '../gpu/kernelCall.js';
import { getPipeline } from '../gpu/pipelines.js';
import { run } from '../gpu/recorder.js';
import source from '../../shaders/loss.wgsl';
import { expectDtype, expectRank, expectShape } from './shapes.js';

const kernel = 'loss';
const threads = 256;

function logitsDims(engine: Engine, logits: GpuArray): { batch: number; classes: number } {
  expectRank(kernel, 'logits', logits, 2);
  const [batch, classes] = logits.shape;
  if (batch < 1 || classes < 1) throw new RangeError(`${kernel}: logits [${batch}, ${classes}] has no rows or no classes`);
  checkBindingSize(engine, kernel, 'logits', batch * classes * 4);
  return { batch, classes };
}

/**
 * One dispatch: dLogits = (softmax(logits) − onehot(labels)) / batch, and the batch's mean cross-entropy into
 * loss[slot]. Labels must be class indices below `classes` (the data layer validates them).
 */
export async function prepareSoftmaxCrossEntropy(engine: Engine, logits: GpuArray, labels: GpuArray, dLogits: GpuArray, loss: GpuArray, slot: number): Promise<KernelCall> {
  const { batch, classes } = logitsDims(engine, logits);
  expectShape(kernel, 'labels', labels, [batch]);
  expectDtype(kernel, 'labels', labels, 'u32');
  expectShape(kernel, 'dLogits', dLogits, [batch, classes]);
  expectRank(kernel, 'loss', loss, 1);
  if (!Number.isInteger(slot) || slot < 0 || slot >= loss.shape[0]) {
    throw new RangeError(`${kernel}: slot ${slot} is outside loss [${loss.shape[0]}]`);
  }
  const pipeline = await getPipeline(engine, kernel, 'crossEntropy', () => ({ code: source, entryPoint: 'crossEntropy' }));
  const params = createUniform(engine, `${kernel} crossEntropy`, [batch, classes, slot]);
  return makeCall(engine, pipeline, `${kernel} softmax cross-entropy`, [logits, dLogits, params, labels, loss], [1], {
    flops: 6 * batch * classes,
    bytes: 4 * (2 * batch * classes + batch + 1),
  });
}

/** Row-wise softmax of logits [batch, classes] into probs. */
export async function prepareSoftmax(engine: Engine, logits: GpuArray, probs: GpuArray): Promise<KernelCall> {
  const { batch, classes } = logitsDims(engine, logits);
  expectShape(kernel, 'probs', probs, [batch, classes]);
  const pipeline = await getPipeline(engine, kernel, 'softmax', () => ({ code: source, entryPoint: 'softmax' }));
  const params = createUniform(engine, `${kernel} softmax`, [batch, classes, 0]);
  return makeCall(engine, pipeline, `${kernel} softmax`, [logits, probs, params], [cappedGroups(engine, batch, threads)], {
    flops: 4 * batch * classes,
    bytes: 4 * 2 * batch * classes,
  });
}

/** Mean loss (read back now) and dLogits for one batch. */
export async function softmaxCrossEntropy(engine: Engine, logits: GpuArray, labels: GpuArray): Promise<{ loss: number; dLogits: GpuArray }> {
  const dLogits = createArray(engine, `${kernel} dLogits`, [...logits.shape]);
  const loss = createArray(engine, `${kernel} loss`, [1]);
  try {
    await run(engine, await prepareSoftmaxCrossEntropy(engine, logits, labels, dLogits, loss, 0));
    return { loss: (await readArray(engine, loss))[0], dLogits };
  } catch (error) {
    destroyArray(dLogits);
    throw error;
  } finally {
    destroyArray(loss);
  }
}

/** Probabilities [batch, classes] in a new array, run now. */
export async function softmax(engine: Engine, logits: GpuArray): Promise<GpuArray> {
  const probs = createArray(engine, `${kernel} probs`, [...logits.shape]);
  await run(engine, await prepareSoftmax(engine, logits, probs));
  return probs;
}

