// fusedMatmul: tfjs's batched, fused product C[b] = act(op(A[b])·op(B[b]) + bias), broadcasting by strides, on
// shaders/fusedMatmul.wgsl + shaders/tiledProduct.wgsl + shaders/fusedActivation.wgsl.
import type { Engine } from '../gpu/engine.js';
import { withScope, type GpuScope } from '../gpu/gpuScope.js';
import { ArgumentError, ShapeError } from '../errors.js';
import { checkBindingSize, elementCount, type GpuArray } from '../gpu/gpuArray.js';
import { groups, makeCall, type KernelCall } from '../gpu/kernelCall.js';
import { getPipeline, type KernelPipeline } from '../gpu/pipelines.js';
import { run } from '../gpu/recorder.js';
import source from '../../shaders/fusedMatmul.wgsl';
import productLoop from '../../shaders/tiledProduct.wgsl';
import { fusedActivationCode, fusedActivationSource, type FusedActivation } from './fusedActivation.js';
import { expectRank, expectShape } from './shapes.js';

const kernel = 'fusedMatmul';
/** tiledProduct's default tile, which this kernel keeps: one workgroup per 32×32 block of one batch entry's C. */
const tile = { M: 32, N: 32 };

/** How the product reads its operands and what it fuses into the output. */
export interface FusedMatmulOptions {
  /** A is stored [batch, K, M] and read transposed. Default false. */
  transposeA?: boolean;
  /** B is stored [batch, N, K] and read transposed. Default false. */
  transposeB?: boolean;
  /** Applied after the bias. Default 'linear'. */
  activation?: FusedActivation;
  /** leakyrelu's slope below 0. Default 0.2, as tfjs's. */
  leakyreluAlpha?: number;
}

/** The operands, all rank 3: A and B with a leading batch of `batch` or 1, bias and alpha broadcast to C's shape. */
export interface FusedMatmulOperands {
  /** [batch or 1, M, K], or [batch or 1, K, M] with transposeA */
  a: GpuArray;
  /** [batch or 1, K, N], or [batch or 1, N, K] with transposeB */
  b: GpuArray;
  /** [batch or 1, M or 1, N or 1]; none adds nothing. */
  bias?: GpuArray;
  /** prelu's slopes below 0, [batch or 1, M or 1, N or 1]; required by 'prelu' and only by it. */
  alpha?: GpuArray;
  /** [batch, M, N], overwritten. */
  c: GpuArray;
}

/** C's sizes: batch entries of M × N, each a sum over K. */
export interface FusedMatmulDims {
  batch: number;
  M: number;
  N: number;
  K: number;
}

/** Batch, M, N, K from A and B as stored, checking that the inner dimensions and the batches agree. */
export function fusedMatmulDims(a: GpuArray, b: GpuArray, options: FusedMatmulOptions = {}): FusedMatmulDims {
  expectRank(kernel, 'A', a, 3);
  expectRank(kernel, 'B', b, 3);
  const [batchA, rowsA, colsA] = a.shape;
  const [batchB, rowsB, colsB] = b.shape;
  const [M, K] = options.transposeA ? [colsA, rowsA] : [rowsA, colsA];
  const N = options.transposeB ? rowsB : colsB;
  const batch = Math.max(batchA, batchB);
  const bShape = options.transposeB ? [N, K] : [K, N];
  expectShape(kernel, 'B', b, ['batch', ...bShape], `op(A) is [${M}, ${K}], so op(B) needs ${K} rows`);
  if (batchA !== batchB && batchA !== 1 && batchB !== 1) throw new ShapeError(kernel, 'B', [batchA, ...bShape], b.shape, `A has ${batchA} batch entries: B needs as many, or 1`);
  return { batch, M, N, K };
}

/** The per-axis strides of an operand broadcast to [batch, M, N]: 0 along an axis of size 1, else its row-major stride. */
function broadcastStrides(operand: string, array: GpuArray, dims: FusedMatmulDims): [number, number, number] {
  expectRank(kernel, operand, array, 3);
  const target = [dims.batch, dims.M, dims.N];
  const [sb, sm, sn] = array.shape;
  if (![sb, sm, sn].every((d, i) => d === 1 || d === target[i])) expectShape(kernel, operand, array, target, 'each axis the size of C\'s or 1 (broadcast)');
  return [sb === 1 ? 0 : sm * sn, sm === 1 ? 0 : sn, sn === 1 ? 0 : 1];
}

/** The pipeline cache key of one activation and layout. */
function pipelineVariant(activation: FusedActivation, transposeA: boolean, transposeB: boolean): string {
  return `${activation}${transposeA ? ' Aᵀ' : ''}${transposeB ? ' Bᵀ' : ''}`;
}

/** The pipeline of one activation and layout, compiled once per device; fusedMatmulCall needs it ready. */
export function fusedMatmulPipeline(engine: Engine, activation: FusedActivation, transposeA: boolean, transposeB: boolean): Promise<KernelPipeline> {
  const code = fusedActivationCode(kernel, activation);
  return getPipeline(engine, kernel, pipelineVariant(activation, transposeA, transposeB), () => ({
    code: [source, productLoop, fusedActivationSource].join('\n'),
    entryPoint: 'main',
    constants: { FUSED_ACTIVATION: code, TRANS_A: Number(transposeA), TRANS_B: Number(transposeB), A_K_CONTIGUOUS: Number(!transposeA), B_N_CONTIGUOUS: Number(!transposeB) },
  }));
}

