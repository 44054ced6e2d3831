// A user kernel is run on every check shape of its contract (and --check-shapes) before it is timed, and each
// shape is judged four ways: the output against the float64 reference (every element within its float32 bound),
// the guard band after each output (no write past the end), two runs on the same inputs (bit-identical: no race),
// and the inputs after the runs (unchanged). Every shape is run; a failing one refuses the kernel with the list.
import { randomFloats, seededRandom } from '../../data/random.js';
import { ArgumentError, GpuKernelError } from '../../errors.js';
import type { Engine } from '../../gpu/engine.js';
import { readArray, elementCount, type GpuArray } from '../../gpu/gpuArray.js';
import { withScope } from '../../gpu/gpuScope.js';
import type { KernelCall } from '../../gpu/kernelCall.js';
import { finished, run } from '../../gpu/recorder.js';
import { bitDifferences, compareWithBounds, type Comparison } from '../agreement.js';
import { caseSeed } from '../inputs.js';
import { defaultBudgetMs, withinBudget, type DispatchBudget } from '../watchdog.js';
import { prepareUserCalls, readGuarded, resetOutputs, type GuardedOutput } from './calls.js';
import { bindingList, type UserKernel } from './compile.js';
import type { Dims } from './contracts.js';
import { KernelRejectedError, KernelSourceError, type ShapeFailure } from './errors.js';
import { bindingPlace } from './shaderSource.js';
import { outputBounds, toleranceText, type Tolerance } from './tolerance.js';

/** One check shape's outcome. */
export interface ShapeCheck {
  /** e.g. `61x67x131`, in the contract's dims order. */
  shape: string;
  ok: boolean;
  /** Output elements beyond their bound, of `elements` in all outputs. */
  mismatches: number;
  elements: number;
  /** The largest error/bound over every element: below 1 passes. */
  worstErrorOverBound: number;
  /** Why it failed; empty when ok. */
  reasons: string[];
}

