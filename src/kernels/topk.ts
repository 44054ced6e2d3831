// topk: the k smallest entries of each row of a [Q, R] matrix (kNN's nearest references), ascending, ties to the
// lower index, on shaders/topk.wgsl.
import type { Engine } from '../gpu/engine.js';
import { createArray, type GpuArray } from '../gpu/gpuArray.js';
import { createUniform, makeCall, rowsOfGroups, type KernelCall } from '../gpu/kernelCall.js';
import { getPipeline } from '../gpu/pipelines.js';
import { run } from '../gpu/recorder.js';
import source from '../../shaders/topk.wgsl';
import { expectDtype, expectRank, expectShape } from './shapes.js';

const kernel = 'topk';

function checkK(distances: GpuArray, k: number): void {
  const [Q, R] = distances.shape;
  if (!Number.isInteger(k) || k < 1 || k > R) throw new RangeError(`${kernel}: k = ${k} must be an integer from 1 to the ${R} columns of distances [${Q}, ${R}]`);
}

/** A reusable dispatch writing each row's k smallest values of `distances` [Q, R] into `values` [Q, k] and their columns into `indices` (u32 [Q, k]). */
export async function prepareTopK(engine: Engine, distances: GpuArray, k: number, indices: GpuArray, values: GpuArray): Promise<KernelCall> {
  expectRank(kernel, 'distances', distances, 2);
  expectDtype(kernel, 'distances', distances, 'f32');
  const [Q, R] = distances.shape;
  checkK(distances, k);
  expectShape(kernel, 'indices', indices, [Q, k]);
  expectDtype(kernel, 'indices', indices, 'u32');
  expectShape(kernel, 'values', values, [Q, k]);
  expectDtype(kernel, 'values', values, 'f32');
  const pipeline = await getPipeline(engine, kernel, 'main', () => ({ code: source, entryPoint: 'main' }));
  return makeCall(engine, pipeline, kernel, [distances, indices, values, createUniform(engine, kernel, [Q, R, k])], rowsOfGroups(engine, Q, 1), {
    flops: Q * R * k,
    bytes: 4 * (Q * R * k + 2 * Q * k),
  });
}

/** Each row's k smallest values and their column indices, ascending, into new arrays, run now. */
export async function topK(engine: Engine, distances: GpuArray, k: number): Promise<{ indices: GpuArray; values: GpuArray }> {
  expectRank(kernel, 'distances', distances, 2);
  checkK(distances, k);
  const Q = distances.shape[0];
  const indices = createArray(engine, `${kernel} indices`, [Q, k], undefined, 'u32');
  const values = createArray(engine, `${kernel} values`, [Q, k]);
  await run(engine, await prepareTopK(engine, distances, k, indices, values));
  return { indices, values };
}
