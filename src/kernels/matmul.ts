// matmul: C = op(A) · op(B) on shaders/matmul.wgsl + shaders/tiledProduct.wgsl (scalar, split-K) or
// shaders/matmulVec4.wgsl, with the variant chosen by shape (matmulTuning.ts) unless one is given.
import type { Engine } from '../gpu/engine.js';
import { withScope, type GpuScope } from '../gpu/gpuScope.js';
import { ArgumentError } from '../errors.js';
import { checkBindingSize, type GpuArray } from '../gpu/gpuArray.js';
import { groups, makeCall, rowsOfGroups, type KernelCall } from '../gpu/kernelCall.js';
import { getPipeline, type KernelPipeline } from '../gpu/pipelines.js';
import { run } from '../gpu/recorder.js';
import { specialize } from '../gpu/wgsl.js';
import scalarSource from '../../shaders/matmul.wgsl';
import vec4Source from '../../shaders/matmulVec4.wgsl';
import reduceSource from '../../shaders/matmulSplitKReduce.wgsl';
import productLoop from '../../shaders/tiledProduct.wgsl';
import { chooseMatmulVariant } from './matmulTuning.js';
import { deviceMisfit, shapeMisfit, splitKPlan, type MatmulDims, type MatmulVariant } from './matmulVariants.js';
import { expectRank, expectShape } from './shapes.js';

export { chooseMatmulVariant } from './matmulTuning.js';
export { matmulVariants, type MatmulDims, type MatmulVariant } from './matmulVariants.js';

/** How matmul reads its operands and which variant runs it; op(X) is X, or Xᵀ when its transpose flag is set. */
export interface MatmulOptions {
  /** A is stored [K, M] and read transposed. Default false. */
  transposeA?: boolean;
  /** B is stored [N, K] and read transposed. Default false. */
  transposeB?: boolean;
  /**
   * Run this variant (from matmulVariants); ArgumentError if it cannot run the shape on this device. Default: chosen
   * by chooseMatmulVariant (the engine's forced variant, its tune table, else the heuristics).
   */
  variant?: MatmulVariant;
}

const kernel = 'matmul';
/** The split-K reduction's workgroup size, specialized into shaders/matmulSplitKReduce.wgsl. */
const reduceWorkgroup = 256;

/** M, N, K from the operands' stored shapes, checking that the inner dimensions agree. */
export function matmulDims(a: GpuArray, b: GpuArray, options: MatmulOptions = {}): MatmulDims {
  expectRank(kernel, 'A', a, 2);
  expectRank(kernel, 'B', b, 2);
  const [M, K] = options.transposeA ? [a.shape[1], a.shape[0]] : [a.shape[0], a.shape[1]];
  const N = options.transposeB ? b.shape[0] : b.shape[1];
  expectShape(kernel, 'B', b, options.transposeB ? [N, K] : [K, N], `op(A) is [${M}, ${K}], so op(B) needs ${K} rows`);
  return { M, N, K };
}

/** The pipeline of one variant and layout, compiled once per device; matmulCall needs it ready. */
export function matmulPipeline(engine: Engine, variant: MatmulVariant, transposeA: boolean, transposeB: boolean): Promise<KernelPipeline> {
  const { tileM, tileN, tileK, threadM, threadN } = variant;
  const transposes = { TRANS_A: Number(transposeA), TRANS_B: Number(transposeB) };
  return getPipeline(engine, kernel, `${variant.name}${transposeA ? ' Aᵀ' : ''}${transposeB ? ' Bᵀ' : ''}`, () =>
    variant.shader === 'vec4'
      ? {
          code: specialize(
            vec4Source,
            {
              TILE_M: tileM,
              TILE_N: tileN,
              TILE_K: tileK,
              THREAD_M: threadM,
              THREAD_N: threadN,
              BUFFERS: variant.doubleBuffer ? 2 : 1,
              CHECK_BOUNDS: variant.checkBounds,
              A_TILE_TRANSPOSED: variant.aTileTransposed,
            },
            'matmulVec4.wgsl',
          ),
          entryPoint: 'main',
          constants: transposes,
        }
      : {
          code: `${scalarSource}\n${specialize(
            productLoop,
            { PRODUCT_TILE_M: tileM, PRODUCT_TILE_N: tileN, PRODUCT_TILE_K: tileK, PRODUCT_THREAD_M: threadM, PRODUCT_THREAD_N: threadN },
            'tiledProduct.wgsl',
          )}`,
          entryPoint: 'main',
          constants: { ...transposes, A_K_CONTIGUOUS: Number(!transposeA), B_N_CONTIGUOUS: Number(!transposeB) },
        },
  );
}

function checkOperands(engine: Engine, a: GpuArray, b: GpuArray, c: GpuArray, options: MatmulOptions): MatmulDims {
  const dims = matmulDims(a, b, options);
  expectShape(kernel, 'C', c, [dims.M, dims.N]);
  for (const [name, arr] of [['A', a], ['B', b], ['C', c]] as const) checkBindingSize(engine, kernel, name, arr.shape[0] * arr.shape[1] * 4);
  return dims;
}

function checkVariant(engine: Engine, variant: MatmulVariant, dims: MatmulDims, options: MatmulOptions): void {
  const misfit = shapeMisfit(variant, dims, options) ?? deviceMisfit(variant, engine.device.limits);
  if (misfit) throw new ArgumentError(`matmul variant ${variant.name} cannot run ${dims.M}x${dims.N}x${dims.K} on this device: ${misfit}`);
}

