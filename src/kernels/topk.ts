// topk: the k smallest entries of each row of a [Q, R] matrix (kNN's nearest references), ascending, ties to the
// lower index, on shaders/topk.wgsl.
import type { Engine } from '../gpu/engine.js';
import { withScope, type GpuScope } from '../gpu/gpuScope.js';
import { ArgumentError } from '../errors.js';
import type { GpuArray } from '../gpu/gpuArray.js';
import { makeCall, rowsOfGroups, type KernelCall } from '../gpu/kernelCall.js';
import { getPipeline } from '../gpu/pipelines.js';
import { run } from '../gpu/recorder.js';
import { specialize } from '../gpu/wgsl.js';
import source from '../../shaders/topk.wgsl';
import { expectDtype, expectRank, expectShape } from './shapes.js';

const kernel = 'topk';
/** Threads that scan one row together (one workgroup per row), specialized into shaders/topk.wgsl; a power of two. */
const workgroup = 64;

function checkK(distances: GpuArray, k: number): void {
  const [Q, R] = distances.shape;
  if (!Number.isInteger(k) || k < 1 || k > R) throw new ArgumentError(`${kernel}: k = ${k} must be an integer from 1 to the ${R} columns of distances [${Q}, ${R}]`);
}

/** A reusable dispatch writing each row's k smallest values of `distances` [Q, R] into `values` [Q, k] and their columns into `indices` (u32 [Q, k]). */
export async function prepareTopK(scope: GpuScope, distances: GpuArray, k: number, indices: GpuArray, values: GpuArray): Promise<KernelCall> {
  const { engine } = scope;
  expectRank(kernel, 'distances', distances, 2);
  expectDtype(kernel, 'distances', distances, 'f32');
  const [Q, R] = distances.shape;
  checkK(distances, k);
  expectShape(kernel, 'indices', indices, [Q, k]);
  expectDtype(kernel, 'indices', indices, 'u32');
  expectShape(kernel, 'values', values, [Q, k]);
  expectDtype(kernel, 'values', values, 'f32');
  const pipeline = await getPipeline(engine, kernel, 'main', () => ({ code: specialize(source, { WORKGROUP: workgroup }, 'topk.wgsl'), entryPoint: 'main' }));
  return makeCall(scope, pipeline, kernel, [distances, indices, values, scope.uniform(kernel, [Q, R, k])], rowsOfGroups(engine, Q, 1), {
    flops: Q * R * k,
    bytes: 4 * (Q * R * k + 2 * Q * k),
  });
}

/** Each row's k smallest values and their column indices, ascending, into new arrays, run now. */
export async function topK(engine: Engine, distances: GpuArray, k: number): Promise<{ indices: GpuArray; values: GpuArray }> {
  expectRank(kernel, 'distances', distances, 2);
  checkK(distances, k);
  const Q = distances.shape[0];
  return withScope(engine, kernel, async (scope) => {
    const indices = scope.array(`${kernel} indices`, [Q, k], undefined, 'u32');
    const values = scope.array(`${kernel} values`, [Q, k]);
    await run(engine, await prepareTopK(scope, distances, k, indices, values));
    return { indices: scope.release(indices), values: scope.release(values) };
  });
}
