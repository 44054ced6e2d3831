// combine: the meta-learner's softmax-weighted combination of base-model probabilities and its gradient in α,
// on shaders/combine.wgsl.
import type { Engine } from '../gpu/engine.js';
import { withScope, type GpuScope } from '../gpu/gpuScope.js';
import { checkBindingSize, elementCount, readArray, type GpuArray } from '../gpu/gpuArray.js';
import { cappedGroups, makeCall, type KernelCall } from '../gpu/kernelCall.js';
import { getPipeline, type KernelPipeline } from '../gpu/pipelines.js';
import { run } from '../gpu/recorder.js';
import { specialize } from '../gpu/wgsl.js';
import source from '../../shaders/combine.wgsl';
import { ArgumentError, ShapeError } from '../errors.js';
import { expectDtype, expectRank, expectShape } from './shapes.js';

const kernel = 'combine';
/** Workgroup size of every entry point, specialized into shaders/combine.wgsl. */
const threads = 256;

export interface CombineDims {
  models: number;
  rows: number;
  classes: number;
  /** α is [models, classes] (normalised over models per class) rather than [models]. */
  perClass: boolean;
}

/** Sizes from P [models, rows, classes] and α [models] or [models, classes]. */
export function combineDims(engine: Engine, p: GpuArray, alpha: GpuArray): CombineDims {
  expectRank(kernel, 'P', p, 3);
  const [models, rows, classes] = p.shape;
  if (models < 1 || rows < 1 || classes < 1) throw new ShapeError(kernel, 'P', ['models ≥ 1', 'rows ≥ 1', 'classes ≥ 1'], p.shape);
  const perClass = alpha.shape.length === 2;
  expectShape(kernel, 'alpha', alpha, perClass ? [models, classes] : [models], `P is [${models}, ${rows}, ${classes}]`);
  checkBindingSize(engine, kernel, 'P', elementCount(p.shape) * 4);
  return { models, rows, classes, perClass };
}

function combinePipeline(engine: Engine, entryPoint: 'combine' | 'rowTerms' | 'reduce', perClass: boolean): Promise<KernelPipeline> {
  return getPipeline(engine, kernel, `${entryPoint}${perClass ? ' per-class' : ''}`, () => ({
    code: specialize(source, { THREADS: threads }, 'combine.wgsl'),
    entryPoint,
    constants: { PER_CLASS: Number(perClass) },
  }));
}

/** out [rows, classes] = Σ_m softmax(α)_m · P[m]. */
export async function prepareCombine(scope: GpuScope, p: GpuArray, alpha: GpuArray, out: GpuArray): Promise<KernelCall> {
  const { engine } = scope;
  const dims = combineDims(engine, p, alpha);
  const { models, rows, classes } = dims;
  expectShape(kernel, 'out', out, [rows, classes]);
  const pipeline = await combinePipeline(engine, 'combine', dims.perClass);
  const params = scope.uniform(kernel, [models, rows, classes, 0]);
  return makeCall(scope, pipeline, `${kernel} forward`, [params, p, alpha, out], [cappedGroups(engine, rows * classes, threads)], {
    flops: 4 * models * rows * classes,
    bytes: 4 * (models * rows * classes + rows * classes + elementCount(alpha.shape)),
  });
}

/**
 * Two dispatches: per-row terms of the mean negative log-likelihood −(1/N) Σ log out[n, labels[n]], then a
 * workgroup reduction per α entry (and one for the loss) into gradAlpha (shaped as α) and loss [1]. The calls
 * share a scratch array [models + 1, rows] made in `scope`. Labels must be class indices,
 * and the combined probability of each row's label must be positive (else the loss is +∞).
 */
export async function prepareCombineGradient(scope: GpuScope, p: GpuArray, alpha: GpuArray, labels: GpuArray, gradAlpha: GpuArray, loss: GpuArray): Promise<KernelCall[]> {
  const { engine } = scope;
  const dims = combineDims(engine, p, alpha);
  const { models, rows, classes, perClass } = dims;
  expectShape(kernel, 'labels', labels, [rows]);
  expectDtype(kernel, 'labels', labels, 'u32');
  expectShape(kernel, 'gradAlpha', gradAlpha, alpha.shape);
  expectShape(kernel, 'loss', loss, [1]);
  const slots = elementCount(alpha.shape) + 1;
  if (slots > engine.device.limits.maxComputeWorkgroupsPerDimension) {
    throw new ArgumentError(`${kernel}: α has ${slots - 1} entries, more workgroups than one dispatch dimension allows`);
  }
  const terms = scope.array(`${kernel} row terms`, [models + 1, rows]);
  const params = scope.uniform(`${kernel} gradient`, [models, rows, classes, slots]);
  const [rowPipeline, reducePipeline] = await Promise.all([combinePipeline(engine, 'rowTerms', perClass), combinePipeline(engine, 'reduce', perClass)]);
  return [
    makeCall(scope, rowPipeline, `${kernel} gradient rows`, [params, p, alpha, terms, labels], [cappedGroups(engine, rows, threads)], {
      flops: 5 * models * rows,
      bytes: 4 * (models * rows + rows + (models + 1) * rows),
    }),
    makeCall(scope, reducePipeline, `${kernel} gradient reduce`, [params, terms, alpha, gradAlpha, labels, loss], [slots], {
      flops: slots * rows,
      bytes: 4 * slots * 2 * rows,
    }),
  ];
}

/** Combined probabilities [rows, classes] in a new array, run now. */
export async function combine(engine: Engine, p: GpuArray, alpha: GpuArray): Promise<GpuArray> {
  const { rows, classes } = combineDims(engine, p, alpha);
  return withScope(engine, kernel, async (scope) => {
    const out = scope.array(`${kernel} out`, [rows, classes]);
    await run(engine, await prepareCombine(scope, p, alpha, out));
    return scope.release(out);
  });
}

/** The mean negative log-likelihood and its gradient in α, read back now. */
export async function combineGradient(engine: Engine, p: GpuArray, alpha: GpuArray, labels: GpuArray): Promise<{ loss: number; gradAlpha: Float32Array }> {
  return withScope(engine, `${kernel} gradient`, async (scope) => {
    const gradAlpha = scope.array(`${kernel} gradAlpha`, alpha.shape);
    const loss = scope.array(`${kernel} loss`, [1]);
    await run(engine, ...(await prepareCombineGradient(scope, p, alpha, labels, gradAlpha, loss)));
    return { loss: (await readArray(engine, loss))[0], gradAlpha: await readArray(engine, gradAlpha) };
  });
}
