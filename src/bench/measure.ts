// Times one Impl in phases kept apart: compile (done when the Impl was made), first run, warm-up (not
// counted), steady state. Wall clock: N queued iterations, one submit, ending in onSubmittedWorkDone. GPU
// clock: timestamps around every pass, in a separate run so the query resolves never sit inside a wall sample.
import type { Engine } from '../gpu/engine.js';
import { finished } from '../gpu/recorder.js';
import { judgeGpuDeltas, type GpuClockVerdict } from './gpuClock.js';
import { withinBudget, type DispatchBudget } from './watchdog.js';
import type { GpuTimes, Impl } from './impl.js';
import { summarize, type Summary } from './stats.js';

/** How long measureSteady measures. */
export interface MeasureOptions {
  /** Wall-clock samples in the steady state. */
  samples: number;
  /** The steady state lasts at least this long in all (the CLI's STACKLAB_BENCH_MIN_MS): it sets iterations per sample. */
  minMs: number;
}

/** MeasureOptions with the watchdog's budget of one iteration (none: wait as long as it takes). */
export interface SteadyOptions extends MeasureOptions {
  budget?: DispatchBudget;
}

/** `work` within `iterations` × the budget when there is one. */
function budgeted<T>(engine: Engine, work: Promise<T>, budget: DispatchBudget | undefined, what: string, iterations: number): Promise<T> {
  return budget ? withinBudget(engine, work, budget, what, iterations) : work;
}

/** Time spent in each phase of one Impl's measurement, in milliseconds. */
export interface Phases {
  compileMs: number | null;
  firstRunMs: number;
  warmupIterations: number;
  warmupMs: number;
  iterationsPerSample: number;
  steadyMs: number;
}

/** Wall-clock spans on performance.now()'s timeline, for the trace. */
export interface Span {
  name: string;
  startMs: number;
  durationMs: number;
}

/** One Impl measured: its phases, wall-clock and GPU time per iteration, and what the trace shows. */
export interface Measurement {
  /** Compile, first run, warm-up and steady-state times. */
  phases: Phases;
  /** Per iteration. */
  wallMs: Summary;
  /** Per iteration, from GPU timestamps; null unless the GPU clock is usable (gpuClock says why). */
  gpuMs: Summary | null;
  /** Whether the GPU timestamps could be read as durations. */
  gpuClock: GpuClockVerdict;
  /** Warm-up and sample spans on the wall clock, for the trace. */
  spans: Span[];
  /** Median GPU time of each dispatch of an iteration (empty unless the GPU clock is usable). */
  gpuProfile: GpuTimes['profile'];
  /** One iteration's dispatches on the GPU clock, placed at the moment the timed batch was submitted. */
  gpuDispatches: { name: string; startMs: number; durationMs: number; placement: 'timestamps' | 'sequential' }[];
}

/**
 * Runs `iterations` iterations as one submit and waits for the GPU, at most `iterations` × the budget (else
 * KernelTimeoutError); returns the elapsed milliseconds.
 */
export async function timeIterations(engine: Engine, impl: Impl, iterations: number, budget?: DispatchBudget): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < iterations; i++) await impl.enqueue();
  await impl.flush();
  await budgeted(engine, finished(engine), budget, `${iterations} timed iteration(s)`, iterations);
  return performance.now() - started;
}

const minWarmupIterations = 2;
const maxIterationsPerSample = 1000;

/**
 * Measures one Impl after its first run (which the harness times, and checks, before anything else): a warm-up of
 * at least two iterations and a quarter of `minMs`, then `samples` wall-clock samples of enough queued iterations
 * each to fill `minMs` in all, then a separate run with GPU timestamps.
 */
export async function measureSteady(engine: Engine, impl: Impl, firstRunMs: number, options: SteadyOptions): Promise<Measurement> {
  const spans: Span[] = [];
  const warmupStart = performance.now();
  const warmupTimes: number[] = [];
  while (warmupTimes.length < minWarmupIterations || performance.now() - warmupStart < options.minMs / 4) {
    warmupTimes.push(await timeIterations(engine, impl, 1, options.budget));
  }
  const warmupMs = performance.now() - warmupStart;
  spans.push({ name: `warm-up (${warmupTimes.length} iterations)`, startMs: warmupStart, durationMs: warmupMs });

  // Enough iterations per sample that all samples together fill minMs, so tiny kernels are not timer noise.
  const perIteration = Math.max(summarize(warmupTimes).median, 1e-3);
  const iterationsPerSample = Math.min(maxIterationsPerSample, Math.max(1, Math.round(options.minMs / options.samples / perIteration)));
  const steadyStart = performance.now();
  const perIterationMs: number[] = [];
  for (let s = 0; s < options.samples; s++) {
    const startMs = performance.now();
    const ms = await timeIterations(engine, impl, iterationsPerSample, options.budget);
    perIterationMs.push(ms / iterationsPerSample);
    spans.push({ name: `sample ${s + 1} (${iterationsPerSample} iterations)`, startMs, durationMs: ms });
  }
  const steadyMs = performance.now() - steadyStart;

  const gpuStart = performance.now();
  const gpu = await budgeted(engine, impl.gpuTimes(options.samples), options.budget, 'the GPU-timestamped iterations', options.samples);
  const { gpuMs, gpuClock, gpuDispatches, gpuProfile } = readGpu(gpu, gpuStart);
  return {
    phases: { compileMs: impl.compileMs, firstRunMs, warmupIterations: warmupTimes.length, warmupMs, iterationsPerSample, steadyMs },
    wallMs: summarize(perIterationMs),
    gpuMs,
    gpuClock,
    spans,
    gpuProfile,
    gpuDispatches,
  };
}

function readGpu(gpu: GpuTimes | { unavailable: string }, submittedAt: number): Pick<Measurement, 'gpuMs' | 'gpuClock' | 'gpuDispatches' | 'gpuProfile'> {
  if ('unavailable' in gpu) return { gpuMs: null, gpuClock: { status: 'unavailable', detail: gpu.unavailable }, gpuDispatches: [], gpuProfile: [] };
  const gpuClock = judgeGpuDeltas(gpu.deltasNs);
  if (gpuClock.status !== 'ok') return { gpuMs: null, gpuClock, gpuDispatches: [], gpuProfile: [] };
  let cursor = 0;
  const gpuDispatches = gpu.dispatches.map((d) => {
    const offsetNs = d.startNs ?? cursor;
    cursor = offsetNs + d.durationNs;
    return {
      name: d.name,
      startMs: submittedAt + offsetNs / 1e6,
      durationMs: d.durationNs / 1e6,
      placement: d.startNs === null ? ('sequential' as const) : ('timestamps' as const),
    };
  });
  return { gpuMs: summarize(gpu.perIterationNs.map((ns) => Number(ns) / 1e6)), gpuClock, gpuDispatches, gpuProfile: gpu.profile };
}
