// loss: softmax cross-entropy (mean loss and dLogits in one dispatch), softmax, and the regression losses (squared
// error, Huber: mean loss and dPredictions in one dispatch), on shaders/loss.wgsl.
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
  const params = scope.uniform(`${kernel} crossEntropy`, [batch, classes, slot, slots, { f32: 0 }]);
  return makeCall(scope, pipeline, `${kernel} softmax cross-entropy`, [logits, dLogits, params, labels, loss], [1, 1, models], {
    flops: models * 6 * batch * classes,
    bytes: models * 4 * (2 * batch * classes + batch + 1),
  });
}

/** A quiet NaN's bits: pads a batch of targets (gather's `missing` word); the regression losses ignore it. */
export const paddingTarget = 0x7fc00000;

/** A regression loss: squared error, or Huber with its δ (where the loss turns from quadratic to linear). */
export type RegressionLoss = { kind: 'squared-error' } | { kind: 'huber'; delta: number };

/**
 * One dispatch: the mean regression loss over the elements of targets [(M,) batch, outputs] into loss[slot], and
 * dPredictions = ∂(mean loss)/∂predictions (squared error: 2r / n; Huber: clamp(r, −δ, δ) / n, r = prediction −
 * target). A non-finite target (gather's NaN padding word) marks an element to ignore: its gradient is 0 and n
 * counts only the others. With a model axis each model's mean goes to loss[m, slot].
 */
export async function prepareRegressionLoss(scope: GpuScope, predictions: GpuArray, targets: GpuArray, dPredictions: GpuArray, loss: GpuArray, slot: number, kind: RegressionLoss): Promise<KernelCall> {
  const { engine } = scope;
  const { models, batch, classes: outputs, shape } = logitsDims(engine, predictions);
  expectShape(kernel, 'targets', targets, shape([batch, outputs]));
  expectDtype(kernel, 'targets', targets, 'f32');
  expectShape(kernel, 'dPredictions', dPredictions, shape([batch, outputs]));
  expectShape(kernel, 'loss', loss, shape(['slots']));
  const slots = loss.shape[loss.shape.length - 1];
  if (!Number.isInteger(slot) || slot < 0 || slot >= slots) {
    throw new ArgumentError(`${kernel}: slot ${slot} is outside loss [${loss.shape.join(', ')}]`);
  }
  const delta = kind.kind === 'huber' ? kind.delta : 0;
  if (kind.kind === 'huber' && !(delta > 0 && Number.isFinite(delta))) throw new ArgumentError(`${kernel}: Huber δ must be a positive number, got ${delta}`);
  const entryPoint = kind.kind === 'huber' ? 'huber' : 'squaredError';
  const pipeline = await getPipeline(engine, kernel, entryPoint, () => ({ code: source(), entryPoint }));
  const params = scope.uniform(`${kernel} ${entryPoint}`, [batch, outputs, slot, slots, { f32: delta }]);
  return makeCall(scope, pipeline, `${kernel} ${entryPoint}`, [predictions, dPredictions, params, targets, loss], [1, 1, models], {
    flops: models * 5 * batch * outputs,
    bytes: models * 4 * (3 * batch * outputs + 1),
  });
}

/** Row-wise softmax of logits [(M,) batch, classes] into probs of the same shape. */
export async function prepareSoftmax(scope: GpuScope, logits: GpuArray, probs: GpuArray): Promise<KernelCall> {
  const { engine } = scope;
  const { models, batch, classes, shape } = logitsDims(engine, logits);
  expectShape(kernel, 'probs', probs, shape([batch, classes]));
  const pipeline = await getPipeline(engine, kernel, 'softmax', () => ({ code: source(), entryPoint: 'softmax' }));
  const params = scope.uniform(`${kernel} softmax`, [batch, classes, 0, 1, { f32: 0 }]);
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

/** Mean regression loss (read back now) and dPredictions for one batch. */
export async function regressionLoss(engine: Engine, predictions: GpuArray, targets: GpuArray, kind: RegressionLoss): Promise<{ loss: number; dPredictions: GpuArray }> {
  return withScope(engine, `${kernel} regression`, async (scope) => {
    const dPredictions = scope.array(`${kernel} dPredictions`, [...predictions.shape]);
    const loss = scope.array(`${kernel} loss`, [1]);
    await run(engine, await prepareRegressionLoss(scope, predictions, targets, dPredictions, loss, 0, kind));
    return { loss: (await readArray(engine, loss))[0], dPredictions: scope.release(dPredictions) };
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
