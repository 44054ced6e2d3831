// gather: rows of a GPU array picked by a GPU index list (mini-batches without leaving the GPU), on shaders/gather.wgsl.
import type { Engine } from '../gpu/engine.js';
import { withScope, type GpuScope } from '../gpu/gpuScope.js';
import { ArgumentError } from '../errors.js';
import { checkBindingSize, elementCount, type GpuArray } from '../gpu/gpuArray.js';
import { cappedGroups, makeCall, type KernelCall } from '../gpu/kernelCall.js';
import { getPipeline } from '../gpu/pipelines.js';
import { run } from '../gpu/recorder.js';
import { specialize } from '../gpu/wgsl.js';
import source from '../../shaders/gather.wgsl';
import { expectDtype, expectRank, expectShape, modelAxis } from './shapes.js';

const kernel = 'gather';
/** Workgroup size, specialized into shaders/gather.wgsl. */
const threads = 256;

/** An index past every source's rows (the largest u32): pads an index list; its row gathers as the `missing` word. */
export const missingRow = 0xffffffff;

/** Options of prepareGatherRows. */
export interface GatherOptions {
  /** The word written for an index outside source's rows (default 0). */
  missing?: number;
}

/**
 * out[i, :] = source[indices[offset + i], :] for every row i of out; f32 and u32 are copied bit-exactly. With a
 * model axis, indices [M, n] and out [M, batch, cols]: model m's rows through its own index list (one dispatch).
 */
export async function prepareGatherRows(scope: GpuScope, sourceRows: GpuArray, indices: GpuArray, out: GpuArray, offset: number, options: GatherOptions = {}): Promise<KernelCall> {
  const { engine } = scope;
  expectRank(kernel, 'source', sourceRows, 2);
  const { models, hasAxis, perModel, shape } = modelAxis(kernel, 'indices', indices, 1);
  expectDtype(kernel, 'indices', indices, 'u32');
  expectRank(kernel, 'out', out, indices.shape.length + 1);
  expectDtype(kernel, 'out', out, sourceRows.dtype);
  const [rows, cols] = sourceRows.shape;
  const [stride] = perModel;
  const batch = out.shape[out.shape.length - 2];
  expectShape(kernel, 'out', out, shape(['batch', cols]), `source has ${cols} columns${hasAxis ? `, indices ${models} lists` : ''}`);
  if (!Number.isInteger(offset) || offset < 0 || offset + batch > stride) {
    throw new ArgumentError(`${kernel}: rows ${offset}..${offset + batch - 1} of indices [${indices.shape.join(', ')}] requested for out [${out.shape.join(', ')}]`);
  }
  checkBindingSize(engine, kernel, 'source', elementCount(sourceRows.shape) * 4);
  const pipeline = await getPipeline(engine, kernel, 'rows', () => ({ code: specialize(source, { THREADS: threads }, 'gather.wgsl'), entryPoint: 'main' }));
  const params = scope.uniform(kernel, [batch, cols, offset, rows, stride, options.missing ?? 0]);
  return makeCall(scope, pipeline, `${kernel} ${sourceRows.label}`, [sourceRows, indices, out, params], [cappedGroups(engine, batch * cols, threads), 1, models], {
    bytes: models * 4 * (2 * batch * cols + batch),
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
