// loss: softmax cross-entropy (mean loss and dLogits in one dispatch) and softmax, on shaders/loss.wgsl.
import type { Engine } from '../gpu/engine.js';
import { withScope, type GpuScope } from '../gpu/gpuScope.js';
import { ArgumentError } from '../errors.js';
import { checkBindingSize, readArray, type GpuArray } from '../gpu/gpuArray.js';
import { cappedGroups, makeCall, type KernelCall } from '../gpu/kernelCall.js';
import { getPipeline } from '../gpu/pipelines.js';
import { run } from '../gpu/recorder.js';
import { specialize } from '../gpu/wgsl.js';
import lossSource from '../../shaders/loss.wgsl';
import { expectDtype, expectShape, modelAxis, type ModelAxis } from './shapes.js';

const kernel = 'loss';
/** Workgroup size of both entry points, specialized into shaders/loss.wgsl. */
const threads = 256;
const source = (): string => specialize(lossSource, { THREADS: threads }, 'loss.wgsl');

interface LogitsDims {
  /** 1 for logits [batch, classes], M for logits [M, batch, classes]. */
  models: number;
  batch: number;
  classes: number;
  shape: ModelAxis['shape'];
}

function logitsDims(engine: Engine, logits: GpuArray): LogitsDims {
  const { models, perModel, shape } = modelAxis(kernel, 'logits', logits, 2);
  const [batch, classes] = perModel;
  if (models < 1 || batch < 1 || classes < 1) throw new ArgumentError(`${kernel}: logits [${logits.shape.join(', ')}] has no models, rows or classes`);
  checkBindingSize(engine, kernel, 'logits', models * batch * classes * 4);
  return { models, batch, classes, shape };
}

/**
 * One dispatch: dLogits = (softmax(logits) − onehot(labels)) / batch, and the batch's mean cross-entropy into
 * loss[slot]. Labels ≥ `classes` mark rows to ignore (the mean is over the others); the data layer validates
 * real labels. With a model axis (logits [M, batch, classes], labels [M, batch], loss [M, slots]) each model's
 * mean goes to loss[m, slot].
 */
export async function prepareSoftmaxCrossEntropy(scope: GpuScope, logits: GpuArray, labels: GpuArray, dLogits: GpuArray, loss: GpuArray, slot: number): Promise<KernelCall> {
  const { engine } = scope;
  const { models, batch, classes, shape } = logitsDims(engine, logits);
  expectShape(kernel, 'labels', labels, shape([batch]));
  expectDtype(kernel, 'labels', labels, 'u32');
  expectShape(kernel, 'dLogits', dLogits, shape([batch, classes]));
  expectShape(kernel, 'loss', loss, shape(['slots']));
  const slots = loss.shape[loss.shape.length - 1];
  if (!Number.isInteger(slot) || slot < 0 || slot >= slots) {
    throw new ArgumentError(`${kernel}: slot ${slot} is outside loss [${loss.shape.join(', ')}]`);
  }
  const pipeline = await getPipeline(engine, kernel, 'crossEntropy', () => ({ code: source(), entryPoint: 'crossEntropy' }));
  const params = scope.uniform(`${kernel} crossEntropy`, [batch, classes, slot, slots]);
  return makeCall(scope, pipeline, `${kernel} softmax cross-entropy`, [logits, dLogits, params, labels, loss], [1, 1, models], {
    flops: models * 6 * batch * classes,
    bytes: models * 4 * (2 * batch * classes + batch + 1),
  });
}

/** Row-wise softmax of logits [(M,) batch, classes] into probs of the same shape. */
export async function prepareSoftmax(scope: GpuScope, logits: GpuArray, probs: GpuArray): Promise<KernelCall> {
  const { engine } = scope;
  const { models, batch, classes, shape } = logitsDims(engine, logits);
  expectShape(kernel, 'probs', probs, shape([batch, classes]));
  const pipeline = await getPipeline(engine, kernel, 'softmax', () => ({ code: source(), entryPoint: 'softmax' }));
  const params = scope.uniform(`${kernel} softmax`, [batch, classes, 0, 1]);
  return makeCall(scope, pipeline, `${kernel} softmax`, [logits, probs, params], [cappedGroups(engine, batch, threads), 1, models], {
    flops: models * 4 * batch * classes,
    bytes: models * 4 * 2 * batch * classes,
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
