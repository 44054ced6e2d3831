// nearest: each query row's k nearest reference rows by squared Euclidean distance, distances and top-k fused in
// one pass (shaders/nearest.wgsl), so no [queries × refs] matrix is ever made: kNN's search.
import type { Engine } from '../gpu/engine.js';
import { withScope, type GpuScope } from '../gpu/gpuScope.js';
import { ArgumentError } from '../errors.js';
import type { GpuArray } from '../gpu/gpuArray.js';
import { makeCall, rowsOfGroups, type KernelCall } from '../gpu/kernelCall.js';
import { getPipeline } from '../gpu/pipelines.js';
import { run } from '../gpu/recorder.js';
import { specialize } from '../gpu/wgsl.js';
import source from '../../shaders/nearest.wgsl';
import { expectDtype, expectRank, expectShape } from './shapes.js';

const kernel = 'nearest';
/** Queries per workgroup (one thread each), specialized into shaders/nearest.wgsl. */
const workgroup = 64;
/** Queries each thread searches for (shaders/nearest.wgsl QUERIES, written out four times there). */
const queriesPerThread = 4;

function checkK(refs: GpuArray, k: number): void {
  const R = refs.shape[0];
  if (!Number.isInteger(k) || k < 1 || k > R) throw new ArgumentError(`${kernel}: k = ${k} must be an integer from 1 to the ${R} rows of refs [${refs.shape.join(', ')}]`);
}

/**
 * A reusable dispatch writing, for each row of `queries` [Q, F], its `k` nearest rows of `refs` [R, F] into
 * `indices` (u32 [Q, k]) and their squared distances into `values` [Q, k], nearest first, ties to the lower index.
 */
export async function prepareNearest(scope: GpuScope, queries: GpuArray, refs: GpuArray, k: number, indices: GpuArray, values: GpuArray): Promise<KernelCall> {
  const { engine } = scope;
  expectRank(kernel, 'queries', queries, 2);
  expectRank(kernel, 'refs', refs, 2);
  for (const [name, array] of [['queries', queries], ['refs', refs], ['values', values]] as const) expectDtype(kernel, name, array, 'f32');
  const [Q, F] = queries.shape;
  const R = refs.shape[0];
  expectShape(kernel, 'refs', refs, ['R', F], `queries have ${F} features, so refs need ${F} columns`);
  checkK(refs, k);
  expectShape(kernel, 'indices', indices, [Q, k]);
  expectDtype(kernel, 'indices', indices, 'u32');
  expectShape(kernel, 'values', values, [Q, k]);
  const pipeline = await getPipeline(engine, kernel, `k=${k}`, () => ({ code: specialize(source, { WORKGROUP: workgroup, K: k }, 'nearest.wgsl'), entryPoint: 'main' }));
  return makeCall(scope, pipeline, kernel, [queries, refs, indices, values, scope.uniform(kernel, [Q, R, F])], rowsOfGroups(engine, Math.ceil(Q / queriesPerThread), workgroup), {
    flops: 3 * Q * R * F,
    bytes: 4 * (Q * F + Q * R * F + 2 * Q * k),
  });
}

/** Each query row's `k` nearest reference rows and their squared distances, ascending, into new arrays, run now. */
export async function nearest(engine: Engine, queries: GpuArray, refs: GpuArray, k: number): Promise<{ indices: GpuArray; values: GpuArray }> {
  expectRank(kernel, 'queries', queries, 2);
  expectRank(kernel, 'refs', refs, 2);
  checkK(refs, k);
  const Q = queries.shape[0];
  return withScope(engine, kernel, async (scope) => {
    const indices = scope.array(`${kernel} indices`, [Q, k], undefined, 'u32');
    const values = scope.array(`${kernel} values`, [Q, k]);
    await run(engine, await prepareNearest(scope, queries, refs, k, indices, values));
    return { indices: scope.release(indices), values: scope.release(values) };
  });
}
