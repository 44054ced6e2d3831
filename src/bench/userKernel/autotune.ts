// `tune --kernel FILE.wgsl`, after Triton's autotune: every combination of a user kernel's parameters (the
// header's NAME=v1,v2 lists, or -D lists) is compiled and checked against the float64 reference like any --kernel,
// and only a combination that passes is timed, per shape; the fastest per shape is the result. A combination that
// does not compile or fails a check is kept in the result with the reason, not timed.
import { BadInputError } from '../../errors.js';
import type { Engine } from '../../gpu/engine.js';
import { elementCount } from '../../gpu/gpuArray.js';
import { withScope } from '../../gpu/gpuScope.js';
import { randomFloats, seededRandom } from '../../data/random.js';
import { customImpl } from '../customImpl.js';
import { caseSeed } from '../inputs.js';
import { measureSteady, timeIterations } from '../measure.js';
import { findSuites } from '../suites/index.js';
import type { Summary } from '../stats.js';
import { defaultBudgetMs, type DispatchBudget } from '../watchdog.js';
import { prepareUserCalls } from './calls.js';
import { checkUserKernel, type KernelCheck } from './check.js';
import { compileUserKernel, type UserKernel } from './compile.js';
import { kernelContracts, type Dims } from './contracts.js';
import { parseHeader, type UserKernelSource } from './header.js';
import type { Tolerance } from './tolerance.js';

/** How a kernel is tuned: its shapes (in its contract's dims order), -D lists over the header's, and how it is timed. */
export interface KernelTuneOptions {
  /** Default: the kernel's suite's quick sweep on a fallback (CPU) adapter, its full sweep on a GPU. */
  shapes?: number[][];
  /** -D NAME=V1,V2: replaces the header's list for NAME (or adds NAME); a single value fixes it. */
  defines?: Record<string, number[]>;
  /** Steady-state wall-clock samples per combination and shape (≥ 2). */
  samples: number;
  /** The steady state of each timing lasts at least this long (ms). */
  minMs: number;
  /** --tolerance, over the header's rtol/atol. */
  tolerance?: Tolerance | 'float32';
  /** Budget of one dispatch (ms); default from its work. */
  dispatchTimeoutMs?: number;
}

/** One combination of parameter values, and how it fared in the checks. */
export interface TuneCandidate {
  /** NAME → value given to the shader's const. */
  defines: Record<string, number>;
  /** Passed every check shape, so it was timed. */
  ok: boolean;
  /** Why it was not timed (a compile error, the check shapes that fail); absent when ok. */
  reason?: string;
  /** The launch it makes: workgroup size and outputs per workgroup. */
  workgroup?: [number, number, number];
  tile?: { rows: number; cols: number };
  /** The checks it passed; absent when it failed. */
  check?: KernelCheck;
}

/** One combination timed on one shape. */
export interface CandidateTiming {
  defines: Record<string, number>;
  /** Milliseconds per run on the wall clock. */
  wallMs: Summary;
  /** From GPU timestamps, when usable. */
  gpuMs: Summary | null;
  /** work.flops / wall median. */
  gflops: number;
  /** work.bytes / wall median. */
  gbps: number;
}

/** One shape: every timed combination, fastest first, and the best. */
export interface TunedShape {
  /** e.g. `256x256x256`, in the contract's dims order. */
  shape: string;
  dims: Dims;
  work: { flops: number; bytes: number };
  timings: CandidateTiming[];
  /** The fastest combination's values. */
  best: Record<string, number>;
}

/** What `tune --kernel` found for one file. */
export interface KernelTuneResult {
  kernel: string;
  file: string;
  suite: string;
  /** The values tried per parameter. */
  params: Record<string, number[]>;
  /** Every combination, in the order tried, with its check outcome. */
  candidates: TuneCandidate[];
  shapes: TunedShape[];
}

/** Every combination of the lists, the first parameter varying slowest. */
function combinations(params: Record<string, number[]>): Record<string, number>[] {
  return Object.entries(params).reduce<Record<string, number>[]>((sets, [name, values]) => sets.flatMap((set) => values.map((v) => ({ ...set, [name]: v }))), [{}]);
}

/** `TILE=32 WG=8`: a combination in words, for messages and tables. */
export function definesText(defines: Record<string, number>): string {
  return Object.entries(defines).map(([name, value]) => `${name}=${value}`).join(' ') || '(as written)';
}

/** Compiles and checks one combination; a kernel at fault (compile, header, checks) is a failed candidate, anything else is thrown. */
async function tryCandidate(engine: Engine, source: UserKernelSource, defines: Record<string, number>, options: KernelTuneOptions): Promise<{ candidate: TuneCandidate; kernel?: UserKernel }> {
  try {
    const kernel = await compileUserKernel(engine, { ...source, defines }, kernelContracts, options.tolerance);
    const check = await checkUserKernel(engine, kernel, [], options.dispatchTimeoutMs);
    return { candidate: { defines, ok: true, ...(kernel.workgroup ? { workgroup: kernel.workgroup } : {}), tile: kernel.tile, check }, kernel };
  } catch (error) {
    if (!(error instanceof BadInputError)) throw error;
    return { candidate: { defines, ok: false, reason: error.message } };
  }
}