/** Why this product cannot run on this device (a binding past its limit, too many batch entries), or null. */
export function fusedMatmulMisfit(limits: GPUSupportedLimits, dims: FusedMatmulDims, batchA: number, batchB: number): string | null {
  const { batch, M, N, K } = dims;
  const sizes = { A: batchA * M * K, B: batchB * K * N, C: batch * M * N };
  for (const [operand, count] of Object.entries(sizes)) {
    if (count * 4 > limits.maxStorageBufferBindingSize) return `operand ${operand} (${count * 4} bytes) is past the device's storage-binding limit of ${limits.maxStorageBufferBindingSize}`;
  }
  const grid = [groups(N, tile.N), groups(M, tile.M), batch];
  if (grid.some((g) => g > limits.maxComputeWorkgroupsPerDimension)) return `a grid of ${grid.join(' × ')} workgroups is past the device's ${limits.maxComputeWorkgroupsPerDimension} per dimension`;
  return null;
}

/**
 * The single dispatch of C = act(op(A)·op(B) + bias) on a pipeline already compiled (fusedMatmulPipeline with the
 * same activation and transposes; ArgumentError for another), built without waiting: for callers that cannot
 * await, such as tfjs kernel functions. Its uniform, and the zero bias when none is given, belong to `scope`.
 */
export function fusedMatmulCall(scope: GpuScope, pipeline: KernelPipeline, operands: FusedMatmulOperands, options: FusedMatmulOptions = {}): KernelCall {
  const { a, b, c } = operands;
  const { transposeA = false, transposeB = false, activation = 'linear', leakyreluAlpha = 0.2 } = options;
  fusedActivationCode(kernel, activation);
  const wanted = pipelineVariant(activation, transposeA, transposeB);
  if (pipeline.variant !== wanted) throw new ArgumentError(`${kernel}: the pipeline given is [${pipeline.variant}], this call needs [${wanted}]`);
  const dims = fusedMatmulDims(a, b, options);
  const { batch, M, N, K } = dims;
  expectShape(kernel, 'C', c, [batch, M, N]);
  if ((activation === 'prelu') !== Boolean(operands.alpha)) throw new ArgumentError(`${kernel}: alpha is given with the prelu activation and only with it (activation ${activation})`);
  for (const [name, array] of [['A', a], ['B', b], ['C', c]] as const) checkBindingSize(scope.engine, kernel, name, elementCount(array.shape) * 4);
  const misfit = fusedMatmulMisfit(scope.engine.device.limits, dims, a.shape[0], b.shape[0]);
  if (misfit) throw new ArgumentError(`${kernel}: ${misfit}`);
  const bias = operands.bias ?? scope.array(`${kernel} zero bias`, [1, 1, 1]);
  const alpha = operands.alpha ?? bias;
  const params = scope.uniform(kernel, [
    M, N, K, a.shape[0] === 1 ? 0 : M * K, b.shape[0] === 1 ? 0 : K * N,
    ...broadcastStrides('bias', bias, dims), ...broadcastStrides('alpha', alpha, dims), { f32: leakyreluAlpha },
  ]);
  return makeCall(scope, pipeline, `${kernel} ${wanted}`, [a, b, bias, alpha, c, params], [groups(N, tile.N), groups(M, tile.M), batch], {
    flops: batch * (2 * M * N * K + 2 * M * N),
    bytes: 4 * (elementCount(a.shape) + elementCount(b.shape) + elementCount(bias.shape) + batch * M * N),
  });
}

/** A reusable dispatch of C = act(op(A)·op(B) + bias) into `operands.c`; shapes are checked here, before anything runs. */
export async function prepareFusedMatmul(scope: GpuScope, operands: FusedMatmulOperands, options: FusedMatmulOptions = {}): Promise<KernelCall> {
  const activation = options.activation ?? 'linear';
  fusedActivationCode(kernel, activation);
  fusedMatmulDims(operands.a, operands.b, options);
  const pipeline = await fusedMatmulPipeline(scope.engine, activation, options.transposeA ?? false, options.transposeB ?? false);
  return fusedMatmulCall(scope, pipeline, operands, options);
}

/**
 * C = act(op(A)·op(B) + bias) into a new array, run now: A [batch or 1, M, K], B [batch or 1, K, N] (as stored, before
 * the transposes), bias and prelu's alpha [batch or 1, M or 1, N or 1], C [batch, M, N]. The caller owns C. Throws
 * ShapeError when the operands disagree.
 */
export async function fusedMatmul(engine: Engine, a: GpuArray, b: GpuArray, options: FusedMatmulOptions & { bias?: GpuArray; alpha?: GpuArray } = {}): Promise<GpuArray> {
  const { batch, M, N } = fusedMatmulDims(a, b, options);
  return withScope(engine, kernel, async (scope) => {
    const c = scope.array(`${kernel} C`, [batch, M, N]);
    await run(engine, await prepareFusedMatmul(scope, { a, b, bias: options.bias, alpha: options.alpha, c }, options));
    return scope.release(c);
  });
}
