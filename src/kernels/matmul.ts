// matmul: C = op(A) · op(B) on shaders/matmul.wgsl, with the variant chosen by shape.
import type { Engine } from '../gpu/engine.js';
import { checkBindingSize, createArray, type GpuArray } from '../gpu/gpuArray.js';
import { createUniform, groups, makeCall, type KernelCall } from '../gpu/kernelCall.js';
import { getPipeline } from '../gpu/pipelines.js';
import { run } from '../gpu/recorder.js';
import { specialize } from '../gpu/wgsl.js';
import source from '../../shaders/matmul.wgsl';
import { expectRank, expectShape } from './shapes.js';

export interface MatmulVariant {
  name: string;
  tileM: number;
  tileN: number;
  tileK: number;
  threadM: number;
  threadN: number;
}

export const matmulVariants: readonly MatmulVariant[] = [
  { name: 'tile64x64x16-t4x4', tileM: 64, tileN: 64, tileK: 16, threadM: 4, threadN: 4 },
];

export interface MatmulOptions {
  transposeA?: boolean;
  transposeB?: boolean;
  variant?: MatmulVariant;
}

export interface MatmulDims {
  M: number;
  N: number;
  K: number;
}

const kernel = 'matmul';

/** M, N, K from the operands' stored shapes, checking that the inner dimensions agree. */
export function matmulDims(a: GpuArray, b: GpuArray, options: MatmulOptions = {}): MatmulDims {
  expectRank(kernel, 'A', a, 2);
  expectRank(kernel, 'B', b, 2);
  const [M, K] = options.transposeA ? [a.shape[1], a.shape[0]] : [a.shape[0], a.shape[1]];
  const N = options.transposeB ? b.shape[0] : b.shape[1];
  expectShape(kernel, 'B', b, options.transposeB ? [N, K] : [K, N], `op(A) is [${M}, ${K}], so op(B) needs ${K} rows`);
  return { M, N, K };
}

export function chooseMatmulVariant(_dims: MatmulDims): MatmulVariant {
  return matmulVariants[0];
}

/** A reusable dispatch of C = op(A) · op(B) into `c`; shapes are checked here, before anything runs. */
export async function prepareMatmul(engine: Engine, a: GpuArray, b: GpuArray, c: GpuArray, options: MatmulOptions = {}): Promise<KernelCall> {
  const dims = matmulDims(a, b, options);
  expectShape(kernel, 'C', c, [dims.M, dims.N]);
  for (const [name, arr] of [['A', a], ['B', b], ['C', c]] as const) checkBindingSize(engine, kernel, name, arr.shape[0] * arr.shape[1] * 4);
  const variant = options.variant ?? chooseMatmulVariant(dims);
  const transposeA = options.transposeA ?? false;
  const transposeB = options.transposeB ?? false;
  const pipeline = await getPipeline(engine, kernel, `${variant.name}${transposeA ? ' Aᵀ' : ''}${transposeB ? ' Bᵀ' : ''}`, () => ({
    code: specialize(
      source,
      { TILE_M: variant.tileM, TILE_N: variant.tileN, TILE_K: variant.tileK, THREAD_M: variant.threadM, THREAD_N: variant.threadN },
      'matmul.wgsl',
    ),
    entryPoint: 'main',
    constants: { TRANS_A: Number(transposeA), TRANS_B: Number(transposeB) },
  }));
  const params = createUniform(engine, kernel, [dims.M, dims.N, dims.K]);
  return makeCall(engine, pipeline, kernel, [a, b, c, params], [groups(dims.N, variant.tileN), groups(dims.M, variant.tileM)], {
    flops: 2 * dims.M * dims.N * dims.K,
    bytes: 4 * (dims.M * dims.K + dims.K * dims.N + dims.M * dims.N),
  });
}

/** C = op(A) · op(B) into a new array, run now. */
export async function matmul(engine: Engine, a: GpuArray, b: GpuArray, options: MatmulOptions = {}): Promise<GpuArray> {
  const { M, N } = matmulDims(a, b, options);
  const c = createArray(engine, 'matmul C', [M, N]);
  await run(engine, await prepareMatmul(engine, a, b, c, options));
  return c;
}
