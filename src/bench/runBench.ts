// Runs the chosen suites on one engine: every case checked (custom against each tfjs impl) before it is
// timed, then measured impl by impl. Host-agnostic: the same code runs in Node and inside the browser page.
import { ArgumentError, inContext } from '../errors.js';
import type { Engine } from '../gpu/engine.js';
import { bindTfjs } from '../gpu/tfjsBackend.js';
import { bitDifferences, compareWithBounds, maxAbsDiff } from './agreement.js';
import { caseReference, type CaseReference } from './caseReference.js';
import type { Impl } from './impl.js';
import { measureSteady, timeIterations, type Measurement } from './measure.js';
import { attainableGflops, measurePeak, type AdapterPeak } from './peak.js';
import type { BenchComparison, BenchRun, CaseResult, TraceSlice } from './results.js';
import type { CaseSpec, PreparedCase, Suite, Sweep } from './suite.js';
import { findSuites } from './suites/index.js';
import type { UserKernelSource } from './userKernel/header.js';
import type { Tolerance } from './userKernel/tolerance.js';
import type { BenchModel } from './benchModel.js';
import { defaultBudgetMs, type DispatchBudget } from './watchdog.js';
import { loadUserKernels, userKernelImpls } from './userKernel/userKernels.js';

/** A bench run, as `stacklab bench` takes it. */
export interface BenchOptions {
  /** Suite names (see suiteNames), or `all`. */
  suites: string[];
  /** Shapes from --shapes; the suite's default sweep when absent. */
  shapes?: number[][];
  /** Default: full on a real GPU, quick on a fallback (CPU) adapter. */
  sweep?: Sweep;
  /** Also run the transposed-operand forms where a suite has them (matmul). */
  transposed: boolean;
  /** Wall-clock samples per implementation in the steady state; an integer ≥ 2. */
  samples: number;
  /** The steady state of each implementation lasts at least this long in all (ms). */
  minMs: number;
  /** --kernel files (docs/kernels.md): checked before any case, then timed beside the built-ins. */
  kernels?: UserKernelSource[];
  /** --check-shapes: more shapes the user kernels are checked on, after their contract's. */
  checkShapes?: number[][];
  /** --peak: measure the adapter's attainable FMA throughput and bandwidth first, and give each row its % of the roofline. */
  peak?: boolean;
  /** --tolerance: every --kernel file's bound, over its header's rtol/atol; `float32` restores the default bound. */
  tolerance?: Tolerance | 'float32';
  /**
   * --dispatch-timeout: the longest one dispatch (one iteration) of a check or a timing may take, in ms; past it the
   * run stops with KernelTimeoutError. Default: defaultBudgetMs of the dispatch's work.
   */
  dispatchTimeoutMs?: number;
  /** The model the `model` suite runs (`bench model --from`); that suite has no cases without one. */
  model?: BenchModel;
}

/** How far a bench run is: `done` of `total` cases, and what it is doing now. */
export interface BenchProgress {
  done: number;
  total: number;
  label: string;
}

/** Inside the browser page, progress goes to the console as one line with this prefix, for the Node side to read. */
export const progressPrefix = 'stacklab-bench-progress ';

function chosenSweep(engine: Engine, options: Pick<BenchOptions, 'sweep'>): Sweep {
  return options.sweep ?? (engine.facts.isFallbackAdapter ? 'quick' : 'full');
}

function benchCases(engine: Engine, options: BenchOptions): { suite: Suite; spec: CaseSpec }[] {
  const sweep = chosenSweep(engine, options);
  return findSuites(options.suites).flatMap((suite) =>
    suite
      .cases(options.shapes ?? suite.defaultShapes(sweep), { transposed: options.transposed, builtIn: !options.shapes, model: options.model })
      .map((spec) => ({ suite, spec })),
  );
}

/**
 * Runs the chosen suites on one engine: the user kernels checked against the float64 reference first, then every
 * case checked (custom against each other implementation) and measured implementation by implementation. Binds
 * tfjs to the engine. Throws ArgumentError for an unknown suite or fewer than two samples, KernelRejectedError for a
 * user kernel that fails its check. A disagreement is not thrown: its rows say `ok: false`.
 */
