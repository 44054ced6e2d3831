// gather: rows of a GPU array picked by a GPU index list (mini-batches without leaving the GPU), on shaders/gather.wgsl.
import type { Engine } from '../gpu/engine.js';
import { withScope, type GpuScope } from '../gpu/gpuScope.js';
import { ArgumentError } from '../gpu/errors.js';
import { checkBindingSize, elementCount, type GpuArray } from '../gpu/gpuArray.js';
import { cappedGroups, makeCall, type KernelCall } from '../gpu/kernelCall.js';
import { getPipeline } from '../gpu/pipelines.js';
import { run } from '../gpu/recorder.js';
import { specialize } from '../gpu/wgsl.js';
import source from '../../shaders/gather.wgsl';
import { expectDtype, expectRank, expectShape } from './shapes.js';

const kernel = 'gather';
/** Workgroup size, specialized into shaders/gather.wgsl. */
const threads = 256;

/** out[i, :] = source[indices[offset + i], :] for every row i of out; f32 and u32 are copied bit-exactly. */
export async function prepareGatherRows(scope: GpuScope, sourceRows: GpuArray, indices: GpuArray, out: GpuArray, offset: number): Promise<KernelCall> {
  const { engine } = scope;
  expectRank(kernel, 'source', sourceRows, 2);
  expectRank(kernel, 'indices', indices, 1);
  expectDtype(kernel, 'indices', indices, 'u32');
  expectRank(kernel, 'out', out, 2);
  expectDtype(kernel, 'out', out, sourceRows.dtype);
  const [rows, cols] = sourceRows.shape;
  const batch = out.shape[0];
  expectShape(kernel, 'out', out, ['batch', cols], `source has ${cols} columns`);
  if (!Number.isInteger(offset) || offset < 0 || offset + batch > indices.shape[0]) {
    throw new ArgumentError(`${kernel}: rows ${offset}..${offset + batch - 1} of indices [${indices.shape[0]}] requested for out [${batch}, ${cols}]`);
  }
  checkBindingSize(engine, kernel, 'source', elementCount(sourceRows.shape) * 4);
  const pipeline = await getPipeline(engine, kernel, 'rows', () => ({ code: specialize(source, { THREADS: threads }, 'gather.wgsl'), entryPoint: 'main' }));
  const params = scope.uniform(kernel, [batch, cols, offset, rows]);
  return makeCall(scope, pipeline, `${kernel} ${sourceRows.label}`, [sourceRows, indices, out, params], [cappedGroups(engine, batch * cols, threads)], {
    bytes: 4 * (2 * batch * cols + batch),
  });
}

/** Rows indices[offset .. offset + batch) of `sourceRows` into a new array, run now. */
export async function gatherRows(engine: Engine, sourceRows: GpuArray, indices: GpuArray, offset: number, batch: number): Promise<GpuArray> {
  expectRank(kernel, 'source', sourceRows, 2);
  return withScope(engine, kernel, async (scope) => {
    const out = scope.array(`${kernel} ${sourceRows.label} rows`, [batch, sourceRows.shape[1]], undefined, sourceRows.dtype);
    await run(engine, await prepareGatherRows(scope, sourceRows, indices, out, offset));
    return scope.release(out);
  });
}
