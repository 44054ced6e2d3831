// distance: pairwise squared Euclidean distances between query rows and reference rows (for kNN), built on
// matmul: ‖q‖² + ‖r‖² − 2·q·rᵀ, clamped ≥ 0. Passes: row norms of Q and of R (shaders/distanceNorms.wgsl),
// the products Q·Rᵀ into the output (matmul, Rᵀ read in place), then the combination (shaders/distance.wgsl).
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

/**
 * The dispatches that fill `out` [Q, R] with squared distances between rows of `queries` [Q, F] and `refs` [R, F].
 * The row norms [Q] and [R] they share are scratch arrays in `scope`.
 */
export async function prepareSquaredDistances(scope: GpuScope, queries: GpuArray, refs: GpuArray, out: GpuArray): Promise<KernelCall[]> {
  const { engine } = scope;
  expectRank(kernel, 'queries', queries, 2);
  expectRank(kernel, 'refs', refs, 2);
  for (const [name, array] of [['queries', queries], ['refs', refs], ['out', out]] as const) expectDtype(kernel, name, array, 'f32');
  const [Q, F] = queries.shape;
  const R = refs.shape[0];
  expectShape(kernel, 'refs', refs, ['R', F], `queries have ${F} features, so refs need ${F} columns`);
  expectShape(kernel, 'out', out, [Q, R]);

  const norms = await getPipeline(engine, kernel, 'row norms', () => ({ code: specialize(normsSource, { WORKGROUP: workgroup }, 'distanceNorms.wgsl'), entryPoint: 'main' }));
  const finish = await getPipeline(engine, kernel, 'finish', () => ({ code: specialize(finishSource, { WORKGROUP: workgroup }, 'distance.wgsl'), entryPoint: 'main' }));
  const queryNorms = scope.array(`${kernel} query norms`, [Q]);
  const refNorms = scope.array(`${kernel} ref norms`, [R]);
  const normsOf = (x: GpuArray, n: GpuArray, rows: number) =>
    makeCall(scope, norms, `${kernel} norms of ${x.label}`, [x, n, scope.uniform(kernel, [rows, F])], rowsOfGroups(engine, rows, workgroup), {
      flops: 2 * rows * F,
      bytes: 4 * rows * (F + 1),
    });
  return [
    normsOf(queries, queryNorms, Q),
    normsOf(refs, refNorms, R),
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
