// A user kernel is run on the contract's standard shapes and compared with the float64 reference before it
// is timed; the first output beyond its float32 bound refuses the kernel, naming the worst element.
import { randomFloats, seededRandom } from '../../data/random.js';
import type { Engine } from '../../gpu/engine.js';
import { readArray, type GpuArray } from '../../gpu/gpuArray.js';
import { withScope } from '../../gpu/gpuScope.js';
import { run } from '../../gpu/recorder.js';
import { compareWithBounds } from '../agreement.js';
import { caseSeed } from '../inputs.js';
import { prepareUserCalls } from './calls.js';
import type { UserKernel } from './compile.js';
import type { Dims } from './contracts.js';
import { KernelRejectedError } from './errors.js';

/** A user kernel that passed its check against the float64 reference (a failing one throws KernelRejectedError). */
export interface KernelCheck {
  /** The row name (the file's base name) and the file as given. */
  name: string;
  file: string;
  /** The suite whose contract it follows. */
  suite: string;
  /** Output rows × columns one workgroup writes. */
  tile: { rows: number; cols: number };
  /** The contract's check shapes, e.g. `1x1x1`, `61x67x131`. */
  shapesChecked: string[];
  /** The largest error/bound over every element of every shape: below 1 passes. */
  worstErrorOverBound: number;
}

const shapeName = (d: Dims) => Object.values(d).join('x');

/** Row-major index → [i, j, …] for a shape. */
function position(index: number, shape: readonly number[]): number[] {
  const out: number[] = [];
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    out.unshift(index % shape[axis]);
    index = Math.floor(index / shape[axis]);
  }
  return out;
}

async function checkShape(engine: Engine, kernel: UserKernel, dims: Dims): Promise<number> {
  const { contract } = kernel;
  const random = seededRandom(caseSeed(`${contract.suite} check ${shapeName(dims)}`));
  return withScope(engine, `user kernel ${kernel.name} check`, async (scope) => {
    const values: Record<string, Float32Array> = {};
    const inputs: Record<string, GpuArray> = {};
    for (const b of contract.bindings.filter((x) => x.access === 'read')) {
      const shape = b.shape(dims);
      values[b.name] = randomFloats(shape.reduce((a, n) => a * n, 1), random);
      inputs[b.name] = scope.array(`user kernel ${kernel.name} check ${b.name}`, shape, values[b.name]);
    }
    const prepared = prepareUserCalls(scope, kernel, dims, inputs);
    await run(engine, ...prepared.calls);
    const got = await Promise.all(prepared.outputs.map((o) => readArray(engine, o)));
    const outputs = contract.bindings.filter((b) => b.access === 'read_write');
    let worstRatio = 0;
    for (const [i, want] of contract.reference(values, dims).entries()) {
      const comparison = compareWithBounds(got[i], want.values, (j) => want.bound(j) + Number.MIN_VALUE);
      if (comparison.worst) throw rejection(kernel, dims, outputs[i].name, outputs[i].shape(dims), comparison.worst, want.rule);
      worstRatio = Math.max(worstRatio, comparison.worstRatio);
    }
    return worstRatio;
  });
}

function rejection(kernel: UserKernel, dims: Dims, output: string, shape: number[], worst: { index: number; got: number; want: number; bound: number }, rule: string): KernelRejectedError {
  const at = position(worst.index, shape);
  const error = Math.abs(worst.got - worst.want);
  return new KernelRejectedError(
    kernel.file,
    { output, index: worst.index, position: at, got: worst.got, want: worst.want, bound: worst.bound },
    `${kernel.file}: wrong result on ${kernel.suite} ${shapeName(dims)} (${kernel.contract.dims.join('x')}): ` +
      `worst element ${output}[${at.join(', ')}] (index ${worst.index}) = ${worst.got}, expected ${worst.want} (float64 reference), ` +
      `error ${Number.isNaN(error) ? 'NaN' : error.toExponential(3)} > bound ${worst.bound.toExponential(3)} (${rule}); refused before any timing`,
  );
}

/** Throws KernelRejectedError on the first standard shape with an element beyond its bound. */
export async function checkUserKernel(engine: Engine, kernel: UserKernel): Promise<KernelCheck> {
  let worst = 0;
  for (const dims of kernel.contract.checkShapes) worst = Math.max(worst, await checkShape(engine, kernel, dims));
  return { name: kernel.name, file: kernel.file, suite: kernel.suite, tile: kernel.tile, shapesChecked: kernel.contract.checkShapes.map(shapeName), worstErrorOverBound: worst };
}
