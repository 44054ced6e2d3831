// optim: SGD with momentum and Adam, in place, on shaders/optim.wgsl. Hyper-parameters sit in GPU buffers the
// host may rewrite between epochs; Adam's step count and bias corrections never leave the GPU.
import type { Engine } from '../gpu/engine.js';
import type { GpuScope } from '../gpu/gpuScope.js';
import { ArgumentError } from '../errors.js';
import { checkBindingSize, elementCount, writeArray, type GpuArray } from '../gpu/gpuArray.js';
import { cappedGroups, groups, makeCall, type KernelCall } from '../gpu/kernelCall.js';
import { getPipeline } from '../gpu/pipelines.js';
import { specialize } from '../gpu/wgsl.js';
import optimSource from '../../shaders/optim.wgsl';
import { expectDtype, expectShape } from './shapes.js';

const kernel = 'optim';
/** Workgroup size of the element-wise updates, specialized into shaders/optim.wgsl. */
const threads = 256;
const source = (): string => specialize(optimSource, { THREADS: threads }, 'optim.wgsl');

/** SGD with momentum's hyper-parameters (finite numbers, else ArgumentError). */
export interface SgdHyper {
  /** Learning rate. */
  lr: number;
  /** μ in v = μ·v + g. */
  momentum: number;
}

/** Adam's hyper-parameters (finite numbers, else ArgumentError); the step count lives on the GPU, in AdamState. */
export interface AdamHyper {
  /** Learning rate. */
  lr: number;
  /** Decay of the first-moment (mean) estimate. */
  beta1: number;
  /** Decay of the second-moment (uncentred variance) estimate. */
  beta2: number;
  /** Added to √v̂ in the denominator. */
  epsilon: number;
  /** Decoupled weight decay (AdamW): p −= lr · wd · p each step; default 0. */
  weightDecay?: number;
}

/** One model's learning rate and weight decay, for an AdamState with a model axis. */
export interface AdamRates {
  /** Learning rate. */
  lr: number;
  /** Decoupled weight decay (AdamW); 0 for none. */
  weightDecay: number;
}

/** tf.train.adam's defaults (epsilon: tfjs's float32 backend epsilon). */
export const defaultAdamHyper: AdamHyper = { lr: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };

/** An SGD update whose `hyper` buffer setSgdHyper rewrites. */
export interface SgdCall extends KernelCall {
  /** The uniform holding lr and momentum as float32. */
  readonly hyper: GPUBuffer;
}

/** Lives in the scope createAdamState was given: disposing that scope frees it. */
export interface AdamState {
  /** Names its buffers in GPU messages. */
  readonly label: string;
  /** Parameter sets stepped together (the model axis); 1 for a single model. */
  readonly models: number;
  /** u32 [M, 4]: per model the step count, the float32 bits of 1 − β₁ᵗ and 1 − β₂ᵗ, and whether this batch updates it. */
  readonly progress: GpuArray;
  /** β₁, β₂, ε as float32. */
  readonly hyper: GPUBuffer;
  /** f32 [M, 2]: per model the learning rate and weight decay. */
  readonly rates: GpuArray;
}

