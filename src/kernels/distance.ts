// distance: pairwise squared Euclidean distances between query rows and reference rows (for kNN), built on
// matmul: ‖q‖² + ‖r‖² − 2·q·rᵀ, clamped ≥ 0. Passes: row norms of Q and of R (shaders/distanceNorms.wgsl),
// the products Q·Rᵀ into the output (matmul, Rᵀ read in place), then the combination (shaders/distance.wgsl).
// The reference norms can be made once (prepareRowNorms) and passed in, for references searched many times (kNN).
import type { Engine } from '../gpu/engine.js';
import { withScope, type GpuScope } from '../gpu/gpuScope.js';
import type { GpuArray } from '../gpu/gpuArray.js';
import { makeCall, rowsOfGroups, type KernelCall } from '../gpu/kernelCall.js';
import { getPipeline } from '../gpu/pipelines.js';
import { run } from '../gpu/recorder.js';
import { specialize } from '../gpu/wgsl.js';
import normsSource from '../../shaders/distanceNorms.wgsl';
import finishSource from '../../shaders/distance.wgsl';
import { prepareMatmulSteps } from './matmul.js';
import { expectDtype, expectRank, expectShape } from './shapes.js';

const kernel = 'distance';
/** The workgroup size of both passes, specialized into shaders/distance.wgsl and shaders/distanceNorms.wgsl. */
const workgroup = 256;

/** Options of prepareSquaredDistances. */
export interface DistanceOptions {
  /** ‖r‖² of every row of refs, [R], made by prepareRowNorms; the dispatches then leave out that pass. */
  refNorms?: GpuArray;
}

const normsPipeline = (engine: Engine) =>
  getPipeline(engine, kernel, 'row norms', () => ({ code: specialize(normsSource, { WORKGROUP: workgroup }, 'distanceNorms.wgsl'), entryPoint: 'main' }));

/** The dispatch that fills `norms` [rows] with the squared Euclidean norm of each row of `x` [rows, F]. */
export async function prepareRowNorms(scope: GpuScope, x: GpuArray, norms: GpuArray): Promise<KernelCall> {
  const { engine } = scope;
  expectRank(kernel, 'x', x, 2);
  expectDtype(kernel, 'x', x, 'f32');
  const [rows, F] = x.shape;
  expectShape(kernel, 'norms', norms, [rows]);
  expectDtype(kernel, 'norms', norms, 'f32');
  return makeCall(scope, await normsPipeline(engine), `${kernel} norms of ${x.label}`, [x, norms, scope.uniform(kernel, [rows, F])], rowsOfGroups(engine, rows, workgroup), {
    flops: 2 * rows * F,
    bytes: 4 * rows * (F + 1),
  });
}

/**
 * The dispatches that fill `out` [Q, R] with squared distances between rows of `queries` [Q, F] and `refs` [R, F].
 * The query norms [Q] are a scratch array in `scope`; so are the reference norms [R] unless `options.refNorms`
 * gives them.
 */
export async function prepareSquaredDistances(scope: GpuScope, queries: GpuArray, refs: GpuArray, out: GpuArray, options: DistanceOptions = {}): Promise<KernelCall[]> {
  const { engine } = scope;
  expectRank(kernel, 'queries', queries, 2);
  expectRank(kernel, 'refs', refs, 2);
  for (const [name, array] of [['queries', queries], ['refs', refs], ['out', out]] as const) expectDtype(kernel, name, array, 'f32');
  const [Q, F] = queries.shape;
  const R = refs.shape[0];
  expectShape(kernel, 'refs', refs, ['R', F], `queries have ${F} features, so refs need ${F} columns`);
  expectShape(kernel, 'out', out, [Q, R]);

  if (options.refNorms) {
    expectShape(kernel, 'refNorms', options.refNorms, [R], `refs have ${R} rows`);
    expectDtype(kernel, 'refNorms', options.refNorms, 'f32');
  }
  const finish = await getPipeline(engine, kernel, 'finish', () => ({ code: specialize(finishSource, { WORKGROUP: workgroup }, 'distance.wgsl'), entryPoint: 'main' }));
  const queryNorms = scope.array(`${kernel} query norms`, [Q]);
  const refNorms = options.refNorms ?? scope.array(`${kernel} ref norms`, [R]);
  return [
    await prepareRowNorms(scope, queries, queryNorms),
    ...(options.refNorms ? [] : [await prepareRowNorms(scope, refs, refNorms)]),
    ...(await prepareMatmulSteps(scope, queries, refs, out, { transposeB: true })),
    makeCall(scope, finish, kernel, [out, queryNorms, refNorms, scope.uniform(kernel, [Q, R])], rowsOfGroups(engine, Q * R, workgroup), {
      flops: 3 * Q * R,
      bytes: 4 * (2 * Q * R + Q + R),
    }),
  ];
}

/** Squared distances [Q, R] between rows of `queries` [Q, F] and `refs` [R, F], into a new array, run now. */
export async function squaredDistances(engine: Engine, queries: GpuArray, refs: GpuArray): Promise<GpuArray> {
  expectRank(kernel, 'queries', queries, 2);
  expectRank(kernel, 'refs', refs, 2);
  return withScope(engine, kernel, async (scope) => {
    const out = scope.array(`${kernel} out`, [queries.shape[0], refs.shape[0]]);
    await run(engine, ...(await prepareSquaredDistances(scope, queries, refs, out)));
    return scope.release(out);
  });
}