/** A user kernel that passed every check (a failing one throws KernelRejectedError). */
export interface KernelCheck {
  /** The row name (the file's base name) and the file as given. */
  name: string;
  file: string;
  /** The suite whose contract it follows. */
  suite: string;
  /** Output rows × columns one workgroup writes. */
  tile: { rows: number; cols: number };
  /** -D NAME=VALUE given to the shader's consts. */
  defines: Record<string, number>;
  /** The kernel's own bound (header rtol/atol or --tolerance); null: each element's float32 bound. */
  tolerance: Tolerance | null;
  /** The bound in words: `float32`, or `rtol = …, atol = … (header)`. */
  bound: string;
  /** The check shapes, e.g. `1x1x1`, `61x67x71`: the contract's, then those of --check-shapes. */
  shapesChecked: string[];
  /** Every shape's outcome, in the order of shapesChecked. */
  shapes: ShapeCheck[];
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

/**
 * A GPU validation error on a user kernel's dispatch is the kernel's (a binding declared `array<vec4<f32>>` where the
 * contract has `array<f32>` needs a larger buffer than the contract's shape gives): said at the binding's declaration.
 */
function userFault(kernel: UserKernel, error: GpuKernelError): KernelSourceError {
  const detail = error.message.replace(/^[^:]*: GPU \w+ error: /, '').split('\n')[0];
  const binding = /binding (\d+)/.exec(detail);
  const spec = binding ? kernel.contract.bindings[Number(binding[1])] : undefined;
  const place = binding && spec ? bindingPlace(kernel.code, Number(binding[1])) : null;
  if (place && spec) {
    return new KernelSourceError(
      `${kernel.file}:${place.line}:${place.col}: binding ${binding![1]} (${spec.name}) does not fit the ${kernel.suite} contract: ${detail}\nThe contract's bindings (docs/kernels.md):\n${bindingList(kernel.contract)}`,
    );
  }
  return new KernelSourceError(`${kernel.file}: the GPU refused this kernel's dispatch: ${detail}`);
}

/** One run: the outputs' values, and reasons for each guard band written. */
async function runOnce(engine: Engine, kernel: UserKernel, calls: KernelCall[], outputs: GuardedOutput[], budget: DispatchBudget): Promise<{ values: Float32Array[]; outOfBounds: string[] }> {
  resetOutputs(engine, outputs);
  try {
    await run(engine, ...calls);
  } catch (error) {
    throw error instanceof GpuKernelError ? userFault(kernel, error) : error;
  }
  await withinBudget(engine, finished(engine), budget, 'a check run');
  // Each output and its guard band come back in one copy.
  const values: Float32Array[] = [];
  const outOfBounds: string[] = [];
  for (const output of outputs) {
    const { values: got, guardWrites: offsets } = await readGuarded(engine, output);
    values.push(got);
    if (offsets.length) outOfBounds.push(`out-of-bounds write to ${output.name}: ${offsets.length} element(s) past its end written, the first at offset +${offsets[0]} (index ${elementCount(output.array.shape) + offsets[0]})`);
  }
  return { values, outOfBounds };
}

interface Judged {
  check: ShapeCheck;
  /** The first output beyond its bound, for the message. */
  worst: KernelRejectedError['worst'];
  worstRule: string;
}

async function checkShape(engine: Engine, kernel: UserKernel, dims: Dims, dispatchTimeoutMs: number | undefined): Promise<Judged> {
  const { contract } = kernel;
  const random = seededRandom(caseSeed(`${contract.suite} check ${shapeName(dims)}`));
  return withScope(engine, `user kernel ${kernel.name} check`, async (scope) => {
    const values: Record<string, Float32Array> = {};
    const inputs: Record<string, GpuArray> = {};
    for (const b of contract.bindings.filter((x) => x.access === 'read')) {
      const shape = b.shape(dims);
      values[b.name] = randomFloats(elementCount(shape), random);
      inputs[b.name] = scope.array(`user kernel ${kernel.name} check ${b.name}`, shape, values[b.name]);
    }
    const prepared = prepareUserCalls(scope, kernel, dims, inputs);
    // The contracts' work is a product of their three sizes (a dot product of K terms per output, and the like).
    const work = 2 * elementCount(Object.values(dims));
    const budget: DispatchBudget = { kernel: kernel.name, shape: `${kernel.suite} ${shapeName(dims)} (check)`, ms: dispatchTimeoutMs ?? defaultBudgetMs({ flops: work, bytes: 0 }) };
    const first = await runOnce(engine, kernel, prepared.calls, prepared.outputs, budget);
    const second = await runOnce(engine, kernel, prepared.calls, prepared.outputs, budget);
    const reasons = [...new Set([...first.outOfBounds, ...second.outOfBounds])];
    const changed = first.values.map((v, i) => ({ name: prepared.outputs[i].name, n: bitDifferences(v, second.values[i]) })).filter((d) => d.n > 0);
    for (const d of changed) reasons.push(`not deterministic: ${d.n} element(s) of ${d.name} differ between two runs on the same inputs (a race?)`);
    for (const [name, array] of Object.entries(inputs)) {
      const after = await readArray(engine, array);
      const n = bitDifferences(after, values[name]);
      if (n) reasons.push(`input ${name} changed: ${n} element(s)`);
    }

    let worstRatio = 0;
    let mismatches = 0;
    let elements = 0;
    let worst: Judged['worst'] = null;
    let worstRule = '';
    for (const [i, want] of contract.reference(values, dims).entries()) {
      const output = prepared.outputs[i];
      const bounds = outputBounds(want, kernel.tolerance);
      const comparison: Comparison = compareWithBounds(first.values[i], want.values, bounds.bound);
      elements += want.values.length;
      mismatches += comparison.mismatches;
      worstRatio = Math.max(worstRatio, comparison.worstRatio);
      if (comparison.worst) {
        const unwritten = first.values[i].filter(Number.isNaN).length;
        reasons.unshift(`${comparison.mismatches} of ${want.values.length} element(s) of ${output.name} beyond their bound${unwritten ? ` (${unwritten} NaN: never written, or added to instead of written)` : ''}`);
        if (!worst) {
          worst = { output: output.name, position: position(comparison.worst.index, output.array.shape), ...comparison.worst };
          worstRule = bounds.rule;
        }
      }
    }
    return { check: { shape: shapeName(dims), ok: reasons.length === 0, mismatches, elements, worstErrorOverBound: worstRatio, reasons }, worst, worstRule };
  });
}

function rejection(kernel: UserKernel, judged: Judged[]): KernelRejectedError {
  const failing = judged.filter((j) => !j.check.ok);
  const failures: ShapeFailure[] = failing.map((j) => ({ shape: j.check.shape, reasons: j.check.reasons }));
  const list = judged.map((j) => `  ${j.check.ok ? 'pass' : 'FAIL'} ${j.check.shape}${j.check.ok ? '' : `: ${j.check.reasons.join('; ')}`}`).join('\n');
  const wrong = failing.find((j) => j.worst);
  let detail = '';
  if (wrong?.worst) {
    const w = wrong.worst;
    const error = Math.abs(w.got - w.want);
    detail =
      `\n${kernel.file}: wrong result on ${kernel.suite} ${wrong.check.shape} (${kernel.contract.dims.join('x')}): ` +
      `worst element ${w.output}[${w.position.join(', ')}] (index ${w.index}) = ${w.got}, expected ${w.want} (float64 reference), ` +
      `error ${Number.isNaN(error) ? 'NaN' : error.toExponential(3)} > bound ${w.bound.toExponential(3)} (${wrong.worstRule})`;
  }
  return new KernelRejectedError(
    kernel.file,
    failures,
    wrong?.worst ?? null,
    `${kernel.file}: ${failing.length} of ${judged.length} check shapes fail (${kernel.contract.dims.join('x')}); refused before any timing:\n${list}${detail}`,
  );
}

/** The contract's check shapes, then `extra` (as --check-shapes gives them: sizes in the contract's dims order). */
function checkShapesOf(kernel: UserKernel, extra: readonly number[][] = []): Dims[] {
  const { dims } = kernel.contract;
  const added = extra.map((sizes) => {
    if (sizes.length !== dims.length) throw new ArgumentError(`--check-shapes: ${sizes.join('x')} has ${sizes.length} numbers; ${kernel.suite} kernels take ${dims.length} (${dims.join('x')})`);
    return Object.fromEntries(dims.map((name, i) => [name, sizes[i]]));
  });
  return [...kernel.contract.checkShapes, ...added];
}

/**
 * Runs every check shape; throws KernelRejectedError listing each shape's outcome when any fails, KernelTimeoutError
 * when a run takes longer than `dispatchTimeoutMs` (default: from its work).
 */
export async function checkUserKernel(engine: Engine, kernel: UserKernel, extraShapes: readonly number[][] = [], dispatchTimeoutMs?: number): Promise<KernelCheck> {
  const judged: Judged[] = [];
  for (const dims of checkShapesOf(kernel, extraShapes)) judged.push(await checkShape(engine, kernel, dims, dispatchTimeoutMs));
  if (judged.some((j) => !j.check.ok)) throw rejection(kernel, judged);
  const shapes = judged.map((j) => j.check);
  return {
    name: kernel.name,
    file: kernel.file,
    suite: kernel.suite,
    tile: kernel.tile,
    defines: kernel.defines,
    tolerance: kernel.tolerance,
    bound: toleranceText(kernel.tolerance),
    shapesChecked: shapes.map((s) => s.shape),
    shapes,
    worstErrorOverBound: Math.max(0, ...shapes.map((s) => s.worstErrorOverBound)),
  };
}