/** Where prepareAdamStep reads whether each model learns from this batch. */
export interface AdamGate {
  /** u32 [M, slots]: nonzero where model m learns from batch `slot`. */
  gate: GpuArray;
  /** The column of `gate` this step reads. */
  slot: number;
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

/**
 * Step 0, zero bias corrections, tf.train.adam's default hyper-parameters, for `models` parameter sets of one
 * shape (the model axis; 1 for a single model); its buffers belong to `scope`.
 */
export function createAdamState(scope: GpuScope, label: string, models = 1): AdamState {
  if (!Number.isInteger(models) || models < 1) throw new ArgumentError(`${kernel}: Adam state for ${models} models`);
  const progress = scope.array(`${label} (adam progress)`, [models, 4], undefined, 'u32');
  const hyper = scope.buffer({ label: `${label} (adam hyper)`, size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  const rates = scope.array(`${label} (adam rates)`, [models, 2]);
  const state = { label, models, progress, hyper, rates };
  setAdamHyper(scope.engine, state, defaultAdamHyper);
  return state;
}

/** Takes effect at the next submit, for every model. β₁ and β₂ are meant to stay fixed once stepping has begun. */
export function setAdamHyper(engine: Engine, state: AdamState, hyper: AdamHyper): void {
  const weightDecay = hyper.weightDecay ?? 0;
  checkHyper({ ...hyper, weightDecay });
  for (const name of ['beta1', 'beta2'] as const) {
    if (!(hyper[name] >= 0.5 && hyper[name] < 1)) throw new ArgumentError(`${kernel}: Adam ${name} = ${hyper[name]} is outside [0.5, 1)`);
  }
  engine.device.queue.writeBuffer(state.hyper, 0, Float32Array.of(hyper.beta1, hyper.beta2, hyper.epsilon));
  setAdamRates(engine, state, Array.from({ length: state.models }, () => ({ lr: hyper.lr, weightDecay })));
}

/** Each model's learning rate and weight decay, from the next submit. */
export function setAdamRates(engine: Engine, state: AdamState, rates: readonly AdamRates[]): void {
  if (rates.length !== state.models) throw new ArgumentError(`${kernel}: ${rates.length} learning rates for ${state.models} models of ${state.label}`);
  rates.forEach((r, m) => checkHyper({ [`lr of model ${m}`]: r.lr, [`weight decay of model ${m}`]: r.weightDecay }));
  writeArray(engine, state.rates, Float32Array.from(rates.flatMap((r) => [r.lr, r.weightDecay])));
}

/**
 * Advances the step count and bias corrections of every model that `gate` lets learn from this batch (all of
 * them when no gate is given); dispatch once per batch, before that batch's prepareAdam calls.
 */
export async function prepareAdamStep(scope: GpuScope, state: AdamState, gate?: AdamGate): Promise<KernelCall> {
  const { engine } = scope;
  const gates = gate?.gate ?? scope.array(`${kernel} adam gate ${state.label}`, [state.models, 1], new Uint32Array(state.models).fill(1), 'u32');
  expectShape(kernel, 'gate', gates, [state.models, 'slots']);
  expectDtype(kernel, 'gate', gates, 'u32');
  const slot = gate?.slot ?? 0;
  const slots = gates.shape[1];
  if (!Number.isInteger(slot) || slot < 0 || slot >= slots) throw new ArgumentError(`${kernel}: gate slot ${slot} is outside gate [${gates.shape.join(', ')}]`);
  const pipeline = await getPipeline(engine, kernel, 'adamStep', () => ({ code: source(), entryPoint: 'adamStep' }));
  const at = scope.uniform(`${kernel} adam step ${state.label}`, [slot, slots]);
  return makeCall(scope, pipeline, `${kernel} adam step ${state.label}`, [state.hyper, state.progress, at, gates], [groups(state.models, 64)], {
    flops: 4 * state.models,
    bytes: 20 * state.models,
  });
}

/**
 * Adam on `param` in place, with moments `m` and `v` (same shape as `param`, zeroed to start). With M models in
 * `state`, param is [M, …]: each model's slice takes its own step, learning rate and weight decay.
 */
export async function prepareAdam(scope: GpuScope, state: AdamState, param: GpuArray, grad: GpuArray, m: GpuArray, v: GpuArray): Promise<KernelCall> {
  const { engine } = scope;
  const total = checkOperands(engine, param, { grad, m, v });
  if (state.models > 1 && param.shape[0] !== state.models) {
    throw new ArgumentError(`${kernel}: ${param.label} [${param.shape.join(', ')}] has no leading axis of ${state.models} models for ${state.label}`);
  }
  const count = total / state.models;
  const pipeline = await getPipeline(engine, kernel, 'adam', () => ({ code: source(), entryPoint: 'adam' }));
  const size = scope.uniform(`${kernel} adam ${param.label}`, [count]);
  return makeCall(scope, pipeline, `${kernel} adam ${param.label}`, [state.hyper, state.progress, size, param, grad, m, v, state.rates], [cappedGroups(engine, count, threads), 1, state.models], {
    flops: 14 * total,
    bytes: 4 * 7 * total,
  });
}
