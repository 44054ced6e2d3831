// peak: the roofline's two microbenchmarks on shaders/peak.wgsl, an FMA-bound kernel and a copy, made ready once
// and dispatched as often as a timing needs (src/bench/peak.ts measures them).
import { ArgumentError } from '../errors.js';
import { checkBindingSize, elementCount, type GpuArray } from '../gpu/gpuArray.js';
import type { GpuScope } from '../gpu/gpuScope.js';
import { cappedGroups, makeCall, rowsOfGroups, type KernelCall } from '../gpu/kernelCall.js';
import { getPipeline } from '../gpu/pipelines.js';
import { specialize } from '../gpu/wgsl.js';
import source from '../../shaders/peak.wgsl';

const kernel = 'peak';
/** Workgroup size, specialized into shaders/peak.wgsl. */
const threads = 256;
/** Independent vec4 FMA chains per item: enough to hide an FMA's latency on any GPU. */
export const peakChains = 8;

/** The FMA chains' step: contractive (|multiplier| < 1), so values stay near addend / (1 − multiplier) = 1. */
export const peakStep = { multiplier: 0.75, addend: 0.25 };

function expectVec4Pair(scope: GpuScope, src: GpuArray, dst: GpuArray): number {
  if (src.shape.length !== 2 || src.shape[1] !== 4 || dst.shape.join() !== src.shape.join()) {
    throw new ArgumentError(`${kernel}: src [${src.shape.join(', ')}] and dst [${dst.shape.join(', ')}] must both be [count, 4]`);
  }
  checkBindingSize(scope.engine, kernel, 'src', elementCount(src.shape) * 4);
  return src.shape[0];
}

/** dst[i] = Σ_j chain_j after `iterations` FMA steps (8·chains·iterations flops per vec4 item); src, dst: [count, 4]. */
export async function preparePeakFma(scope: GpuScope, src: GpuArray, dst: GpuArray, iterations: number): Promise<KernelCall> {
  const count = expectVec4Pair(scope, src, dst);
  const pipeline = await getPipeline(scope.engine, kernel, 'fmaChains', () => ({ code: specialize(source, { THREADS: threads, CHAINS: peakChains }, 'peak.wgsl'), entryPoint: 'fmaChains' }));
  const params = scope.uniform(kernel, [count, iterations, { f32: peakStep.multiplier }, { f32: peakStep.addend }]);
  return makeCall(scope, pipeline, `${kernel} fma ${src.label}`, [src, dst, params], rowsOfGroups(scope.engine, count, threads), {
    flops: count * iterations * peakChains * 4 * 2,
    bytes: count * 32,
  });
}

/** dst = src over [count, 4]: 32 bytes moved per item. */
export async function preparePeakCopy(scope: GpuScope, src: GpuArray, dst: GpuArray): Promise<KernelCall> {
  const count = expectVec4Pair(scope, src, dst);
  const pipeline = await getPipeline(scope.engine, kernel, 'copy', () => ({ code: specialize(source, { THREADS: threads, CHAINS: peakChains }, 'peak.wgsl'), entryPoint: 'copy' }));
  const params = scope.uniform(kernel, [count, 0, { f32: 0 }, { f32: 0 }]);
  return makeCall(scope, pipeline, `${kernel} copy ${src.label}`, [src, dst, params], [cappedGroups(scope.engine, count, threads)], { bytes: count * 32 });
}