export async function runBench(engine: Engine, options: BenchOptions, progress: (p: BenchProgress) => void = () => undefined): Promise<BenchRun> {
  if (!Number.isInteger(options.samples) || options.samples < 2) throw new ArgumentError(`--samples must be an integer ≥ 2, got ${options.samples}`);
  await bindTfjs(engine);
  const cases = benchCases(engine, options);
  const total = cases.length;
  progress({ done: 0, total, label: 'checking kernels' });
  const { kernels, checks } = await loadUserKernels(engine, options.kernels ?? [], [...new Set(cases.map((c) => c.spec.suite))], options);
  const run: BenchRun = { results: [], comparisons: [], slices: [], sweep: options.shapes ? 'shapes from --shapes' : chosenSweep(engine, options), kernelChecks: checks };
  if (options.peak) {
    progress({ done: 0, total, label: 'measuring the peak' });
    run.peak = await measurePeak(engine, options);
  }
  for (const [index, { suite, spec }] of cases.entries()) {
    progress({ done: index, total, label: `${spec.suite} ${spec.name}` });
    let prepared: PreparedCase;
    try {
      prepared = await suite.prepare(engine, spec, { model: options.model });
    } catch (error) {
      throw error instanceof Error ? inContext(error, `bench ${spec.suite} ${spec.name}`) : error;
    }
    try {
      const builtIn = prepared.impls.length;
      prepared.impls.push(...(await userKernelImpls(engine, kernels, spec, prepared)));
      await runCase(engine, suite, spec, prepared, builtIn, options, run);
    } finally {
      prepared.impls.forEach((impl) => impl.dispose?.());
      prepared.dispose();
    }
  }
  progress({ done: total, total, label: 'done' });
  return run;
}

/** How one row's output is judged: against the float64 reference, or against `custom` when there is none. */
interface RowError {
  maxAbsErr: number;
  tolerance: number;
  toleranceRule: string;
  errorAgainst: CaseResult['errorAgainst'];
  ok: boolean;
}

function judgeRows(prepared: PreparedCase, builtIn: number, outputs: Float32Array[], reference: CaseReference | null): RowError[] {
  if (reference) {
    // The built-ins are held to float32's bound; a user kernel to its own (rtol/atol) where it has one.
    return outputs.map((output, row) => {
      const { bounds, rule } = reference.bounds(prepared.impls[row].tolerance ?? null);
      const c = compareWithBounds(output, reference.values, (i) => bounds[i]);
      const tolerance = bounds.reduce((a, b) => Math.max(a, b), 0);
      return { maxAbsErr: c.maxAbsErr, tolerance, toleranceRule: `per element: ${rule}`, errorAgainst: 'float64 reference', ok: c.ok };
    });
  }
  // No reference: every row against custom's output; custom's own row carries the built-ins' largest distance
  // from it (a user kernel's disagreement is that kernel's, and never marks custom).
  const errors = outputs.map((output, i) => (i === 0 ? 0 : maxAbsDiff(output, outputs[0])));
  errors[0] = Math.max(0, ...errors.slice(1, builtIn));
  return errors.map((e) => ({ maxAbsErr: e, tolerance: prepared.tolerance, toleranceRule: prepared.toleranceRule, errorAgainst: 'custom', ok: e <= prepared.tolerance }));
}

/** A user kernel's timed runs: its output at the end must be the first run's, bit for bit, and no guard band written. */
async function timedRunProblems(impl: Impl, first: Float32Array): Promise<string[]> {
  const problems = (await impl.outOfBounds?.()) ?? [];
  const changed = bitDifferences(await impl.outputs(), first);
  if (changed) problems.push(`${changed} output element(s) after the timed runs differ from the first run's (accumulates into its output, or races)`);
  return problems;
}