function matmulWork({ M, N, K }: MatmulDims): { flops: number; bytes: number } {
  return { flops: 2 * M * N * K, bytes: 4 * (M * K + K * N + M * N) };
}

/**
 * The single dispatch of C = op(A) · op(B) into `c` on a pipeline already compiled (matmulPipeline with the same
 * variant and transposes), built without waiting: for callers that cannot await, such as tfjs kernel functions.
 * Its uniform belongs to `scope`.
 */
export function matmulCall(scope: GpuScope, pipeline: KernelPipeline, variant: MatmulVariant, a: GpuArray, b: GpuArray, c: GpuArray, options: MatmulOptions = {}): KernelCall {
  const dims = checkOperands(scope.engine, a, b, c, options);
  if (variant.splitK) throw new ArgumentError(`matmul variant ${variant.name} needs two passes: use prepareMatmulSteps`);
  checkVariant(scope.engine, variant, dims, options);
  const params = scope.uniform(kernel, variant.shader === 'vec4' ? [dims.M, dims.N, dims.K] : [dims.M, dims.N, dims.K, dims.K]);
  return makeCall(scope, pipeline, kernel, [a, b, c, params], [groups(dims.N, variant.tileN), groups(dims.M, variant.tileM)], matmulWork(dims));
}

/**
 * The dispatches of C = op(A) · op(B) into `c`: one, or two for a split-K variant (partial products, then
 * their sum). Shapes, alignment and device limits are checked here, before anything runs; the calls are
 * reusable across batches and benchmark samples, alive as long as `scope` (which also holds the split-K partials).
 * With no variant given the chooser may pick split-K.
 */
export async function prepareMatmulSteps(scope: GpuScope, a: GpuArray, b: GpuArray, c: GpuArray, options: MatmulOptions = {}): Promise<KernelCall[]> {
  const { engine } = scope;
  const dims = checkOperands(engine, a, b, c, options);
  const transposeA = options.transposeA ?? false;
  const transposeB = options.transposeB ?? false;
  const variant = options.variant ?? chooseMatmulVariant(dims, { transposeA, transposeB, allowSplitK: true }, engine);
  checkVariant(engine, variant, dims, options);
  const pipeline = await matmulPipeline(engine, variant, transposeA, transposeB);
  if (!variant.splitK) return [matmulCall(scope, pipeline, variant, a, b, c, options)];

  const work = matmulWork(dims);
  const grid = [groups(dims.N, variant.tileN), groups(dims.M, variant.tileM)] as const;
  const { splits, kPerSplit } = splitKPlan(variant, dims);
  const partialBytes = splits * dims.M * dims.N * 4;
  checkBindingSize(engine, kernel, 'split-K partials', partialBytes);
  const partials = scope.buffer({ label: `${kernel} split-K partials`, size: Math.max(4, partialBytes), usage: GPUBufferUsage.STORAGE });
  const params = scope.uniform(kernel, [dims.M, dims.N, dims.K, kPerSplit]);
  const reduce = await getPipeline(engine, kernel, 'split-K reduce', () => ({
    code: specialize(reduceSource, { WORKGROUP: reduceWorkgroup }, 'matmulSplitKReduce.wgsl'),
    entryPoint: 'main',
  }));
  const count = dims.M * dims.N;
  return [
    makeCall(scope, pipeline, kernel, [a, b, partials, params], [grid[0], grid[1], splits], { flops: work.flops, bytes: work.bytes + partialBytes }),
    makeCall(scope, reduce, `${kernel} split-K reduce`, [partials, c, scope.uniform(kernel, [count, splits])], rowsOfGroups(engine, count, reduceWorkgroup), {
      flops: count * splits,
      bytes: partialBytes + count * 4,
    }),
  ];
}

/**
 * A reusable single dispatch of C = op(A) · op(B) into `c`; shapes are checked here, before anything runs.
 * Split-K variants need two passes: they run through prepareMatmulSteps, and are never chosen here.
 */
export async function prepareMatmul(scope: GpuScope, a: GpuArray, b: GpuArray, c: GpuArray, options: MatmulOptions = {}): Promise<KernelCall> {
  const { engine } = scope;
  const dims = matmulDims(a, b, options);
  const variant = options.variant ?? chooseMatmulVariant(dims, { transposeA: options.transposeA, transposeB: options.transposeB }, engine);
  if (variant.splitK) throw new ArgumentError(`matmul variant ${variant.name} needs two passes: use prepareMatmulSteps`);
  const [call] = await prepareMatmulSteps(scope, a, b, c, { ...options, variant });
  return call;
}

/**
 * C = op(A) · op(B) into a new array, run now: A [M, K], B [K, N] (as stored, before the transposes), C [M, N],
 * all f32. The caller owns C (destroyArray it). Throws ShapeError when the inner dimensions disagree,
 * BufferTooLargeError past the device's binding limit, ArgumentError for a variant that cannot run the shape.
 */
export async function matmul(engine: Engine, a: GpuArray, b: GpuArray, options: MatmulOptions = {}): Promise<GpuArray> {
  const { M, N } = matmulDims(a, b, options);
  return withScope(engine, kernel, async (scope) => {
    const c = scope.array('matmul C', [M, N]);
    await run(engine, ...(await prepareMatmulSteps(scope, a, b, c, options)));
    return scope.release(c);
  });
}
