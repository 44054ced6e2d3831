// optim: SGD with momentum and Adam, in place, on shaders/optim.wgsl. Hyper-parameters sit in GPU buffers the
// host may rewrite between epochs; Adam's step count and bias corrections never leave the GPU.
import type { Engine } from '../gpu/engine.js';
import type { GpuScope } from '../gpu/gpuScope.js';
import { ArgumentError } from '../gpu/errors.js';
import { checkBindingSize, elementCount, type GpuArray } from '../gpu/gpuArray.js';
import { cappedGroups, makeCall, type KernelCall } from '../gpu/kernelCall.js';
import { getPipeline } from '../gpu/pipelines.js';
import { specialize } from '../gpu/wgsl.js';
import optimSource from '../../shaders/optim.wgsl';
import { expectDtype, expectShape } from './shapes.js';

const kernel = 'optim';
/** Workgroup size of the element-wise updates, specialized into shaders/optim.wgsl. */
const threads = 256;
const source = (): string => specialize(optimSource, { THREADS: threads }, 'optim.wgsl');

export interface SgdHyper {
  lr: number;
  momentum: number;
}

export interface AdamHyper {
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

/** tf.train.adam's defaults (epsilon: tfjs's float32 backend epsilon). */
export const defaultAdamHyper: AdamHyper = { lr: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };

/** An SGD update whose `hyper` buffer setSgdHyper rewrites. */
export interface SgdCall extends KernelCall {
  readonly hyper: GPUBuffer;
}

/** Lives in the scope createAdamState was given: disposing that scope frees it. */
export interface AdamState {
  readonly label: string;
  /** u32 [3]: the step count, then the float32 bits of the bias corrections 1 − β₁ᵗ and 1 − β₂ᵗ. */
  readonly progress: GpuArray;
  /** lr, β₁, β₂, ε as float32. */
  readonly hyper: GPUBuffer;
}

function checkOperands(engine: Engine, param: GpuArray, others: Record<string, GpuArray>): number {
  expectDtype(kernel, 'param', param, 'f32');
  for (const [name, array] of Object.entries(others)) expectShape(kernel, name, array, param.shape);
  const count = elementCount(param.shape);
  checkBindingSize(engine, kernel, 'param', count * 4);
  return count;
}

function checkHyper(values: Record<string, number>): void {
  for (const [name, value] of Object.entries(values)) {
    if (!Number.isFinite(value)) throw new ArgumentError(`${kernel}: hyper-parameter ${name} is ${value}`);
  }
}

/** v = μ·v + g; p −= lr·v, in place on `param` and `velocity` (same shape as `param`, zeroed to start). */
export async function prepareSgdMomentum(scope: GpuScope, param: GpuArray, grad: GpuArray, velocity: GpuArray, hyper: SgdHyper): Promise<SgdCall> {
  const { engine } = scope;
  const count = checkOperands(engine, param, { grad, velocity });
  const pipeline = await getPipeline(engine, kernel, 'sgd', () => ({ code: source(), entryPoint: 'sgd' }));
  checkHyper({ lr: hyper.lr, momentum: hyper.momentum });
  const buffer = scope.uniform(`${kernel} sgd ${param.label}`, [count, { f32: hyper.lr }, { f32: hyper.momentum }]);
  const call = makeCall(scope, pipeline, `${kernel} sgd ${param.label}`, [buffer, param, grad, velocity], [cappedGroups(engine, count, threads)], {
    flops: 4 * count,
    bytes: 4 * 5 * count,
  });
  return { ...call, hyper: buffer };
}

/** New learning rate and momentum for later submits of `call`. */
export function setSgdHyper(engine: Engine, call: SgdCall, hyper: SgdHyper): void {
  checkHyper({ lr: hyper.lr, momentum: hyper.momentum });
  // The count (word 0) stays; lr and momentum follow it.
  engine.device.queue.writeBuffer(call.hyper, 4, Float32Array.of(hyper.lr, hyper.momentum));
}

/** Step 0, zero bias corrections, tf.train.adam's default hyper-parameters; its buffers belong to `scope`. */
export function createAdamState(scope: GpuScope, label: string): AdamState {
  const progress = scope.array(`${label} (adam progress)`, [3], undefined, 'u32');
  const hyper = scope.buffer({ label: `${label} (adam hyper)`, size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  const state = { label, progress, hyper };
  setAdamHyper(scope.engine, state, defaultAdamHyper);
  return state;
}

/** Takes effect at the next submit. β₁ and β₂ are meant to stay fixed once stepping has begun. */
export function setAdamHyper(engine: Engine, state: AdamState, hyper: AdamHyper): void {
  checkHyper({ ...hyper });
  for (const name of ['beta1', 'beta2'] as const) {
    if (!(hyper[name] >= 0.5 && hyper[name] < 1)) throw new ArgumentError(`${kernel}: Adam ${name} = ${hyper[name]} is outside [0.5, 1)`);
  }
  engine.device.queue.writeBuffer(state.hyper, 0, Float32Array.of(hyper.lr, hyper.beta1, hyper.beta2, hyper.epsilon));
}

/** Advances the step count and bias corrections; dispatch once per batch, before that batch's prepareAdam calls. */
export async function prepareAdamStep(scope: GpuScope, state: AdamState): Promise<KernelCall> {
  const { engine } = scope;
  const pipeline = await getPipeline(engine, kernel, 'adamStep', () => ({ code: source(), entryPoint: 'adamStep' }));
  return makeCall(scope, pipeline, `${kernel} adam step ${state.label}`, [state.hyper, state.progress], [1], { flops: 4, bytes: 12 });
}

/** Adam on `param` in place, with moments `m` and `v` (same shape as `param`, zeroed to start). */
export async function prepareAdam(scope: GpuScope, state: AdamState, param: GpuArray, grad: GpuArray, m: GpuArray, v: GpuArray): Promise<KernelCall> {
  const { engine } = scope;
  const count = checkOperands(engine, param, { grad, m, v });
  const pipeline = await getPipeline(engine, kernel, 'adam', () => ({ code: source(), entryPoint: 'adam' }));
  const size = scope.uniform(`${kernel} adam ${param.label}`, [count]);
  return makeCall(scope, pipeline, `${kernel} adam ${param.label}`, [state.hyper, state.progress, size, param, grad, m, v], [cappedGroups(engine, count, threads)], {
    flops: 12 * count,
    bytes: 4 * 7 * count,
  });
}