async function timeCandidate(engine: Engine, kernel: UserKernel, dims: Dims, inputs: Record<string, Float32Array>, options: KernelTuneOptions): Promise<CandidateTiming> {
  const work = kernel.contract.work(dims);
  const shape = Object.values(dims).join('x');
  const budget: DispatchBudget = { kernel: `${kernel.name} ${definesText(kernel.defines)}`, shape: `${kernel.suite} ${shape} (tune)`, ms: options.dispatchTimeoutMs ?? defaultBudgetMs(work) };
  return withScope(engine, `tune ${kernel.name}`, async (scope) => {
    const arrays = Object.fromEntries(Object.entries(inputs).map(([name, values]) => [name, scope.array(`tune ${kernel.name} ${name}`, kernel.contract.bindings.find((b) => b.name === name)!.shape(dims), values)]));
    const impl = await customImpl(engine, kernel.name, async (implScope) => prepareUserCalls(implScope, kernel, dims, arrays).calls, []);
    try {
      const firstRunMs = await timeIterations(engine, impl, 1, budget);
      const m = await measureSteady(engine, impl, firstRunMs, { samples: options.samples, minMs: options.minMs, budget });
      const seconds = m.wallMs.median / 1e3;
      return { defines: kernel.defines, wallMs: m.wallMs, gpuMs: m.gpuMs, gflops: work.flops / seconds / 1e9, gbps: work.bytes / seconds / 1e9 };
    } finally {
      impl.dispose?.();
    }
  });
}

/**
 * Tunes one user kernel: every combination of its parameters checked, the passing ones timed on every shape.
 * BadInputError when the kernel has no parameters to tune, a shape has the wrong number of sizes, or no combination
 * passes its checks (the reasons listed); KernelTimeoutError when a dispatch runs past its budget.
 */
export async function tuneUserKernel(engine: Engine, source: UserKernelSource, options: KernelTuneOptions, progress: (line: string) => void = () => undefined): Promise<KernelTuneResult> {
  const header = parseHeader(source, kernelContracts.map((c) => c.suite));
  const contract = kernelContracts.find((c) => c.suite === header.suite)!;
  const params = { ...header.params, ...options.defines };
  if (!Object.keys(params).length) {
    throw new BadInputError(`${source.file}: nothing to tune: list a parameter's values in the header (e.g. TILE=16,32,64 for a const TILE of the shader) or give -D NAME=V1,V2`);
  }
  const shapeList = options.shapes ?? findSuites([contract.suite])[0].defaultShapes(engine.facts.isFallbackAdapter ? 'quick' : 'full');
  for (const sizes of shapeList) {
    if (sizes.length !== contract.dims.length) throw new BadInputError(`--shapes: ${sizes.join('x')} has ${sizes.length} numbers; ${contract.suite} kernels take ${contract.dims.length} (${contract.dims.join('x')})`);
  }
  const candidates: TuneCandidate[] = [];
  const passing: UserKernel[] = [];
  for (const defines of combinations(params)) {
    progress(`checking ${header.name} ${definesText(defines)}`);
    const { candidate, kernel } = await tryCandidate(engine, source, defines, options);
    candidates.push(candidate);
    if (kernel) passing.push(kernel);
  }
  if (!passing.length) {
    throw new BadInputError(`${source.file}: no combination passes its checks, nothing timed:\n${candidates.map((c) => `  ${definesText(c.defines)}: ${c.reason}`).join('\n')}`);
  }
  const shapes: TunedShape[] = [];
  for (const sizes of shapeList) {
    const dims: Dims = Object.fromEntries(contract.dims.map((name, i) => [name, sizes[i]]));
    const shape = sizes.join('x');
    const random = seededRandom(caseSeed(`${contract.suite} tune ${shape}`));
    const inputs = Object.fromEntries(contract.bindings.filter((b) => b.access === 'read').map((b) => [b.name, randomFloats(elementCount(b.shape(dims)), random)]));
    const timings: CandidateTiming[] = [];
    for (const kernel of passing) {
      progress(`timing ${header.name} ${definesText(kernel.defines)} on ${shape}`);
      timings.push(await timeCandidate(engine, kernel, dims, inputs, options));
    }
    timings.sort((a, b) => a.wallMs.median - b.wallMs.median);
    shapes.push({ shape, dims, work: contract.work(dims), timings, best: timings[0].defines });
  }
  return { kernel: header.name, file: source.file, suite: contract.suite, params, candidates, shapes };
}
