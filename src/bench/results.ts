// The bench result records: what `--json` writes (per ../shared ARCHITECTURE.md) and what the reports read.
import type { GpuClockVerdict } from './gpuClock.js';
import type { Launch } from './impl.js';
import type { AdapterPeak } from './peak.js';
import type { KernelBreakdown } from './kernelBreakdown.js';
import type { KernelCheck } from './userKernel/check.js';
import type { Phases } from './measure.js';
import type { Summary } from './stats.js';

/** One implementation of one benchmark case, measured: what `--json` writes per row and the reports read. */
export interface CaseResult {
  /** The suite, the case and the implementation (`custom`, `tfjs`, a user kernel's name). */
  suite: string;
  case: string;
  impl: string;
  /** The case's dimensions by name (M, N, K; batch, inputs, outputs; …). */
  shape: Record<string, number>;
  /** Wall-clock samples in the steady state; each is the mean of iterationsPerSample queued iterations. */
  samples: number;
  /** Milliseconds per iteration on the wall clock. */
  wallMs: Summary;
  /** From GPU timestamps; null when the clock is unavailable, quantized or zero (gpuClock says which). */
  gpuMs: Summary | null;
  /** Whether GPU timestamps could be read as durations, and why not. */
  gpuClock: GpuClockVerdict;
  /** Each dispatch of one iteration with its median GPU time: the per-kernel breakdown (e.g. of a training step). */
  gpuProfile: { name: string; medianMs: number }[];
  /** From the wall-clock median: GFLOP/s of the case's work.flops. */
  gflops?: number;
  /** From the wall-clock median: GB/s of the case's work.bytes. */
  gbps?: number;
  /** Models × training steps per second (train-step-batched). */
  modelStepsPerSecond?: number;
  /** One iteration's work: flops, and bytes its inputs and outputs take (each read or written once). */
  work?: { flops: number; bytes: number };
  /** work.flops / work.bytes: where the row sits on the roofline's x axis; absent without both. */
  intensity?: number;
  /** With a measured peak (--peak): the wall-clock GFLOP/s as a % of the roofline's attainable at this intensity. */
  percentOfPeak?: number;
  /** The dispatches of one iteration with their grids (and a user kernel's workgroup and tile); absent for tfjs. */
  launch?: Launch;
  /**
   * Largest |output − errorAgainst| over the first run's output: the float64 reference where the case has one, else
   * custom's output (custom's own row then carries the built-ins' largest distance from it).
   */
  maxAbsErr: number;
  /** What maxAbsErr measures the distance from. */
  errorAgainst: 'float64 reference' | 'custom';
  /** The largest error allowed: the largest per-element float32 bound against the reference, or |custom − other|'s. */
  tolerance: number;
  /** How `tolerance` was derived, in words. */
  toleranceRule: string;
  /** Every element within its bound, and no problem with the timed runs. */
  ok: boolean;
  /** A user kernel's timed runs gone wrong: an output that changed from the first run's, a write past an output's end. */
  problems?: string[];
  /** Compile, first run, warm-up and steady-state times. */
  phases: Phases;
  /** `bench model`: time per tfjs kernel in a profiled run of its own, and memory. */
  kernels?: KernelBreakdown;
}

/** The speed of one implementation of a case relative to another. */
export interface BenchComparison {
  suite: string;
  case: string;
  /** The implementations compared, by name. */
  baseline: string;
  candidate: string;
  /** baseline wall median / candidate wall median: above 1, the candidate is faster. */
  speedup: number;
  /** The same from GPU timestamp medians, when both have a usable GPU clock. */
  gpuSpeedup: number | null;
}

/** A slice for the Chrome trace, on performance.now()'s timeline (ms). */
export interface TraceSlice {
  name: string;
  category: string;
  lane: string;
  startMs: number;
  durationMs: number;
  args?: Record<string, unknown>;
}

/** Everything one bench run produced: the rows, the comparisons, the trace, and the user kernels' checks. */
export interface BenchRun {
  /** One row per case and implementation. */
  results: CaseResult[];
  /** Custom against tfjs per case, and each user kernel against every built-in. */
  comparisons: BenchComparison[];
  /** The trace's slices (see traceFile). */
  slices: TraceSlice[];
  /** quick, full, or the shapes given with --shapes. */
  sweep: string;
  /** The --kernel files, each checked against the float64 reference before anything was timed. */
  kernelChecks: KernelCheck[];
  /** The adapter's attainable FMA throughput and bandwidth, measured first when asked (--peak). */
  peak?: AdapterPeak;
}