/** The first `builtIn` impls are custom then tfjs; any after them are user kernels, each compared with every built-in. */
async function runCase(engine: Engine, suite: Suite, spec: CaseSpec, prepared: PreparedCase, builtIn: number, options: BenchOptions, run: BenchRun): Promise<void> {
  const firstRuns: { impl: Impl; firstRunMs: number; startMs: number; output: Float32Array }[] = [];
  const budgetOf = (impl: Impl): DispatchBudget => ({ kernel: impl.name, shape: `${spec.suite} ${spec.name}`, ms: options.dispatchTimeoutMs ?? prepared.budgetMs ?? defaultBudgetMs(prepared.work) });
  for (const impl of prepared.impls) {
    const startMs = performance.now();
    const firstRunMs = await timeIterations(engine, impl, 1, budgetOf(impl));
    firstRuns.push({ impl, firstRunMs, startMs, output: await impl.outputs() });
  }
  const reference = await caseReference(engine, spec, prepared);
  const judged = judgeRows(prepared, builtIn, firstRuns.map((f) => f.output), reference);

  const measured: Measured[] = [];
  for (const [i, first] of firstRuns.entries()) {
    const m = await measureSteady(engine, first.impl, first.firstRunMs, { ...options, budget: budgetOf(first.impl) });
    measured.push({ impl: first.impl, m });
    const kernels = await first.impl.kernelBreakdown?.();
    const problems = i >= builtIn ? await timedRunProblems(first.impl, first.output) : [];
    const median = m.wallMs.median;
    const result: CaseResult = {
      suite: spec.suite,
      case: spec.name,
      impl: first.impl.name,
      shape: spec.shape,
      samples: m.wallMs.n,
      wallMs: m.wallMs,
      gpuMs: m.gpuMs,
      gpuClock: m.gpuClock,
      gpuProfile: m.gpuProfile,
      ...throughput(suite, prepared, first.impl, median),
      ...roofline(prepared, median, run.peak),
      ...(first.impl.launch ? { launch: first.impl.launch } : {}),
      ...judged[i],
      ok: judged[i].ok && problems.length === 0,
      ...(problems.length ? { problems } : {}),
      phases: m.phases,
      ...(kernels ? { kernels } : {}),
    };
    run.results.push(result);
    run.slices.push(...caseSlices(spec, first.impl.name, first.startMs, first.firstRunMs, m));
  }
  const pairs = [
    ...measured.slice(1, builtIn).map((baseline) => ({ baseline, candidate: measured[0] })),
    ...measured.slice(builtIn).flatMap((candidate) => measured.slice(0, builtIn).map((baseline) => ({ baseline, candidate }))),
  ];
  run.comparisons.push(...pairs.map(({ baseline, candidate }) => comparison(spec, baseline, candidate)));
}

type Measured = { impl: Impl; m: Measurement };

function comparison(spec: CaseSpec, baseline: Measured, candidate: Measured): BenchComparison {
  return {
    suite: spec.suite,
    case: spec.name,
    baseline: baseline.impl.name,
    candidate: candidate.impl.name,
    speedup: baseline.m.wallMs.median / candidate.m.wallMs.median,
    gpuSpeedup: baseline.m.gpuMs && candidate.m.gpuMs ? baseline.m.gpuMs.median / candidate.m.gpuMs.median : null,
  };
}

/** The row's place on the roofline: its work, its intensity, and with a peak its % of what is attainable there. */
function roofline(prepared: PreparedCase, median: number, peak: AdapterPeak | undefined): Pick<CaseResult, 'work' | 'intensity' | 'percentOfPeak'> {
  const { flops, bytes } = prepared.work;
  if (!flops || !bytes) return {};
  const percent = peak ? (100 * (flops / (median * 1e6))) / attainableGflops(peak, flops, bytes) : undefined;
  return { work: { flops, bytes }, intensity: flops / bytes, ...(percent !== undefined ? { percentOfPeak: percent } : {}) };
}

/** The suite's metric from one iteration's wall-clock median (ms). */
function throughput(suite: Suite, prepared: PreparedCase, impl: Impl, median: number): Pick<CaseResult, 'gflops' | 'gbps' | 'modelStepsPerSecond'> {
  if (suite.metric === 'modelSteps') return { modelStepsPerSecond: (impl.modelSteps ?? prepared.work.modelSteps ?? 1) / (median / 1e3) };
  return suite.metric === 'gflops' ? { gflops: prepared.work.flops / (median * 1e6) } : { gbps: prepared.work.bytes / (median * 1e6) };
}

function caseSlices(spec: CaseSpec, impl: string, firstStartMs: number, firstRunMs: number, m: Measurement): TraceSlice[] {
  const category = `${spec.suite} ${spec.name}`;
  const wallLane = `${impl} (wall clock)`;
  return [
    { name: `${category} first run`, category, lane: wallLane, startMs: firstStartMs, durationMs: firstRunMs },
    ...m.spans.map((s) => ({ name: `${category} ${s.name}`, category, lane: wallLane, startMs: s.startMs, durationMs: s.durationMs })),
    ...m.gpuDispatches.map((d) => ({
      name: d.name,
      category,
      lane: `${impl} (GPU timestamps)`,
      startMs: d.startMs,
      durationMs: d.durationMs,
      args: { case: spec.name, placement: d.placement === 'timestamps' ? 'GPU timestamps, aligned to the submit' : 'tfjs gives durations only: placed one after another' },
    })),
  ];
}
